"""URL kwargs of the forecast stage's routes, for the generated permission tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

ENROLLMENT_ROUTES = {
    "forecast_edit",
    "forecast_clear",
    "exit_interview_schedule",
    "exit_interview_record",
}


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    from waypoint.closure.models import ExitInterview

    if route in ENROLLMENT_ROUTES:
        return {"public_id": enrollment.public_id}
    if route == "exit_interview_detail":
        interview = ExitInterview.objects.filter(
            enrollment=enrollment, cycle=enrollment.cycle
        ).first() or ExitInterview.objects.create(
            enrollment=enrollment,
            participant_id=enrollment.participant_id,
            cycle=enrollment.cycle,
            created_at=timezone.now(),
        )
        return {"public_id": interview.public_id}
    return None
