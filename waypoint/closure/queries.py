"""Reading endings: one funnel per record (each through the one access core), and each
enrollment's ending for the participant page in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from waypoint.access import enrollment_record
from waypoint.closure.models import (
    CheckIn,
    Closure,
    ClosureSettings,
    ExitInterview,
    Forecast,
    PostProgramPlan,
)


def forecast_for(user: Any, public_id: Any, *, write: bool = False) -> Forecast:
    found: Forecast = enrollment_record(user, Forecast, public_id, kind="forecast", write=write)
    return found


def interview_for(user: Any, public_id: Any, *, write: bool = False) -> ExitInterview:
    found: ExitInterview = enrollment_record(
        user, ExitInterview, public_id, kind="exit_interview", write=write
    )
    return found


def post_plan_for(user: Any, public_id: Any, *, write: bool = False) -> PostProgramPlan:
    found: PostProgramPlan = enrollment_record(
        user, PostProgramPlan, public_id, kind="post_plan", write=write
    )
    return found


def closure_for(user: Any, public_id: Any, *, write: bool = False) -> Closure:
    found: Closure = enrollment_record(
        user, Closure, public_id, kind="closure", write=write, related=("reason",)
    )
    return found


def check_in_for(user: Any, public_id: Any, *, write: bool = False) -> CheckIn:
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
