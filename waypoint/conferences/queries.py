"""Reading conferences: the access funnels, and the privacy check that decides, for every
attendee and every participant on the agenda, what that attendee may hear.

Who may open a conference: staff of the organization who attend it or set it up, and
those who oversee its program (managers, supervisors, auditors, administrators);
a partner person only a conference they are invited to. Inside, each participant's
discussion is shown only to staff who may open that enrollment (the one access core),
and to an outside attendee only under a consent in force that names them.

What an attendee may hear about a participant (``Hearing``):

- **Staff**, by their role in the participant's program: those who may open the
  enrollment hear the discussion; sensitive categories only where the program lets
  their role read them.
- **The participant**, everything about themselves.
- **Anyone else** (a partner, a family member, a resource person), only under a consent
  in force that names their organization (partners) or them (everyone else) and covers
  the assessment, since strengths, barriers and needs are what a conference discusses;
  contact details and the full name only if the consent covers contact details; goals
  only if it covers the service plan; each sensitive category only if it covers that
  category.

A participant whose privacy is not cleared for someone present cannot be discussed
while they are there: record a consent, or hold that part of the meeting with staff
only (outside attendees step out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint.access import (
    READ_ONLY,
    enrollment_record,
    enrollment_scope,
    sees_enrollment,
    visible_enrollments,
)
from waypoint.accounts.models import Membership
from waypoint.accounts.queries import StaffAccess, access_for
from waypoint.audit.actions import Entry, record
from waypoint.conferences.models import (
    ActionItem,
    Attendee,
    Conference,
    Contribution,
    Discussion,
)
from waypoint.consent.models import SENSITIVE, Category, Consent

if TYPE_CHECKING:
    from waypoint.accounts.models import User

EVERYTHING: frozenset[str] = frozenset(Category.values)
PLAIN: frozenset[str] = EVERYTHING - {str(c) for c in SENSITIVE}


# --- What each attendee may hear ------------------------------------------------------


@dataclass
class Hearing:
    """What one attendee may hear about the participant of one discussion."""

    cleared: bool
    categories: frozenset[str] = frozenset()
    full_name: bool = False
    why: str = ""
    fix: str = ""
    steps_out: bool = False  # an outside attendee during a staff-only part
    consents: list[Consent] = field(default_factory=list)

    def may_hear(self, categories: Iterable[str]) -> bool:
        """Whether content carrying these sensitive categories may reach them."""
        return self.cleared and not self.steps_out and set(categories) <= self.categories

    @property
    def hidden_sensitive(self) -> list[str]:
        return [
            str(Category(c).label)
            for c in Category.values
            if c in SENSITIVE and c not in self.categories
        ]

    @property
    def goals(self) -> bool:
        return Category.PLAN in self.categories


def staff_access(user_ids: Iterable[int], organization_id: int) -> dict[int, StaffAccess]:
    """Each staff user's roles, in one query (``access_for`` asks once per person)."""
    ids = sorted(set(user_ids))
    admins: set[int] = set()
    by_program: dict[int, dict[int, set[str]]] = defaultdict(dict)
    rows = Membership.objects.filter(user_id__in=ids, organization_id=organization_id)
    for uid, program_id, role in rows.values_list("user_id", "program_id", "role"):
        if role == "admin":
            admins.add(uid)
        elif program_id is not None:
            by_program[uid].setdefault(program_id, set()).add(role)
    return {
        uid: StaffAccess(
            user_id=uid,
            organization_id=organization_id,
            is_admin=uid in admins,
            roles_by_program={pid: frozenset(r) for pid, r in by_program[uid].items()},
        )
        for uid in ids
    }


def short_name(participant: Any) -> str:
    """A first name, or a first name and an initial: what outside attendees see of a
    participant whose consent does not cover contact details."""
    words = str(participant.preferred_name).split()
    if not words:
        return "—"
    if len(words) == 1:
        return words[0]
    return f"{words[0]} {words[-1][0]}."


