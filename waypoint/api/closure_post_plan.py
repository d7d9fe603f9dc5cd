"""/api/v1/ for the post-program plan: the enrollment's versions, building the first one
from the service plan, changing a draft, sharing it and the participant's
acknowledgement. The same funnels, actions and audit as the pages.

Reads go through ``enrollment_for`` / ``post_plan_for`` (404 for anyone who may not know
the enrollment; the read is audited). A goal answering a private need comes back only to
the roles the program lets read sensitive details; everyone else gets a count. A stale
``edit_version`` answers 409; a shared or acknowledged version refuses changes (400).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import Field

from waypoint.accounts.queries import access_for
from waypoint.api.assessments import Refusal
from waypoint.api.inputs import PastDate
from waypoint.closure import actions
from waypoint.closure.models import PostProgramPlan
from waypoint.closure.queries import post_plan_for, this_cycle
from waypoint.enrollments.queries import enrollment_for
from waypoint.http import AuthedRequest

if TYPE_CHECKING:
    from waypoint.accounts.models import User

router = Router(tags=["post-program plans"])

MAX_ROWS = 20
Outcome = Literal["achieved", "continuing", "set_aside"]
SupportKind = Literal["emotional", "financial", "educational", "vocational", "housing", "other"]
Stage = Literal["", "job", "school", "training", "housing", "other"]


class PostPlanGoalOut(Schema):
    goal_key: uuid.UUID
    text: str
    outcome: str
    next_steps: str
    words: str


class PostPlanSupportOut(Schema):
    id: int
    kind: str
    who: str
    how: str
    reach: str


class PostPlanResourceOut(Schema):
    id: int
    name: str
    expect: str
    reach: str


class PostPlanOut(Schema):
    id: uuid.UUID
    number: int
    cycle: int
    status: str
    edit_version: int
    next_stage: str
    next_stage_words: str
    still_help: str
    stay_in_touch: str
    check_ins_words: str
    goals: list[PostPlanGoalOut]
    private_goals_held_back: int
    supports: list[PostPlanSupportOut]
    resources: list[PostPlanResourceOut]
    shared_at: datetime | None
    acknowledged_name: str
    acknowledged_on: date | None


class PostPlanGoalIn(Schema):
    goal_key: uuid.UUID
    outcome: Outcome
    next_steps: str = Field("", max_length=2000)
    words: str = Field("", max_length=1000)


class PostPlanSupportIn(Schema):
    id: int | None = Field(None, ge=1, description="An existing row to keep; omit for a new one.")
    kind: SupportKind = "emotional"
    who: str = Field(max_length=200)
    how: str = Field("", max_length=500)
    reach: str = Field("", max_length=200)


class PostPlanResourceIn(Schema):
    id: int | None = Field(None, ge=1, description="An existing row to keep; omit for a new one.")
    name: str = Field(max_length=300)
    expect: str = Field("", max_length=1000)
    reach: str = Field("", max_length=300)


class PostPlanPatch(Schema):
    edit_version: int = Field(ge=0, le=2_147_483_647)
    next_stage: Stage | None = None
    next_stage_words: str | None = Field(None, max_length=2000)
    still_help: str | None = Field(None, max_length=2000)
    stay_in_touch: str | None = Field(None, max_length=1000)
    check_ins_words: str | None = Field(None, max_length=1000)
    goals: list[PostPlanGoalIn] | None = Field(None, max_length=MAX_ROWS * 5)
    supports: list[PostPlanSupportIn] | None = Field(
        None, max_length=MAX_ROWS, description="The whole list: rows left out are removed."
    )
    resources: list[PostPlanResourceIn] | None = Field(
        None, max_length=MAX_ROWS, description="The whole list: rows left out are removed."
    )


class PostPlanBuildIn(Schema):
    creation_key: uuid.UUID | None = None


class PostPlanVersionIn(Schema):
    edit_version: int = Field(ge=0, le=2_147_483_647)


class PostPlanAcknowledgeIn(Schema):
    name: str = Field(max_length=200, description="The participant types their name.")
    on: PastDate


def post_plan_out(user: User, plan: PostProgramPlan) -> dict[str, Any]:
    sees_private = access_for(user).sees_sensitive(plan.enrollment.program)
    goals = list(plan.goals.all())
    shown = [g for g in goals if sees_private or not g.sensitive]
    return {
        "id": plan.public_id,
        "number": plan.number,
        "cycle": plan.cycle,
        "status": plan.status,
        "edit_version": plan.edit_version,
        "next_stage": plan.next_stage,
        "next_stage_words": plan.next_stage_words,
        "still_help": plan.still_help,
        "stay_in_touch": plan.stay_in_touch,
        "check_ins_words": plan.check_ins_words,
        "goals": [
            {
                "goal_key": g.goal_key,
                "text": g.text,
                "outcome": g.outcome,
                "next_steps": g.next_steps,
                "words": g.words,
            }
            for g in shown
        ],
        "private_goals_held_back": len(goals) - len(shown),
        "supports": [
            {"id": s.pk, "kind": s.kind, "who": s.who, "how": s.how, "reach": s.reach}
            for s in plan.supports.all()
        ],
        "resources": [
            {"id": r.pk, "name": r.name, "expect": r.expect, "reach": r.reach}
            for r in plan.resources.all()
        ],
        "shared_at": plan.shared_at,
        "acknowledged_name": plan.acknowledged_name,
        "acknowledged_on": plan.acknowledged_on,
    }


def _reload(user: User, plan: PostProgramPlan) -> dict[str, Any]:
    fresh = PostProgramPlan.objects.select_related("enrollment__program").get(pk=plan.pk)
    return post_plan_out(user, fresh)


@router.get(
    "/enrollments/{public_id}/post-plans",
    response=list[PostPlanOut],
    url_name="post_plan_list",
    summary="The post-program plan's versions for the enrollment's current ending",
)
def post_plan_list(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    plans = this_cycle(PostProgramPlan, enrollment).order_by("-number")
    out = []
    for plan in plans:
        plan.enrollment = enrollment
        out.append(post_plan_out(request.user, plan))
    return out


@router.post(
    "/enrollments/{public_id}/post-plans",
    response={200: PostPlanOut, 201: PostPlanOut, 400: Refusal},
    url_name="post_plan_build",
    summary="Build version 1 from the service plan (201); the same creation key again: 200",
)
def post_plan_build(request: AuthedRequest, public_id: uuid.UUID, body: PostPlanBuildIn) -> Any:
    enrollment = enrollment_for(request.user, public_id, write=True)
    before = this_cycle(PostProgramPlan, enrollment).count()
    plan = actions.build_post_plan(
        by=request.user, enrollment=enrollment, creation_key=body.creation_key
    )
    return Reply(200 if before else 201, _reload(request.user, plan))


@router.patch(
    "/post-plans/{public_id}",
    response={200: PostPlanOut, 400: Refusal, 409: Refusal},
    url_name="post_plan_update",
    summary="Change a draft (a stale edit_version answers 409)",
    exclude_unset=True,
)
def post_plan_update(request: AuthedRequest, public_id: uuid.UUID, body: PostPlanPatch) -> Any:
    plan = post_plan_for(request.user, public_id, write=True)
    data = actions.PostPlanData(
        next_stage=body.next_stage,
        next_stage_words=body.next_stage_words,
        still_help=body.still_help,
        stay_in_touch=body.stay_in_touch,
        check_ins_words=body.check_ins_words,
        goals=None
        if body.goals is None
        else {
            g.goal_key: actions.GoalEdit(outcome=g.outcome, next_steps=g.next_steps, words=g.words)
            for g in body.goals
        },
        supports=None
        if body.supports is None
        else [
            actions.SupportData(who=s.who, kind=s.kind, how=s.how, reach=s.reach, id=s.id)
            for s in body.supports
        ],
        resources=None
        if body.resources is None
        else [
            actions.ResourceData(name=r.name, expect=r.expect, reach=r.reach, id=r.id)
            for r in body.resources
        ],
    )
    saved = actions.save_post_plan(
        by=request.user, plan=plan, data=data, expected_version=body.edit_version
    )
    return _reload(request.user, saved)


@router.post(
    "/post-plans/{public_id}/share",
    response={200: PostPlanOut, 400: Refusal, 409: Refusal},
    url_name="post_plan_share",
    summary="Share a draft with the participant to read and acknowledge",
)
def post_plan_share(request: AuthedRequest, public_id: uuid.UUID, body: PostPlanVersionIn) -> Any:
    plan = post_plan_for(request.user, public_id, write=True)
    shared = actions.share_post_plan(by=request.user, plan=plan, expected_version=body.edit_version)
    return _reload(request.user, shared)


@router.post(
    "/post-plans/{public_id}/acknowledge",
    response={200: PostPlanOut, 400: Refusal},
    url_name="post_plan_acknowledge",
    summary="The participant acknowledges a shared version; it never changes again",
)
def post_plan_acknowledge(
    request: AuthedRequest, public_id: uuid.UUID, body: PostPlanAcknowledgeIn
) -> Any:
    plan = post_plan_for(request.user, public_id, write=True)
    done = actions.acknowledge_post_plan(
        by=request.user, plan=plan, typed_name=body.name, on=body.on
    )
    return _reload(request.user, done)
