"""Input types for the API that keep bad bytes and impossible times out of the database:
PostgreSQL refuses a NUL character in text, and a year outside 1900 to 9000 is a typo."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from django.db.models import TextChoices
from pydantic import AfterValidator, AwareDatetime, WithJsonSchema

from waypoint.assessments.models import Need
from waypoint.enrollments.models import Status
from waypoint.participants.models import ContactMethod
from waypoint.plans.models import Progress

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


# Input checks that keep bad bytes and impossible times out of the database -----------


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Remove the null character; it cannot be stored.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("This text has a broken character in it; retype it.") from error
    return value


def _real_moment(value: datetime) -> datetime:
    if value.tzinfo is not None and not EARLIEST <= value <= LATEST:
        raise ValueError("Give a date and time between the years 1900 and 9000.")
    return value


Text = Annotated[str, AfterValidator(_storable)]
Moment = Annotated[datetime, AfterValidator(_real_moment)]
AwareMoment = Annotated[AwareDatetime, AfterValidator(_real_moment)]


# Choices with a name of their own in the OpenAPI document ---------------------------
# Several models call their choices ``Status`` or ``Kind``; the document keeps one schema
# per name, so without these the enrollment's statuses were documented as a need's.


def _named(choices: type[TextChoices], title: str) -> WithJsonSchema:
    return WithJsonSchema({"title": title, "type": "string", "enum": list(choices.values)})


EnrollmentStatus = Annotated[Status, _named(Status, "EnrollmentStatus")]
NeedStatus = Annotated[Need.Status, _named(Need.Status, "NeedStatus")]
ContactKind = Annotated[ContactMethod.Kind, _named(ContactMethod.Kind, "ContactKind")]
ProgressKind = Annotated[Progress.Kind, _named(Progress.Kind, "ProgressKind")]