def consents_for(discussions: Iterable[Discussion], *, at: Any = None) -> dict[int, list[Consent]]:
    """Consents in force for each discussed participant, in one query."""
    moment = at or timezone.now()
    day = timezone.localdate(moment)
    ids = sorted({d.participant_id for d in discussions})
    found: dict[int, list[Consent]] = defaultdict(list)
    if not ids:
        return found
    rows = (
        Consent.objects.filter(participant_id__in=ids, starts_on__lte=day)
        .filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=moment),
        )
        .select_related("recipient_provider")
        .order_by("starts_on", "pk")
    )
    for consent in rows:
        found[consent.participant_id].append(consent)
    return found


def _names_them(consent: Consent, attendee: Attendee) -> bool:
    if attendee.provider_id is not None:
        return consent.recipient_provider_id == attendee.provider_id
    if consent.recipient_provider_id is not None:
        return False
    return consent.recipient_name.strip().casefold() == attendee.name.strip().casefold()


def hearing(
    attendee: Attendee,
    discussion: Discussion,
    *,
    access: StaffAccess | None,
    consents: list[Consent],
) -> Hearing:
    """What ``attendee`` may hear about ``discussion``'s participant (see the module)."""
    enrollment = discussion.enrollment
    name = discussion.participant.preferred_name
    program = enrollment.program
    if attendee.kind == Attendee.Kind.STAFF:
        if access is None or not sees_enrollment(access, enrollment):
            words = {"name": name, "program": program.name}
            return Hearing(
                cleared=False,
                why=_("Has no role with %(name)s's enrollment in %(program)s.") % words,
                fix=_("Give them a role in %(program)s, or discuss %(name)s without them.") % words,
            )
        sensitive = access.sees_sensitive(program)
        words = {"name": name, "program": program.name}
        return Hearing(
            cleared=True,
            categories=EVERYTHING if sensitive else PLAIN,
            full_name=True,
            why=_("Works with %(name)s in %(program)s.") % words
            if sensitive
            else _("Works with %(name)s in %(program)s (not the private categories).") % words,
        )
    steps_out = discussion.staff_only
    if attendee.participant_id is not None and attendee.participant_id == discussion.participant_id:
        return Hearing(
            cleared=True, categories=EVERYTHING, full_name=True, why=_("It is about them.")
        )
    theirs = [c for c in consents if _names_them(c, attendee)]
    allowed = frozenset(c for consent in theirs for c in consent.categories)
    whom = attendee.provider.name if attendee.provider is not None else attendee.name
    if not theirs or Category.ASSESSMENT not in allowed:
        words = {"name": name, "whom": whom}
        return Hearing(
            cleared=False,
            steps_out=steps_out,
            why=_("%(name)s has no consent in force to share with %(whom)s.") % words
            if not theirs
            else _("%(name)s has no consent covering the assessment to share with %(whom)s.")
            % words,
            fix=_(
                "Record a consent with %(name)s that names %(whom)s and covers the assessment, "
                "or discuss %(name)s in a staff-only part of the meeting."
            )
            % words,
            consents=theirs,
        )
    until = min((c.ends_on for c in theirs if c.ends_on), default=None)
    labels = ", ".join(str(Category(c).label).lower() for c in Category.values if c in allowed)
    words = {"whom": whom, "labels": labels}
    return Hearing(
        cleared=True,
        steps_out=steps_out,
        categories=allowed,
        full_name=Category.CONTACT in allowed,
        why=_("Consent in force for %(whom)s until %(day)s: %(labels)s.")
        % {**words, "day": date_format(until, "M j, Y")}
        if until
        else _("Consent in force for %(whom)s: %(labels)s.") % words,
        consents=theirs,
    )


@dataclass
class Check:
    """The privacy check of a whole conference: every attendee and discussion pair."""

    attendees: list[Attendee]
    discussions: list[Discussion]
    cells: dict[tuple[int, int], Hearing]

    def cell(self, attendee: Attendee, discussion: Discussion) -> Hearing:
        return self.cells[(attendee.pk, discussion.pk)]

    def blockers(self, discussion: Discussion) -> list[tuple[Attendee, Hearing]]:
        """Attendees present for this discussion who may not hear it."""
        found = []
        for attendee in self.attendees:
            cell = self.cell(attendee, discussion)
            if attendee.present and not cell.cleared and not cell.steps_out:
                found.append((attendee, cell))
        return found

    def blocked(self, discussion: Discussion) -> bool:
        return bool(self.blockers(discussion))

    def rows(self) -> list[tuple[Discussion, list[tuple[Attendee, Hearing]]]]:
        return [(d, [(a, self.cell(a, d)) for a in self.attendees]) for d in self.discussions]


