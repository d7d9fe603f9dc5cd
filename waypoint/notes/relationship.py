"""Relationship signals: silence, unanswered attempts, a missed appointment, a note
overdue. Pure functions over an enrollment's stored fields, so the caseload reads
them from the rows it already has.

Days are counted in local calendar days (a contact at 11 pm yesterday was
"yesterday"); a note's window is counted in hours of real time, so a clock change
never stretches or shrinks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint import bounds

# Attempts in a row without reaching someone before it is worth a second look.
ATTEMPTS_FLAG = 3
ACTIVE = ("inquiry", "eligibility", "enrolled", "exiting", "follow_up")


@dataclass(frozen=True)
class Signal:
    kind: str  # "contact", "attempts", "missed", "note"
    text: str


def _day(moment: datetime) -> date:
    return bounds.local(moment).date()


def _short(moment: datetime) -> str:
    """The day as "Mar 3", the month's short name in the reader's language."""
    return date_format(bounds.local(moment), "M j")


def days_since_contact(enrollment: Any, today: date) -> int | None:
    if enrollment.last_contact_at is None:
        return None
    return (today - _day(enrollment.last_contact_at)).days


def signals(enrollment: Any, now: datetime | None = None) -> list[Signal]:
    """What deserves attention in this relationship, in words (never colour alone)."""
    if enrollment.status not in ACTIVE:
        return []
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    found: list[Signal] = []
    every = enrollment.program.contact_every_days
    since = days_since_contact(enrollment, today)
    if since is None:
        start = enrollment.enrolled_on or enrollment.started_on
        waited = (today - start).days
        if every and waited > every:
            text = ngettext(
                "No contact logged in %(days)s day since starting",
                "No contact logged in %(days)s days since starting",
                waited,
            ) % {"days": waited}
            found.append(Signal("contact", text))
    elif every and since > every:
        text = ngettext(
            "No contact for %(days)s day (the standard is every %(every)s)",
            "No contact for %(days)s days (the standard is every %(every)s)",
            since,
        ) % {"days": since, "every": every}
        found.append(Signal("contact", text))
    if enrollment.attempts_in_row >= ATTEMPTS_FLAG:
        count = enrollment.attempts_in_row
        text = ngettext(
            "%(count)s attempt in a row without reaching them",
            "%(count)s attempts in a row without reaching them",
            count,
        ) % {"count": count}
        found.append(Signal("attempts", text))
    if enrollment.missed_appointment_at is not None:
        text = _("Missed appointment on %(day)s") % {
            "day": _short(enrollment.missed_appointment_at)
        }
        found.append(Signal("missed", text))
    if enrollment.note_due_at is not None and enrollment.note_due_at < now:
        local = bounds.local(enrollment.note_due_at)
        hour = local.strftime("%I:%M %p").lstrip("0").lower()
        text = _("Note overdue since %(day)s, %(hour)s") % {"day": _short(local), "hour": hour}
        found.append(Signal("note", text))
    return found
