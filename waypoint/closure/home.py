"""Endings on the navigator's home and the supervision page: each stage decides what it
shows (``home_<stage>.py``), and the pages include ``closure/home.html`` and
``closure/supervision.html``. Every participant named is recorded as shown."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from waypoint.closure import home_after, home_closing, home_forecast

if TYPE_CHECKING:
    from waypoint.accounts.models import User

STAGES = {"forecast": home_forecast, "closing": home_closing, "after": home_after}


def navigator_home(user: User, today: date) -> dict[str, Any]:
    return {name: stage.navigator(user, today) for name, stage in STAGES.items()}


def supervisor_home(user: User, program_id: int | None, today: date) -> dict[str, Any]:
    return {name: stage.supervisor(user, program_id, today) for name, stage in STAGES.items()}


def shown(found: dict[str, Any]) -> list[Any]:
    """The participants the stages' items name."""
    return [p for items in found.values() if items is not None for p in items.participants]
