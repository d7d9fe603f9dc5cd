"""A program's approval settings: changed by its managers, each change audited; a save
from a page opened before someone else's is refused, naming what they changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.approvals.actions._common import settings_for
from waypoint.approvals.models import SETTING_KINDS, ApprovalSettings
from waypoint.errors import ActionRefused
from waypoint.toolkit import save_program_settings

if TYPE_CHECKING:
    from waypoint.accounts.models import User

TITLES = {str(k.value): k.label for k in SETTING_KINDS}


def _titles() -> dict[str, str]:
    """What each setting is called, in the language of the page that saves."""
    return {key: str(label).lower() for key, label in TITLES.items()}


@transaction.atomic
def update_approval_settings(
    *, by: User, program: Program, changes: dict[str, Any], expected_version: int | None = None
) -> ApprovalSettings:
    """Choose which kinds need a supervisor's approval in the program."""
    if not access_for(by).can_manage(program.pk):
        raise ActionRefused(_("Only the program's managers can change what needs approval."))
    settings_for(program)
    current = ApprovalSettings.objects.select_for_update().get(program=program)
    return save_program_settings(
        by,
        current,
        kind="approval_settings",
        program=program,
        expected_version=expected_version,
        titles=_titles(),
        clean=lambda: {k: bool(v) for k, v in changes.items() if k in TITLES},
    )
