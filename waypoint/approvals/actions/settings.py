"""A program's approval settings: changed by its managers, each change audited; a save
from a page opened before someone else's is refused, naming what they changed."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.approvals.actions._common import settings_for
from waypoint.approvals.models import SETTING_KINDS, ApprovalSettings
from waypoint.errors import ActionRefused
from waypoint.toolkit import audit, changed_since

TITLES = {str(k.value): str(k.label).lower() for k in SETTING_KINDS}


@transaction.atomic
def update_approval_settings(
    *, by: Any, program: Program, changes: dict[str, Any], expected_version: int | None = None
) -> ApprovalSettings:
    """Choose which kinds need a supervisor's approval in the program."""
    if not access_for(by).can_manage(program.pk):
        raise ActionRefused("Only the program's managers can change what needs approval.")
    settings_for(program)
    current = ApprovalSettings.objects.select_for_update().get(program=program)
    if expected_version is not None and current.version != expected_version:
        raise changed_since(
            "approval_settings",
            current.pk,
            expected_version,
            parts=lambda c: [k for k in c if k in TITLES],
            titles=TITLES,
            by=by,
        ).refusal()
    clean = {k: bool(v) for k, v in changes.items() if k in TITLES}
    changed = {k: v for k, v in clean.items() if getattr(current, k) != v}
    if not changed:
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    current.version += 1
    current.save(update_fields=[*changed, "version"])
    audit(
        by,
        "update",
        "approval_settings",
        current.pk,
        participant_id=None,
        organization_id=program.organization_id,
        program_id=program.pk,
        changes={**changed, "version": current.version},
    )
    return current
