"""A program's ending settings and its list of closure reasons: changed by its managers,
each change audited. Closures keep the reason's words they were made with, so editing or
retiring a reason never rewrites history; a reason is never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.closure.actions._common import check_codes, settings_for
from waypoint.closure.models import Check, ClosureReason, ClosureSettings, Rule
from waypoint.errors import ActionRefused
from waypoint.toolkit import audit, save_program_settings

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from waypoint.accounts.models import User

MAX_DAYS = 730
MAX_NOTICE_WEEKS = 52
MAX_LIST = 12
MAX_IDEAS = 20
MAX_IDEA = 200
MAX_LABEL = 200

# What each settings field is called on the page (for a stale save's message).
TITLES: dict[str, StrOrPromise] = {
    "notice_weeks": gettext_lazy("weeks of notice"),
    "reminder_days": gettext_lazy("reminders"),
    "check_in_days": gettext_lazy("check-in schedule"),
    "silence_days": gettext_lazy("silence"),
    "return_window_days": gettext_lazy("return window"),
    "needs_approval": gettext_lazy("approval"),
    "check_rules": gettext_lazy("checks"),
    "celebration_ideas": gettext_lazy("celebration ideas"),
}


@dataclass(frozen=True)
class DaysWords:
    """What is said of a list of days that is not a list, holds something not a whole
    number, a day out of bounds (%(lowest)s, %(highest)s) or too many (%(most)s): whole
    sentences, so each language words them its own way."""

    not_list: StrOrPromise
    not_whole: StrOrPromise
    out_of_bounds: StrOrPromise
    too_many: StrOrPromise


@dataclass(frozen=True)
class NumberWords:
    """What is said of a number that is not whole, or out of bounds (%(highest)s)."""

    not_whole: StrOrPromise
    out_of_bounds: StrOrPromise


DAYS_WORDS = {
    "reminder_days": DaysWords(
        gettext_lazy("Give the reminder days as whole numbers of days."),
        gettext_lazy("Give the reminder days as whole numbers of days, separated by commas."),
        gettext_lazy("Each of the reminder days must be from %(lowest)s to %(highest)s days."),
        gettext_lazy("Give at most %(most)s reminder days."),
    ),
    "check_in_days": DaysWords(
        gettext_lazy("Give the check-in days as whole numbers of days."),
        gettext_lazy("Give the check-in days as whole numbers of days, separated by commas."),
        gettext_lazy("Each of the check-in days must be from %(lowest)s to %(highest)s days."),
        gettext_lazy("Give at most %(most)s check-in days."),
    ),
}
NUMBER_WORDS = {
    "notice_weeks": NumberWords(
        gettext_lazy("Give the weeks as a whole number."),
        gettext_lazy("The weeks must be from 0 to %(highest)s."),
    ),
    "silence_days": NumberWords(
        gettext_lazy("Give the days of silence as a whole number."),
        gettext_lazy("The days of silence must be from 0 to %(highest)s."),
    ),
    "return_window_days": NumberWords(
        gettext_lazy("Give the return window as a whole number."),
        gettext_lazy("The return window must be from 0 to %(highest)s."),
    ),
}


def _check_manager(by: User, program_id: int) -> None:
    if not access_for(by).can_manage(program_id):
        raise ActionRefused(_("Only the program's managers can change how endings work."))


def _days(value: Any, field: str, *, lowest: int) -> list[int]:
    words = DAYS_WORDS[field]
    if not isinstance(value, list | tuple):
        raise ActionRefused(str(words.not_list), field=field)
    found: set[int] = set()
    for item in value:
        try:
            day = int(item)
        except (TypeError, ValueError):
            raise ActionRefused(str(words.not_whole), field=field) from None
        if not lowest <= day <= MAX_DAYS:
            raise ActionRefused(
                str(words.out_of_bounds) % {"lowest": lowest, "highest": MAX_DAYS}, field=field
            )
        found.add(day)
    if len(found) > MAX_LIST:
        raise ActionRefused(str(words.too_many) % {"most": MAX_LIST}, field=field)
    return sorted(found)


def _number(value: Any, field: str, *, highest: int) -> int:
    words = NUMBER_WORDS[field]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ActionRefused(str(words.not_whole), field=field) from None
    if not 0 <= number <= highest:
        raise ActionRefused(str(words.out_of_bounds) % {"highest": highest}, field=field)
    return number


def _clean_settings(changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "notice_weeks" in changes:
        clean["notice_weeks"] = _number(
            changes["notice_weeks"], "notice_weeks", highest=MAX_NOTICE_WEEKS
        )
    if "silence_days" in changes:
        clean["silence_days"] = _number(changes["silence_days"], "silence_days", highest=MAX_DAYS)
    if "return_window_days" in changes:
        clean["return_window_days"] = _number(
            changes["return_window_days"], "return_window_days", highest=MAX_DAYS
        )
    if "reminder_days" in changes:
        clean["reminder_days"] = sorted(
            _days(changes["reminder_days"], "reminder_days", lowest=0), reverse=True
        )
    if "check_in_days" in changes:
        clean["check_in_days"] = _days(changes["check_in_days"], "check_in_days", lowest=1)
    if "needs_approval" in changes:
        clean["needs_approval"] = bool(changes["needs_approval"])
    if "check_rules" in changes:
        rules = changes["check_rules"]
        if not isinstance(rules, dict) or set(rules) - set(Check.values):
            raise ActionRefused(
                _("Choose a rule for each check from the list."), field="check_rules"
            )
        if any(v not in Rule.values for v in rules.values()):
            raise ActionRefused(
                _("Choose a rule for each check from the list."), field="check_rules"
            )
        clean["check_rules"] = {str(k): str(v) for k, v in rules.items()}
    if "celebration_ideas" in changes:
        ideas: list[str] = []
        for idea in changes["celebration_ideas"]:
            idea = str(idea).strip()
            if not idea or idea in ideas:
                continue
            if len(idea) > MAX_IDEA:
                raise ActionRefused(
                    _("Keep each celebration idea under %(most)s characters.") % {"most": MAX_IDEA},
                    field="celebration_ideas",
                )
            bounds.check_text(idea)
            ideas.append(idea)
        if len(ideas) > MAX_IDEAS:
            raise ActionRefused(
                _("Give at most %(most)s celebration ideas.") % {"most": MAX_IDEAS},
                field="celebration_ideas",
            )
        clean["celebration_ideas"] = ideas
    return clean


@transaction.atomic
def update_closure_settings(
    *, by: User, program: Program, changes: dict[str, Any], expected_version: int | None = None
) -> ClosureSettings:
    """Change a program's ending settings. A save from a page opened before someone
    else's save is refused, naming what they changed."""
    _check_manager(by, program.pk)
    settings_for(program)
    current = ClosureSettings.objects.select_for_update().get(program=program)
    return save_program_settings(
        by,
        current,
        kind="closure_settings",
        program=program,
        expected_version=expected_version,
        titles={key: str(title) for key, title in TITLES.items()},
        clean=lambda: _clean_settings(changes),
    )


