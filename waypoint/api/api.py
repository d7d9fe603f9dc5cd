"""/api/v1/: the same funnels, actions, permission matrix and audit as the pages.

Authentication is a personal token (``Authorization: Bearer wp_…``) made on the
"API tokens" page. Names and other participant data travel only in request
bodies, never in URLs: search is a POST.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.responses import Status as Reply
from ninja.security import HttpBearer
from pydantic import Field, field_validator

from waypoint.access import sees_enrollment
from waypoint.accounts.actions import use_api_token
from waypoint.accounts.models import Program, User
from waypoint.accounts.queries import access_for, writable_programs
from waypoint.api.inputs import (
    ContactKind,
    EnrollmentStatus,
    Problem,
    StorableParser,
    UnstorableInput,
    declare_errors,
    unstorable_cause,
)
from waypoint.enrollments import actions as enrollment_actions
from waypoint.enrollments.models import Enrollment, Status
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import CONFLICT, ActionRefused, StaleEdit, is_conflict
from waypoint.http import AuthedRequest
from waypoint.participants import actions as participant_actions
from waypoint.participants.forms import check_birth_date, check_text
from waypoint.participants.models import DECLINABLE_FIELDS, ContactMethod, Participant
from waypoint.participants.queries import participant_for, search
from waypoint.permissions import allowed, roles_of


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = use_api_token(token)
        if user is None:
            return None
        request.user = user
        match = request.resolver_match
        route = match.view_name if match else ""
        if not allowed(route, request.method or "", roles_of(user)):
            raise Http404("Not available.")
        return user


api = NinjaAPI(
    title="Waypoint API",
    version="1",
    description="Participants and enrollments, under the same access rules and audit as the pages.",
    urls_namespace="api",
    docs_url=None,
    auth=TokenAuth(),
    parser=StorableParser(),
)


@api.exception_handler(UnstorableInput)
@api.exception_handler(HttpError)
def bad_input(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Text that cannot be stored answers 422 like any input that does not fit."""
    found = unstorable_cause(exc)
    if found is not None:
        return api.create_response(request, {"detail": found.errors()}, status=422)
    status = exc.status_code if isinstance(exc, HttpError) else 400
    return api.create_response(request, {"detail": str(exc)}, status=status)


@api.exception_handler(ActionRefused)
def refused(request: HttpRequest, exc: ActionRefused) -> HttpResponse:
    status = 409 if isinstance(exc, StaleEdit) else 400
    body: dict[str, Any] = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    if isinstance(exc, StaleEdit):
        body["changed"] = exc.changed
    return api.create_response(request, body, status=status)


@api.exception_handler(DatabaseError)
def collided(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    if not is_conflict(exc):
        raise exc
    return api.create_response(request, {"detail": CONFLICT}, status=409)


@api.exception_handler(PermissionDenied)
def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Read only."}, status=403)


@api.exception_handler(DjangoValidationError)
def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=400)


# Schemas ---------------------------------------------------------------------


class ContactIn(Schema):
    kind: ContactKind
    value: str = Field(min_length=1, max_length=200)
    safe_to_contact: ContactMethod.Safe = ContactMethod.Safe.ASK
    preferred_time: str = Field("", max_length=100)


class ContactOut(Schema):
    kind: str
    value: str
    safe_to_contact: str
    preferred_time: str


# The languages a participant may get things in writing in (``settings.LANGUAGES``; a
# test keeps the two the same).
WrittenLanguage = Literal["en", "es", "ar"]


class PersonFields(Schema):
    legal_name: str = Field("", max_length=200)
    pronunciation: str = Field("", max_length=200)
    pronouns: str = Field("", max_length=60)
    date_of_birth: date | None = None
    languages: str = Field("", max_length=200)
    written_language: WrittenLanguage = "en"
    emergency_contact_name: str = Field("", max_length=200)
    emergency_contact_relationship: str = Field("", max_length=100)
    emergency_contact_phone: str = Field("", max_length=40)
    declined: list[str] = Field(default_factory=list)

    @field_validator(
        "legal_name", "pronunciation", "pronouns", "languages", "emergency_contact_name"
    )
    @classmethod
    def no_markup(cls, value: str) -> str:
        try:
            return check_text(value, "This field")
        except DjangoValidationError as error:
            raise ValueError(error.messages[0]) from error

    @field_validator("date_of_birth")
    @classmethod
    def plausible_birth(cls, value: date | None) -> date | None:
        try:
            return check_birth_date(value)
        except DjangoValidationError as error:
            raise ValueError(error.messages[0]) from error

    @field_validator("declined")
    @classmethod
    def known_declines(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(DECLINABLE_FIELDS)
        if unknown:
            raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}.")
        return value


