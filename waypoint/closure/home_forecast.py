"""What this stage puts on the navigator's home and the supervision page: transitions
coming up (within each program's notice window), and for supervisors the ones in the
next two weeks nobody has talked through with the participant yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet

from waypoint.accounts.models import PROGRAM_WIDE_ROLES
from waypoint.accounts.queries import access_for
from waypoint.closure.actions._common import OPEN
from waypoint.closure.models import ClosureSettings, ExitInterview, Forecast
from waypoint.enrollments.models import Enrollment

if TYPE_CHECKING:
    from waypoint.accounts.models import User

LONGEST_NOTICE = 52  # weeks (the settings' range)
PASSED_DAYS = 30  # a date passed this recently, the enrollment still open, is listed too
SUPERVISOR_DAYS = 14
ROW_LIMIT = 50


@dataclass
class Coming:
    enrollment: Enrollment
    days: int
    discussed_on: date | None
    interview: ExitInterview | None


@dataclass
class Transitions:
    rows: list[Any] = field(default_factory=list)

    @property
    def participants(self) -> list[Any]:
        return [r.enrollment.participant for r in self.rows]


def navigator_filter(user: User, today: date) -> QuerySet[Enrollment]:
    """The enrollments ``navigator`` looks at (before each program's notice window),
    unordered and unjoined."""
    found = Enrollment.objects.filter(
        navigator_id=user.pk,
        organization_id=user.organization_id or -1,
        status__in=OPEN,
        transition_on__gte=today - timedelta(days=PASSED_DAYS),
        transition_on__lte=today + timedelta(weeks=LONGEST_NOTICE),
    )
    access = access_for(user)
    if not access.is_admin:
        found = found.filter(program_id__in=sorted(access.roles_by_program))
    return found


def navigator(user: User, today: date) -> Transitions | None:
    """Their own open enrollments with a transition date within the program's notice
    window (or passed in the last 30 days), soonest first: four queries at most."""
    found = list(
        navigator_filter(user, today)
        .select_related("participant", "program")
        .order_by("transition_on", "pk")[: ROW_LIMIT * 4]
    )
    if not found:
        return None
    programs = {e.program_id for e in found}
    notice = {
        s.program_id: s.notice_weeks
        for s in ClosureSettings.objects.filter(program_id__in=programs)
    }
    default = ClosureSettings().notice_weeks
    found = [
        e
        for e in found
        if e.transition_on is not None
        and (e.transition_on - today).days <= 7 * notice.get(e.program_id, default)
    ][:ROW_LIMIT]
    if not found:
        return None
    ids = [e.pk for e in found]
    cycles = {e.pk: e.cycle for e in found}
    forecasts = {
        f.enrollment_id: f
        for f in Forecast.objects.filter(enrollment_id__in=ids)
        if f.cycle == cycles[f.enrollment_id]
    }
    interviews = {
        i.enrollment_id: i
        for i in ExitInterview.objects.filter(enrollment_id__in=ids)
        if i.cycle == cycles[i.enrollment_id]
    }
    rows = []
    for e in found:
        assert e.transition_on is not None
        forecast = forecasts.get(e.pk)
        rows.append(
            Coming(
                enrollment=e,
                days=(e.transition_on - today).days,
                discussed_on=forecast.discussed_on if forecast else None,
                interview=interviews.get(e.pk),
            )
        )
    return Transitions(rows=rows)


def supervisor(user: User, program_id: int | None, today: date) -> Transitions | None:
    """Transitions in the next two weeks not yet talked through with the participant, in
    the programs they oversee: one query."""
    access = access_for(user)
    forecasts = Forecast.objects.filter(
        enrollment__organization_id=access.organization_id or -1,
        enrollment__status__in=OPEN,
        cycle=F("enrollment__cycle"),
        discussed_on__isnull=True,
        transition_on__gte=today,
        transition_on__lte=today + timedelta(days=SUPERVISOR_DAYS),
    )
    if not access.is_admin:
        forecasts = forecasts.filter(
            enrollment__program_id__in=sorted(access.programs_with(PROGRAM_WIDE_ROLES))
        )
    if program_id is not None:
        forecasts = forecasts.filter(enrollment__program_id=program_id)
    rows = list(
        forecasts.select_related(
            "enrollment__participant", "enrollment__program", "enrollment__navigator"
        ).order_by("transition_on", "pk")[:ROW_LIMIT]
    )
    if not rows:
        return None
    return Transitions(
        rows=[
            Coming(
                enrollment=f.enrollment,
                days=(f.transition_on - today).days,
                discussed_on=None,
                interview=None,
            )
            for f in rows
        ]
    )