def _audit(
    by: User, action: str, kind: str, object_id: Any, program: Program, changes: Any
) -> None:
    audit(
        by,
        action,
        kind,
        object_id,
        participant_id=None,
        organization_id=program.organization_id,
        program_id=program.pk,
        changes=changes,
    )


def _clean_reason(
    program: Program,
    reason: ClosureReason | None,
    *,
    label: str,
    destination: int | None,
    completion: int | None,
) -> str:
    label = " ".join(label.split())
    if not label:
        raise ActionRefused(_("Write the reason in a few words."), field="label")
    if len(label) > MAX_LABEL:
        raise ActionRefused(
            _("Keep the reason under %(most)s characters.") % {"most": MAX_LABEL}, field="label"
        )
    bounds.check_text(label)
    check_codes(destination, completion)
    same = ClosureReason.objects.filter(program=program, label__iexact=label)
    if reason is not None:
        same = same.exclude(pk=reason.pk)
    if same.exists():
        raise ActionRefused(_("The program already has a reason with these words."), field="label")
    return label


@transaction.atomic
def add_closure_reason(
    *,
    by: User,
    program: Program,
    label: str,
    destination: int | None,
    completion: int | None = None,
    needs_approval: bool = False,
) -> ClosureReason:
    """Add a reason at the end of the program's list."""
    _check_manager(by, program.pk)
    Program.objects.select_for_update().filter(pk=program.pk).first()
    label = _clean_reason(
        program, None, label=label, destination=destination, completion=completion
    )
    assert destination is not None
    top = ClosureReason.objects.filter(program=program).aggregate(p=Max("position"))["p"]
    reason = ClosureReason.objects.create(
        program=program,
        label=label,
        destination=destination,
        completion=completion,
        needs_approval=needs_approval,
        position=(top or 0) + 1,
    )
    _audit(
        by,
        "create",
        "closure_reason",
        reason.pk,
        program,
        {
            "label": label,
            "destination": destination,
            "completion": completion,
            "needs_approval": needs_approval,
        },
    )
    return reason


