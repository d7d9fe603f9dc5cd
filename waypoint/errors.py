"""Why an action said no, in words a person can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, IntegrityError
from django.utils.translation import gettext, gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What the database says when two requests collide: a deadlock, a serialization failure,
# a lock it could not take, and a unique key (a creation key) two inserts both wanted.
CONFLICT_STATES = frozenset({"40P01", "40001", "55P03", "23505"})
CONFLICT = gettext_lazy(
    "Someone else saved this at the same moment, so this change was not made. "
    "Go back, check the record as it is now, and try again."
)


class ActionRefused(Exception):
    """The change was not made; ``message`` says why and ``field`` where, if anywhere.
    A lazy message (a module's constant) is put in words when raised, in the language
    of the request."""

    def __init__(self, message: StrOrPromise, *, field: str | None = None) -> None:
        self.message = str(message)
        super().__init__(self.message)
        self.field = field


class StaleEdit(ActionRefused):
    """Someone else saved first. ``changed`` names what they changed."""

    def __init__(self, changed: list[str], by: list[str]) -> None:
        what = ", ".join(str(part) for part in changed) or gettext("this record")
        if by:
            message = gettext(
                "%(who)s saved changes since you opened this page (%(what)s). "
                "Your changes were not saved; they are still in the form. "
                "Review the current record, then save again."
            ) % {"who": ", ".join(by), "what": what}
        else:
            message = gettext(
                "someone else saved changes since you opened this page (%(what)s). "
                "Your changes were not saved; they are still in the form. "
                "Review the current record, then save again."
            ) % {"what": what}
        super().__init__(message)
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
