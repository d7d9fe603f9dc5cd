"""Endings on the navigator's home and the supervision page: each stage decides what it
shows (``home_<stage>.py``), and the pages include ``closure/home.html`` and
``closure/supervision.html``. Every participant named is recorded as shown."""

from __future__ import annotations

from collections.abc import Container
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from waypoint.closure import home_after, home_closing, home_forecast

if TYPE_CHECKING:
    from waypoint.accounts.models import User

STAGES = {"forecast": home_forecast, "closing": home_closing, "after": home_after}


def navigator_filters(user: User, today: date) -> dict[str, QuerySet[Any]]:
    """What each stage's part of the navigator's home reads, by ``endings_<stage>``,
    unordered and unjoined (for the home page's one question of which lists have
    anything)."""
    return {
        f"endings_{name}": stage.navigator_filter(user, today) for name, stage in STAGES.items()
    }


def navigator_home(
    user: User, today: date, *, present: Container[str] | None = None
) -> dict[str, Any]:
    """Each stage's part of the navigator's home (None when it has nothing), reading
    only the stages of ``present`` when given (``navigator_filters`` names)."""
    return {
        name: stage.navigator(user, today)
        if present is None or f"endings_{name}" in present
        else None
        for name, stage in STAGES.items()
    }


def supervisor_home(user: User, program_id: int | None, today: date) -> dict[str, Any]:
    return {name: stage.supervisor(user, program_id, today) for name, stage in STAGES.items()}


def shown(found: dict[str, Any]) -> list[Any]:
    """The participants the stages' items name."""
    return [p for items in found.values() if items is not None for p in items.participants]