def privacy_check(conference: Conference, *, at: Any = None) -> Check:
    """Work out every pair, in a fixed number of queries."""
    attendees = list(conference.attendees.select_related("provider", "user"))
    discussions = list(conference.discussions.select_related("participant", "enrollment__program"))
    staff_ids = [a.user_id for a in attendees if a.kind == Attendee.Kind.STAFF and a.user_id]
    accesses = staff_access(staff_ids, conference.organization_id)
    consents = consents_for(discussions, at=at)
    cells = {
        (a.pk, d.pk): hearing(
            a,
            d,
            access=accesses.get(a.user_id) if a.user_id else None,
            consents=consents.get(d.participant_id, []),
        )
        for a in attendees
        for d in discussions
    }
    return Check(attendees=attendees, discussions=discussions, cells=cells)


def discussion_block(discussion: Discussion) -> str | None:
    """Why this participant cannot be discussed now, with how to fix it, or None."""
    check = privacy_check(discussion.conference)
    for d in check.discussions:
        if d.pk == discussion.pk:
            blockers = check.blockers(d)
            if blockers:
                words = {
                    "name": d.participant.preferred_name,
                    "names": ", ".join(a.name for a, _cell in blockers),
                    "why": blockers[0][1].why,
                    "fix": blockers[0][1].fix,
                }
                return (
                    ngettext(
                        "%(name)s cannot be discussed while %(names)s is there: %(why)s %(fix)s",
                        "%(name)s cannot be discussed while %(names)s are there: %(why)s %(fix)s",
                        len(blockers),
                    )
                    % words
                )
    return None


# --- Funnels ------------------------------------------------------------------------------


def _staff_sees_conference(access: StaffAccess, conference: Conference, user: User) -> bool:
    if access.outside or access.organization_id is None:
        return False
    if conference.organization_id != access.organization_id:
        return False
    if access.is_admin or access.sees_whole_program(conference.program_id):
        return True
    if conference.created_by_id == user.pk:
        return True
    return Attendee.objects.filter(conference=conference, user_id=user.pk).exists()


def may_run(access: StaffAccess, conference: Conference, user: User) -> bool:
    """Whether ``user`` may set up and record this conference: someone who writes in
    its program and attends it, set it up, or supervises the program."""
    if not access.can_write(conference.program_id):
        return False
    if access.can_supervise(conference.program_id) or conference.created_by_id == user.pk:
        return True
    return Attendee.objects.filter(conference=conference, user_id=user.pk).exists()


def conference_for(user: User, public_id: Any, *, write: bool = False) -> Conference:
    """A conference the user may open (see the module); 404 otherwise, 403 for a write
    by someone who may only read it. Records the read."""
    access = access_for(user)
    conference = (
        Conference.objects.filter(public_id=public_id)
        .select_related("program", "organization", "series", "follows", "signed_by")
        .first()
    )
    if conference is None or not _staff_sees_conference(access, conference, user):
        raise Http404("Not found.")
    if write and not may_run(access, conference, user):
        raise PermissionDenied(READ_ONLY)
    record(
        by=user,
        action="view",
        role=access.role_in([conference.program_id]),
        organization_id=conference.organization_id,
        entries=[Entry("conference", str(conference.public_id), None)],
    )
    return conference


def discussion_for(user: User, public_id: Any, *, write: bool = False) -> Discussion:
    """A participant's discussion: the conference's rule and the enrollment's rule."""
    discussion: Discussion = enrollment_record(
        user,
        Discussion,
        public_id,
        kind="conference_discussion",
        related=("conference__program",),
        write=write,
    )
    access = access_for(user)
    conference = discussion.conference
    if not _staff_sees_conference(access, conference, user):
        raise Http404("Not found.")
    if write and not may_run(access, conference, user):
        raise PermissionDenied(READ_ONLY)
    return discussion


def action_item_for(user: User, public_id: Any, *, write: bool = False) -> ActionItem:
    """An action item: whoever may open the participant's enrollment (its owner always
    can, since only staff who may were made owners)."""
    item: ActionItem = enrollment_record(
        user,
        ActionItem,
        public_id,
        kind="conference_action",
        related=("conference", "owner_user", "owner_attendee", "discussion"),
        write=write,
    )
    return item


