"""The URL kwargs of this app's routes for the generated permission tests, and a pending
approval to point them at (also built in the program-walls test's world)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from waypoint.approvals.models import Approval, ApprovalStep

APPROVAL_ROUTES = {"approval_detail", "approval_approve", "approval_return", "approval_withdraw"}


def pending_approval(enrollment: Any, by: Any, navigator: Any = None, reason: str = "") -> Approval:
    """A request by ``by`` to assign ``enrollment`` beyond the cap, waiting for a decision
    (made directly, as a page test needs it)."""
    found = Approval.objects.filter(enrollment=enrollment, status=Approval.Status.PENDING).first()
    if found is not None:
        return found
    approval = Approval.objects.create(
        organization_id=enrollment.organization_id,
        program_id=enrollment.program_id,
        enrollment=enrollment,
        kind="caseload",
        subject_id=enrollment.pk,
        reason=reason or "Knows them from the last program.",
        details={"navigator": (navigator or by).pk},
        requested_by=by,
        requested_at=timezone.now(),
    )
    ApprovalStep.objects.create(
        approval=approval, kind="requested", by=by, at=approval.requested_at
    )
    return approval


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for one of this app's routes, or None when ``route`` is not one."""
    if route in APPROVAL_ROUTES:
        # Asked for by someone else, so a supervisor's decision reaches the action.
        asker = world.navigator2 if user == world.navigator else world.navigator
        return {"public_id": pending_approval(enrollment, asker).public_id}
    if route == "approval_settings":
        return {"pk": enrollment.program_id}
    return None
