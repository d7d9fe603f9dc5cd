"""Test records for households, and the URL kwargs of this app's routes for the
generated permission tests."""

from __future__ import annotations

from typing import Any

from waypoint.households import actions
from waypoint.households.models import Household, Member, Relationship


def household_of(by: Any, participant: Any, *, others: tuple[str, ...] = ()) -> Household:
    """A household headed by ``participant``, with someone not enrolled for each name in
    ``others`` (a child of the head)."""
    household = actions.start_household(by=by, participant=participant)
    for name in others:
        actions.add_member(
            by=by,
            household=household,
            data=actions.NewMember(name=name, relationship=Relationship.CHILD),
        )
    return household


ROUTES = {
    "household_detail",
    "household_head",
    "household_member_add",
    "household_person_add",
    "household_member",
    "household_member_leave",
}


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for one of this app's routes, or None when ``route`` is not one: a
    household of the persona's subject (Amara, or Chen for program staff), with a child
    not enrolled; a member route opens the child."""
    if route not in ROUTES:
        return None
    current = actions.current_household_of(enrollment.participant.pk)
    household = (
        current.household
        if current is not None
        else household_of(world.admin, enrollment.participant, others=("Kemi",))
    )
    if route.startswith("household_member") and route != "household_member_add":
        member = Member.objects.filter(
            household=household, participant__isnull=True, left_on__isnull=True
        ).first() or actions.add_member(
            by=world.admin, household=household, data=actions.NewMember(name="Kemi")
        )
        return {"public_id": member.public_id}
    return {"public_id": household.public_id}
