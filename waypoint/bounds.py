"""What a date, a time or a piece of text must be before Waypoint keeps it.

One range for each kind of date, used by every form, the API and the imports, so a
typo such as 9999-12-31 is refused with a message instead of being stored (a year
10000 is out of range for Python and breaks every page that shows the record):

- ``BIRTH``: a date of birth, from 1900 to today;
- ``PAST``: something that happened (a contact, an acknowledgement), from 1900 to
  now, with a day's leeway for time zones (the actions narrow it further);
- ``AHEAD``: plans and meetings (target and due dates, next meetings, appointments),
  from a year back (so a draft can be saved again after its date passed) to five
  years ahead;
- ``WIDE``: history and terms that may reach far (a consent's dates, an assessment's
  dates, imported directory records), from 1900 to 2100.

Text is refused when it holds a NUL character (PostgreSQL cannot store it) or a lone
surrogate (no encoding can write it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
YEARS_AHEAD = 5


def _today() -> date:
    return timezone.localdate()


def _years_from_today(years: int) -> date:
    today = _today()
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


@dataclass(frozen=True)
class Range:
    """The first and last date allowed (both included) and the words for a refusal."""

    name: str
    earliest: Callable[[], date]
    latest: Callable[[], date]
    leeway: timedelta = timedelta(0)

    def problem(self, value: date | datetime) -> str | None:
        """Why ``value`` is out of range, or None when it is in it."""
        if isinstance(value, datetime):
            day = value.date() if timezone.is_naive(value) else _local_date(value)
            if day is None:
                return self.message()
        else:
            day = value
        if day < self.earliest() or day > self.latest() + self.leeway:
            return self.message()
        return None

    def message(self) -> str:
        first, last = self.earliest(), self.latest()
        return gettext("Give a date from %(first)s to %(last)s.") % {
            "first": f"{first:%Y-%m-%d}",
            "last": f"{last:%Y-%m-%d}",
        }

    def check(self, value: date | datetime | None) -> None:
        """Raise Django's ValidationError (a form's field message) when out of range."""
        if value is not None and (problem := self.problem(value)):
            raise ValidationError(problem, code="out_of_range")

    def __call__(self, value: date | datetime | None) -> None:  # a Django validator
        self.check(value)


def _local_date(value: datetime) -> date | None:
    try:
        return timezone.localtime(value).date()
    except (OverflowError, ValueError):
        return None  # out of range by any measure


BIRTH = Range("birth", lambda: EARLIEST, _today)
PAST = Range("past", lambda: EARLIEST, _today, leeway=timedelta(days=1))
AHEAD = Range("ahead", lambda: _years_from_today(-1), lambda: _years_from_today(YEARS_AHEAD))
WIDE = Range("wide", lambda: EARLIEST, lambda: LATEST)


# Showing what is stored: a record with a date out of range (typed before the ranges, or
# written straight into the database) is shown as it is, never an error.


def local(moment: datetime) -> datetime:
    """``moment`` in local time; one too near the ends of the calendar to convert (the
    year 1 or 9999) stays in its own zone."""
    try:
        return timezone.localtime(moment)
    except (OverflowError, ValueError):
        return moment


def later(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta``, or ``moment`` itself past the end of the calendar."""
    try:
        return moment + delta
    except OverflowError:
        return moment


def later_day(day: date, delta: timedelta) -> date:
    """``day + delta``, or the last day of the calendar past its end."""
    try:
        return day + delta
    except OverflowError:
        return date.max


_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored, or None when it can."""
    found = _BAD_TEXT.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return gettext("Remove the null character; it cannot be stored.")
    return gettext("This text has a broken character in it; retype it.")


def check_text(value: str) -> None:
    """Raise Django's ValidationError when ``value`` cannot be stored."""
    if problem := text_problem(value):
        raise ValidationError(problem, code="unstorable")
