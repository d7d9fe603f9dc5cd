"""Writing the plan together: goals, steps, services; sharing, acknowledgement, revision;
and progress over time. Every change is audited in the same transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Need
from waypoint.audit.actions import Entry, record
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.standards import apply_due_dates
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.plans.models import (
    Goal,
    GoalNeed,
    GoalStatus,
    LongTermGoal,
    Plan,
    PlanVersion,
    Progress,
    Service,
    Step,
    StepStatus,
    Who,
)
from waypoint.toolkit import audit_enrollment_record, changed_since, check_writer

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_TEXT = 1000
# Marked here, translated where it is shown (the API answers in English).
PRIVATE_GOAL = gettext_noop(
    "Only the roles this program allows can change a goal that answers a private need."
)


@dataclass
class StepData:
    what: str
    who: str = Who.PARTICIPANT
    who_name: str = ""
    due_on: date | None = None
    key: uuid.UUID | None = None


@dataclass
class ServiceData:
    what: str
    provider: str = Who.NAVIGATOR
    how_often: str = ""
    key: uuid.UUID | None = None


@dataclass
class GoalData:
    text: str
    needs: list[Need]
    measure: str = ""
    target_date: date | None = None
    strengths: str = ""
    achievable_confirmed: bool = False
    realistic_confirmed: bool = False
    long_term_key: uuid.UUID | None = None
    steps: list[StepData] = field(default_factory=list)
    services: list[ServiceData] = field(default_factory=list)


def _audit(by: User, action: str, version: PlanVersion, changes: dict[str, Any]) -> None:
    audit_enrollment_record(by, action, "plan_version", version, version.plan.enrollment, changes)


def _stale(version: PlanVersion, expected: int) -> StaleEdit:
    return changed_since(
        "plan_version",
        version.public_id,
        expected,
        counter="edit_version",
        parts=lambda changes: [str(changes.get("what", _("the plan")))],
    ).refusal()


def _lock_draft(by: User, version: PlanVersion, expected: int | None) -> PlanVersion:
    locked = (
        PlanVersion.objects.select_for_update()
        .select_related("plan__enrollment")
        .get(pk=version.pk)
    )
    check_writer(by, locked.plan.enrollment.program_id)
    if locked.status == PlanVersion.Status.ACKNOWLEDGED:
        raise ActionRefused(
            _(
                "This version was acknowledged by the participant and never changes. "
                "Revise the plan to make a new version."
            )
        )
    if locked.status == PlanVersion.Status.SHARED:
        raise ActionRefused(
            _(
                "This version is with the participant to acknowledge. Take it back to draft "
                "to change it."
            )
        )
    if expected is not None and locked.edit_version != expected:
        raise _stale(locked, expected)
    return locked


def _touch(by: User, version: PlanVersion, what: str, changes: dict[str, Any]) -> None:
    version.edit_version += 1
    version.updated_by = by
    version.updated_at = timezone.now()
    version.save(update_fields=["edit_version", "updated_by", "updated_at"])
    _audit(by, "update", version, {"what": what, "edit_version": version.edit_version, **changes})


def _text(value: str, message: str, field_name: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise ActionRefused(message, field=field_name)
    if len(value) > limit:
        raise ActionRefused(
            _("Keep it under %(limit)s characters.") % {"limit": limit}, field=field_name
        )
    return value


@transaction.atomic
def start_plan(*, by: User, enrollment: Enrollment) -> PlanVersion:
    """The enrollment's plan, started as version 1 (a draft) if there is none yet; the
    open version (or the newest) if there is."""
    check_writer(by, enrollment.program_id)
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    plan = Plan.objects.filter(enrollment=locked).first()
    if plan is not None:
        newest = plan.versions.order_by("-number").first()
        assert newest is not None
        return newest
    if locked.status == "exited":
        raise ActionRefused(_("Reopen the enrollment before writing a plan."))
    plan = Plan.objects.create(enrollment=locked, participant_id=locked.participant_id)
    now = timezone.now()
    version = PlanVersion.objects.create(
        plan=plan, number=1, created_by=by, created_at=now, updated_by=by, updated_at=now
    )
    _audit(by, "create", version, {"number": 1})
    return version


@transaction.atomic
def save_long_term_goals(
    *, by: User, version: PlanVersion, goals: list[tuple[uuid.UUID | None, str]], expected: int
) -> PlanVersion:
    """Replace the long-term goals: (key or None for a new one, the participant's words).
    Blank words remove a goal; short-term goals pointing to it lose the link."""
    locked = _lock_draft(by, version, expected)
    kept: list[tuple[uuid.UUID, str]] = []
    known = set(LongTermGoal.objects.filter(version=locked).values_list("key", flat=True))
    for key, words in goals:
        if key not in known or key in {k for k, _ in kept}:
            key = None  # only this version's own keys, each once
        words = (words or "").strip()
        if not words:
            continue
        if len(words) > MAX_TEXT:
            raise ActionRefused(
                _("Keep each goal under %(limit)s characters.") % {"limit": MAX_TEXT},
                field="words",
            )
        kept.append((key or uuid.uuid4(), words))
    before = {g.key: g.words for g in LongTermGoal.objects.filter(version=locked)}
    after = dict(kept)
    if before == after and list(before) == [k for k, _ in kept]:
        return locked
    LongTermGoal.objects.filter(version=locked).delete()
    LongTermGoal.objects.bulk_create(
        LongTermGoal(version=locked, key=key, position=i, words=words)
        for i, (key, words) in enumerate(kept, start=1)
    )
    Goal.objects.filter(version=locked).exclude(long_term_key__in=list(after)).exclude(
        long_term_key=None
    ).update(long_term_key=None)
    _touch(by, locked, "long-term goals", {"long_term_goals": len(kept)})
    return locked


def _private_to(by: User, locked: PlanVersion, needs: list[Need]) -> bool:
    program = locked.plan.enrollment.program
    return any(n.sensitive for n in needs) and not access_for(by).sees_sensitive(program)


def _check_goal_readable(by: User, locked: PlanVersion, goal: Goal) -> None:
    needs = [link.need for link in GoalNeed.objects.filter(goal=goal).select_related("need")]
    if _private_to(by, locked, needs):
        raise ActionRefused(_(PRIVATE_GOAL))


def _clean_goal(locked: PlanVersion, data: GoalData) -> None:
    data.needs = list({n.pk: n for n in data.needs}.values())
    data.text = _text(data.text, _("Write the goal, in words you both agree on."), "text")
    data.measure = (data.measure or "").strip()[:500]
    data.strengths = (data.strengths or "").strip()[:500]
    if not data.needs:
        raise ActionRefused(
            _("Choose at least one numbered need this goal answers: numbers correspond."),
            field="needs",
        )
    enrollment_id = locked.plan.enrollment_id
    if any(n.enrollment_id != enrollment_id for n in data.needs):
        raise ActionRefused(_("Choose needs from this enrollment."), field="needs")
    if (
        data.long_term_key is not None
        and not LongTermGoal.objects.filter(version=locked, key=data.long_term_key).exists()
    ):
        data.long_term_key = None
    for step in data.steps:
        step.what = _text(step.what, _("Say what the step is."), "steps", 500)
        if step.who not in Who.values:
            raise ActionRefused(_("Choose who will do each step."), field="steps")
    for service in data.services:
        service.what = _text(service.what, _("Say what the service is."), "services", 500)
        if service.provider not in Who.values:
            raise ActionRefused(_("Choose who provides each service."), field="services")


GOAL_FIELDS = (
    "text",
    "measure",
    "target_date",
    "strengths",
    "achievable_confirmed",
    "realistic_confirmed",
    "long_term_key",
)


@transaction.atomic
def save_goal(
    *, by: User, version: PlanVersion, goal: Goal | None, data: GoalData, expected: int
) -> Goal:
    """Add a short-term goal (``goal`` None) or change one, with its steps and services."""
    locked = _lock_draft(by, version, expected)
    _clean_goal(locked, data)
    if goal is not None:
        _check_goal_readable(by, locked, goal)
        # Keys follow an item from version to version: keep only this goal's own, once each.
        own = set(Step.objects.filter(goal=goal).values_list("key", flat=True)) | set(
            Service.objects.filter(goal=goal).values_list("key", flat=True)
        )
    else:
        own = set()
    seen: set[uuid.UUID] = set()
    items: list[StepData | ServiceData] = [*data.steps, *data.services]
    for item in items:
        if item.key is not None and (item.key not in own or item.key in seen):
            item.key = None
        if item.key is not None:
            seen.add(item.key)
    if goal is None:
        position = Goal.objects.filter(version=locked).count() + 1
        goal = Goal(version=locked, position=position)
        what = f"goal {position}"
    else:
        if goal.version_id != locked.pk:
            raise ActionRefused(_("That goal belongs to another version of the plan."))
        what = f"goal {goal.position}"
    for name in GOAL_FIELDS:
        setattr(goal, name, getattr(data, name))
    goal.save()
    GoalNeed.objects.filter(goal=goal).delete()
    GoalNeed.objects.bulk_create(GoalNeed(version=locked, goal=goal, need=n) for n in data.needs)
    Step.objects.filter(goal=goal).delete()
    Step.objects.bulk_create(
        Step(
            version=locked,
            goal=goal,
            key=s.key or uuid.uuid4(),
            position=i,
            what=s.what,
            who=s.who,
            who_name=s.who_name.strip()[:200],
            due_on=s.due_on,
        )
        for i, s in enumerate(data.steps, start=1)
    )
    Service.objects.filter(goal=goal).delete()
    Service.objects.bulk_create(
        Service(
            version=locked,
            goal=goal,
            key=s.key or uuid.uuid4(),
            position=i,
            what=s.what,
            provider=s.provider,
            how_often=s.how_often.strip()[:100],
        )
        for i, s in enumerate(data.services, start=1)
    )
    _touch(
        by,
        locked,
        what,
        {
            "goal": str(goal.key),
            "needs": sorted(n.number for n in data.needs),
            "steps": len(data.steps),
            "services": len(data.services),
        },
    )
    return goal


@transaction.atomic
def remove_goal(*, by: User, goal: Goal, expected: int) -> PlanVersion:
    locked = _lock_draft(by, goal.version, expected)
    _check_goal_readable(by, locked, goal)
    Step.objects.filter(goal=goal).delete()
    Service.objects.filter(goal=goal).delete()
    GoalNeed.objects.filter(goal=goal).delete()
    number = goal.position
    goal.delete()
    rest = list(Goal.objects.filter(version=locked).order_by("position", "pk"))
    for i, g in enumerate(rest, start=1):
        g.position = i
    Goal.objects.bulk_update(rest, ["position"])
    _touch(by, locked, f"goal {number}", {"removed": str(goal.key)})
    return locked


@transaction.atomic
def share(*, by: User, version: PlanVersion, expected: int, approved: bool = False) -> PlanVersion:
    """Draft → shared with the participant, who reads it and acknowledges it. Where the
    program asks a supervisor to approve plans first, only an approval shares it."""
    from waypoint.approvals import actions as approvals

    locked = _lock_draft(by, version, expected)
    if not Goal.objects.filter(version=locked).exists():
        raise ActionRefused(_("Add at least one short-term goal before sharing the plan."))
    if not approved and approvals.asks(locked.plan.enrollment.program, "plan"):
        raise ActionRefused(
            _(
                "This program asks a supervisor to approve a plan before it is shared: "
                "ask for approval."
            )
        )
    locked.status = PlanVersion.Status.SHARED
    locked.shared_at = timezone.now()
    locked.shared_by = by
    locked.save(update_fields=["status", "shared_at", "shared_by"])
    _audit(by, "update", locked, {"status": ["draft", "shared"]})
    return locked


@transaction.atomic
def ask_to_share(*, by: User, version: PlanVersion, expected: int) -> Any:
    """Where the program asks for it: send a draft to a supervisor, who shares it by
    approving it. Returns the approval."""
    from waypoint.approvals import actions as approvals

    locked = _lock_draft(by, version, expected)
    if not Goal.objects.filter(version=locked).exists():
        raise ActionRefused(_("Add at least one short-term goal before asking for approval."))
    return approvals.request_approval(
        by=by,
        kind="plan",
        enrollment=locked.plan.enrollment,
        subject_id=locked.pk,
        details={"edit_version": locked.edit_version},
    )


@transaction.atomic
def back_to_draft(*, by: User, version: PlanVersion) -> PlanVersion:
    locked = (
        PlanVersion.objects.select_for_update()
        .select_related("plan__enrollment")
        .get(pk=version.pk)
    )
    check_writer(by, locked.plan.enrollment.program_id)
    if locked.status != PlanVersion.Status.SHARED:
        raise ActionRefused(_("Only a shared version, not yet acknowledged, goes back to draft."))
    locked.status = PlanVersion.Status.DRAFT
    locked.edit_version += 1
    locked.save(update_fields=["status", "edit_version"])
    _audit(by, "update", locked, {"status": ["shared", "draft"]})
    return locked


@transaction.atomic
def acknowledge(*, by: User, version: PlanVersion, typed_name: str, on: date) -> PlanVersion:
    """The participant acknowledges a shared version with their typed name and the date.
    From now on it never changes. The first acknowledgement completes the enrollment's
    service plan for the program's time standards."""
    locked = (
        PlanVersion.objects.select_for_update()
        .select_related("plan__enrollment")
        .get(pk=version.pk)
    )
    # On a staff member's device they record it; in their own Waypoint it is the person.
    if access_for(by).participant_id != locked.plan.participant_id:
        check_writer(by, locked.plan.enrollment.program_id)
    if locked.status != PlanVersion.Status.SHARED:
        raise ActionRefused(
            _("Share this version with the participant before they acknowledge it.")
        )
    typed_name = _text(typed_name, _("They type their name to acknowledge the plan."), "name", 200)
    today = timezone.localdate()
    if on > today:
        raise ActionRefused(_("The date cannot be in the future."), field="on")
    if on < timezone.localtime(locked.shared_at).date():
        raise ActionRefused(_("The date cannot be before the plan was shared."), field="on")
    now = timezone.now()
    locked.status = PlanVersion.Status.ACKNOWLEDGED
    locked.acknowledged_name = typed_name
    locked.acknowledged_on = on
    locked.acknowledged_at = now
    locked.acknowledged_recorded_by = by
    locked.save(
        update_fields=[
            "status",
            "acknowledged_name",
            "acknowledged_on",
            "acknowledged_at",
            "acknowledged_recorded_by",
        ]
    )
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("program")
        .get(pk=locked.plan.enrollment_id)
    )
    if enrollment.isp_done_on is None:
        enrollment.isp_done_on = on
        fields = apply_due_dates(enrollment, enrollment.program)
        enrollment.save(update_fields=["isp_done_on", *fields])
    _audit(by, "update", locked, {"status": ["shared", "acknowledged"], "on": on.isoformat()})
    return locked