def partner_conference_for(user: User, public_id: Any) -> tuple[Conference, Attendee]:
    """A conference a partner person is invited to, and their attendee row; 404 otherwise."""
    access = access_for(user)
    if access.partner_provider_id is None:
        raise Http404("Not found.")
    attendee = (
        Attendee.objects.filter(conference__public_id=public_id, user_id=user.pk)
        .select_related("conference__organization", "conference__program", "provider")
        .first()
    )
    if attendee is None:
        raise Http404("Not found.")
    return attendee.conference, attendee


# --- Lists --------------------------------------------------------------------------------


def conferences_for(user: User) -> QuerySet[Conference]:
    """Conferences the user may open, newest first."""
    access = access_for(user)
    if access.organization_id is None or access.outside:
        return Conference.objects.none()
    found = Conference.objects.filter(organization_id=access.organization_id)
    if not access.is_admin:
        wide = sorted(access.programs_with({"manager", "supervisor", "auditor"}))
        found = found.filter(
            Q(program_id__in=wide) | Q(created_by_id=user.pk) | Q(attendees__user_id=user.pk)
        ).distinct()
    return found.select_related("program")


def visible_discussions(user: User, conference: Conference) -> tuple[list[Discussion], int]:
    """The discussions of ``conference`` whose enrollment the user may open, with what
    belongs to them, and how many others are on the agenda. A fixed number of queries."""
    access = access_for(user)
    everything = list(
        conference.discussions.select_related(
            "participant", "enrollment__program", "enrollment__participant"
        ).prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("attendee", "written_by"),
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related(
                    "owner_user", "owner_attendee", "need", "service"
                ),
            ),
            "agreements__attendee",
            "addenda__written_by",
        )
    )
    shown = [d for d in everything if sees_enrollment(access, d.enrollment)]
    return shown, len(everything) - len(shown)


def record_discussions_read(user: User, conference: Conference, shown: list[Discussion]) -> None:
    """Audit the participants a conference page showed (one event each, one call)."""
    if not shown:
        return
    access = access_for(user)
    record(
        by=user,
        action="view",
        role=access.role_in([conference.program_id]),
        organization_id=conference.organization_id,
        entries=[Entry("conference_discussion", str(d.public_id), d.participant_id) for d in shown],
    )


def open_items_before(discussion: Discussion) -> list[ActionItem]:
    """Open action items for this participant from earlier conferences: they carry into
    this meeting's agenda."""
    return list(
        ActionItem.objects.filter(
            enrollment_id=discussion.enrollment_id,
            status=ActionItem.Status.OPEN,
            conference__starts_at__lt=discussion.conference.starts_at,
        )
        .exclude(conference_id=discussion.conference_id)
        .select_related("owner_user", "owner_attendee", "conference")
        .order_by("due_on", "pk")
    )


def carried_items(conference: Conference, discussions: list[Discussion]) -> dict[int, list[Any]]:
    """``open_items_before`` for every discussion, in one query."""
    ids = [d.enrollment_id for d in discussions]
    found: dict[int, list[Any]] = defaultdict(list)
    if not ids:
        return found
    rows = (
        ActionItem.objects.filter(
            enrollment_id__in=ids,
            status=ActionItem.Status.OPEN,
            conference__starts_at__lt=conference.starts_at,
        )
        .exclude(conference_id=conference.pk)
        .select_related("owner_user", "owner_attendee", "conference")
        .order_by("due_on", "pk")
    )
    for item in rows:
        found[item.enrollment_id].append(item)
    return found


def my_open_items_filter(user: User) -> QuerySet[ActionItem]:
    """Which action items ``my_open_items`` lists, unordered and unjoined."""
    return ActionItem.objects.filter(
        enrollment_scope(access_for(user), via="enrollment__"),
        owner_user_id=user.pk,
        status=ActionItem.Status.OPEN,
        conference__signed_at__isnull=False,
    )


def my_open_items(user: User, *, limit: int = 50) -> list[ActionItem]:
    """Action items the user owns from signed minutes, still open, soonest first (of
    participants the user may still open)."""
    return list(
        my_open_items_filter(user)
        .select_related("participant", "enrollment__program", "conference")
        .order_by("due_on", "pk")[:limit]
    )


