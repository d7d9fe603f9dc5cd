"""/api/v1/ for assessments and needs: the same funnels, actions and audit as the pages.

Reads go through ``assessment_for`` / ``enrollment_for`` (404 for anyone who may not
know the record; the read is audited) and ``section_views`` / ``need_views``, which
decide what is private to the person asking. Writes go through the actions.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import Field, field_validator

from waypoint.api.inputs import NeedStatus, Problem
from waypoint.assessments import actions
from waypoint.assessments.forms import MAX_ANSWER, question_field
from waypoint.assessments.models import Assessment, Domain, Need
from waypoint.assessments.queries import (
    Change,
    NeedView,
    assessment_for,
    assessments_of,
    changes_between,
    need_for,
    need_views,
    previous_complete,
    questions_of,
    section_views,
)
from waypoint.assessments.sections import BY_KEY, TEXT_FIELDS
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused
from waypoint.http import AuthedRequest

if TYPE_CHECKING:
    from waypoint.accounts.models import User

router = Router(tags=["assessments and needs"])

MAX_SUPPORTS = 50


Refusal = Problem  # why nothing was saved: ``field`` says where, ``changed`` what


# Schemas ---------------------------------------------------------------------------


class AssessmentSummary(Schema):
    id: uuid.UUID
    number: int
    kind: str
    status: str
    version: int
    started_at: datetime
    completed_on: date | None


class SectionOut(Schema):
    key: str
    title: str
    private: bool = Field(description="Only roles this program allows may read it: no answers.")
    declined: bool | None = Field(description="“Prefer not to say”; null when private.")
    by_participant: bool | None
    hidden_questions: int = Field(description="Private questions here that you may not read.")
    answers: dict[str, Any] | None


class ChangeOut(Schema):
    section: str
    label: str
    before: str
    after: str


class AssessmentOut(AssessmentSummary):
    declined: list[str]
    self_completed: list[str]
    sections: list[SectionOut]
    changes_since_previous: list[ChangeOut] | None


class SupportIn(Schema):
    who: str = Field("", max_length=200)
    kind: Literal["", "person", "organization"] = ""
    how: str = Field("", max_length=500)


AnswerValue = str | list[str] | list[SupportIn] | None


class AnswersIn(Schema):
    version: int
    sections: list[str] = Field(
        max_length=len(BY_KEY), description="The sections you send; their answers are replaced."
    )
    answers: dict[str, AnswerValue] = Field(default_factory=dict, max_length=200)
    declined: list[str] = Field(default_factory=list, max_length=len(BY_KEY))

    @field_validator("sections", "declined")
    @classmethod
    def known_sections(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(BY_KEY))
        if unknown:
            raise ValueError(f"Unknown sections: {', '.join(unknown)}.")
        return value

    @field_validator("answers")
    @classmethod
    def answer_shapes(cls, value: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
        for key, answer in value.items():
            if key == "supports":
                if answer is not None and not isinstance(answer, list):
                    raise ValueError("“supports” is a list of {who, kind, how}.")
                if answer and not all(isinstance(row, SupportIn) for row in answer):
                    raise ValueError("“supports” is a list of {who, kind, how}.")
                if answer and len(answer) > MAX_SUPPORTS:
                    raise ValueError(f"Keep “supports” to {MAX_SUPPORTS} rows.")
                continue
            if key not in TEXT_FIELDS and not key.startswith("q:"):
                raise ValueError(f"Unknown answer: “{key[:60]}”.")
            if isinstance(answer, list) and not all(isinstance(v, str) for v in answer):
                raise ValueError(f"“{key[:60]}”: answer with text or a list of choices.")
            if key in TEXT_FIELDS and isinstance(answer, list):
                raise ValueError(f"“{key}”: answer with text.")
            if isinstance(answer, str) and len(answer) > MAX_ANSWER:
                raise ValueError(f"“{key[:60]}”: keep it under {MAX_ANSWER} characters.")
        return value


class VersionIn(Schema):
    version: int


class NeedOut(Schema):
    id: uuid.UUID
    number: int
    priority: int
    domain: str
    status: str
    private: bool = Field(description="Only roles this program allows may read the words.")
    description: str | None


class NeedIn(Schema):
    domain: Domain
    description: str = Field(max_length=1000)
    assessment_id: uuid.UUID | None = Field(
        None, description="The draft assessment it was written down in, if any."
    )
    creation_key: uuid.UUID | None = Field(
        None, description="Any new UUID; sending the same one again adds nothing twice."
    )


class MoveIn(Schema):
    direction: Literal["up", "down"]


class NeedStatusIn(Schema):
    status: NeedStatus


# Shaping answers -------------------------------------------------------------------


def summary_out(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "number": a.number,
        "kind": a.kind,
        "status": a.status,
        "version": a.version,
        "started_at": a.started_at,
        "completed_on": a.completed_on,
    }


def change_out(change: Change) -> dict[str, str]:
    """A change; ``changes_between`` already leaves out private wording and answers."""
    return dict(vars(change))


def assessment_out(user: User, a: Assessment) -> dict[str, Any]:
    """The assessment as this person may read it: private sections have no answers,
    private questions in other sections are left out."""
    views = section_views(user, a)
    private = {v.section.key for v in views if v.private}
    sections = []
    for view in views:
        answers: dict[str, Any] | None = None
        if not view.private:
            if view.section.kind == "supports":
                answers = {"supports": view.supports}
            else:
                answers = {item.key: a.answers.get(item.key) for item in view.items}
        sections.append(
            {
                "key": view.section.key,
                "title": view.section.title,
                "private": view.private,
                "declined": None if view.private else view.declined,
                "by_participant": None if view.private else view.by_participant,
                "hidden_questions": view.hidden_questions,
                "answers": answers,
            }
        )
    previous = previous_complete(a)
    return {
        **summary_out(a),
        "declined": [key for key in a.declined if key not in private],
        "self_completed": [key for key in a.self_completed if key not in private],
        "sections": sections,
        "changes_since_previous": (
            [change_out(change) for change in changes_between(user, previous, a)]
            if previous
            else None
        ),
    }


def _question_answer(question: dict[str, Any], value: Any) -> Any:
    """A program question's answer checked as the page's form checks it."""
    if value in (None, "", []):
        return value
    if isinstance(value, list) != (question["kind"] == "multiple"):
        shape = "a list of choices" if question["kind"] == "multiple" else "one answer, not a list"
        raise ActionRefused(f"“{question['label']}”: send {shape}.", field=str(question["key"]))
    try:
        cleaned = question_field(question, plain=False).clean(value)
    except DjangoValidationError as error:
        # The form's messages name the question: "“Household size”: use a number, …"
        raise ActionRefused(" ".join(error.messages), field=str(question["key"])) from error
    if isinstance(cleaned, Decimal):
        return format(cleaned.normalize(), "f")
    if isinstance(cleaned, date):
        return cleaned.isoformat()
    if isinstance(cleaned, str):
        return cleaned.strip()
    return cleaned


def clean_answers(a: Assessment, given: dict[str, AnswerValue]) -> dict[str, Any]:
    """JSON-friendly answers, as the page would store them."""
    questions = {str(q["key"]): q for q in questions_of(a)}
    out: dict[str, Any] = {}
    for key, value in given.items():
        if key == "supports":
            out[key] = [
                {"who": row.who.strip(), "kind": row.kind, "how": row.how.strip()}
                for row in value or []
                if isinstance(row, SupportIn) and (row.who.strip() or row.how.strip())
            ]
        elif key in questions:
            out[key] = _question_answer(questions[key], value)
        elif isinstance(value, str):
            out[key] = value.strip()
        else:
            out[key] = value
    return out


def need_out(view: NeedView) -> dict[str, Any]:
    n = view.need
    return {
        "id": n.public_id,
        "number": n.number,
        "priority": n.priority,
        "domain": n.domain,
        "status": n.status,
        "private": not view.shows_details,
        "description": n.description if view.shows_details else None,
    }


def _one_need(user: User, need: Need) -> dict[str, Any]:
    return need_out(need_views(user, [need], need.enrollment.program)[0])


def _draft_of(user: User, enrollment: Enrollment, public_id: uuid.UUID | None) -> Assessment | None:
    if public_id is None:
        return None
    assessment = assessment_for(user, public_id)
    if assessment.enrollment_id != enrollment.pk or not assessment.is_draft:
        raise ActionRefused(
            "Choose a draft assessment of this enrollment, or none.", field="assessment_id"
        )
    return assessment


# Assessments ------------------------------------------------------------------------


@router.get(
    "/enrollments/{public_id}/assessments",
    response=list[AssessmentSummary],
    url_name="assessment_list",
    summary="An enrollment's assessments, newest first",
)
def assessment_list(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    return [summary_out(a) for a in assessments_of(enrollment)]


@router.post(
    "/enrollments/{public_id}/assessments",
    response={200: AssessmentOut, 201: AssessmentOut, 400: Refusal},
    url_name="assessment_start",
    summary="Start the intake or a reassessment (201), or get the open draft (200)",
)
def assessment_start(request: AuthedRequest, public_id: uuid.UUID) -> Reply[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    had_draft = any(a.is_draft for a in assessments_of(enrollment))
    assessment = actions.start_assessment(by=request.user, enrollment=enrollment)
    assessment.enrollment = enrollment
    return Reply(200 if had_draft else 201, assessment_out(request.user, assessment))


@router.get(
    "/assessments/{public_id}",
    response=AssessmentOut,
    url_name="assessment_read",
    summary="One assessment, with the answers you may read",
)
def assessment_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return assessment_out(request.user, assessment_for(request.user, public_id))


@router.patch(
    "/assessments/{public_id}",
    response={200: AssessmentOut, 400: Refusal, 409: Refusal},
    url_name="assessment_save",
    summary="Save the answers of the sections you send; send the version you read",
)
def assessment_save(
    request: AuthedRequest, public_id: uuid.UUID, body: AnswersIn
) -> dict[str, Any]:
    assessment = assessment_for(request.user, public_id, write=True)
    answers = clean_answers(assessment, body.answers) if assessment.is_draft else {}
    saved = actions.save_answers(
        by=request.user,
        assessment=assessment,
        sections=body.sections,
        answers=answers,
        declined=body.declined,
        expected_version=body.version,
    )
    return assessment_out(request.user, saved)


@router.post(
    "/assessments/{public_id}/complete",
    response={200: AssessmentOut, 400: Refusal, 409: Refusal},
    url_name="assessment_complete",
    summary="Complete a draft; from then on it never changes",
)
def assessment_complete(
    request: AuthedRequest, public_id: uuid.UUID, body: VersionIn
) -> dict[str, Any]:
    assessment = assessment_for(request.user, public_id, write=True)
    done = actions.complete_assessment(
        by=request.user, assessment=assessment, expected_version=body.version
    )
    return assessment_out(request.user, done)


# Needs ----------------------------------------------------------------------------------


@router.get(
    "/enrollments/{public_id}/needs",
    response=list[NeedOut],
    url_name="need_list",
    summary="An enrollment's needs, in the participant's order",
)
def need_list(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    views = need_views(request.user, list(enrollment.needs.all()), enrollment.program)
    return [need_out(v) for v in views]


@router.post(
    "/enrollments/{public_id}/needs",
    response={201: NeedOut, 400: Refusal},
    url_name="need_add",
    summary="Write down a need; it goes last in the participant's order",
)
def need_add(request: AuthedRequest, public_id: uuid.UUID, body: NeedIn) -> Reply[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    need = actions.add_need(
        by=request.user,
        enrollment=enrollment,
        domain=body.domain,
        description=body.description,
        assessment=_draft_of(request.user, enrollment, body.assessment_id),
        creation_key=body.creation_key,
    )
    need.enrollment = enrollment
    return Reply(201, _one_need(request.user, need))


@router.post(
    "/needs/{public_id}/move",
    response={200: NeedOut, 400: Refusal},
    url_name="need_move",
    summary="Move a need one place up or down the participant's order",
)
def need_move(request: AuthedRequest, public_id: uuid.UUID, body: MoveIn) -> dict[str, Any]:
    need = need_for(request.user, public_id, write=True)
    actions.move_need(by=request.user, need=need, direction=body.direction)
    need.refresh_from_db(fields=["priority"])
    return _one_need(request.user, need)


@router.post(
    "/needs/{public_id}/status",
    response={200: NeedOut, 400: Refusal},
    url_name="need_status",
    summary="Mark a need open, met or no longer a need",
)
def need_status(request: AuthedRequest, public_id: uuid.UUID, body: NeedStatusIn) -> dict[str, Any]:
    need = need_for(request.user, public_id, write=True)
    changed = actions.set_need_status(by=request.user, need=need, status=body.status)
    return _one_need(request.user, changed)
