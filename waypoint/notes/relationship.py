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
from django.utils.translation import gettext_lazy, ngettext

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


# What a due item is called, in "Contact overdue by 3 days" and the caseload's due column.
DUE_LABELS = {
    "contact": gettext_lazy("Contact"),
    "assessment": gettext_lazy("Assessment"),
    "reassessment": gettext_lazy("Reassessment"),
    "isp": gettext_lazy("Service plan"),
}


def needs_attention(e: Any, today: date, now: Any = None) -> list[Signal]:
    """THE one list of what needs attention for an enrollment: its relationship signals,
    and its next due item whenever that is overdue (so a row marked "Overdue" never says
    "Nothing" needs attention). The overdue item comes first."""
    found = signals(e, now)
    if e.status in ACTIVE and e.next_due_on and e.next_due_on < today:
        what = e.next_due_what or "due"
        if not any(s.kind == what for s in found):
            label = DUE_LABELS.get(what, gettext_lazy("Due item"))
            late = (today - e.next_due_on).days
            text = ngettext(
                "%(what)s overdue by %(days)s day (due %(day)s)",
                "%(what)s overdue by %(days)s days (due %(day)s)",
                late,
            ) % {"what": label, "days": late, "day": date_format(e.next_due_on, "M j, Y")}
            found.insert(0, Signal(what, text))
    return found
