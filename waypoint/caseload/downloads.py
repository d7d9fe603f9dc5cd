"""My caseload and the supervisor's lists as CSV or XLSX (``reports.downloads``): every
row matching the page's filters, not one page of them, with the columns the page shows
as plain text and dates as dates. Each person listed is recorded as an ``export`` of
that list, as a list page records a ``list``. Headers and labels are in the site's
language, so a file's columns are the same for everyone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waypoint import bounds
from waypoint.accounts.queries import access_for
from waypoint.caseload import queries
from waypoint.participants.queries import record_listing
from waypoint.reports.downloads import download, formats
from waypoint.toolkit import audit

if TYPE_CHECKING:
    from waypoint.accounts.models import User

Table = list[list[Any]]


def offered(fmt: str | None) -> bool:
    """Whether ``fmt`` is a download this installation offers (CSV; XLSX with openpyxl)."""
    return fmt is not None and fmt in formats()


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else bounds.local(moment).date()


def _stage(enrollment: Any) -> str:
    if enrollment.status == "enrolled":
        return str(enrollment.phase)
    return str(enrollment.get_status_display())


def _yes(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def caseload_table(user: User, filters: queries.Filters) -> tuple[Table, list[Any]]:
    """My caseload's rows (a header first) and the people in them."""
    today = timezone.localdate()
    rows: Table = [
        [
            _("Name"),
            _("Pronouns"),
            _("Program"),
            _("Stage"),
            _("Days enrolled"),
            _("Days since last contact"),
            _("Last contact"),
            _("Due next"),
            _("Due on"),
            _("Overdue"),
            _("Transition on"),
            _("Needs attention"),
        ]
    ]
    people = []
    for enrollment in queries.caseload_enrollments(user, filters):
        row = queries.build_row(enrollment, today)
        person = enrollment.participant
        people.append(person)
        rows.append(
            [
                person.preferred_name,
                person.pronouns,
                enrollment.program.name,
                _stage(enrollment),
                row.days_enrolled,
                row.days_since_contact,
                _day(enrollment.last_contact_at),
                row.due_label,
                row.due_on,
                _yes(row.overdue),
                enrollment.transition_on,
                "; ".join(str(s.text) for s in row.signals),
            ]
        )
    return rows, people


def quiet_table(overview: queries.Overview) -> tuple[Table, list[Any]]:
    """Supervision's "nothing recent" list, every person (the page shows the first 50)."""
    rows: Table = [
        [
            _("Name"),
            _("Pronouns"),
            _("Program"),
            _("Navigator"),
            _("Days since last contact"),
            _("Contact was due"),
        ]
    ]
    people = []
    for row in overview.quiet_rows:
        enrollment = row.enrollment
        people.append(enrollment.participant)
        navigator = enrollment.navigator
        rows.append(
            [
                enrollment.participant.preferred_name,
                enrollment.participant.pronouns,
                enrollment.program.name,
                str(navigator) if navigator else _("Not assigned yet"),
                row.days_since_contact,
                enrollment.contact_due_on,
            ]
        )
    return rows, people


def loads_table(overview: queries.Overview) -> Table:
    """Supervision's caseloads against the cap, every navigator (the page shows 25)."""
    rows: Table = [
        [
            _("Navigator"),
            _("Program"),
            _("Active"),
            _("Cap"),
            _("No recent contact"),
            _("Notes signed (30 days)"),
            _("Notes late (30 days)"),
            _("Notes overdue"),
        ]
    ]
    for load in overview.loads:
        rows.append(
            [
                str(load.navigator) if load.navigator else _("Not assigned yet"),
                load.program.name,
                load.count,
                load.program.caseload_cap if load.navigator else None,
                load.quiet,
                load.notes.signed,
                load.notes.late,
                load.notes.overdue,
            ]
        )
    return rows


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


def _in_site_language(build: Callable[[], Any]) -> Any:
    with translation.override(settings.LANGUAGE_CODE):
        return build()


def caseload_file(user: User, filters: queries.Filters, fmt: str) -> HttpResponse:
    """My caseload as ``fmt``; each person in it recorded as exported."""
    rows, people = _in_site_language(lambda: caseload_table(user, filters))
    record_listing(user, people, "export", changes={"list": "caseload", "format": fmt})
    title = _in_site_language(lambda: _("Caseload"))
    return download(rows, fmt, title, f"caseload-{_stamp()}")


SUPERVISION_LISTS = ("caseloads", "quiet")


def supervision_file(user: User, program_id: int | None, which: str, fmt: str) -> HttpResponse:
    """One of the supervision page's lists as ``fmt``, for the programs the page shows:
    ``quiet`` (people with nothing recent; each recorded as exported) or ``caseloads``
    (each navigator against the cap; no one named but staff, one event for the file)."""
    overview = queries.supervision(user, program_id, every=True)
    if which == "quiet":
        rows, people = _in_site_language(lambda: quiet_table(overview))
        record_listing(user, people, "export", changes={"list": "supervision_quiet", "format": fmt})
        title = _in_site_language(lambda: _("No recent contact"))
    else:
        rows = _in_site_language(lambda: loads_table(overview))
        audit(
            user,
            "export",
            "caseloads",
            program_id or "all",
            participant_id=None,
            organization_id=access_for(user).organization_id,
            changes={"rows": len(rows) - 1, "format": fmt},
        )
        title = _in_site_language(lambda: _("Caseloads"))
    return download(rows, fmt, title, f"supervision-{which}-{_stamp()}")