@transaction.atomic
def update_closure_reason(
    *,
    by: User,
    reason: ClosureReason,
    label: str,
    destination: int | None,
    completion: int | None = None,
    needs_approval: bool = False,
) -> ClosureReason:
    """Change a reason's words or codes. Closures already made keep their own copy."""
    _check_manager(by, reason.program_id)
    current = ClosureReason.objects.select_for_update().select_related("program").get(pk=reason.pk)
    label = _clean_reason(
        current.program, current, label=label, destination=destination, completion=completion
    )
    assert destination is not None
    new = {
        "label": label,
        "destination": destination,
        "completion": completion,
        "needs_approval": needs_approval,
    }
    changed = {k: v for k, v in new.items() if getattr(current, k) != v}
    if changed:
        for name, value in changed.items():
            setattr(current, name, value)
        current.save(update_fields=list(changed))
        _audit(by, "update", "closure_reason", current.pk, current.program, changed)
    return current


@transaction.atomic
def set_closure_reason_active(*, by: User, reason: ClosureReason, active: bool) -> ClosureReason:
    """Retire a reason (no longer offered; closures made with it keep it) or offer it
    again. The last reason offered stays."""
    _check_manager(by, reason.program_id)
    current = ClosureReason.objects.select_for_update().select_related("program").get(pk=reason.pk)
    if current.active == active:
        return current
    if not active:
        others = ClosureReason.objects.filter(program_id=current.program_id, active=True)
        if not others.exclude(pk=current.pk).exists():
            raise ActionRefused(_("Keep at least one reason on the list."))
    current.active = active
    current.save(update_fields=["active"])
    _audit(by, "update", "closure_reason", current.pk, current.program, {"active": active})
    return current


@transaction.atomic
def move_closure_reason(*, by: User, reason: ClosureReason, direction: str) -> ClosureReason:
    """Move a reason one place up or down the program's list."""
    _check_manager(by, reason.program_id)
    siblings = list(
        ClosureReason.objects.select_for_update()
        .filter(program_id=reason.program_id)
        .order_by("position", "pk")
    )
    index = next(i for i, r in enumerate(siblings) if r.pk == reason.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        raise ActionRefused(_("That reason cannot move that way."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        item.position = position
    ClosureReason.objects.bulk_update(siblings, ["position"])
    moved = siblings[other]
    program = Program.objects.get(pk=reason.program_id)
    _audit(by, "update", "closure_reason", moved.pk, program, {"moved": direction})
    return moved
