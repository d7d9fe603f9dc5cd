"""Reading households: the funnel for a household and a member, the household region of
a participant page, and who may be enrolled together in a household stay.

The privacy rule, applied everywhere a member is shown: another member who is a
participant is named (with a link) only to a reader who may open their own record,
named without a link when they agreed to be shown to the household
(``Member.shown_to_household``), and otherwise shown only as "A household member" with
their relationship. Someone not enrolled is named: they are recorded as part of the
household's record. Nothing else about another member is shown here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from waypoint.access import READ_ONLY, enrollment_scope, participant_filter, sees_enrollment
from waypoint.accounts.queries import StaffAccess, access_for
from waypoint.audit.actions import Entry, record
from waypoint.enrollments.models import CAP_STATUSES, Enrollment
from waypoint.households.models import Household, Member, Relationship
from waypoint.participants.models import Participant

if TYPE_CHECKING:
    from waypoint.accounts.models import User


@dataclass
class Shown:
    """One member as this reader may see them."""

    member: Member
    name: str  # empty: "A household member"
    link: Any = None  # the participant's public id, when the reader may open them
    editable: bool = False
    is_self: bool = False

    @property
    def relationship(self) -> str:
        label = str(Relationship(self.member.relationship).label)
        words = self.member.relationship_words
        return f"{label} ({words})" if words else label


def _visible(access: StaffAccess, ids: set[int]) -> set[int]:
    """Which of these participants the reader may open (the person rule), one query."""
    if not ids:
        return set()
    return set(
        Participant.objects.filter(participant_filter(access), pk__in=sorted(ids)).values_list(
            "pk", flat=True
        )
    )


def shown(
    access: StaffAccess,
    members: list[Member],
    *,
    self_id: int | None = None,
    visible: set[int] | None = None,
) -> list[Shown]:
    """Each member under the privacy rule (one query for the whole list, none when the
    participants the reader may open are known)."""
    if visible is None:
        visible = _visible(access, {m.participant_id for m in members if m.participant_id})
    rows = []
    for m in members:
        person = m.participant
        if person is None:
            rows.append(Shown(m, m.name, editable=True))
        elif m.participant_id in visible:
            rows.append(
                Shown(
                    m,
                    person.preferred_name,
                    link=person.public_id,
                    editable=True,
                    is_self=m.participant_id == self_id,
                )
            )
        elif m.shown_to_household:
            rows.append(Shown(m, person.preferred_name))
        else:
            rows.append(Shown(m, ""))
    return rows


def named_participants(rows: list[Shown]) -> list[Participant]:
    return [r.member.participant for r in rows if r.name and r.member.participant is not None]


ORDERING = ("-is_head", "joined_on", "pk")


def _members(household: Household) -> list[Member]:
    return list(household.members.select_related("participant").order_by(*ORDERING))


def household_for(user: User, public_id: Any, *, write: bool = False) -> Household:
    """A household with at least one member the user may open (404 otherwise); with
    ``write``, one the user may write for (403 for a reader). Records the read, once per
    member the user may open."""
    access = access_for(user)
    found = Household.objects.filter(
        public_id=public_id, organization_id=access.organization_id or 0
    ).first()
    if found is None or access.outside:
        raise Http404("Not found.")
    members = _members(found)
    current = {m.participant_id for m in members if m.participant_id and m.left_on is None}
    ids = current or {m.participant_id for m in members if m.participant_id}
    visible = _visible(access, {i for i in ids if i is not None})
    if not visible:
        raise Http404("Not found.")
    if write and not access.is_admin:
        programs = set(
            Enrollment.objects.filter(participant_id__in=sorted(visible)).values_list(
                "program_id", flat=True
            )
        )
        if not any(access.can_write(p) for p in programs):
            raise PermissionDenied(READ_ONLY)
    by_id = {m.participant_id: m.participant for m in members if m.participant_id}
    record(
        by=user,
        action="view",
        role=access.primary_role,
        organization_id=found.organization_id,
        entries=[Entry("household", str(found.public_id), pk) for pk in sorted(visible)],
    )
    found.listed = members  # type: ignore[attr-defined]
    found.readable = [by_id[pk] for pk in sorted(visible)]  # type: ignore[attr-defined]
    return found


def member_for(user: User, public_id: Any, *, write: bool = False) -> Member:
    """A member the user may change or read in full: someone not enrolled in a household
    the user may open, or a participant the user may open. 404 otherwise."""
    access = access_for(user)
    found = (
        Member.objects.filter(
            public_id=public_id, household__organization_id=access.organization_id or 0
        )
        .select_related("household", "participant")
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    household = household_for(user, found.household.public_id, write=write)
    if found.participant_id is not None and found.participant_id not in _visible(
        access, {found.participant_id}
    ):
        raise Http404("Not found.")
    found.household = household
    return found


@dataclass
class Region:
    """What the participant page shows about the person's household."""

    member: Member | None = None
    household: Household | None = None
    current: list[Shown] = field(default_factory=list)
    history: list[Shown] = field(default_factory=list)
    stays: list[Enrollment] = field(default_factory=list)
    can_write: bool = False


