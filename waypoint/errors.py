"""Why an action said no, in words a person can act on."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, IntegrityError

# What the database says when two requests collide: a deadlock, a serialization failure,
# a lock it could not take, and a unique key (a creation key) two inserts both wanted.
CONFLICT_STATES = frozenset({"40P01", "40001", "55P03", "23505"})
CONFLICT = (
    "Someone else saved this at the same moment, so this change was not made. "
    "Go back, check the record as it is now, and try again."
)


class ActionRefused(Exception):
    """The change was not made; ``message`` says why and ``field`` where, if anywhere."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleEdit(ActionRefused):
    """Someone else saved first. ``changed`` names what they changed."""

    def __init__(self, changed: list[str], by: list[str]) -> None:
        who = ", ".join(by) or "someone else"
        what = ", ".join(changed) or "this record"
        super().__init__(
            f"{who} saved changes since you opened this page ({what}). "
            "Your changes were not saved; they are still in the form. "
            "Review the current record, then save again."
        )
        self.changed = changed
        self.by = by


class CapExceeded(ActionRefused):
    pass


def show_on_form(form: Any, refused: ActionRefused) -> None:
    """Put an action's refusal beside the field it concerns (or atop the form)."""
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def is_conflict(exc: BaseException) -> bool:
    """Whether a database error is two requests colliding (answer 409), not a fault."""
    if not isinstance(exc, DatabaseError):
        return False
    state = getattr(exc.__cause__, "sqlstate", None)
    if state is not None:
        return state in CONFLICT_STATES
    text = str(exc)  # SQLite names no state
    if isinstance(exc, IntegrityError):
        return text.startswith("UNIQUE constraint failed")
    return "database is locked" in text
