"""Time standards: what is due next for an enrollment, from its program's settings.

Pure functions: given an enrollment's dates and its program's standards, they
return due dates and reasons. Actions store the result on the enrollment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from waypoint.accounts.models import Program
    from waypoint.enrollments.models import Enrollment

ACTIVE = ("inquiry", "eligibility", "enrolled", "exiting", "follow_up")


@dataclass(frozen=True)
class DueDates:
    contact: date | None
    assessment: date | None
    isp: date | None
    reassessment: bool = False

    @property
    def next(self) -> tuple[date | None, str]:
        candidates = [
            (when, what)
            for when, what in (
                (self.assessment, "reassessment" if self.reassessment else "assessment"),
                (self.isp, "isp"),
                (self.contact, "contact"),
            )
            if when is not None
        ]
        if not candidates:
            return None, ""
        return min(candidates, key=lambda item: item[0])


def local_date(moment: object) -> date:
    from datetime import datetime

    assert isinstance(moment, datetime)
    return timezone.localtime(moment).date()


def due_dates(enrollment: Enrollment, program: Program) -> DueDates:
    if enrollment.status not in ACTIVE:
        return DueDates(None, None, None)
    base = enrollment.enrolled_on or enrollment.started_on
    if enrollment.last_contact_at is not None:
        last = local_date(enrollment.last_contact_at)
    else:
        last = base
    contact = last + timedelta(days=program.contact_every_days)
    in_service = enrollment.enrolled_on is not None and enrollment.status != "follow_up"
    assessment = None
    if in_service and enrollment.enrolled_on:
        if not enrollment.assessment_done_on:
            assessment = enrollment.enrolled_on + timedelta(days=program.assessment_due_days)
        elif program.reassess_every_days:
            # A reassessment, counted from the most recent completed assessment.
            assessment = enrollment.assessment_done_on + timedelta(days=program.reassess_every_days)
    isp = (
        enrollment.enrolled_on + timedelta(days=program.isp_due_days)
        if in_service and enrollment.enrolled_on and not enrollment.isp_done_on
        else None
    )
    return DueDates(
        contact=contact,
        assessment=assessment,
        isp=isp,
        reassessment=enrollment.assessment_done_on is not None,
    )


def apply_due_dates(enrollment: Enrollment, program: Program) -> list[str]:
    """Set the derived due-date fields; returns the names of the fields it set."""
    due = due_dates(enrollment, program)
    enrollment.contact_due_on = due.contact
    enrollment.assessment_due_on = due.assessment
    enrollment.isp_due_on = due.isp
    enrollment.next_due_on, enrollment.next_due_what = due.next
    return ["contact_due_on", "assessment_due_on", "isp_due_on", "next_due_on", "next_due_what"]