@transaction.atomic
def revise(*, by: User, version: PlanVersion, reason: str) -> PlanVersion:
    """Start the next version as a copy of an acknowledged one; it stays as it was."""
    locked = (
        PlanVersion.objects.select_for_update()
        .select_related("plan__enrollment")
        .get(pk=version.pk)
    )
    check_writer(by, locked.plan.enrollment.program_id)
    if locked.status != PlanVersion.Status.ACKNOWLEDGED:
        raise ActionRefused(_("Only an acknowledged version is revised; change the draft instead."))
    newest = PlanVersion.objects.filter(plan_id=locked.plan_id).order_by("-number").first()
    if newest is not None and newest.pk != locked.pk:
        raise ActionRefused(
            _("Version %(number)s is already the newest; revise that one.")
            % {"number": newest.number}
        )
    reason = _text(reason, _("Say why the plan is changing."), "reason")
    now = timezone.now()
    new = PlanVersion.objects.create(
        plan_id=locked.plan_id,
        number=locked.number + 1,
        revision_reason=reason,
        created_by=by,
        created_at=now,
        updated_by=by,
        updated_at=now,
    )
    new.plan = locked.plan
    LongTermGoal.objects.bulk_create(
        LongTermGoal(version=new, key=g.key, position=g.position, words=g.words)
        for g in LongTermGoal.objects.filter(version=locked)
    )
    for goal in Goal.objects.filter(version=locked).prefetch_related(
        "need_links", "steps", "services"
    ):
        copy = Goal.objects.create(
            version=new,
            key=goal.key,
            position=goal.position,
            **{name: getattr(goal, name) for name in GOAL_FIELDS},
        )
        GoalNeed.objects.bulk_create(
            GoalNeed(version=new, goal=copy, need_id=link.need_id) for link in goal.need_links.all()
        )
        Step.objects.bulk_create(
            Step(
                version=new,
                goal=copy,
                key=s.key,
                position=s.position,
                what=s.what,
                who=s.who,
                who_name=s.who_name,
                due_on=s.due_on,
            )
            for s in goal.steps.all()
        )
        Service.objects.bulk_create(
            Service(
                version=new,
                goal=copy,
                key=s.key,
                position=s.position,
                what=s.what,
                provider=s.provider,
                how_often=s.how_often,
            )
            for s in goal.services.all()
        )
    _audit(by, "create", new, {"number": new.number, "revises": locked.number})
    return new


