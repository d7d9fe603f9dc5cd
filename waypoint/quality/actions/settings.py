"""A program's file-review settings (with its data-quality goals) and checklist: changed
by its managers, each change
audited. Reviews keep each item's words as they were answered, so editing or retiring an
item never rewrites a past review; an item is never deleted."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from waypoint import bounds
from waypoint.accounts.models import Program
from waypoint.errors import ActionRefused
from waypoint.quality.actions._common import (
    audit_program,
    check_manager,
    install_default_items,
    settings_for,
)
from waypoint.quality.models import ChecklistItem, Pick, QualitySettings
from waypoint.toolkit import save_program_settings

MAX_LABEL = 300
MAX_HELP = 500
TITLES = {
    "reviews_per_navigator": "files a month",
    "plan_review_days": "plan review window",
    "picks": "rules that pick files",
    "attempts_in_row": "tries in a row",
    "high_need_count": "open needs",
    "completeness_goal": "data-quality goal",
    "late_from_days": "late records line",
}
LIMITS = {
    "reviews_per_navigator": (0, 20, "files a month per navigator"),
    "plan_review_days": (7, 730, "days between plan reviews"),
    "attempts_in_row": (2, 20, "tries in a row"),
    "high_need_count": (1, 50, "open needs"),
    "completeness_goal": (50, 100, "completeness goal"),
    "late_from_days": (1, 30, "days after which a record is late"),
}


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, (low, high, what) in LIMITS.items():
        if name not in changes:
            continue
        try:
            value = int(changes[name])
        except (TypeError, ValueError):
            raise ActionRefused(f"Give the {what} as a whole number.", field=name) from None
        if not low <= value <= high:
            raise ActionRefused(f"The {what} must be from {low} to {high}.", field=name)
        clean[name] = value
    if "picks" in changes:
        picks = [str(p) for p in changes["picks"] or []]
        if any(p not in Pick.values for p in picks):
            raise ActionRefused("Choose the rules from the list.", field="picks")
        clean["picks"] = [p for p in Pick.values if p in picks]
    return clean


@transaction.atomic
def update_quality_settings(
    *, by: Any, program: Program, changes: dict[str, Any], expected_version: int | None = None
) -> QualitySettings:
    """Change a program's file-review settings. A save from a page opened before someone
    else's save is refused, naming what they changed."""
    check_manager(by, program.pk)
    settings_for(program)
    current = QualitySettings.objects.select_for_update().get(program=program)
    return save_program_settings(
        by,
        current,
        kind="quality_settings",
        program=program,
        expected_version=expected_version,
        titles=TITLES,
        clean=lambda: _clean(changes),
    )


def _clean_item(
    program: Program, item: ChecklistItem | None, label: str, help_text: str
) -> tuple[str, str]:
    label = " ".join((label or "").split())
    help_text = " ".join((help_text or "").split())
    if not label:
        raise ActionRefused("Write the item in a few words.", field="label")
    if len(label) > MAX_LABEL:
        raise ActionRefused(f"Keep the item under {MAX_LABEL} characters.", field="label")
    if len(help_text) > MAX_HELP:
        raise ActionRefused(f"Keep the guidance under {MAX_HELP} characters.", field="help_text")
    bounds.check_text(label)
    bounds.check_text(help_text)
    same = ChecklistItem.objects.filter(program=program, label__iexact=label)
    if item is not None:
        same = same.exclude(pk=item.pk)
    if same.exists():
        raise ActionRefused("The checklist already has an item with these words.", field="label")
    return label, help_text


@transaction.atomic
def add_checklist_item(
    *, by: Any, program: Program, label: str, help_text: str = ""
) -> ChecklistItem:
    """Add an item at the end of the program's checklist (after the defaults)."""
    check_manager(by, program.pk)
    Program.objects.select_for_update().filter(pk=program.pk).first()
    install_default_items(program)
    label, help_text = _clean_item(program, None, label, help_text)
    top = ChecklistItem.objects.filter(program=program).aggregate(p=Max("position"))["p"]
    item = ChecklistItem.objects.create(
        program=program, label=label, help_text=help_text, position=(top or 0) + 1
    )
    audit_program(by, "create", "checklist_item", item.pk, program, {"label": label})
    return item


@transaction.atomic
def keep_default_checklist(*, by: Any, program: Program) -> int:
    """Save the default items as the program's own, so they can be edited."""
    check_manager(by, program.pk)
    Program.objects.select_for_update().filter(pk=program.pk).first()
    made = install_default_items(program)
    if made:
        audit_program(by, "create", "checklist", program.pk, program, {"defaults": made})
    return made


@transaction.atomic
def update_checklist_item(
    *, by: Any, item: ChecklistItem, label: str, help_text: str = ""
) -> ChecklistItem:
    """Change an item's words. Reviews already answered keep their own copy."""
    check_manager(by, item.program_id)
    current = ChecklistItem.objects.select_for_update().select_related("program").get(pk=item.pk)
    label, help_text = _clean_item(current.program, current, label, help_text)
    changed = {
        k: v
        for k, v in {"label": label, "help_text": help_text}.items()
        if getattr(current, k) != v
    }
    if changed:
        for k, v in changed.items():
            setattr(current, k, v)
        current.save(update_fields=list(changed))
        audit_program(by, "update", "checklist_item", current.pk, current.program, changed)
    return current


@transaction.atomic
def move_checklist_item(*, by: Any, item: ChecklistItem, up: bool) -> ChecklistItem:
    """Swap an item with the one above (or below) it."""
    check_manager(by, item.program_id)
    items = list(
        ChecklistItem.objects.select_for_update()
        .filter(program_id=item.program_id)
        .select_related("program")
        .order_by("position", "pk")
    )
    index = next(n for n, i in enumerate(items) if i.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return items[index]
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    moved = items[other]
    audit_program(
        by, "update", "checklist_item", moved.pk, moved.program, {"position": moved.position}
    )
    return moved


@transaction.atomic
def set_checklist_item_active(*, by: Any, item: ChecklistItem, active: bool) -> ChecklistItem:
    """Retire an item (it stays on the reviews that answered it) or bring it back."""
    check_manager(by, item.program_id)
    current = ChecklistItem.objects.select_for_update().select_related("program").get(pk=item.pk)
    if current.active != active:
        current.active = active
        current.save(update_fields=["active"])
        audit_program(
            by, "update", "checklist_item", current.pk, current.program, {"active": active}
        )
    return current
