"""What this stage puts on the navigator's home and the supervision page."""

from __future__ import annotations

from datetime import date
from typing import Any


def navigator(user: Any, today: date) -> Any:
    """This stage's items for the navigator's home (an object with ``participants``),
    or None when it has nothing to show."""
    return None


def supervisor(user: Any, program_id: int | None, today: date) -> Any:
    """This stage's items for the supervision page (an object with ``participants``), or
    None when it has nothing to show."""
    return None