@transaction.atomic
def record_progress(
    *, by: User, plan: Plan, kind: str, key: uuid.UUID, status: str, reason: str = ""
) -> Progress:
    """How a goal or step is going now. Setting a goal aside needs the participant's reason."""
    check_writer(by, plan.enrollment.program_id)
    if kind == Progress.Kind.GOAL:
        if status not in GoalStatus.values:
            raise ActionRefused(_("Choose how the goal is going."), field="status")
        goal = Goal.objects.filter(version__plan=plan, key=key).order_by("-version__number").first()
    elif kind == Progress.Kind.STEP:
        if status not in StepStatus.values:
            raise ActionRefused(_("Choose how the step is going."), field="status")
        step = Step.objects.filter(version__plan=plan, key=key).select_related("goal").first()
        goal = step.goal if step else None
    else:
        raise ActionRefused(_("Choose a goal or a step."))
    if goal is None:
        raise ActionRefused(_("That is not part of this plan."))
    _check_goal_readable(by, goal.version, goal)
    reason = (reason or "").strip()
    if status == GoalStatus.SET_ASIDE and kind == Progress.Kind.GOAL and not reason:
        raise ActionRefused(
            _("Note the participant's reason for setting the goal aside."), field="reason"
        )
    if len(reason) > MAX_TEXT:
        raise ActionRefused(
            _("Keep it under %(limit)s characters.") % {"limit": MAX_TEXT}, field="reason"
        )
    entry = Progress.objects.create(
        plan=plan, kind=kind, item_key=key, status=status, reason=reason, by=by, at=timezone.now()
    )
    enrollment = plan.enrollment
    record(
        by=by,
        action="update",
        role=access_for(by).role_in([enrollment.program_id]),
        organization_id=enrollment.organization_id,
        entries=[
            Entry(
                f"plan_{kind}",
                str(key),
                plan.participant_id,
                {"status": status},
            )
        ],
    )
    return entry
