"""Why an action said no, in words a person can act on."""

from __future__ import annotations

from typing import Any


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
