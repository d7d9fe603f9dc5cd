"""Changing households: starting one, adding and leaving members, their relationships,
the head, what a member agreed to show, and household stays (HUD household enrollments).

Every change is atomic and audited. A household always has exactly one current head
(the database refuses a second; the actions refuse leaving none). Creates carry a
creation key so a double submit makes one row; edits carry the version the form was
opened at, so a stale save is refused naming what changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.access import sees_enrollment, sees_participant
from waypoint.accounts.queries import access_for
from waypoint.enrollments.models import CAP_STATUSES, Enrollment
from waypoint.errors import ActionRefused
from waypoint.households.models import Household, Member, Relationship
from waypoint.participants.models import Participant
from waypoint.toolkit import (
    USED_ELSEWHERE,
    audit,
    audit_enrollment_record,
    changed_since,
    check_person_writer,
    created_once,
    earlier,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

HOUSEHOLD = "household"
MEMBER = "household_member"
TITLES = {
    "relationship": gettext_lazy("relationship"),
    "relationship_words": gettext_lazy("relationship in their own words"),
    "shown_to_household": gettext_lazy("shown to the household"),
    "left_on": gettext_lazy("leaving"),
    "head": gettext_lazy("head of household"),
}
MOVED = gettext_lazy("Moved to another household")


def _title(key: str) -> Any:
    return TITLES.get(key, key)


def _anchor(household: Household) -> int | None:
    """The participant an event about the household is filed under: its head if a
    participant, else its first current participant member."""
    members = [m for m in household.members.all() if m.left_on is None and m.participant_id]
    members.sort(key=lambda m: (not m.is_head, m.pk))
    return members[0].participant_id if members else None


def _audit(
    by: User,
    action: str,
    kind: str,
    obj: Any,
    household: Household,
    *,
    participant_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    audit(
        by,
        action,
        kind,
        obj.public_id,
        participant_id=participant_id if participant_id is not None else _anchor(household),
        organization_id=household.organization_id,
        changes=changes,
    )


def _locked(household: Household) -> Household:
    return Household.objects.select_for_update().get(pk=household.pk)


def current_household_of(participant_id: int) -> Member | None:
    return (
        Member.objects.filter(participant_id=participant_id, left_on__isnull=True)
        .select_related("household")
        .first()
    )


def check_household_writer(by: User, household: Household) -> None:
    """Refuse unless ``by`` may write for at least one current participant member."""
    access = access_for(by)
    if access.organization_id != household.organization_id:
        raise ActionRefused(_("This household belongs to another organization."))
    if access.is_admin:
        return
    ids = household.members.filter(left_on__isnull=True, participant__isnull=False).values(
        "participant_id"
    )
    programs = set(
        Enrollment.objects.filter(participant_id__in=ids).values_list("program_id", flat=True)
    )
    if not any(access.can_write(p) for p in programs):
        raise ActionRefused(_("Your role here is read only."))


def check_member_writer(by: User, member: Member) -> None:
    """A participant member is changed only by someone who may write their own record;
    someone not enrolled, by anyone who may write for the household."""
    if member.participant_id is not None:
        if not sees_participant(by, member.participant_id):
            raise ActionRefused(_("You cannot change this member's record."))
        check_person_writer(by, member.participant)
    else:
        check_household_writer(by, member.household)


def _today() -> date:
    return timezone.localdate()


def _check_day(day: date, earliest: date, field: str) -> None:
    if day > _today():
        raise ActionRefused(_("Give a date that is not in the future."), field=field)
    if day < earliest:
        raise ActionRefused(
            _("Give a date on or after %(day)s.") % {"day": f"{earliest:%Y-%m-%d}"}, field=field
        )


@transaction.atomic
def start_household(
    *,
    by: User,
    participant: Participant,
    name: str = "",
    joined_on: date | None = None,
    creation_key: uuid.UUID | None = None,
) -> Household:
    """Start a household for ``participant``, who becomes its head."""
    check_person_writer(by, participant)
    done = earlier(Household, creation_key, organization=participant.organization)
    if done is not None:
        return done  # type: ignore[no-any-return]
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if current_household_of(participant.pk) is not None:
        raise ActionRefused(
            _("%(name)s is already part of a household. Open it from their page.")
            % {"name": participant},
        )
    day = joined_on or _today()
    _check_day(day, date(1900, 1, 1), "joined_on")

    def make() -> Household:
        household = Household.objects.create(
            organization_id=participant.organization_id,
            name=name.strip(),
            creation_key=creation_key,
            created_by=by,
        )
        Member.objects.create(
            household=household,
            participant=participant,
            relationship=Relationship.HEAD,
            is_head=True,
            joined_on=day,
            added_by=by,
        )
        return household

    household, made = created_once(
        Household, creation_key, make, organization=participant.organization
    )
    if made:
        _audit(
            by,
            "create",
            HOUSEHOLD,
            household,
            household,
            participant_id=participant.pk,
            changes={"head": str(participant.public_id), "joined_on": day.isoformat()},
        )
    return household


@dataclass
class NewMember:
    participant: Participant | None = None
    name: str = ""
    date_of_birth: date | None = None
    relationship: int = Relationship.NOT_COLLECTED
    relationship_words: str = ""
    shown_to_household: bool = False
    joined_on: date | None = None
    move: bool = False  # leave their other current household on the joining date


@transaction.atomic
def add_member(
    *, by: User, household: Household, data: NewMember, creation_key: uuid.UUID | None = None
) -> Member:
    """Add a participant of the organization, or someone not enrolled, to the household."""
    household = _locked(household)
    check_household_writer(by, household)
    done = earlier(Member, creation_key, household=household)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if data.relationship == Relationship.HEAD:
        raise ActionRefused(
            _("A household has one head. Add them first, then make them the head."),
            field="relationship",
        )
    if data.relationship not in Relationship.values:
        raise ActionRefused(_("Choose a relationship from the list."), field="relationship")
    day = data.joined_on or _today()
    _check_day(day, date(1900, 1, 1), "joined_on")
    person = data.participant
    name = data.name.strip()
    if person is None and not name:
        raise ActionRefused(_("Give the name they go by."), field="name")
    if person is not None:
        if person.organization_id != household.organization_id or not sees_participant(
            by, person.pk
        ):
            raise ActionRefused(_("Choose someone from the search results."), field="participant")
        Participant.objects.select_for_update().filter(pk=person.pk).first()
        elsewhere = current_household_of(person.pk)
        if elsewhere is not None and elsewhere.household_id == household.pk:
            raise ActionRefused(
                _("%(name)s is already part of this household.") % {"name": person},
                field="participant",
            )
        if elsewhere is not None:
            if not data.move:
                raise ActionRefused(
                    _(
                        "%(name)s is part of another household. Tick “Move them here” to "
                        "record them leaving it on the day they join this one."
                    )
                    % {"name": person},
                    field="move",
                )
            _leave_for_move(by, elsewhere, day)
    member = Member(
        household=household,
        participant=person,
        name="" if person is not None else name,
        date_of_birth=None if person is not None else data.date_of_birth,
        relationship=data.relationship,
        relationship_words=data.relationship_words.strip(),
        shown_to_household=bool(data.shown_to_household) and person is not None,
        joined_on=day,
        added_by=by,
        creation_key=creation_key,
    )

    def make() -> Member:
        member.save()
        return member

    member, made = created_once(Member, creation_key, make, household=household)
    if made:
        _audit(
            by,
            "create",
            MEMBER,
            member,
            household,
            participant_id=person.pk if person is not None else None,
            changes={
                "household": str(household.public_id),
                "relationship": member.relationship,
                "joined_on": day.isoformat(),
                "not_enrolled": person is None,
            },
        )
    return member


def _leave_for_move(by: User, old: Member, day: date) -> None:
    """``old`` (a current membership elsewhere) ends on ``day``, for a move."""
    locked = Member.objects.select_for_update().get(pk=old.pk)
    if day < locked.joined_on:
        raise ActionRefused(
            _("They joined their other household on %(day)s; give a later joining date.")
            % {"day": f"{locked.joined_on:%Y-%m-%d}"},
            field="joined_on",
        )
    others = locked.household.members.filter(left_on__isnull=True).exclude(pk=locked.pk)
    if locked.is_head and others.exists():
        raise ActionRefused(
            _(
                "They head their other household. Choose a new head there first, then "
                "move them here."
            ),
            field="move",
        )
    locked.left_on = day
    locked.left_reason = str(MOVED)
    locked.version += 1
    locked.save(update_fields=["left_on", "left_reason", "version"])
    _audit(
        by,
        "update",
        MEMBER,
        locked,
        locked.household,
        participant_id=locked.participant_id,
        changes={"left_on": day.isoformat(), "version": locked.version, "moved": True},
    )


def _locked_member(member: Member, expected_version: int | None) -> Member:
    locked = Member.objects.select_for_update(of=("self",)).select_related(
        "household", "participant"
    )
    found = locked.get(pk=member.pk)
    if expected_version is not None and found.version != expected_version:
        raise changed_since(
            MEMBER,
            found.public_id,
            expected_version,
            parts=lambda c: [k for k in c if k in TITLES],
            titles=_title,
        ).refusal()
    return found


@transaction.atomic
def update_member(
    *,
    by: User,
    member: Member,
    relationship: int,
    relationship_words: str,
    shown_to_household: bool,
    expected_version: int | None,
) -> Member:
    """Change a current member's relationship (HUD's list and their own words) and
    whether they agreed to be shown to the household."""
    found = _locked_member(member, expected_version)
    check_member_writer(by, found)
    if found.left_on is not None:
        raise ActionRefused(_("They have left this household; their record is history."))
    if found.is_head:
        relationship = Relationship.HEAD
    elif relationship == Relationship.HEAD:
        raise ActionRefused(
            _("To make them the head of household, use “Change the head”."),
            field="relationship",
        )
    if relationship not in Relationship.values:
        raise ActionRefused(_("Choose a relationship from the list."), field="relationship")
    values = {
        "relationship": relationship,
        "relationship_words": relationship_words.strip(),
        "shown_to_household": bool(shown_to_household) and found.participant_id is not None,
    }
    changed = {k: v for k, v in values.items() if getattr(found, k) != v}
    if not changed:
        return found
    for key, value in changed.items():
        setattr(found, key, value)
    found.version += 1
    found.save(update_fields=[*changed, "version"])
    _audit(
        by,
        "update",
        MEMBER,
        found,
        found.household,
        participant_id=found.participant_id,
        changes={**changed, "version": found.version},
    )
    return found


@transaction.atomic
def change_head(
    *,
    by: User,
    household: Household,
    member: Member,
    former_head_relationship: int = Relationship.NOT_COLLECTED,
    expected_version: int | None,
) -> Household:
    """Make ``member`` the head: the former head keeps a relationship to the new one.
    Exactly one current head before and after."""
    locked = _locked(household)
    if expected_version is not None and locked.version != expected_version:
        raise changed_since(
            HOUSEHOLD,
            locked.public_id,
            expected_version,
            parts=lambda c: [k for k in c if k in TITLES],
            titles=_title,
        ).refusal()
    check_household_writer(by, locked)
    new = Member.objects.select_for_update().filter(pk=member.pk, household=locked).first()
    if new is None or new.left_on is not None:
        raise ActionRefused(_("Choose a current member of the household."), field="member")
    check_member_writer(by, new)
    if new.is_head:
        return locked
    if former_head_relationship == Relationship.HEAD or (
        former_head_relationship not in Relationship.values
    ):
        raise ActionRefused(
            _("Choose how the former head is related to the new one."),
            field="former_head_relationship",
        )
    old = Member.objects.select_for_update().filter(
        household=locked, is_head=True, left_on__isnull=True
    )
    old_ids = [str(m.public_id) for m in old]
    for former in old:
        former.is_head = False
        former.relationship = former_head_relationship
        former.version += 1
        former.save(update_fields=["is_head", "relationship", "version"])
    new.is_head = True
    new.relationship = Relationship.HEAD
    new.version += 1
    new.save(update_fields=["is_head", "relationship", "version"])
    locked.version += 1
    locked.save(update_fields=["version"])
    _audit(
        by,
        "update",
        HOUSEHOLD,
        locked,
        locked,
        changes={
            "head": str(new.public_id),
            "former_head": old_ids,
            "version": locked.version,
        },
    )
    return locked


@transaction.atomic
def record_leaving(
    *, by: User, member: Member, left_on: date, reason: str = "", expected_version: int | None
) -> Member:
    """Record that a member left on ``left_on``; the row stays as history. The head
    leaves only once another member heads the household (or they are the last)."""
    found = _locked_member(member, expected_version)
    check_member_writer(by, found)
    if found.left_on is not None:
        raise ActionRefused(_("They have already left this household."), field="left_on")
    _check_day(left_on, found.joined_on, "left_on")
    others = found.household.members.filter(left_on__isnull=True).exclude(pk=found.pk)
    if found.is_head and others.exists():
        raise ActionRefused(
            _("They head the household. Choose a new head first, then record them leaving."),
            field="left_on",
        )
    found.left_on = left_on
    found.left_reason = reason.strip()
    found.version += 1
    found.save(update_fields=["left_on", "left_reason", "version"])
    _audit(
        by,
        "update",
        MEMBER,
        found,
        found.household,
        participant_id=found.participant_id,
        changes={"left_on": left_on.isoformat(), "version": found.version},
    )
    return found


# --- Household stays (HUD household enrollments) -----------------------------------------


@dataclass
class StayPart:
    enrollment: Enrollment
    relationship: int


def _check_stay_enrollment(by: User, enrollment: Enrollment, program_id: int) -> None:
    access = access_for(by)
    if not sees_enrollment(access, enrollment) or not access.can_write(enrollment.program_id):
        raise ActionRefused(_("Choose people from the list."), field="members")
    if enrollment.program_id != program_id or enrollment.status not in CAP_STATUSES:
        raise ActionRefused(
            _("Everyone in a household stay has an open enrollment in the same program."),
            field="members",
        )


@transaction.atomic
def enroll_household_stay(
    *,
    by: User,
    household: Household,
    program_id: int,
    parts: Sequence[StayPart],
    creation_key: uuid.UUID,
) -> str:
    """Enroll current household members together: one new stay id for their open
    enrollments in the program, each with their relationship to the stay's head
    (exactly one). Returns the stay id (HUD's HouseholdID)."""
    stay = creation_key.hex
    ids = sorted(p.enrollment.pk for p in parts)
    already = list(
        Enrollment.objects.filter(household_stay=stay).values_list("pk", flat=True).order_by("pk")
    )
    if already:
        if already == ids:
            return stay  # a double submit: the first one did it
        raise ActionRefused(str(USED_ELSEWHERE), field="creation_key")
    check_household_writer(by, household)
    if len(parts) < 2:
        raise ActionRefused(_("Choose at least two people to enroll together."), field="members")
    heads = [p for p in parts if p.relationship == Relationship.HEAD]
    if len(heads) != 1:
        raise ActionRefused(_("Choose exactly one head of household for the stay."), field="head")
    if any(p.relationship not in Relationship.values for p in parts):
        raise ActionRefused(_("Choose a relationship from the list."), field="members")
    locked = {
        e.pk: e
        for e in Enrollment.objects.select_for_update(of=("self",))
        .select_related("program", "participant")
        .filter(pk__in=ids)
    }
    current = set(
        household.members.filter(left_on__isnull=True, participant__isnull=False).values_list(
            "participant_id", flat=True
        )
    )
    people: set[int] = set()
    for part in parts:
        enrollment = locked.get(part.enrollment.pk)
        if enrollment is None:
            raise ActionRefused(_("Choose people from the list."), field="members")
        _check_stay_enrollment(by, enrollment, program_id)
        if enrollment.participant_id not in current or enrollment.participant_id in people:
            raise ActionRefused(
                _("Choose current members of the household, each once."), field="members"
            )
        people.add(enrollment.participant_id)
        if enrollment.household_stay:
            raise ActionRefused(
                _(
                    "%(name)s is already part of a household stay in this program. They "
                    "leave it first."
                )
                % {"name": enrollment.participant},
                field="members",
            )
    for part in sorted(parts, key=lambda p: p.relationship != Relationship.HEAD):
        enrollment = locked[part.enrollment.pk]
        enrollment.household = household
        enrollment.household_stay = stay
        enrollment.relationship_to_head = part.relationship
        enrollment.save(update_fields=["household", "household_stay", "relationship_to_head"])
        audit_enrollment_record(
            by,
            "update",
            "enrollment",
            enrollment,
            enrollment,
            changes={
                "household_stay": stay,
                "household": str(household.public_id),
                "relationship_to_head": part.relationship,
            },
        )
    return stay


@transaction.atomic
def leave_household_stay(
    *, by: User, enrollment: Enrollment, new_head: Enrollment | None = None
) -> Enrollment:
    """``enrollment`` leaves its household stay and becomes its own. The head leaves
    only once another head is chosen (``new_head``, one of the others in the stay)."""
    found = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("program", "participant")
        .get(pk=enrollment.pk)
    )
    access = access_for(by)
    if not sees_enrollment(access, found) or not access.can_write(found.program_id):
        raise ActionRefused(_("Your role here is read only."))
    if not found.household_stay:
        raise ActionRefused(_("They are not part of a household stay."))
    others = list(
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("program")
        .filter(household_stay=found.household_stay)
        .exclude(pk=found.pk)
    )
    if found.relationship_to_head == Relationship.HEAD and others:
        chosen = next((e for e in others if new_head is not None and e.pk == new_head.pk), None)
        if chosen is None:
            raise ActionRefused(
                _("They head this stay. Choose who heads it after they leave."),
                field="new_head",
            )
        if not sees_enrollment(access, chosen) or not access.can_write(chosen.program_id):
            raise ActionRefused(_("Choose someone from the list."), field="new_head")
    else:
        chosen = None
    stay = found.household_stay
    found.household = None
    found.household_stay = ""
    found.relationship_to_head = Relationship.HEAD
    found.save(update_fields=["household", "household_stay", "relationship_to_head"])
    audit_enrollment_record(
        by,
        "update",
        "enrollment",
        found,
        found,
        changes={"household_stay": "", "left_stay": stay, "relationship_to_head": 1},
    )
    if chosen is not None:
        chosen.relationship_to_head = Relationship.HEAD
        chosen.save(update_fields=["relationship_to_head"])
        audit_enrollment_record(
            by,
            "update",
            "enrollment",
            chosen,
            chosen,
            changes={"household_stay": stay, "relationship_to_head": 1},
        )
    return found
