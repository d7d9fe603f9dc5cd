"""The URL kwargs of this app's routes for the generated permission tests."""

from __future__ import annotations

from typing import Any


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for one of this app's routes, or None when ``route`` is not one."""
    return None
