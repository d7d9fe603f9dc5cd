"""What every file-review action shares: the program's settings and checklist, the
checks of who may do what, and the audit event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.errors import ActionRefused
from waypoint.quality.models import ChecklistItem, QualitySettings
from waypoint.toolkit import audit, program_settings_for, program_settings_of

if TYPE_CHECKING:
    from waypoint.accounts.models import User

# The judgement items every program starts with: (label, help text).
DEFAULT_ITEMS: tuple[tuple[str, str], ...] = (
    (
        "Strengths are used in the plan",
        "The goals and steps build on what the participant brings.",
    ),
    (
        "Goals are in the participant's own words",
        "The plan reads as theirs, not as ours.",
    ),
    (
        "Notes use strengths-based, person-first language",
        "No labels or judgements; facts and their words.",
    ),
)


def settings_of(program: Program) -> QualitySettings:
    """The program's file-review settings for reading (defaults unsaved: reading never writes)."""
    return program_settings_of(QualitySettings, program)


def settings_for(program: Program) -> QualitySettings:
    """The program's file-review settings to change, made with the defaults the first time."""
    return program_settings_for(QualitySettings, program)


def checklist_of(program: Program, *, active_only: bool = True) -> list[ChecklistItem]:
    """The program's checklist for reading: its saved items, or the default items unsaved
    when it has none yet (reading never writes)."""
    found = list(ChecklistItem.objects.filter(program=program).order_by("position", "pk"))
    if not found:
        return [
            ChecklistItem(program=program, label=label, help_text=words, position=n)
            for n, (label, words) in enumerate(DEFAULT_ITEMS, start=1)
        ]
    return [i for i in found if i.active or not active_only]


def install_default_items(program: Program) -> int:
    """Give a program the default checklist when it has none (idempotent)."""
    if ChecklistItem.objects.filter(program=program).exists():
        return 0
    made = ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(program=program, label=label, help_text=words, position=n)
            for n, (label, words) in enumerate(DEFAULT_ITEMS, start=1)
        ],
        ignore_conflicts=True,
    )
    return len(made)


def check_manager(by: User, program_id: int) -> None:
    if not access_for(by).can_manage(program_id):
        raise ActionRefused(_("Only the program's managers can change how file reviews work."))


def check_supervisor(by: User, program_id: int) -> None:
    if not access_for(by).can_supervise(program_id):
        raise ActionRefused(_("Only the program's supervisors can review files."))


def audit_program(
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
