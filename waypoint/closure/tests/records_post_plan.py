"""URL kwargs of the post-program plan's routes for the generated permission tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from waypoint.closure.models import PostPlanGoal, PostProgramPlan


def a_plan(by: Any, enrollment: Any, status: str = PostProgramPlan.Status.DRAFT) -> Any:
    """A post-program plan for ``enrollment`` with one goal, made directly."""
    now = timezone.now()
    plan = PostProgramPlan.objects.create(
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        cycle=enrollment.cycle,
        status=status,
        shared_at=now if status != PostProgramPlan.Status.DRAFT else None,
        shared_by=by if status != PostProgramPlan.Status.DRAFT else None,
        still_help="Call us any time.",
        created_by=by,
        created_at=now,
        updated_by=by,
        updated_at=now,
    )
    PostPlanGoal.objects.create(
        post_plan=plan, goal_key=plan.public_id, position=1, text="Keep the job"
    )
    return plan


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    if not route.startswith("post_plan_"):
        return None
    if route == "post_plan_build":
        return {"public_id": enrollment.public_id}
    # An enrollment has one open version: a test that walks every route shares it.
    found = PostProgramPlan.objects.filter(
        enrollment=enrollment, status__in=["draft", "shared"]
    ).first()
    if found is not None:
        return {"public_id": found.public_id}
    # The acknowledgement page opens only a shared version; the rest any version.
    shared = route in {"post_plan_acknowledge", "post_plan_send", "post_plan_unshare"}
    status = PostProgramPlan.Status.SHARED if shared else PostProgramPlan.Status.DRAFT
    return {"public_id": a_plan(world.admin, enrollment, status).public_id}
