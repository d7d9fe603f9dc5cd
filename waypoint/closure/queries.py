"""Reading endings: one funnel per record (each through the one access core), and each
enrollment's ending for the participant page in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet

from waypoint.access import enrollment_record
from waypoint.closure.models import (
    CheckIn,
    Closure,
    ClosureSettings,
    ExitInterview,
    Forecast,
    PostProgramPlan,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User
    from waypoint.enrollments.models import Enrollment

M = TypeVar("M", bound=Model)


def this_cycle(model: type[M], enrollment: Enrollment) -> QuerySet[M]:
    """``model``'s rows for the enrollment's current ending."""
    return model.objects.filter(  # type: ignore[attr-defined,no-any-return]
        enrollment_id=enrollment.pk, cycle=enrollment.cycle
    )


def forecast_for(user: User, public_id: Any, *, write: bool = False) -> Forecast:
    found: Forecast = enrollment_record(user, Forecast, public_id, kind="forecast", write=write)
    return found


def interview_for(user: User, public_id: Any, *, write: bool = False) -> ExitInterview:
    found: ExitInterview = enrollment_record(
        user, ExitInterview, public_id, kind="exit_interview", write=write
    )
    return found


def post_plan_for(user: User, public_id: Any, *, write: bool = False) -> PostProgramPlan:
    found: PostProgramPlan = enrollment_record(
        user, PostProgramPlan, public_id, kind="post_plan", write=write
    )
    return found


def closure_for(user: User, public_id: Any, *, write: bool = False) -> Closure:
    found: Closure = enrollment_record(
        user, Closure, public_id, kind="closure", write=write, related=("reason",)
    )
    return found


def check_in_for(user: User, public_id: Any, *, write: bool = False) -> CheckIn:
    found: CheckIn = enrollment_record(
        user, CheckIn, public_id, kind="check_in", write=write, related=("closure",)
    )
    return found


@dataclass
class Ending:
    """An enrollment's ending as the participant page shows it: the current cycle's
    forecast, interview and post-program plans, and every closure and check-in (the
    earlier cycles' are history)."""

    settings: ClosureSettings | None = None
    forecast: Forecast | None = None
    interview: ExitInterview | None = None
    post_plans: list[PostProgramPlan] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)

    @property
    def post_plan(self) -> PostProgramPlan | None:
        """The current cycle's newest post-program plan version."""
        return self.post_plans[0] if self.post_plans else None

    @property
    def closure(self) -> Closure | None:
        """The current cycle's closure: pending, returned or closed (not withdrawn)."""
        for closure in self.closures:
            if closure.status != Closure.Status.WITHDRAWN and closure.reopened_at is None:
                return closure
        return None

    @property
    def earlier(self) -> list[Closure]:
        """Closures of earlier cycles, newest first."""
        return [c for c in self.closures if c.reopened_at is not None]


def attach_endings(enrollments: list[Any]) -> None:
    """Set ``e.ending`` on each enrollment (their programs loaded): six queries for any
    number of enrollments."""
    if not enrollments:
        return
    ids = [e.pk for e in enrollments]
    cycles = {e.pk: e.cycle for e in enrollments}
    endings = {e.pk: Ending() for e in enrollments}
    program_ids = {e.program_id for e in enrollments}
    rules = {s.program_id: s for s in ClosureSettings.objects.filter(program_id__in=program_ids)}
    for forecast in Forecast.objects.filter(enrollment_id__in=ids):
        if forecast.cycle == cycles[forecast.enrollment_id]:
            endings[forecast.enrollment_id].forecast = forecast
    for interview in ExitInterview.objects.filter(enrollment_id__in=ids).select_related(
        "appointment"
    ):
        if interview.cycle == cycles[interview.enrollment_id]:
            endings[interview.enrollment_id].interview = interview
    for plan in PostProgramPlan.objects.filter(enrollment_id__in=ids).order_by("-number"):
        if plan.cycle == cycles[plan.enrollment_id]:
            endings[plan.enrollment_id].post_plans.append(plan)
    closures: dict[int, list[Closure]] = defaultdict(list)
    for closure in (
        Closure.objects.filter(enrollment_id__in=ids)
        .select_related("requested_by", "decided_by")
        .order_by("-cycle", "-requested_at", "-pk")
    ):
        closures[closure.enrollment_id].append(closure)
    for check_in in CheckIn.objects.filter(enrollment_id__in=ids).order_by("due_on", "pk"):
        endings[check_in.enrollment_id].check_ins.append(check_in)
    for e in enrollments:
        ending = endings[e.pk]
        # A program that never saved its ending settings has the defaults.
        ending.settings = rules.get(e.program_id) or ClosureSettings(program_id=e.program_id)
        ending.closures = closures[e.pk]
        e.ending = ending


# After the goodbye: check-ins due, the figures per program, and long silence. --------

HOME_DAYS_AHEAD = 7
MAX_LISTED = 200


