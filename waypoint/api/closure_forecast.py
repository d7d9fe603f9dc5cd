"""/api/v1/ for an enrollment's transition date (the forecast) and its exit interview:
the same funnel, actions and audit as the pages.

Reads and writes go through ``enrollment_for`` (404 for anyone who may not know the
enrollment; the read is audited). A stale ``version`` answers 409 with what changed.
Answers to the program's private exit questions come back only to roles the program
lets read sensitive details.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import Field

from waypoint.accounts.queries import access_for
from waypoint.api.assessments import Refusal
from waypoint.api.inputs import AheadMoment
from waypoint.closure import actions
from waypoint.closure.actions.forecast import short_notice
from waypoint.closure.models import ExitInterview, Forecast
from waypoint.closure.queries import this_cycle
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.queries import enrollment_for
from waypoint.http import AuthedRequest
from waypoint.notes.models import Method, Place

if TYPE_CHECKING:
    from waypoint.accounts.models import User

router = Router(tags=["endings: transition date and exit interview"])


class ForecastOut(Schema):
    id: uuid.UUID | None = Field(description="Null when no transition date is set.")
    enrollment_id: uuid.UUID
    transition_on: date | None
    days_left: int | None = Field(description="Days from today (negative once passed).")
    short_notice: bool = Field(description="Closer than the program's notice weeks.")
    discussed_on: date | None
    discussed_how: str
    set_by_id: int | None
    set_at: datetime | None
    version: int = Field(description="0 when none is set; send it back to change it.")


class ForecastPatch(Schema):
    version: int = Field(description="The version you read (0 when none was set).")
    transition_on: date | None = Field(description="Null clears the transition date.")
    discussed_on: date | None = None
    discussed_how: str = Field("", max_length=500)


class InterviewOut(Schema):
    id: uuid.UUID | None = Field(description="Null when there is no exit interview yet.")
    enrollment_id: uuid.UUID
    status: str = Field(description="none, scheduled, held or declined.")
    appointment_id: uuid.UUID | None
    starts_at: datetime | None
    held_on: date | None
    helped: str
    better: str
    next_feelings: str
    satisfaction: int | None = Field(description="1 (not at all) to 5 (completely).")
    questions: list[dict[str, Any]] = Field(
        description="The program's exit questions as asked (key, label, kind, choices)."
    )
    answers: dict[str, Any]
    held_back: int = Field(description="Answers to private questions your role may not read.")
    declined_words: str
    version: int = Field(description="0 when there is none; send it back to record.")


class ScheduleIn(Schema):
    starts_at: AheadMoment = Field(description="When it starts, with its time zone.")
    minutes: int = Field(60, description="5 to 720.")
    method: str = Field(Method.IN_PERSON.value, max_length=20, description="How they meet.")
    place: str = Field("", max_length=20, description=", ".join(Place.values) + " or empty.")
    place_detail: str = Field("", max_length=200, description="It goes in the invitation.")
    purpose: str = Field("Exit interview", max_length=300)
    others: str = Field("", max_length=300)
    invite: bool = Field(False, description="Email them a calendar invitation (.ics).")
    creation_key: uuid.UUID | None = None


class RecordIn(Schema):
    outcome: Literal["held", "declined"]
    version: int = Field(description="The version you read (0 when there was none).")
    held_on: date | None = None
    helped: str = Field("", max_length=2000)
    better: str = Field("", max_length=2000)
    next_feelings: str = Field("", max_length=2000)
    satisfaction: int | None = Field(None, ge=1, le=5)
    answers: dict[str, str | list[str]] = Field(
        default_factory=dict, description="Answers keyed by question key (q:<uuid>)."
    )
    declined_words: str = Field("", max_length=2000)
    creation_key: uuid.UUID | None = None


def forecast_out(enrollment: Enrollment) -> dict[str, Any]:
    from django.utils import timezone

    forecast = this_cycle(Forecast, enrollment).first()
    today = timezone.localdate()
    rules = actions.settings_of(enrollment.program)
    on = forecast.transition_on if forecast else None
    return {
        "id": forecast.public_id if forecast else None,
        "enrollment_id": enrollment.public_id,
        "transition_on": on,
        "days_left": (on - today).days if on else None,
        "short_notice": short_notice(on, rules, today),
        "discussed_on": forecast.discussed_on if forecast else None,
        "discussed_how": forecast.discussed_how if forecast else "",
        "set_by_id": forecast.set_by_id if forecast else None,
        "set_at": forecast.set_at if forecast else None,
        "version": forecast.version if forecast else 0,
    }


def interview_out(user: User, enrollment: Enrollment) -> dict[str, Any]:
    interview = this_cycle(ExitInterview, enrollment).select_related("appointment").first()
    sees_private = access_for(user).sees_sensitive(enrollment.program)
    if interview is None:
        questions = actions.exit_questions(enrollment.program)
        return {
            "id": None,
            "enrollment_id": enrollment.public_id,
            "status": "none",
            "appointment_id": None,
            "starts_at": None,
            "held_on": None,
            "helped": "",
            "better": "",
            "next_feelings": "",
            "satisfaction": None,
            "questions": [q for q in questions if sees_private or not q.get("sensitive")],
            "answers": {},
            "held_back": 0,
            "declined_words": "",
            "version": 0,
        }
    asked = interview.questions or actions.exit_questions(enrollment.program)
    private = {q["key"] for q in asked if q.get("sensitive")} if not sees_private else set()
    appointment = interview.appointment
    return {
        "id": interview.public_id,
        "enrollment_id": enrollment.public_id,
        "status": interview.status,
        "appointment_id": appointment.public_id if appointment else None,
        "starts_at": appointment.starts_at if appointment else None,
        "held_on": interview.held_on,
        "helped": interview.helped,
        "better": interview.better,
        "next_feelings": interview.next_feelings,
        "satisfaction": interview.satisfaction,
        "questions": [q for q in asked if q["key"] not in private],
        "answers": {k: v for k, v in interview.answers.items() if k not in private},
        "held_back": len([k for k in interview.answers if k in private]),
        "declined_words": interview.declined_words,
        "version": interview.version,
    }


@router.get(
    "/enrollments/{public_id}/forecast",
    response=ForecastOut,
    url_name="forecast_read",
    summary="The planned transition date and when it was discussed with them",
)
def forecast_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return forecast_out(enrollment_for(request.user, public_id))


@router.patch(
    "/enrollments/{public_id}/forecast",
    response={200: ForecastOut, 400: Refusal, 409: Refusal},
    url_name="forecast_update",
    summary="Set, change or clear the transition date; send the version you read",
)
def forecast_update(request: AuthedRequest, public_id: uuid.UUID, body: ForecastPatch) -> Any:
    enrollment = enrollment_for(request.user, public_id, write=True)
    if body.transition_on is None:
        actions.clear_forecast(
            by=request.user, enrollment=enrollment, expected_version=body.version
        )
    else:
        actions.set_forecast(
            by=request.user,
            enrollment=enrollment,
            transition_on=body.transition_on,
            discussed_on=body.discussed_on,
            discussed_how=body.discussed_how,
            expected_version=body.version,
        )
    return forecast_out(enrollment)


@router.get(
    "/enrollments/{public_id}/exit-interview",
    response=InterviewOut,
    url_name="exit_interview_read",
    summary="The exit interview of the current ending: scheduled, held or declined",
)
def exit_interview_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    enrollment = enrollment_for(request.user, public_id)
    return interview_out(request.user, enrollment)


@router.post(
    "/enrollments/{public_id}/exit-interview",
    response={201: InterviewOut, 400: Refusal, 409: Refusal},
    url_name="exit_interview_schedule",
    summary="Schedule the exit interview as an appointment (with invite, a .ics email)",
)
def exit_interview_schedule(
    request: AuthedRequest, public_id: uuid.UUID, body: ScheduleIn
) -> Reply[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    data = body.dict(
        include={"starts_at", "minutes", "method", "place", "place_detail", "purpose", "others"}
    )
    actions.schedule_interview(
        by=request.user,
        enrollment=enrollment,
        data=data,
        invite=body.invite,
        creation_key=body.creation_key,
    )
    return Reply(201, interview_out(request.user, enrollment))


@router.post(
    "/enrollments/{public_id}/exit-interview/record",
    response={200: InterviewOut, 400: Refusal, 409: Refusal},
    url_name="exit_interview_record",
    summary="Record the exit interview held (in their words) or declined",
)
def exit_interview_record(request: AuthedRequest, public_id: uuid.UUID, body: RecordIn) -> Any:
    enrollment = enrollment_for(request.user, public_id, write=True)
    actions.record_interview(
        by=request.user,
        enrollment=enrollment,
        record=actions.Record(
            held=body.outcome == "held",
            held_on=body.held_on,
            helped=body.helped,
            better=body.better,
            next_feelings=body.next_feelings,
            satisfaction=body.satisfaction,
            answers=dict(body.answers),
            declined_words=body.declined_words,
        ),
        expected_version=body.version,
        creation_key=body.creation_key,
    )
    return interview_out(request.user, enrollment)
