"""/api/v1/ for the Individualized Service Plan: the same funnels, actions and audit
as the pages.

Reads go through ``version_for`` / ``goal_for`` (404 for anyone who may not know the
plan; the read is audited) and ``plan_view``, which decides which goals are private
to the person asking: a private goal shows its number and needs, nothing else.
Writes go through the actions, which refuse any change to a version that is shared
or acknowledged.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import Field

from waypoint.api.assessments import NeedOut, Refusal, need_out
from waypoint.api.inputs import AheadDate, PastDate, ProgressKind
from waypoint.assessments.models import Need
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused
from waypoint.http import AuthedRequest
from waypoint.plans import actions
from waypoint.plans.models import LongTermGoal, PlanVersion, Progress, Who
from waypoint.plans.queries import (
    GoalView,
    differences,
    goal_for,
    open_plan_version,
    plan_view,
    version_for,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

router = Router(tags=["service plans"])

MAX_ITEMS = 50
NeedNumber = Annotated[int, Field(ge=1, le=32767)]


# Schemas ---------------------------------------------------------------------------


class VersionSummary(Schema):
    id: uuid.UUID
    number: int
    status: str
    edit_version: int
    revision_reason: str
    created_at: datetime
    shared_at: datetime | None
    acknowledged_name: str
    acknowledged_on: date | None


class LongTermOut(Schema):
    key: uuid.UUID
    words: str


class SmartsOut(Schema):
    letter: str
    name: str
    passes: bool
    reason: str


class StepOut(Schema):
    key: uuid.UUID
    what: str
    who: str
    who_name: str
    due_on: date | None
    status: str


class ServiceOut(Schema):
    key: uuid.UUID
    what: str
    provider: str
    how_often: str


class GoalOut(Schema):
    """A private goal (it answers a private need you may not read) has only id, key,
    number, private and needs."""

    id: uuid.UUID
    key: uuid.UUID
    number: int
    private: bool
    needs: list[int]
    text: str | None = None
    measure: str | None = None
    target_date: date | None = None
    strengths: str | None = None
    achievable_confirmed: bool | None = None
    realistic_confirmed: bool | None = None
    long_term_key: uuid.UUID | None = None
    status: str | None = None
    status_reason: str | None = None
    smarts: list[SmartsOut] | None = None
    steps: list[StepOut] | None = None
    services: list[ServiceOut] | None = None


class PlanOut(VersionSummary):
    enrollment_id: uuid.UUID
    long_term_goals: list[LongTermOut]
    goals: list[GoalOut]
    needs: list[NeedOut]
    unlinked_needs: list[int] = Field(description="Open needs no goal answers yet.")


class EditVersionIn(Schema):
    edit_version: int


class LongTermIn(Schema):
    key: uuid.UUID | None = Field(None, description="Leave out for a new long-term goal.")
    words: str = Field(max_length=1000)


class LongTermGoalsIn(EditVersionIn):
    goals: list[LongTermIn] = Field(max_length=MAX_ITEMS)


class StepIn(Schema):
    key: uuid.UUID | None = Field(None, description="A step of this goal; leave out for a new one.")
    what: str = Field(max_length=500)
    who: Who = Who.PARTICIPANT
    who_name: str = Field("", max_length=200)
    due_on: AheadDate | None = None


class ServiceIn(Schema):
    key: uuid.UUID | None = Field(
        None, description="A service of this goal; leave out for a new one."
    )
    what: str = Field(max_length=500)
    provider: Who = Who.NAVIGATOR
    how_often: str = Field("", max_length=100)


class GoalIn(EditVersionIn):
    text: str = Field(max_length=1000)
    needs: list[NeedNumber] = Field(
        max_length=MAX_ITEMS, description="Numbers of this enrollment's needs."
    )
    measure: str = Field("", max_length=500)
    target_date: AheadDate | None = None
    strengths: str = Field("", max_length=500)
    achievable_confirmed: bool = False
    realistic_confirmed: bool = False
    long_term_key: uuid.UUID | None = None
    steps: list[StepIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    services: list[ServiceIn] = Field(default_factory=list, max_length=MAX_ITEMS)


class GoalPatch(EditVersionIn):
    """Only what you send changes; ``steps`` and ``services``, when sent, replace the lists."""

    text: str | None = Field(None, max_length=1000)
    needs: list[NeedNumber] | None = Field(None, max_length=MAX_ITEMS)
    measure: str | None = Field(None, max_length=500)
    target_date: AheadDate | None = None
    strengths: str | None = Field(None, max_length=500)
    achievable_confirmed: bool | None = None
    realistic_confirmed: bool | None = None
    long_term_key: uuid.UUID | None = None
    steps: list[StepIn] | None = Field(None, max_length=MAX_ITEMS)
    services: list[ServiceIn] | None = Field(None, max_length=MAX_ITEMS)


class AcknowledgeIn(Schema):
    name: str = Field(max_length=200, description="The participant types their name.")
    on: PastDate


class ReviseIn(Schema):
    reason: str = Field(max_length=1000)


class DifferenceOut(Schema):
    what: str
    before: str
    after: str


class ProgressIn(Schema):
    kind: ProgressKind
    key: uuid.UUID
    status: str = Field(max_length=20)
    reason: str = Field("", max_length=1000)


class ProgressOut(Schema):
    kind: str
    key: uuid.UUID
    status: str
    reason: str
    at: datetime


# Shaping answers -------------------------------------------------------------------


def summary_out(v: PlanVersion) -> dict[str, Any]:
    return {
        "id": v.public_id,
        "number": v.number,
        "status": v.status,
        "edit_version": v.edit_version,
        "revision_reason": v.revision_reason,
        "created_at": v.created_at,
        "shared_at": v.shared_at,
        "acknowledged_name": v.acknowledged_name,
        "acknowledged_on": v.acknowledged_on,
    }


def goal_out(view: GoalView) -> dict[str, Any]:
    goal = view.goal
    out: dict[str, Any] = {
        "id": goal.public_id,
        "key": goal.key,
        "number": view.number,
        "private": view.private,
        "needs": [n.number for n in view.needs],
    }
    if view.private:
        return out
    return {
        **out,
        "text": goal.text,
        "measure": goal.measure,
        "target_date": goal.target_date,
        "strengths": goal.strengths,
        "achievable_confirmed": goal.achievable_confirmed,
        "realistic_confirmed": goal.realistic_confirmed,
        "long_term_key": goal.long_term_key,
        "status": view.status,
        "status_reason": view.status_reason,
        "smarts": [vars(v) for v in view.verdicts],
        "steps": [
            {
                "key": s.step.key,
                "what": s.step.what,
                "who": s.step.who,
                "who_name": s.step.who_name,
                "due_on": s.step.due_on,
                "status": s.status,
            }
            for s in view.steps
        ],
        "services": [
            {"key": s.key, "what": s.what, "provider": s.provider, "how_often": s.how_often}
            for s in view.services
        ],
    }


def plan_out(user: User, version: PlanVersion) -> dict[str, Any]:
    view = plan_view(user, version)
    return {
        **summary_out(version),
        "enrollment_id": version.plan.enrollment.public_id,
        "long_term_goals": [{"key": g.key, "words": g.words} for g in view.long_term],
        "goals": [goal_out(g) for g in view.goals],
        "needs": [need_out(n) for n in view.needs],
        "unlinked_needs": [n.need.number for n in view.unlinked],
    }


def _goal_view(user: User, version: PlanVersion, goal_pk: int) -> GoalView:
    found = next((g for g in plan_view(user, version).goals if g.goal.pk == goal_pk), None)
    if found is None:  # removed by someone else a moment ago
        raise Http404("No such goal.")
    return found


def _needs(enrollment_id: int, numbers: list[int]) -> list[Need]:
    wanted = sorted(set(numbers))
    found = {
        n.number: n for n in Need.objects.filter(enrollment_id=enrollment_id, number__in=wanted)
    }
    missing = [str(number) for number in wanted if number not in found]
    if missing:
        raise ActionRefused(
            f"This enrollment has no need numbered {', '.join(missing)}.", field="needs"
        )
    return [found[number] for number in wanted]


def _check_keys(keys: list[uuid.UUID | None], known: set[uuid.UUID], what: str) -> None:
    """A key names an item that is already there, once; a new item has none."""
    given = [key for key in keys if key is not None]
    if len(set(given)) != len(given) or not set(given) <= known:
        raise ActionRefused(
            f"Each {what} key must be one this goal already has, used once; "
            f"leave the key out for a new {what}.",
            field=f"{what}s",
        )


def _steps(items: list[StepIn], known: set[uuid.UUID]) -> list[actions.StepData]:
    _check_keys([s.key for s in items], known, "step")
    return [actions.StepData(s.what, s.who, s.who_name, s.due_on, s.key) for s in items]


def _services(items: list[ServiceIn], known: set[uuid.UUID]) -> list[actions.ServiceData]:
    _check_keys([s.key for s in items], known, "service")
    return [actions.ServiceData(s.what, s.provider, s.how_often, s.key) for s in items]


def _with_enrollment(version: PlanVersion, enrollment: Enrollment) -> PlanVersion:
    version.plan.enrollment = enrollment
    return version


# Plans and versions ---------------------------------------------------------------


@router.get(
    "/enrollments/{public_id}/plan",
    response=list[VersionSummary],
    url_name="plan_versions",
    summary="The versions of an enrollment's service plan, newest first",
)
def plan_versions(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    newest = open_plan_version(enrollment.pk)
    if newest is None:
        return []
    return [summary_out(v) for v in newest.plan.versions.order_by("-number")]


@router.post(
    "/enrollments/{public_id}/plan",
    response={200: PlanOut, 201: PlanOut, 400: Refusal},
    url_name="plan_start",
    summary="Start the plan as version 1 (201), or get its newest version (200)",
    exclude_unset=True,
)
def plan_start(request: AuthedRequest, public_id: uuid.UUID) -> Reply[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    existed = open_plan_version(enrollment.pk) is not None
    version = actions.start_plan(by=request.user, enrollment=enrollment)
    body = plan_out(request.user, _with_enrollment(version, enrollment))
    return Reply(200 if existed else 201, body)


@router.get(
    "/plan-versions/{public_id}",
    response=PlanOut,
    url_name="plan_version_read",
    summary="One version of the plan: long-term goals, goals, steps, services, needs",
    exclude_unset=True,
)
def plan_version_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return plan_out(request.user, version_for(request.user, public_id))


@router.post(
    "/plan-versions/{public_id}/long-term-goals",
    response={200: PlanOut, 400: Refusal, 409: Refusal},
    url_name="plan_long_term",
    summary="Replace the long-term goals of a draft (blank words remove one)",
    exclude_unset=True,
)
def plan_long_term(
    request: AuthedRequest, public_id: uuid.UUID, body: LongTermGoalsIn
) -> dict[str, Any]:
    version = version_for(request.user, public_id, write=True)
    known = set(LongTermGoal.objects.filter(version=version).values_list("key", flat=True))
    keys = [g.key for g in body.goals if g.key is not None]
    if len(set(keys)) != len(keys) or not set(keys) <= known:
        raise ActionRefused(
            "Each key must be one of this version's long-term goals, used once; "
            "leave the key out for a new one.",
            field="goals",
        )
    saved = actions.save_long_term_goals(
        by=request.user,
        version=version,
        goals=[(g.key, g.words) for g in body.goals],
        expected=body.edit_version,
    )
    return plan_out(request.user, saved)


@router.post(
    "/plan-versions/{public_id}/goals",
    response={201: GoalOut, 400: Refusal, 409: Refusal},
    url_name="goal_add",
    summary="Add a short-term goal, with its steps and services, to a draft",
    exclude_unset=True,
)
def goal_add(request: AuthedRequest, public_id: uuid.UUID, body: GoalIn) -> Reply[dict[str, Any]]:
    version = version_for(request.user, public_id, write=True)
    data = actions.GoalData(
        text=body.text,
        needs=_needs(version.plan.enrollment_id, body.needs),
        measure=body.measure,
        target_date=body.target_date,
        strengths=body.strengths,
        achievable_confirmed=body.achievable_confirmed,
        realistic_confirmed=body.realistic_confirmed,
        long_term_key=body.long_term_key,
        steps=_steps(body.steps, set()),
        services=_services(body.services, set()),
    )
    goal = actions.save_goal(
        by=request.user, version=version, goal=None, data=data, expected=body.edit_version
    )
    return Reply(201, goal_out(_goal_view(request.user, version, goal.pk)))


@router.patch(
    "/goals/{public_id}",
    response={200: GoalOut, 400: Refusal, 409: Refusal},
    url_name="goal_update",
    summary="Change a goal of a draft; what you leave out stays as it is",
    exclude_unset=True,
)
def goal_update(request: AuthedRequest, public_id: uuid.UUID, body: GoalPatch) -> dict[str, Any]:
    goal = goal_for(request.user, public_id, write=True)
    version = goal.version
    view = _goal_view(request.user, version, goal.pk)
    if view.private:
        raise ActionRefused(actions.PRIVATE_GOAL)
    given = body.model_fields_set
    steps = [
        StepIn(
            key=s.step.key,
            what=s.step.what,
            who=Who(s.step.who),
            who_name=s.step.who_name,
            due_on=s.step.due_on,
        )
        for s in view.steps
    ]
    services = [
        ServiceIn(key=s.key, what=s.what, provider=Who(s.provider), how_often=s.how_often)
        for s in view.services
    ]

    def pick(name: str, current: Any) -> Any:
        value = getattr(body, name)
        return current if name not in given else value

    data = actions.GoalData(
        text=pick("text", goal.text) or "",
        needs=(
            _needs(version.plan.enrollment_id, body.needs or []) if "needs" in given else view.needs
        ),
        measure=pick("measure", goal.measure) or "",
        target_date=pick("target_date", goal.target_date),
        strengths=pick("strengths", goal.strengths) or "",
        achievable_confirmed=bool(pick("achievable_confirmed", goal.achievable_confirmed)),
        realistic_confirmed=bool(pick("realistic_confirmed", goal.realistic_confirmed)),
        long_term_key=pick("long_term_key", goal.long_term_key),
        steps=_steps(pick("steps", steps) or [], {s.step.key for s in view.steps}),
        services=_services(pick("services", services) or [], {s.key for s in view.services}),
    )
    saved = actions.save_goal(
        by=request.user, version=version, goal=goal, data=data, expected=body.edit_version
    )
    return goal_out(_goal_view(request.user, version, saved.pk))


@router.post(
    "/goals/{public_id}/remove",
    response={200: PlanOut, 400: Refusal, 409: Refusal},
    url_name="goal_remove",
    summary="Remove a goal from a draft; the plan comes back",
    exclude_unset=True,
)
def goal_remove(
    request: AuthedRequest, public_id: uuid.UUID, body: EditVersionIn
) -> dict[str, Any]:
    goal = goal_for(request.user, public_id, write=True)
    version = actions.remove_goal(by=request.user, goal=goal, expected=body.edit_version)
    return plan_out(request.user, version)


@router.post(
    "/plan-versions/{public_id}/share",
    response={200: PlanOut, 400: Refusal, 409: Refusal},
    url_name="plan_share",
    summary="Share a draft with the participant to read and acknowledge",
    exclude_unset=True,
)
def plan_share(request: AuthedRequest, public_id: uuid.UUID, body: EditVersionIn) -> dict[str, Any]:
    version = version_for(request.user, public_id, write=True)
    shared = actions.share(by=request.user, version=version, expected=body.edit_version)
    return plan_out(request.user, shared)


@router.post(
    "/plan-versions/{public_id}/back-to-draft",
    response={200: PlanOut, 400: Refusal},
    url_name="plan_back_to_draft",
    summary="Take a shared version, not yet acknowledged, back to draft",
    exclude_unset=True,
)
def plan_back_to_draft(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    version = version_for(request.user, public_id, write=True)
    return plan_out(request.user, actions.back_to_draft(by=request.user, version=version))


@router.post(
    "/plan-versions/{public_id}/acknowledge",
    response={200: PlanOut, 400: Refusal},
    url_name="plan_acknowledge",
    summary="The participant acknowledges a shared version; it never changes again",
    exclude_unset=True,
)
def plan_acknowledge(
    request: AuthedRequest, public_id: uuid.UUID, body: AcknowledgeIn
) -> dict[str, Any]:
    version = version_for(request.user, public_id, write=True)
    done = actions.acknowledge(by=request.user, version=version, typed_name=body.name, on=body.on)
    return plan_out(request.user, done)


@router.post(
    "/plan-versions/{public_id}/revise",
    response={201: PlanOut, 400: Refusal},
    url_name="plan_revise",
    summary="Start the next version as a copy of an acknowledged one",
    exclude_unset=True,
)
def plan_revise(
    request: AuthedRequest, public_id: uuid.UUID, body: ReviseIn
) -> Reply[dict[str, Any]]:
    version = version_for(request.user, public_id, write=True)
    new = actions.revise(by=request.user, version=version, reason=body.reason)
    return Reply(201, plan_out(request.user, new))


@router.get(
    "/plan-versions/{public_id}/compare/{other_id}",
    response={200: list[DifferenceOut], 400: Refusal},
    url_name="plan_compare",
    summary="What changed between two versions of the same plan, older to newer",
)
def plan_compare(
    request: AuthedRequest, public_id: uuid.UUID, other_id: uuid.UUID
) -> list[dict[str, Any]]:
    version = version_for(request.user, public_id)
    other = version_for(request.user, other_id)
    if other.plan_id != version.plan_id:
        raise ActionRefused("Compare two versions of the same plan.", field="other_id")
    older, newer = sorted([version, other], key=lambda v: v.number)
    return [vars(d) for d in differences(request.user, older, newer)]


@router.post(
    "/plan-versions/{public_id}/progress",
    response={201: ProgressOut, 400: Refusal},
    url_name="plan_progress",
    summary="Record how a goal or step of this version is going",
)
def plan_progress(request: AuthedRequest, public_id: uuid.UUID, body: ProgressIn) -> Reply[Any]:
    version = version_for(request.user, public_id, write=True)
    goals = plan_view(request.user, version).goals
    if body.kind == Progress.Kind.GOAL:
        owner = next((g for g in goals if g.goal.key == body.key), None)
    else:
        owner = next((g for g in goals if any(s.step.key == body.key for s in g.steps)), None)
    if owner is None:
        raise ActionRefused("That is not part of this version of the plan.", field="key")
    if owner.private:
        raise ActionRefused(actions.PRIVATE_GOAL)
    entry = actions.record_progress(
        by=request.user,
        plan=version.plan,
        kind=body.kind,
        key=body.key,
        status=body.status,
        reason=body.reason,
    )
    return Reply(
        201,
        {
            "kind": entry.kind,
            "key": entry.item_key,
            "status": entry.status,
            "reason": entry.reason,
            "at": entry.at,
        },
    )
