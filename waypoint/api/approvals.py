"""/api/v1/ for approvals: the pending ones the caller oversees (oldest first, with their
age), one with its history, and a supervisor's approval or return with a comment.

The same funnels, actions and audit as the pages: ``approval_for`` answers 404 for
anyone who may not open the enrollment; a role that may not decide answers 404 from the
permission matrix, or 400 from the action (a supervisor deciding their own request); a
stale ``version`` or a decision already made answers 409.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from ninja import Router, Schema
from pydantic import Field

from waypoint.api.assessments import Refusal
from waypoint.approvals import actions, queries
from waypoint.approvals.models import Approval
from waypoint.http import AuthedRequest
from waypoint.participants.queries import record_listing

router = Router(tags=["approvals"])


class StepOut(Schema):
    kind: str = Field(description="requested, returned, asked_again, approved or withdrawn.")
    comment: str
    by_id: int
    by: str
    at: datetime


class ApprovalOut(Schema):
    id: uuid.UUID
    enrollment_id: uuid.UUID
    program_id: int
    kind: str = Field(description="plan, caseload or referral.")
    kind_label: str
    subject_id: int = Field(description="The plan version, enrollment or referral asked about.")
    status: str = Field(description="pending, approved, returned or withdrawn.")
    reason: str
    requested_by_id: int
    requested_at: datetime
    decided_by_id: int | None
    decided_at: datetime | None
    version: int
    days_waiting: int | None = Field(description="Whole days since asked, while pending.")
    steps: list[StepOut]


class DecisionIn(Schema):
    comment: str = Field("", max_length=2000, description="Required to return an approval.")
    version: int = Field(ge=0, le=2**31 - 1, description="The approval's version as read.")


def approval_out(approval: Approval, steps: list[Any] | None = None) -> dict[str, Any]:
    from django.utils import timezone

    if steps is None:
        steps = list(approval.steps.select_related("by").order_by("at", "pk"))
    return {
        "id": approval.public_id,
        "enrollment_id": approval.enrollment.public_id,
        "program_id": approval.program_id,
        "kind": approval.kind,
        "kind_label": approval.get_kind_display(),
        "subject_id": approval.subject_id,
        "status": approval.status,
        "reason": approval.reason,
        "requested_by_id": approval.requested_by_id,
        "requested_at": approval.requested_at,
        "decided_by_id": approval.decided_by_id,
        "decided_at": approval.decided_at,
        "version": approval.version,
        "days_waiting": queries.age(approval, timezone.localdate()) if approval.pending else None,
        "steps": [
            {"kind": s.kind, "comment": s.comment, "by_id": s.by_id, "by": str(s.by), "at": s.at}
            for s in steps
        ],
    }


@router.get(
    "/approvals",
    response=list[ApprovalOut],
    url_name="approvals_pending",
    summary="Approvals waiting in the programs the caller oversees, oldest first",
)
def approvals_pending(request: AuthedRequest) -> list[dict[str, Any]]:
    waiting, _total = queries.pending_for(request.user, limit=100)
    if waiting:
        record_listing(
            request.user, {w.participant.pk: w.participant for w in waiting}.values(), "list"
        )
    from waypoint.approvals.models import ApprovalStep

    by_approval: dict[int, list[Any]] = {}
    for s in (
        ApprovalStep.objects.filter(approval_id__in=[w.approval.pk for w in waiting])
        .select_related("by")
        .order_by("at", "pk")
    ):
        by_approval.setdefault(s.approval_id, []).append(s)
    return [approval_out(w.approval, by_approval.get(w.approval.pk, [])) for w in waiting]


@router.get(
    "/approvals/{public_id}",
    response=ApprovalOut,
    url_name="approval_read",
    summary="Read one approval with its history",
)
def approval_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return approval_out(queries.approval_for(request.user, public_id))


@router.post(
    "/approvals/{public_id}/approve",
    response={200: ApprovalOut, 400: Refusal, 409: Refusal},
    url_name="approval_approve",
    summary="Approve, doing what was asked (a supervisor of the program, not the one who asked)",
)
def approval_approve(request: AuthedRequest, public_id: uuid.UUID, body: DecisionIn) -> Any:
    approval = queries.approval_for(request.user, public_id, write=True)
    done = actions.approve(
        by=request.user, approval=approval, comment=body.comment, expected_version=body.version
    )
    return approval_out(done)


@router.post(
    "/approvals/{public_id}/return",
    response={200: ApprovalOut, 400: Refusal, 409: Refusal},
    url_name="approval_return",
    summary="Return with a comment saying what needs to change",
)
def approval_return(request: AuthedRequest, public_id: uuid.UUID, body: DecisionIn) -> Any:
    approval = queries.approval_for(request.user, public_id, write=True)
    done = actions.return_for_changes(
        by=request.user, approval=approval, comment=body.comment, expected_version=body.version
    )
    return approval_out(done)
