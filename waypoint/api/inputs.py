"""Input types for the API that keep bad bytes and impossible times out of the database:
PostgreSQL refuses a NUL character in text, and a year outside 1900 to 9000 is a typo."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

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