def overdue_for_facilitator_filter(user: User, today: date) -> QuerySet[ActionItem]:
    """Which action items ``overdue_for_facilitator`` lists, unordered and unjoined."""
    return ActionItem.objects.filter(
        enrollment_scope(access_for(user), via="enrollment__"),
        conference__attendees__user_id=user.pk,
        conference__attendees__facilitator=True,
        conference__signed_at__isnull=False,
        status=ActionItem.Status.OPEN,
        due_on__lt=today,
    )


def overdue_for_facilitator(user: User, today: date | None = None) -> list[ActionItem]:
    """Overdue open items from conferences the user facilitated, owned by anyone."""
    today = today or timezone.localdate()
    return list(
        overdue_for_facilitator_filter(user, today)
        .select_related(
            "participant",
            "enrollment__program",
            "conference",
            "discussion",
            "owner_user",
            "owner_attendee",
        )
        .order_by("due_on", "pk")[:50]
    )


# --- Choosing whom to discuss -------------------------------------------------------------


def discussable(user: User, conference: Conference, *, limit: int = 300) -> list[Any]:
    """Enrollments the user works with that could go on this agenda (not there yet)."""
    from waypoint.enrollments.models import CASELOAD_STATUSES

    return list(
        visible_enrollments(user)
        .filter(status__in=CASELOAD_STATUSES)
        .exclude(pk__in=conference.discussions.values("enrollment_id"))
        .select_related("participant", "program")
        .order_by("participant__preferred_name", "pk")[:limit]
    )


@dataclass
class Suggestion:
    enrollment: Any
    reason: str


def suggestions(user: User, conference: Conference, *, limit: int = 8) -> list[Suggestion]:
    """Participants of the conference's program whose caseload signals say a conference
    could help, each with a reason in words. A fixed number of queries."""
    from waypoint.enrollments.models import CASELOAD_STATUSES
    from waypoint.notes.relationship import ATTEMPTS_FLAG, signals

    today = timezone.localdate()
    open_items = ActionItem.objects.filter(status=ActionItem.Status.OPEN).values("enrollment_id")
    candidates = (
        visible_enrollments(user)
        .filter(program_id=conference.program_id, status__in=CASELOAD_STATUSES)
        .filter(
            Q(attempts_in_row__gte=ATTEMPTS_FLAG)
            | Q(missed_appointment_at__isnull=False)
            | Q(next_due_on__lt=today)
            | Q(status="exiting")
            | Q(pk__in=open_items)
        )
        .exclude(pk__in=conference.discussions.values("enrollment_id"))
        .select_related("participant", "program")
        .order_by("next_due_on", "participant__preferred_name", "pk")[: limit * 3]
    )
    with_items = set(
        ActionItem.objects.filter(
            status=ActionItem.Status.OPEN, enrollment_id__in=[e.pk for e in candidates]
        ).values_list("enrollment_id", flat=True)
    )
    found = []
    for enrollment in candidates:
        said = [s.text for s in signals(enrollment) if s.kind in ("attempts", "missed", "contact")]
        if enrollment.status == "exiting":
            reason = _("Ready to plan the transition")
        elif said:
            reason = said[0]
        elif enrollment.pk in with_items:
            reason = _("Open action items from an earlier conference")
        elif enrollment.next_due_on and enrollment.next_due_on < today:
            reason = _("Overdue since %(day)s") % {
                "day": date_format(enrollment.next_due_on, "M j")
            }
        else:
            continue
        found.append(Suggestion(enrollment=enrollment, reason=reason[:300]))
        if len(found) == limit:
            break
    return found


def spoken(conference: Conference, discussion: Discussion, attendees: list[Attendee]) -> Any:
    """For the notetaker: how often each attendee present has spoken about this
    participant, and who is still to speak in this round."""
    counts = {a.pk: 0 for a in attendees}
    for contribution in discussion.contributions.all():
        if contribution.attendee_id in counts and not contribution.ahead:
            counts[contribution.attendee_id] += 1
    least = min(counts.values(), default=0)
    waiting = [a for a in attendees if counts[a.pk] == least]
    return counts, waiting, least + 1
