"""Households for the demo (used by seed_demo, after the file reviews), dated from the
day the demo is loaded.

- In the housing program, two people on one navigator's caseload live together with a
  child who is not enrolled; they are enrolled together as one household stay.
- In the youth program, a young person lives with their mother and little brother (both
  not enrolled); the mother heads the household.
- In the resettlement program, a parent lives with two children (not enrolled); an older
  son moved out two months ago, so the history shows him joining and leaving.

Everything is written through ``waypoint.households.actions``, so it is audited like
work done on the pages. Existing demo participants are used, so the counts elsewhere
stay the same.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, timedelta

from waypoint.accounts.models import Program, User
from waypoint.enrollments.models import CAP_STATUSES, Enrollment
from waypoint.households import actions
from waypoint.households.models import Household, Member, Relationship


def _open(program: Program) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(
            program=program,
            status__in=CAP_STATUSES,
            navigator__isnull=False,
            participant__household_memberships__isnull=True,
        )
        .select_related("participant", "navigator", "program")
        .order_by("started_on", "pk")
    )


def _pair(program: Program) -> tuple[Enrollment, Enrollment] | None:
    """Two enrollments of the program on the same navigator's caseload, both enrolled (a
    HUD household stay is of people enrolled: its head must be in the HMIS export)."""
    found = [e for e in _open(program) if e.enrolled_on is not None]
    for i, first in enumerate(found):
        for second in found[i + 1 :]:
            if second.navigator_id == first.navigator_id:
                return first, second
    return None


def _child(
    by: User, household: Household, name: str, age: int, joined: date, today: date
) -> Member:
    born = today.replace(day=1, month=1) - timedelta(days=365 * age)
    return actions.add_member(
        by=by,
        household=household,
        data=actions.NewMember(
            name=name,
            date_of_birth=born,
            relationship=Relationship.CHILD,
            joined_on=joined,
        ),
        creation_key=uuid.uuid4(),
    )


def seed_households(
    *, programs: dict[str, Program], housing: str, youth: str, resettlement: str, today: date
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    since = today - timedelta(days=400)
    pair = _pair(programs[housing])
    if pair is not None:
        head, partner = pair
        by = head.navigator
        assert by is not None
        household = actions.start_household(
            by=by, participant=head.participant, joined_on=since, creation_key=uuid.uuid4()
        )
        actions.add_member(
            by=by,
            household=household,
            data=actions.NewMember(
                participant=partner.participant,
                relationship=Relationship.PARTNER,
                shown_to_household=True,
                joined_on=since,
            ),
            creation_key=uuid.uuid4(),
        )
        _child(by, household, "Amani", 7, since, today)
        actions.enroll_household_stay(
            by=by,
            household=household,
            program_id=head.program_id,
            parts=[
                actions.StayPart(head, Relationship.HEAD),
                actions.StayPart(partner, Relationship.PARTNER),
            ],
            creation_key=uuid.uuid4(),
        )
        counts["households"] += 1
        counts["stays"] += 1
    young = _open(programs[youth])
    if young:
        person = young[0]
        by = person.navigator
        assert by is not None
        household = actions.start_household(
            by=by, participant=person.participant, joined_on=since, creation_key=uuid.uuid4()
        )
        rosa = actions.add_member(
            by=by,
            household=household,
            data=actions.NewMember(
                name="Rosa", relationship=Relationship.NOT_COLLECTED, joined_on=since
            ),
            creation_key=uuid.uuid4(),
        )
        household.refresh_from_db()
        actions.change_head(
            by=by,
            household=household,
            member=rosa,
            former_head_relationship=Relationship.CHILD,
            expected_version=household.version,
        )
        _child(by, household, "Mateo", 9, since, today)
        counts["households"] += 1
    settling = _open(programs[resettlement])
    if settling:
        person = settling[0]
        by = person.navigator
        assert by is not None
        household = actions.start_household(
            by=by, participant=person.participant, joined_on=since, creation_key=uuid.uuid4()
        )
        _child(by, household, "Layla", 11, since, today)
        _child(by, household, "Omar", 5, since, today)
        samir = _child(by, household, "Samir", 19, since, today)
        actions.record_leaving(
            by=by,
            member=samir,
            left_on=today - timedelta(days=60),
            reason="Moved to a shared flat near his college",
            expected_version=samir.version,
        )
        counts["households"] += 1
    return dict(counts)


def summary(counts: dict[str, int]) -> str:
    return f"{counts.get('households', 0)} households, {counts.get('stays', 0)} household stays"