def region(user: User, participant: Participant) -> Region:
    """The household region of ``participant``'s page, in a fixed number of queries: the
    household's members (one), the enrollments the reader may open of them (one, plus
    the access core's one), and the audit of the people named (one write)."""
    access = access_for(user)
    writable = access.is_admin or any(
        access.can_write(e.program_id) for e in participant.enrollments.all()
    )
    found = Region(can_write=writable)
    mine = Member.objects.filter(participant=participant, left_on__isnull=True).values(
        "household_id"
    )
    members = list(
        Member.objects.filter(household_id__in=mine)
        .select_related("participant", "household")
        .order_by(*ORDERING)
    )
    if not members:
        return found  # no household: nothing more to read
    ids = {m.participant_id for m in members if m.participant_id} | {participant.pk}
    enrollments = list(
        Enrollment.objects.filter(enrollment_scope(access), participant_id__in=sorted(ids))
        .select_related("program")
        .order_by("program__name", "pk")
    )
    visible = {e.participant_id for e in enrollments}
    found.stays = [
        e for e in enrollments if e.participant_id == participant.pk and e.status in CAP_STATUSES
    ]
    for enrollment in found.stays:
        enrollment.can_write = access.can_write(enrollment.program_id)  # type: ignore[attr-defined]
    me = next(m for m in members if m.participant_id == participant.pk)
    found.member, found.household = me, me.household
    rows = shown(access, members, self_id=participant.pk, visible=visible)
    found.current = [r for r in rows if r.member.left_on is None]
    found.history = sorted(rows, key=lambda r: (r.member.joined_on, r.member.pk))
    others = [p for p in named_participants(rows) if p.pk != participant.pk]
    if others:
        record(
            by=user,
            action="list",
            role=access.primary_role,
            organization_id=participant.organization_id,
            entries=[Entry("participant", str(p.public_id), p.pk) for p in others],
        )
    return found


@dataclass
class Candidate:
    enrollment: Enrollment
    member: Member


def stay_candidates(user: User, household: Household, program_id: int) -> list[Candidate]:
    """Current members of the household with an open enrollment in the program that the
    user may open and write, not yet in a household stay: who may be enrolled together.
    Those the user may not open are not listed."""
    access = access_for(user)
    members = {
        m.participant_id: m
        for m in household.members.filter(left_on__isnull=True, participant__isnull=False)
    }
    found = (
        Enrollment.objects.filter(
            enrollment_scope(access),
            participant_id__in=sorted(members),
            program_id=program_id,
            status__in=CAP_STATUSES,
        )
        .filter(Q(household_stay=""))
        .select_related("participant", "program")
        .order_by("participant__preferred_name", "pk")
    )
    return [
        Candidate(e, members[e.participant_id])
        for e in found
        if access.can_write(e.program_id) and sees_enrollment(access, e)
    ]


def stay_of(user: User, enrollment: Enrollment) -> list[tuple[Enrollment, str]]:
    """The others in ``enrollment``'s household stay, each with the name the reader may
    see (empty: "A household member")."""
    if not enrollment.household_stay:
        return []
    access = access_for(user)
    rows = []
    others = (
        Enrollment.objects.filter(household_stay=enrollment.household_stay)
        .exclude(pk=enrollment.pk)
        .select_related("participant", "program")
        .order_by("-relationship_to_head", "pk")
    )
    for other in others:
        rows.append(
            (other, other.participant.preferred_name if sees_enrollment(access, other) else "")
        )
    rows.sort(key=lambda r: (r[0].relationship_to_head != Relationship.HEAD, r[0].pk))
    return rows


def relationship_label(code: int) -> str:
    try:
        return str(Relationship(code).label)
    except ValueError:
        return _("Not recorded")


@dataclass
class Pick:
    name: str
    relationship: str
    of: str  # whose household
    key: uuid.UUID = field(default_factory=uuid.uuid4)  # a double click adds one


def conference_picks(user: User, participants: list[Participant]) -> list[Pick]:
    """The current household members of ``participants`` (the people a conference
    discusses, which the reader may open) that the reader may see by name under the
    privacy rule, as quick picks to invite. A fixed number of queries."""
    if not participants:
        return []
    access = access_for(user)
    by_pk = {p.pk: p for p in participants}
    mine = Member.objects.filter(participant_id__in=sorted(by_pk), left_on__isnull=True)
    members = list(
        Member.objects.filter(
            household_id__in=mine.values("household_id"), left_on__isnull=True
        ).select_related("participant")
    )
    anchor = {m.household_id: by_pk[m.participant_id] for m in members if m.participant_id in by_pk}
    picks, seen = [], set(by_pk)
    for row in shown(access, members):
        m = row.member
        if not row.name or m.participant_id in seen or m.household_id not in anchor:
            continue
        words = m.relationship_words or str(Relationship(m.relationship).label)
        picks.append(Pick(row.name, words[:100], anchor[m.household_id].preferred_name))
    return picks
