"""URL kwargs for the routes after the goodbye (check-ins), for the generated tests."""

from __future__ import annotations

from typing import Any

from waypoint.closure.models import CheckIn

NAME = "Kai (moved on)"


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """A check-in for the route: the 30-day one of someone who left ``enrollment``'s
    program today, with the same navigator (so whoever may open ``enrollment`` may open
    it), leaving ``enrollment`` itself open for every other route."""
    if route not in {"check_in_record", "check_in_close"}:
        return None
    from waypoint.closure.tests.records import close_now
    from waypoint.enrollments.actions import enroll_new_participant

    found = (
        CheckIn.objects.filter(
            enrollment__program=enrollment.program,
            enrollment__navigator=enrollment.navigator,
            enrollment__participant__preferred_name=NAME,
        )
        .order_by("due_on")
        .first()
    )
    if found is None:
        moved_on = enroll_new_participant(
            by=world.admin,
            program=enrollment.program,
            data={"preferred_name": NAME},
            navigator=enrollment.navigator,
            status="enrolled",
        )
        close_now(world.admin, moved_on)
        found = CheckIn.objects.filter(enrollment=moved_on).order_by("due_on").first()
    assert found is not None
    return {"public_id": found.public_id}
