"""A program's file-review settings (with its data-quality goals) and checklist: changed
by its managers, each change
audited. Reviews keep each item's words as they were answered, so editing or retiring an
item never rewrites a past review; an item is never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from waypoint.accounts.models import User

MAX_LABEL = 300
MAX_HELP = 500
TITLES: dict[str, StrOrPromise] = {
    "reviews_per_navigator": gettext_lazy("files a month"),
    "plan_review_days": gettext_lazy("plan review window"),
    "picks": gettext_lazy("rules that pick files"),
    "attempts_in_row": gettext_lazy("tries in a row"),
    "high_need_count": gettext_lazy("open needs"),
    "completeness_goal": gettext_lazy("data-quality goal"),
    "late_from_days": gettext_lazy("late records line"),
}
# Each number's bounds.
LIMITS = {
    "reviews_per_navigator": (0, 20),
    "plan_review_days": (7, 730),
    "attempts_in_row": (2, 20),
    "high_need_count": (1, 50),
    "completeness_goal": (50, 100),
    "late_from_days": (1, 30),
}


@dataclass(frozen=True)
class NumberWords:
    """What is said of a number left out, not whole, or out of bounds (with %(low)s and
    %(high)s): whole sentences, so each language words them its own way."""

    missing: StrOrPromise
    not_whole: StrOrPromise
    out_of_bounds: StrOrPromise


NUMBER_WORDS = {
    "reviews_per_navigator": NumberWords(
        gettext_lazy("Give the files a month per navigator."),
        gettext_lazy("Give the files a month per navigator as a whole number."),
        gettext_lazy("The files a month per navigator must be from %(low)s to %(high)s."),
    ),
    "plan_review_days": NumberWords(
        gettext_lazy("Give the days between plan reviews."),
        gettext_lazy("Give the days between plan reviews as a whole number."),
        gettext_lazy("The days between plan reviews must be from %(low)s to %(high)s."),
    ),
    "attempts_in_row": NumberWords(
        gettext_lazy("Give the tries in a row."),
        gettext_lazy("Give the tries in a row as a whole number."),
        gettext_lazy("The tries in a row must be from %(low)s to %(high)s."),
    ),
    "high_need_count": NumberWords(
        gettext_lazy("Give the open needs."),
        gettext_lazy("Give the open needs as a whole number."),
        gettext_lazy("The open needs must be from %(low)s to %(high)s."),
    ),
    "completeness_goal": NumberWords(
        gettext_lazy("Give the completeness goal."),
        gettext_lazy("Give the completeness goal as a whole number."),
        gettext_lazy("The completeness goal must be from %(low)s to %(high)s."),
    ),
    "late_from_days": NumberWords(
        gettext_lazy("Give the days after which a record is late."),
        gettext_lazy("Give the days after which a record is late as a whole number."),
        gettext_lazy("The days after which a record is late must be from %(low)s to %(high)s."),
    ),
}


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, (low, high) in LIMITS.items():
        if name not in changes:
            continue
        words = NUMBER_WORDS[name]
        try:
            value = int(changes[name])
        except (TypeError, ValueError):
            raise ActionRefused(str(words.not_whole), field=name) from None
        if not low <= value <= high:
            raise ActionRefused(str(words.out_of_bounds) % {"low": low, "high": high}, field=name)
        clean[name] = value
    if "picks" in changes:
        picks = [str(p) for p in changes["picks"] or []]
        if any(p not in Pick.values for p in picks):
            raise ActionRefused(_("Choose the rules from the list."), field="picks")
        clean["picks"] = [p for p in Pick.values if p in picks]
    return clean


@transaction.atomic
def update_quality_settings(
    *, by: User, program: Program, changes: dict[str, Any], expected_version: int | None = None
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
        titles={key: str(title) for key, title in TITLES.items()},
        clean=lambda: _clean(changes),
    )


def _clean_item(
    program: Program, item: ChecklistItem | None, label: str, help_text: str
) -> tuple[str, str]:
    label = " ".join((label or "").split())
    help_text = " ".join((help_text or "").split())
    if not label:
        raise ActionRefused(_("Write the item in a few words."), field="label")
    if len(label) > MAX_LABEL:
        raise ActionRefused(
            _("Keep the item under %(limit)s characters.") % {"limit": MAX_LABEL}, field="label"
        )
    if len(help_text) > MAX_HELP:
        raise ActionRefused(
            _("Keep the guidance under %(limit)s characters.") % {"limit": MAX_HELP},
            field="help_text",
        )
    bounds.check_text(label)
    bounds.check_text(help_text)
    same = ChecklistItem.objects.filter(program=program, label__iexact=label)
    if item is not None:
        same = same.exclude(pk=item.pk)
    if same.exists():
        raise ActionRefused(_("The checklist already has an item with these words."), field="label")
    return label, help_text


@transaction.atomic
def add_checklist_item(
    *, by: User, program: Program, label: str, help_text: str = ""
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
def keep_default_checklist(*, by: User, program: Program) -> int:
    """Save the default items as the program's own, so they can be edited."""
    check_manager(by, program.pk)
    Program.objects.select_for_update().filter(pk=program.pk).first()
    made = install_default_items(program)
    if made:
        audit_program(by, "create", "checklist", program.pk, program, {"defaults": made})
    return made


@transaction.atomic
def update_checklist_item(
    *, by: User, item: ChecklistItem, label: str, help_text: str = ""
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
def move_checklist_item(*, by: User, item: ChecklistItem, up: bool) -> ChecklistItem:
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
def set_checklist_item_active(*, by: User, item: ChecklistItem, active: bool) -> ChecklistItem:
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
