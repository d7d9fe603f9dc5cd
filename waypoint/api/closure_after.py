"""/api/v1/ for the check-ins after the exit: an enrollment's check-ins, and recording one
(reached with how things are, or a try). The same funnels, actions and audit as the
pages: 404 for anyone who may not know the enrollment, 409 for a stale version."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from ninja import Router, Schema
from pydantic import AwareDatetime, Field

from waypoint.api.assessments import Refusal
from waypoint.closure import actions
from waypoint.closure.models import CheckIn
from waypoint.closure.queries import check_in_for
from waypoint.enrollments.queries import enrollment_for
from waypoint.http import AuthedRequest
from waypoint.notes.models import Contact, Method

router = Router(tags=["check-ins after the exit"])


def _choices(options: Any) -> str:
    return "One of: " + ", ".join(str(v) for v in options.values) + "."


class CheckInOut(Schema):
    id: uuid.UUID
    enrollment_id: uuid.UUID
    cycle: int = Field(description="Which ending of the enrollment (reopening starts another).")
    days_after: int = Field(description="Days after the exit it falls due.")
    due_on: date
    status: str = Field(description=_choices(CheckIn.Status))
    attempts: int = Field(description="Tries so far, the one that reached them included.")
    outcomes: list[str] = Field(description=_choices(CheckIn.Outcome))
    stable: bool = Field(
        description="Reached, working, housed or in school or training, and not asking for "
        "help again."
    )
    words: str = Field(description="Their words when reached; the reason when closed.")
    contact_id: uuid.UUID | None = Field(description="The last contact logged for it.")
    owner_id: int | None
    done_by_id: int | None
    done_at: datetime | None
    version: int


class RecordCheckInIn(Schema):
    reached: bool = Field(description="True if you reached them; false for a try.")
    method: str = Field(max_length=20, description=_choices(Method))
    happened_at: AwareDatetime = Field(
        description="When, with its time zone: after the exit, not in the future."
    )
    outcomes: list[str] = Field(
        [], max_length=4, description="When reached: " + _choices(CheckIn.Outcome)
    )
    words: str = Field("", max_length=500, description="Their words, up to 500 characters.")
    attempt_result: str = Field(
        "", max_length=20, description="For a try: " + _choices(Contact.AttemptResult)
    )
    version: int = Field(description="The version you read.")
    creation_key: uuid.UUID | None = Field(
        None, description="Send the same key again to record it once, not twice."
    )


def check_in_out(c: CheckIn, enrollment_public_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": c.public_id,
        "enrollment_id": enrollment_public_id,
        "cycle": c.cycle,
        "days_after": c.days_after,
        "due_on": c.due_on,
        "status": c.status,
        "attempts": c.attempts,
        "outcomes": list(c.outcomes),
        "stable": c.stable,
        "words": c.words,
        "contact_id": c.contact.public_id if c.contact else None,
        "owner_id": c.owner_id,
        "done_by_id": c.done_by_id,
        "done_at": c.done_at,
        "version": c.version,
    }


@router.get(
    "/enrollments/{public_id}/check-ins",
    response=list[CheckInOut],
    url_name="check_in_list",
    summary="An enrollment's check-ins after the exit, every ending's, by due date",
)
def check_in_list(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    found = (
        CheckIn.objects.filter(enrollment=enrollment)
        .select_related("contact")
        .order_by("due_on", "pk")
    )
    return [check_in_out(c, enrollment.public_id) for c in found]


@router.post(
    "/check-ins/{public_id}",
    response={200: CheckInOut, 400: Refusal, 409: Refusal},
    url_name="check_in_record",
    summary="Record a check-in: reached (with how things are) or a try",
)
def check_in_record(
    request: AuthedRequest, public_id: uuid.UUID, body: RecordCheckInIn
) -> dict[str, Any]:
    check_in = check_in_for(request.user, public_id, write=True)
    done = actions.record_check_in(
        by=request.user,
        check_in=check_in,
        reached=body.reached,
        method=body.method,
        happened_at=body.happened_at,
        outcomes=body.outcomes,
        words=body.words,
        attempt_result=body.attempt_result,
        expected_version=body.version,
        creation_key=body.creation_key,
    )
    saved = CheckIn.objects.select_related("contact").get(pk=done.pk)
    return check_in_out(saved, check_in.enrollment.public_id)
