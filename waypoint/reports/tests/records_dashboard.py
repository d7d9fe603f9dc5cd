"""The URL kwargs of the dashboard's routes for the generated permission tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for a dashboard route, or None when ``route`` is not one."""
    if route == "program_dashboard":
        return {"pk": enrollment.program_id}
    if route == "dashboard_people":
        # This week's contacts: a number of the dashboard's default range.
        today = timezone.localdate()
        monday = today - timedelta(days=today.weekday())
        return {
            "pk": enrollment.program_id,
            "chart": "effort",
            "column": "contacts",
            "bucket": monday.isoformat(),
        }
    if route == "dashboard_download":
        return {"pk": enrollment.program_id, "chart": "effort", "fmt": "csv"}
    return None