def check_ins_due_filter(
    user: User, today: Any, *, days_ahead: int = HOME_DAYS_AHEAD
) -> QuerySet[CheckIn]:
    """The check-ins ``check_ins_due`` lists, unordered and unjoined."""
    from datetime import timedelta

    from waypoint.accounts.models import WRITE_ROLES
    from waypoint.accounts.queries import access_for

    access = access_for(user)
    found = CheckIn.objects.filter(
        owner_id=user.pk,
        status=CheckIn.Status.DUE,
        due_on__lte=today + timedelta(days=days_ahead),
        organization_id=access.organization_id or -1,
    )
    if not access.is_admin:
        found = found.filter(enrollment__program_id__in=access.programs_with(WRITE_ROLES))
    return found


def check_ins_due(user: User, today: Any, *, days_ahead: int = HOME_DAYS_AHEAD) -> list[CheckIn]:
    """The check-ins ``user`` owns that are still due, overdue or due within
    ``days_ahead`` days of ``today`` (the local date), oldest first, in the programs they
    may still write in. One query."""
    return list(
        check_ins_due_filter(user, today, days_ahead=days_ahead)
        .select_related("participant", "enrollment__program")
        .order_by("due_on", "pk")[:MAX_LISTED]
    )


@dataclass
class CheckInFigure:
    """One check-in day of one program: how many fell due, how many were reached, and
    how many of those reached were stable (working, housed or in school, and not asking
    for help again)."""

    days_after: int
    due: int = 0
    reached: int = 0
    stable: int = 0

    @property
    def reached_share(self) -> int | None:
        return round(100 * self.reached / self.due) if self.due else None

    @property
    def stable_share(self) -> int | None:
        return round(100 * self.stable / self.reached) if self.reached else None


def _is_stable(status: str, outcomes: Any) -> bool:
    found = set(outcomes or [])
    return (
        status == CheckIn.Status.REACHED
        and bool(found & set(CheckIn.STABLE))
        and CheckIn.Outcome.NEEDS_HELP not in found
    )


def check_in_figures(program_ids: list[int], today: Any) -> dict[int, list[CheckInFigure]]:
    """Per program, per check-in day (30, 90, 180 ...): the check-ins that fell due by
    ``today`` (those skipped because they came back, or not needed, are left out), how
    many were reached, and how many of those were stable. One query."""
    figures: dict[int, dict[int, CheckInFigure]] = defaultdict(dict)
    rows = (
        CheckIn.objects.filter(enrollment__program_id__in=program_ids, due_on__lte=today)
        .exclude(status=CheckIn.Status.SKIPPED)
        .values_list("enrollment__program_id", "days_after", "status", "outcomes")
    )
    for program_id, days_after, status, outcomes in rows:
        figure = figures[program_id].setdefault(days_after, CheckInFigure(days_after))
        figure.due += 1
        if status == CheckIn.Status.REACHED:
            figure.reached += 1
            figure.stable += _is_stable(status, outcomes)
    return {p: [found[d] for d in sorted(found)] for p, found in figures.items()}


@dataclass
class Quiet:
    """An open enrollment with no contact for at least the program's ``silence_days``."""

    enrollment: Any
    days_quiet: int
    since_enrollment: bool  # no contact ever: counted from the day they enrolled


def _silence_filter(silence: dict[int, int], today: Any) -> Any:
    from datetime import datetime, time, timedelta

    from django.db.models import Q
    from django.utils import timezone

    from waypoint.enrollments.models import Status

    found = Q(pk__in=[])
    for program_id, days in silence.items():
        # Quiet for ``days`` local days or more: the last contact's local date is on or
        # before this day, so it happened before the next day began here.
        last_day = today - timedelta(days=days)
        next_midnight = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time()))
        never = Q(last_contact_at__isnull=True) & (
            Q(enrolled_on__lte=last_day) | Q(enrolled_on__isnull=True, started_on__lte=last_day)
        )
        found |= Q(program_id=program_id) & (Q(last_contact_at__lt=next_midnight) | never)
    return Q(status__in=[Status.ENROLLED, Status.EXITING]) & found


def silence_candidates(silence: dict[int, int], today: Any) -> list[Quiet]:
    """Open enrollments (enrolled or exiting) of the programs in ``silence`` (program id:
    days) with no contact for that many days, quietest first: candidates to close, for a
    supervisor to look at. Nothing closes on its own. One query."""
    from django.utils import timezone

    from waypoint.enrollments.models import Enrollment

    if not silence:
        return []
    rows = (
        Enrollment.objects.filter(_silence_filter(silence, today))
        .select_related("participant", "program", "navigator")
        .order_by("last_contact_at", "started_on", "pk")[:MAX_LISTED]
    )
    quiet = []
    for e in rows:
        if e.last_contact_at is not None:
            days = (today - timezone.localtime(e.last_contact_at).date()).days
            quiet.append(Quiet(e, days, False))
        else:
            quiet.append(Quiet(e, (today - (e.enrolled_on or e.started_on)).days, True))
    quiet.sort(key=lambda q: (-q.days_quiet, q.enrollment.pk))
    return quiet


def silence_counts(silence: dict[int, int], today: Any) -> dict[int, int]:
    """How many candidates to close each program in ``silence`` has. One query."""
    from django.db.models import Count

    from waypoint.enrollments.models import Enrollment

    if not silence:
        return {}
    rows = (
        Enrollment.objects.filter(_silence_filter(silence, today))
        .values("program_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["program_id"]: row["n"] for row in rows}
