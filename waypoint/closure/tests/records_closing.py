"""URL kwargs for the closing routes (the generated permission tests), and a closure
waiting for approval to point them at."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from waypoint.closure import actions
from waypoint.closure.models import Closure, ClosureReason

ENROLLMENT_ROUTES = {"closure_new"}
CLOSURE_ROUTES = {"closure_detail", "closure_approve", "closure_return", "closure_withdraw"}
PROGRAM_ROUTES = {"program_endings", "closure_reasons"}
REASON_ROUTES = {"closure_reason_edit", "closure_reason_move", "closure_reason_active"}


def waiting_closure(enrollment: Any, by: Any) -> Closure:
    """A closure of ``enrollment`` that ``by`` asked for, waiting for approval (made
    directly, as the test of a page needs it, whatever the checks would say)."""
    found = Closure.objects.filter(enrollment=enrollment, status=Closure.Status.REQUESTED).first()
    if found is not None:
        return found
    actions.reasons_for(enrollment.program)
    reason = ClosureReason.objects.filter(program=enrollment.program).first()
    assert reason is not None
    return Closure.objects.create(
        organization_id=enrollment.organization_id,
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        cycle=enrollment.cycle,
        status=Closure.Status.REQUESTED,
        reason=reason,
        reason_label=reason.label,
        destination=reason.destination,
        completion=reason.completion,
        exit_on=timezone.localdate(),
        note="Moving on; knows how to reach us.",
        requested_by=by,
        requested_at=timezone.now(),
    )


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    if route in ENROLLMENT_ROUTES:
        actions.reasons_for(enrollment.program)
        return {"public_id": enrollment.public_id}
    if route in CLOSURE_ROUTES:
        # Asked for by someone else, so a supervisor's decision reaches the action.
        asker = world.navigator2 if user == world.navigator else world.navigator
        return {"public_id": waiting_closure(enrollment, asker).public_id}
    if route in PROGRAM_ROUTES:
        actions.reasons_for(enrollment.program)
        return {"pk": enrollment.program_id}
    if route in REASON_ROUTES:
        return {"pk": actions.reasons_for(enrollment.program)[1].pk}
    return None
