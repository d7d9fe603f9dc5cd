"""What every approval action shares: the program's settings, the lock on an approval,
its steps and its audit event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from waypoint.accounts.models import Program
from waypoint.approvals.models import Approval, ApprovalSettings, ApprovalStep
from waypoint.toolkit import audit, program_settings_for, program_settings_of

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_REASON = 1000
MAX_COMMENT = 2000


def settings_of(program: Program) -> ApprovalSettings:
    """The program's approval settings for reading (defaults unsaved: reading never writes)."""
    return program_settings_of(ApprovalSettings, program)


def settings_for(program: Program) -> ApprovalSettings:
    """The program's approval settings to change, made with the defaults the first time."""
    return program_settings_for(ApprovalSettings, program)


def asks(program: Program, kind: str) -> bool:
    """Whether the program asks a supervisor to approve this kind."""
    return settings_of(program).asks(kind)


def lock(approval: Approval) -> Approval:
    """The approval, locked for the rest of the transaction, with what its pages name."""
    return (
        Approval.objects.select_for_update(of=("self",))
        .select_related("program", "enrollment", "requested_by", "decided_by")
        .get(pk=approval.pk)
    )


def step(approval: Approval, kind: str, by: User, comment: str = "") -> ApprovalStep:
    return ApprovalStep.objects.create(
        approval=approval, kind=kind, by=by, at=timezone.now(), comment=comment
    )


def audit_approval(by: User, action: str, approval: Approval, changes: dict[str, Any]) -> None:
    audit(
        by,
        action,
        "approval",
        approval.public_id,
        participant_id=approval.enrollment.participant_id,
        organization_id=approval.organization_id,
        program_id=approval.program_id,
        changes={"kind": approval.kind, "version": approval.version, **changes},
    )
