"""The database keeps an acknowledged post-program plan as the participant agreed it:
updates and deletes of the plan, and any change to its goals, supports and resources,
are refused by triggers (SQLite and PostgreSQL), whatever code tries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from waypoint.closure.models import (
    PostPlanGoal,
    PostPlanResource,
    PostPlanSupport,
    PostProgramPlan,
)

pytestmark = pytest.mark.django_db


def _plan(world: Any) -> PostProgramPlan:
    now = timezone.now()
    plan = PostProgramPlan.objects.create(
        enrollment=world.amara,
        participant=world.amara.participant,
        next_stage_words="Start at the bakery",
        created_at=now,
        updated_at=now,
    )
    PostPlanGoal.objects.create(
        post_plan=plan, goal_key=plan.public_id, position=1, text="Keep the job"
    )
    PostPlanSupport.objects.create(post_plan=plan, position=1, who="Aunt Rosa")
    PostPlanResource.objects.create(post_plan=plan, position=1, name="Job Club")
    return plan


def test_a_draft_changes_and_an_acknowledged_plan_never_does(world: Any) -> None:
    plan = _plan(world)
    PostProgramPlan.objects.filter(pk=plan.pk).update(next_stage_words="Start at the café")
    PostPlanGoal.objects.filter(post_plan=plan).update(words="My own words")
    PostProgramPlan.objects.filter(pk=plan.pk).update(
        status="acknowledged", acknowledged_name="Amara", acknowledged_on=timezone.localdate()
    )
    attempts = [
        lambda: PostProgramPlan.objects.filter(pk=plan.pk).update(next_stage_words="Changed"),
        lambda: PostProgramPlan.objects.filter(pk=plan.pk).delete(),
        lambda: PostPlanGoal.objects.filter(post_plan=plan).update(text="Changed"),
        lambda: PostPlanGoal.objects.filter(post_plan=plan).delete(),
        lambda: PostPlanSupport.objects.filter(post_plan=plan).update(who="Someone else"),
        lambda: PostPlanResource.objects.filter(post_plan=plan).delete(),
        lambda: PostPlanSupport.objects.create(post_plan=plan, position=2, who="Added"),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    plan.refresh_from_db()
    assert plan.next_stage_words == "Start at the café" and plan.status == "acknowledged"
    assert list(PostPlanGoal.objects.values_list("text", "words")) == [
        ("Keep the job", "My own words")
    ]
    assert list(PostPlanSupport.objects.values_list("who", flat=True)) == ["Aunt Rosa"]
    assert PostPlanResource.objects.count() == 1
