"""A program's ending settings and its list of closure reasons: changed by its managers,
each change audited. Closures keep the reason's words they were made with, so editing or
retiring a reason never rewrites history; a reason is never deleted."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from waypoint import bounds
from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.closure.actions._common import check_codes, settings_for
from waypoint.closure.models import Check, ClosureReason, ClosureSettings, Rule
from waypoint.errors import ActionRefused
from waypoint.toolkit import audit, save_program_settings

MAX_DAYS = 730
MAX_NOTICE_WEEKS = 52
MAX_LIST = 12
MAX_IDEAS = 20
MAX_IDEA = 200
MAX_LABEL = 200

# What each settings field is called on the page (for a stale save's message).
TITLES = {
    "notice_weeks": "weeks of notice",
    "reminder_days": "reminders",
    "check_in_days": "check-in schedule",
    "silence_days": "silence",
    "return_window_days": "return window",
    "needs_approval": "approval",
    "check_rules": "checks",
    "celebration_ideas": "celebration ideas",
}


def _check_manager(by: Any, program_id: int) -> None:
    if not access_for(by).can_manage(program_id):
        raise ActionRefused("Only the program's managers can change how endings work.")


def _days(value: Any, field: str, *, lowest: int, what: str) -> list[int]:
    if not isinstance(value, list | tuple):
        raise ActionRefused(f"Give the {what} as whole numbers of days.", field=field)
    found: set[int] = set()
    for item in value:
        try:
            day = int(item)
        except (TypeError, ValueError):
            raise ActionRefused(
                f"Give the {what} as whole numbers of days, separated by commas.", field=field
            ) from None
        if not lowest <= day <= MAX_DAYS:
            raise ActionRefused(
                f"Each of the {what} must be from {lowest} to {MAX_DAYS} days.", field=field
            )
        found.add(day)
    if len(found) > MAX_LIST:
        raise ActionRefused(f"Give at most {MAX_LIST} {what}.", field=field)
    return sorted(found)


def _number(value: Any, field: str, *, highest: int, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ActionRefused(f"Give the {what} as a whole number.", field=field) from None
    if not 0 <= number <= highest:
        raise ActionRefused(f"The {what} must be from 0 to {highest}.", field=field)
    return number


def _clean_settings(changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "notice_weeks" in changes:
        clean["notice_weeks"] = _number(
            changes["notice_weeks"], "notice_weeks", highest=MAX_NOTICE_WEEKS, what="weeks"
        )
    if "silence_days" in changes:
        clean["silence_days"] = _number(
            changes["silence_days"], "silence_days", highest=MAX_DAYS, what="days of silence"
        )
    if "return_window_days" in changes:
        clean["return_window_days"] = _number(
            changes["return_window_days"],
            "return_window_days",
            highest=MAX_DAYS,
            what="return window",
        )
    if "reminder_days" in changes:
        clean["reminder_days"] = sorted(
            _days(changes["reminder_days"], "reminder_days", lowest=0, what="reminder days"),
            reverse=True,
        )
    if "check_in_days" in changes:
        clean["check_in_days"] = _days(
            changes["check_in_days"], "check_in_days", lowest=1, what="check-in days"
        )
    if "needs_approval" in changes:
        clean["needs_approval"] = bool(changes["needs_approval"])
    if "check_rules" in changes:
        rules = changes["check_rules"]
        if not isinstance(rules, dict) or set(rules) - set(Check.values):
            raise ActionRefused("Choose a rule for each check from the list.", field="check_rules")
        if any(v not in Rule.values for v in rules.values()):
            raise ActionRefused("Choose a rule for each check from the list.", field="check_rules")
        clean["check_rules"] = {str(k): str(v) for k, v in rules.items()}
    if "celebration_ideas" in changes:
        ideas: list[str] = []
        for idea in changes["celebration_ideas"]:
            idea = str(idea).strip()
            if not idea or idea in ideas:
                continue
            if len(idea) > MAX_IDEA:
                raise ActionRefused(
                    f"Keep each celebration idea under {MAX_IDEA} characters.",
                    field="celebration_ideas",
                )
            bounds.check_text(idea)
            ideas.append(idea)
        if len(ideas) > MAX_IDEAS:
            raise ActionRefused(
                f"Give at most {MAX_IDEAS} celebration ideas.", field="celebration_ideas"
            )
        clean["celebration_ideas"] = ideas
    return clean


@transaction.atomic
def update_closure_settings(
    *, by: Any, program: Program, changes: dict[str, Any], expected_version: int | None = None
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
        titles=TITLES,
        clean=lambda: _clean_settings(changes),
    )


def _audit(by: Any, action: str, kind: str, object_id: Any, program: Program, changes: Any) -> None:
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
        raise ActionRefused("Write the reason in a few words.", field="label")
    if len(label) > MAX_LABEL:
        raise ActionRefused(f"Keep the reason under {MAX_LABEL} characters.", field="label")
    bounds.check_text(label)
    check_codes(destination, completion)
    same = ClosureReason.objects.filter(program=program, label__iexact=label)
    if reason is not None:
        same = same.exclude(pk=reason.pk)
    if same.exists():
        raise ActionRefused("The program already has a reason with these words.", field="label")
    return label


@transaction.atomic
def add_closure_reason(
    *,
    by: Any,
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
    by: Any,
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
def set_closure_reason_active(*, by: Any, reason: ClosureReason, active: bool) -> ClosureReason:
    """Retire a reason (no longer offered; closures made with it keep it) or offer it
    again. The last reason offered stays."""
    _check_manager(by, reason.program_id)
    current = ClosureReason.objects.select_for_update().select_related("program").get(pk=reason.pk)
    if current.active == active:
        return current
    if not active:
        others = ClosureReason.objects.filter(program_id=current.program_id, active=True)
        if not others.exclude(pk=current.pk).exists():
            raise ActionRefused("Keep at least one reason on the list.")
    current.active = active
    current.save(update_fields=["active"])
    _audit(by, "update", "closure_reason", current.pk, current.program, {"active": active})
    return current


@transaction.atomic
def move_closure_reason(*, by: Any, reason: ClosureReason, direction: str) -> ClosureReason:
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
        raise ActionRefused("That reason cannot move that way.")
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        item.position = position
    ClosureReason.objects.bulk_update(siblings, ["position"])
    moved = siblings[other]
    program = Program.objects.get(pk=reason.program_id)
    _audit(by, "update", "closure_reason", moved.pk, program, {"moved": direction})
    return moved
