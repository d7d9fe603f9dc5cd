"""/api/v1/ for closing an enrollment: its closures (with their history), asking to close
(or closing at once where no approval is needed; sending a returned one again), and the
supervisor's approval, return with a comment, or the requester's withdrawal.

The same funnels, actions and audit as the pages: ``enrollment_for`` and ``closure_for``
answer 404 for anyone who may not know the enrollment; a role that may not decide answers
404 from the permission matrix (a navigator approving) or 400 from the action (a
supervisor deciding on their own request); a stale ``version`` answers 409.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import Field

from waypoint.api.assessments import Refusal
from waypoint.api.inputs import PastDate
from waypoint.closure import actions
from waypoint.closure.hud import COMPLETION_LABELS, destination_label
from waypoint.closure.models import Closure, ClosureReason
from waypoint.closure.queries import closure_for
from waypoint.enrollments.queries import enrollment_for
from waypoint.http import AuthedRequest

router = Router(tags=["closure"])


class ClosureEventOut(Schema):
    kind: str = Field(description="requested, returned, approved, closed, withdrawn or reopened.")
    comment: str
    by_id: int | None
    by: str
    at: datetime


class ClosureOut(Schema):
    id: uuid.UUID
    enrollment_id: uuid.UUID
    cycle: int = Field(description="Which ending of the enrollment (reopening starts a new one).")
    status: str = Field(description="requested, returned, closed or withdrawn.")
    reason_id: int
    reason: str
    destination: int = Field(description="HUD 3.12 destination code.")
    destination_label: str
    completion: int | None = Field(description="HUD R17.1 project completion status.")
    completion_label: str
    exit_on: date
    note: str
    celebration: list[str]
    celebration_words: str
    checks: list[dict[str, Any]] = Field(description="The checks as they stood when sent.")
    requested_by_id: int | None
    requested_at: datetime
    decided_by_id: int | None
    decided_at: datetime | None
    closed_at: datetime | None
    reopened_at: datetime | None
    version: int
    events: list[ClosureEventOut]


class ClosureIn(Schema):
    reason_id: int = Field(description="One of the program's active closure reasons.")
    destination: int | None = Field(
        None, description="HUD 3.12 destination; the reason's usual one when left out."
    )
    completion: int | None = Field(
        None, description="HUD R17.1 completion; the reason's usual one when left out."
    )
    exit_on: PastDate = Field(description="Not before they started, not in the future.")
    note: str = Field(max_length=5000, description="The closing note (required).")
    celebration: list[str] = Field(
        default_factory=list, max_length=20, description="From the program's ideas."
    )
    celebration_words: str = Field("", max_length=2000)
    version: int | None = Field(None, description="The enrollment's version, if known.")
    creation_key: uuid.UUID | None = Field(None, description="A repeat makes one closure.")


class DecisionIn(Schema):
    comment: str = Field("", max_length=2000, description="Required to return a closure.")
    version: int = Field(description="The closure's version as read.")


def closure_out(closure: Closure) -> dict[str, Any]:
    events = sorted(closure.events.all(), key=lambda e: (e.at, e.pk))
    return {
        "id": closure.public_id,
        "enrollment_id": closure.enrollment.public_id,
        "cycle": closure.cycle,
        "status": closure.status,
        "reason_id": closure.reason_id,
        "reason": closure.reason_label,
        "destination": closure.destination,
        "destination_label": destination_label(closure.destination),
        "completion": closure.completion,
        "completion_label": COMPLETION_LABELS.get(closure.completion or 0, ""),
        "exit_on": closure.exit_on,
        "note": closure.note,
        "celebration": list(closure.celebration),
        "celebration_words": closure.celebration_words,
        "checks": [c for c in closure.checks if isinstance(c, dict)],
        "requested_by_id": closure.requested_by_id,
        "requested_at": closure.requested_at,
        "decided_by_id": closure.decided_by_id,
        "decided_at": closure.decided_at,
        "closed_at": closure.closed_at,
        "reopened_at": closure.reopened_at,
        "version": closure.version,
        "events": [
            {
                "kind": e.kind,
                "comment": e.comment,
                "by_id": e.by_id,
                "by": str(e.by) if e.by else "",
                "at": e.at,
            }
            for e in events
        ],
    }


@router.get(
    "/enrollments/{public_id}/closures",
    response=list[ClosureOut],
    url_name="enrollment_closures",
    summary="An enrollment's closures, newest first, each with its history",
)
def enrollment_closures(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    rows = (
        Closure.objects.filter(enrollment_id=enrollment.pk)
        .select_related("enrollment")
        .prefetch_related("events__by")
        .order_by("-requested_at", "-pk")[:100]
    )
    return [closure_out(c) for c in rows]


@router.post(
    "/enrollments/{public_id}/closures",
    response={200: ClosureOut, 201: ClosureOut, 400: Refusal, 409: Refusal},
    url_name="enrollment_closures",
    summary="Close an enrollment, ask a supervisor to approve it, or send a returned one again",
)
def enrollment_close(request: AuthedRequest, public_id: uuid.UUID, body: ClosureIn) -> Any:
    enrollment = enrollment_for(request.user, public_id, write=True)
    reason = ClosureReason.objects.filter(
        pk=body.reason_id, program_id=enrollment.program_id
    ).first()
    resent = set(
        Closure.objects.filter(
            enrollment_id=enrollment.pk, status=Closure.Status.RETURNED
        ).values_list("pk", flat=True)
    )
    destination, completion = body.destination, body.completion
    if reason is not None:
        destination = reason.destination if destination is None else destination
        completion = reason.completion if completion is None else completion
    closure = actions.request_closure(
        by=request.user,
        enrollment=enrollment,
        reason=reason,
        destination=destination,
        completion=completion,
        exit_on=body.exit_on,
        note=body.note,
        celebration=body.celebration,
        celebration_words=body.celebration_words,
        creation_key=body.creation_key,
        expected_version=body.version,
    )
    return Reply(200 if closure.pk in resent else 201, closure_out(closure))


@router.get(
    "/closures/{public_id}",
    response=ClosureOut,
    url_name="closure_read",
    summary="Read one closure with its history",
)
def closure_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return closure_out(closure_for(request.user, public_id))


@router.post(
    "/closures/{public_id}/approve",
    response={200: ClosureOut, 400: Refusal, 409: Refusal},
    url_name="closure_approve",
    summary="Approve a closure (a supervisor of the program, not the one who asked)",
)
def closure_approve(request: AuthedRequest, public_id: uuid.UUID, body: DecisionIn) -> Any:
    closure = closure_for(request.user, public_id, write=True)
    done = actions.approve_closure(
        by=request.user, closure=closure, comment=body.comment, expected_version=body.version
    )
    return closure_out(done)


@router.post(
    "/closures/{public_id}/return",
    response={200: ClosureOut, 400: Refusal, 409: Refusal},
    url_name="closure_return",
    summary="Return a closure with a comment saying what needs to change",
)
def closure_return(request: AuthedRequest, public_id: uuid.UUID, body: DecisionIn) -> Any:
    closure = closure_for(request.user, public_id, write=True)
    done = actions.return_closure(
        by=request.user, closure=closure, comment=body.comment, expected_version=body.version
    )
    return closure_out(done)


@router.post(
    "/closures/{public_id}/withdraw",
    response={200: ClosureOut, 400: Refusal, 409: Refusal},
    url_name="closure_withdraw",
    summary="Withdraw a pending closure: the enrollment stays open",
)
def closure_withdraw(request: AuthedRequest, public_id: uuid.UUID, body: DecisionIn) -> Any:
    closure = closure_for(request.user, public_id, write=True)
    done = actions.withdraw_closure(
        by=request.user, closure=closure, comment=body.comment, expected_version=body.version
    )
    return closure_out(done)
