"""What the API accepts, in one place.

Every request body and query passes ``StorableParser``, which refuses text that
cannot be stored (a NUL character, a lone surrogate) anywhere in it, keys included,
with 400 and the field's path. Dates and times are typed by their kind from
``waypoint.bounds``. ``Problem`` is the error body, and ``replies`` gives an
operation's answers together with every error status it may send.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import TextChoices
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Router, Schema
from ninja.parser import Parser
from pydantic import AfterValidator, AwareDatetime, WithJsonSchema

from waypoint import bounds
from waypoint.assessments.models import Need
from waypoint.conferences.models import Attendee, Series
from waypoint.conferences.models import Kind as ConferenceKinds
from waypoint.consent.models import SENSITIVE, Category
from waypoint.enrollments.models import Status
from waypoint.participants.models import ContactMethod
from waypoint.plans.models import Progress


class UnstorableInput(ValueError):
    """Text in a request that cannot be stored, at ``loc`` (such as ``["body", "goals",
    "0", "words"]``); answered 422 like any other input that does not fit."""

    def __init__(self, message: str, loc: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc

    def errors(self) -> list[dict[str, Any]]:
        return [{"type": "value_error", "loc": self.loc, "msg": self.message}]


def _check(value: Any, loc: list[str]) -> None:
    if isinstance(value, str):
        if problem := bounds.text_problem(value):
            raise UnstorableInput(problem, loc)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, [*loc, str(key).encode("utf-8", "replace").decode()])
            _check(item, [*loc, str(key)])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check(item, [*loc, str(i)])


class StorableParser(Parser):
    """JSON bodies and query strings, refused when they hold text that cannot be stored."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        _check(data, ["body"])
        return data  # type: ignore[no-any-return]

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        _check(result, ["query"])
        return result


# Choices with a name of their own in the OpenAPI document ---------------------------
# Several models call their choices ``Status`` or ``Kind``; the document keeps one schema
# per name, so without these the enrollment's statuses were documented as a need's.


def _named(choices: type[TextChoices], title: str) -> WithJsonSchema:
    return WithJsonSchema({"title": title, "type": "string", "enum": list(choices.values)})


EnrollmentStatus = Annotated[Status, _named(Status, "EnrollmentStatus")]
NeedStatus = Annotated[Need.Status, _named(Need.Status, "NeedStatus")]
ContactKind = Annotated[ContactMethod.Kind, _named(ContactMethod.Kind, "ContactKind")]
ProgressKind = Annotated[Progress.Kind, _named(Progress.Kind, "ProgressKind")]
ConferenceKind = Annotated[ConferenceKinds, _named(ConferenceKinds, "ConferenceKind")]
AttendeeKind = Annotated[Attendee.Kind, _named(Attendee.Kind, "AttendeeKind")]
SeriesEvery = Annotated[Series.Every, _named(Series.Every, "SeriesEvery")]


class Sensitive(TextChoices):
    """The consent categories that need explicit consent to leave the program."""

    HEALTH = Category.HEALTH.value, Category.HEALTH.label
    MENTAL_HEALTH = Category.MENTAL_HEALTH.value, Category.MENTAL_HEALTH.label
    SUBSTANCE_USE = Category.SUBSTANCE_USE.value, Category.SUBSTANCE_USE.label
    IMMIGRATION = Category.IMMIGRATION.value, Category.IMMIGRATION.label
    JUSTICE = Category.JUSTICE.value, Category.JUSTICE.label


assert set(Sensitive.values) == {str(c) for c in SENSITIVE}
SensitiveCategory = Annotated[Sensitive, _named(Sensitive, "SensitiveCategory")]


def unstorable_cause(exc: Exception) -> UnstorableInput | None:
    """The parser's refusal, raised as is (a query) or wrapped by ninja in an
    ``HttpError`` (a body)."""
    if isinstance(exc, UnstorableInput):
        return exc
    return exc.__cause__ if isinstance(exc.__cause__, UnstorableInput) else None


# Errors ----------------------------------------------------------------------------


class Problem(Schema):
    """Why a request was refused: ``detail`` in words (for 422, pydantic's list of
    ``{"loc", "msg", "type"}``), ``field`` where it applies, ``changed`` for a stale
    version (409)."""

    detail: Any
    field: str | None = None
    changed: list[str] | None = None


ERRORS: dict[int, Any] = {
    400: Problem,  # refused by an action, or text that cannot be stored
    401: Problem,  # no token, or a revoked one
    403: Problem,  # read only
    404: Problem,  # not there, or not yours to know about
    409: Problem,  # someone saved first, the record no longer changes, or two collided
    422: Problem,  # the body or a parameter does not fit the schema
}


def declare_errors(*routers: Router) -> None:
    """Add every error status to every operation of ``routers`` (before the API's URLs
    are made), so the OpenAPI document lists each answer an operation may give."""
    for router in routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for status, schema in ERRORS.items():
                    if status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(schema)


# Dates and times, each kind with its range from waypoint.bounds -------------------


def _in(range_: bounds.Range) -> AfterValidator:
    def check(value: date | datetime) -> date | datetime:
        if problem := range_.problem(value):
            raise ValueError(problem)
        return value

    return AfterValidator(check)


BirthDate = Annotated[date, _in(bounds.BIRTH)]
PastDate = Annotated[date, _in(bounds.PAST)]
AheadDate = Annotated[date, _in(bounds.AHEAD)]
WideDate = Annotated[date, _in(bounds.WIDE)]
PastMoment = Annotated[datetime, _in(bounds.PAST)]
AheadMoment = Annotated[datetime, _in(bounds.AHEAD)]
AwareAheadMoment = Annotated[AwareDatetime, _in(bounds.AHEAD)]