def _name(value: str) -> str:
    try:
        cleaned = check_text(value, "The name")
    except DjangoValidationError as error:
        raise ValueError(error.messages[0]) from error
    if not cleaned:
        raise ValueError("Enter the name this person goes by.")
    return cleaned


class ParticipantCreate(PersonFields):
    preferred_name: str = Field(max_length=200)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=8)
    program_id: int
    status: EnrollmentStatus = Status.INQUIRY
    navigator_id: int | None = None
    override_reason: str = Field("", max_length=1000)
    creation_key: uuid.UUID | None = None

    @field_validator("preferred_name")
    @classmethod
    def name_required(cls, value: str) -> str:
        return _name(value)


class ParticipantUpdate(Schema):
    version: int
    preferred_name: str | None = Field(None, max_length=200)
    legal_name: str | None = Field(None, max_length=200)
    pronunciation: str | None = Field(None, max_length=200)
    pronouns: str | None = Field(None, max_length=60)
    date_of_birth: date | None = None
    languages: str | None = Field(None, max_length=200)
    written_language: WrittenLanguage | None = None
    emergency_contact_name: str | None = Field(None, max_length=200)
    emergency_contact_relationship: str | None = Field(None, max_length=100)
    emergency_contact_phone: str | None = Field(None, max_length=40)
    declined: list[str] | None = None
    contacts: list[ContactIn] | None = Field(None, max_length=8)

    @field_validator("preferred_name")
    @classmethod
    def name_required(cls, value: str | None) -> str | None:
        return None if value is None else _name(value)

    @field_validator(
        "legal_name", "pronunciation", "pronouns", "languages", "emergency_contact_name"
    )
    @classmethod
    def no_markup(cls, value: str | None) -> str | None:
        return None if value is None else PersonFields.no_markup(value)

    @field_validator("date_of_birth")
    @classmethod
    def plausible_birth(cls, value: date | None) -> date | None:
        return PersonFields.plausible_birth(value)

    @field_validator("declined")
    @classmethod
    def known_declines(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else PersonFields.known_declines(value)


class EnrollmentOut(Schema):
    id: uuid.UUID
    participant_id: uuid.UUID
    program_id: int
    program: str
    status: str
    phase: str
    navigator_id: int | None
    started_on: date
    enrolled_on: date | None
    exited_on: date | None
    next_due_on: date | None
    next_due_what: str
    version: int


class ParticipantOut(Schema):
    id: uuid.UUID
    preferred_name: str
    legal_name: str
    pronunciation: str
    pronouns: str
    date_of_birth: date | None
    languages: str
    written_language: str
    emergency_contact_name: str
    emergency_contact_relationship: str
    emergency_contact_phone: str
    declined: list[str]
    contacts: list[ContactOut]
    version: int


class ParticipantCreated(ParticipantOut):
    enrollment: EnrollmentOut


class SearchIn(Schema):
    q: str = Field(min_length=1, max_length=200)


class EnrollmentCreate(Schema):
    participant_id: uuid.UUID
    program_id: int
    status: EnrollmentStatus = Status.INQUIRY
    navigator_id: int | None = None
    override_reason: str = Field("", max_length=1000)
    creation_key: uuid.UUID | None = None


class StatusIn(Schema):
    status: EnrollmentStatus
    reason: str = Field("", max_length=1000)
    version: int


class AssignIn(Schema):
    navigator_id: int
    override_reason: str = Field("", max_length=1000)
    version: int


def participant_out(p: Participant) -> dict[str, Any]:
    return {
        "id": p.public_id,
        **{name: getattr(p, name) for name in participant_actions.PERSON_FIELDS},
        "contacts": [
            {
                "kind": c.kind,
                "value": c.value,
                "safe_to_contact": c.safe_to_contact,
                "preferred_time": c.preferred_time,
            }
            for c in p.contacts.all()
        ],
        "version": p.version,
    }


def enrollment_out(e: Enrollment) -> dict[str, Any]:
    return {
        "id": e.public_id,
        "participant_id": e.participant.public_id,
        "program_id": e.program_id,
        "program": e.program.name,
        "status": e.status,
        "phase": e.phase,
        "navigator_id": e.navigator_id,
        "started_on": e.started_on,
        "enrolled_on": e.enrolled_on,
        "exited_on": e.exited_on,
        "next_due_on": e.next_due_on,
        "next_due_what": e.next_due_what,
        "version": e.version,
    }


def _program(user: User, program_id: int) -> Program:
    program = writable_programs(user).filter(pk=program_id).first()
    if program is None:
        raise ActionRefused("Choose a program you work in.", field="program_id")
    return program


def _navigator(user: User, navigator_id: int | None) -> User | None:
    if navigator_id is None:
        return None
    found = User.objects.filter(pk=navigator_id, organization_id=user.organization_id or -1).first()
    if found is None:
        raise ActionRefused("Choose someone who works in this program.", field="navigator_id")
    return found


def _contacts(items: list[ContactIn]) -> list[participant_actions.ContactData]:
    return [
        participant_actions.ContactData(
            kind=c.kind,
            value=c.value,
            safe_to_contact=c.safe_to_contact,
            preferred_time=c.preferred_time,
        )
        for c in items
    ]


# Participants ------------------------------------------------------------------


@api.post(
    "/participants/search",
    response=list[ParticipantOut],
    url_name="participant_search",
    summary="Find participants by name (accents and case ignored)",
)
def participant_search(request: AuthedRequest, body: SearchIn) -> list[dict[str, Any]]:
    return [participant_out(p) for p in search(request.user, body.q)]


@api.post(
    "/participants",
    response={201: ParticipantCreated, 400: Problem},
    url_name="participant_create",
    summary="Add a person and their first enrollment",
)
def participant_create(request: AuthedRequest, body: ParticipantCreate) -> Reply[dict[str, Any]]:
    data = body.dict(
        exclude={
            "contacts",
            "program_id",
            "status",
            "navigator_id",
            "override_reason",
            "creation_key",
        }
    )
    enrollment = enrollment_actions.enroll_new_participant(
        by=request.user,
        program=_program(request.user, body.program_id),
        data=data,
        contacts=_contacts(body.contacts),
        status=body.status,
        navigator=_navigator(request.user, body.navigator_id),
        override_reason=body.override_reason,
        creation_key=body.creation_key,
    )
    participant = Participant.objects.prefetch_related("contacts").get(pk=enrollment.participant_id)
    return Reply(201, {**participant_out(participant), "enrollment": enrollment_out(enrollment)})


@api.get(
    "/participants/{public_id}",
    response=ParticipantOut,
    url_name="participant_read",
    summary="Read one participant",
)
def participant_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return participant_out(participant_for(request.user, public_id))


@api.patch(
    "/participants/{public_id}",
    response={200: ParticipantOut, 400: Problem, 409: Problem},
    url_name="participant_update",
    summary="Change a participant; send the version you read",
)
def participant_update(
    request: AuthedRequest, public_id: uuid.UUID, body: ParticipantUpdate
) -> dict[str, Any]:
    participant = participant_for(request.user, public_id, write=True)
    given = body.dict(exclude_unset=True)
    data = {name: getattr(participant, name) for name in participant_actions.PERSON_FIELDS}
    for key, value in given.items():
        if key in {"version", "contacts"}:
            continue
        if value is None and key != "date_of_birth":  # null clears a text answer
            value = [] if key == "declined" else ""
        data[key] = value
    contacts = (
        _contacts(body.contacts)
        if body.contacts is not None
        else [
            participant_actions.ContactData(c.kind, c.value, c.safe_to_contact, c.preferred_time)
            for c in participant.contacts.all()
        ]
    )
    updated = participant_actions.update_participant(
        by=request.user,
        participant=participant,
        data=data,
        contacts=contacts,
        expected_version=body.version,
        role=access_for(request.user).role_in(
            [e.program_id for e in participant.enrollments.all()]
        ),
    )
    return participant_out(Participant.objects.prefetch_related("contacts").get(pk=updated.pk))


@api.get(
    "/participants/{public_id}/enrollments",
    response=list[EnrollmentOut],
    url_name="participant_enrollments",
    summary="A participant's enrollments in the programs you work in",
)
def participant_enrollments(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    participant = participant_for(request.user, public_id)
    access = access_for(request.user)
    enrollments = participant.enrollments.select_related("program", "participant")
    return [enrollment_out(e) for e in enrollments if sees_enrollment(access, e)]


# Enrollments -------------------------------------------------------------------


@api.post(
    "/enrollments",
    response={201: EnrollmentOut, 400: Problem},
    url_name="enrollment_create",
    summary="Enroll someone already here in a program",
)
def enrollment_create(request: AuthedRequest, body: EnrollmentCreate) -> Reply[dict[str, Any]]:
    participant = participant_for(request.user, body.participant_id)
    enrollment = enrollment_actions.enroll(
        by=request.user,
        participant=participant,
        program=_program(request.user, body.program_id),
        status=body.status,
        navigator=_navigator(request.user, body.navigator_id),
        override_reason=body.override_reason,
        creation_key=body.creation_key,
    )
    return Reply(201, enrollment_out(enrollment))


@api.get(
    "/enrollments/{public_id}",
    response=EnrollmentOut,
    url_name="enrollment_read",
    summary="Read one enrollment",
)
def enrollment_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return enrollment_out(enrollment_for(request.user, public_id))


@api.post(
    "/enrollments/{public_id}/status",
    response={200: EnrollmentOut, 400: Problem, 409: Problem},
    url_name="enrollment_status",
    summary="Move an enrollment along the flow (closing is POST /enrollments/{id}/closures)",
)
def enrollment_status(
    request: AuthedRequest, public_id: uuid.UUID, body: StatusIn
) -> dict[str, Any]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    changed = enrollment_actions.change_status(
        by=request.user,
        enrollment=enrollment,
        to_status=body.status,
        reason=body.reason,
        expected_version=body.version,
    )
    return enrollment_out(changed)


@api.post(
    "/enrollments/{public_id}/assign",
    response={200: EnrollmentOut, 400: Problem, 409: Problem},
    url_name="enrollment_assign",
    summary="Assign a navigator (past the cap only with a supervisor's reason)",
)
def enrollment_assign(
    request: AuthedRequest, public_id: uuid.UUID, body: AssignIn
) -> dict[str, Any]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    navigator = _navigator(request.user, body.navigator_id)
    assert navigator is not None
    changed = enrollment_actions.assign_navigator(
        by=request.user,
        enrollment=enrollment,
        navigator=navigator,
        override_reason=body.override_reason,
        expected_version=body.version,
    )
    return enrollment_out(changed)


from waypoint.api.approvals import router as approvals_router  # noqa: E402
from waypoint.api.assessments import router as assessments_router  # noqa: E402
from waypoint.api.closure_after import router as closure_after_router  # noqa: E402
from waypoint.api.closure_closing import router as closure_closing_router  # noqa: E402
from waypoint.api.closure_forecast import router as closure_forecast_router  # noqa: E402
from waypoint.api.closure_post_plan import router as post_plan_router  # noqa: E402
from waypoint.api.conferences import router as conferences_router  # noqa: E402
from waypoint.api.notes import router as notes_router  # noqa: E402
from waypoint.api.plans import router as plans_router  # noqa: E402

api.add_router("", assessments_router)
api.add_router("", plans_router)
api.add_router("", notes_router)
api.add_router("", conferences_router)
api.add_router("", closure_after_router)
api.add_router("", closure_forecast_router)
api.add_router("", closure_closing_router)
api.add_router("", post_plan_router)
api.add_router("", approvals_router)
declare_errors(
    api.default_router,
    assessments_router,
    plans_router,
    notes_router,
    conferences_router,
    closure_after_router,
    closure_forecast_router,
    closure_closing_router,
    post_plan_router,
    approvals_router,
)
