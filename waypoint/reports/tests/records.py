"""The URL kwargs of this app's routes for the generated permission tests. Each part
keeps its own in ``records_<part>.py`` (the dashboard, the data-quality page)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

PARTS = ("dashboard", "data_quality")


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for one of this app's routes, or None when ``route`` is not one."""
    for part in PARTS:
        try:
            module = import_module(f"waypoint.reports.tests.records_{part}")
        except ModuleNotFoundError:
            continue
        found = module.kwargs_for(route, world, enrollment, user)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None
