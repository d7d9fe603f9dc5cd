"""Test helpers for endings: close an enrollment in one call, build one record of every
kind for the program-walls test, and the URL kwargs of every closure route for the
generated permission tests."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.utils import timezone

from waypoint.closure import actions
from waypoint.closure.models import Check, Closure, ClosureReason, Rule

# Each stage keeps the kwargs of its own routes in records_<stage>.py.
STAGES = ("forecast", "post_plan", "closing", "after")


def relax(program: Any) -> None:
    """Every check but the exit date only warns in ``program``."""
    rules = actions.settings_for(program)
    rules.check_rules = {
        c: (Rule.BLOCK if c == Check.EXIT_DATE else Rule.WARN) for c in Check.values
    }
    rules.save(update_fields=["check_rules"])


def close_now(
    by: Any,
    enrollment: Any,
    *,
    label: str = "Moved away from the area",
    note: str = "Moving on; knows how to reach us.",
    exit_on: Any = None,
    relaxed: bool = True,
) -> Closure:
    """Close ``enrollment`` today with a default reason. ``relaxed`` turns every check
    but the exit date into a warning first, so a test's unsigned note does not stop it."""
    if relaxed:
        relax(enrollment.program)
    actions.reasons_for(enrollment.program)
    reason = ClosureReason.objects.get(program=enrollment.program, label=label)
    return actions.request_closure(
        by=by,
        enrollment=enrollment,
        reason=reason,
        destination=reason.destination,
        completion=reason.completion,
        exit_on=exit_on or timezone.localdate(),
        note=note,
    )


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for a closure route, or None when ``route`` is not one of them."""
    for stage in STAGES:
        try:
            module = import_module(f"waypoint.closure.tests.records_{stage}")
        except ModuleNotFoundError:
            continue
        found = module.kwargs_for(route, world, enrollment, user)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None


def build_ending(by: Any, enrollment: Any, canary: str) -> None:
    """One record of every kind an ending has, for ``enrollment`` (still open: the
    closure waits for approval), each carrying ``canary`` where it holds words."""
    from datetime import timedelta

    from waypoint.closure.models import (
        CheckIn,
        ExitInterview,
        Forecast,
        PostPlanGoal,
        PostProgramPlan,
    )

    now = timezone.now()
    today = timezone.localdate()
    participant_id = enrollment.participant_id
    Forecast.objects.create(
        enrollment=enrollment,
        participant_id=participant_id,
        transition_on=today + timedelta(days=28),
        discussed_on=today,
        discussed_how=f"{canary} over coffee",
        set_by=by,
        set_at=now,
    )
    ExitInterview.objects.create(
        enrollment=enrollment,
        participant_id=participant_id,
        status=ExitInterview.Status.HELD,
        held_on=today,
        helped=f"{canary} the job club",
        created_by=by,
        created_at=now,
    )
    plan = PostProgramPlan.objects.create(
        enrollment=enrollment,
        participant_id=participant_id,
        next_stage_words=f"{canary} a new job",
        created_by=by,
        created_at=now,
        updated_by=by,
        updated_at=now,
    )
    PostPlanGoal.objects.create(
        post_plan=plan, goal_key=plan.public_id, position=1, text=f"{canary} keep the job"
    )
    actions.reasons_for(enrollment.program)
    reason = ClosureReason.objects.filter(program=enrollment.program).first()
    assert reason is not None
    closure = Closure.objects.create(
        organization_id=enrollment.organization_id,
        enrollment=enrollment,
        participant_id=participant_id,
        status=Closure.Status.REQUESTED,
        reason=reason,
        reason_label=reason.label,
        destination=reason.destination,
        exit_on=today,
        note=f"{canary} moving on",
        requested_by=by,
        requested_at=now,
    )
    CheckIn.objects.create(
        organization_id=enrollment.organization_id,
        enrollment=enrollment,
        participant_id=participant_id,
        closure=closure,
        days_after=30,
        due_on=today + timedelta(days=30),
        owner=by,
        words=f"{canary} still working",
    )
