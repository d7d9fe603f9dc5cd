"""URL kwargs for the routes after the goodbye (check-ins), for the generated tests."""

from __future__ import annotations

from typing import Any

from waypoint.closure.models import CheckIn


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """A check-in of ``enrollment``, closed today (its 30-day check-in), for the route."""
    if route not in {"check_in_record", "check_in_close"}:
        return None
    from waypoint.closure.tests.records import close_now

    close_now(world.admin, enrollment)
    check_in = CheckIn.objects.filter(enrollment=enrollment).order_by("due_on").first()
    assert check_in is not None
    return {"public_id": check_in.public_id}
