"""The post-program plan: the participant's own copy of what comes next, built from the
service plan (not retyped), changed together as a draft, shared, acknowledged with their
typed name (then frozen: the database refuses any change, migration 0002), copied into a
new version when life changes, and sent to their safe email address as a plain page.

Goals that answer a private need are marked ``sensitive``: only the roles the program
allows see them on the staff page, and they are left out of every printed and emailed
copy, whoever prints or sends it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings as django_settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from waypoint import bounds
from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Assessment
from waypoint.closure.actions._common import audit_record, check_open, lock, this_cycle
from waypoint.closure.models import (
    ClosureSettings,
    PostPlanGoal,
    PostPlanResource,
    PostPlanSupport,
    PostProgramPlan,
)
from waypoint.enrollments.models import Enrollment, Status
from waypoint.errors import ActionRefused
from waypoint.plans.models import Goal, GoalStatus, Plan, PlanVersion, Progress, StepStatus
from waypoint.referrals.models import OPEN as OPEN_REFERRALS
from waypoint.referrals.models import Referral
from waypoint.referrals.models import Status as ReferralStatus
from waypoint.toolkit import changed_since, check_writer, created_once, earlier

if TYPE_CHECKING:
    from waypoint.accounts.models import User

KIND = "post_plan"
BUILD_STATUSES = (str(Status.ENROLLED), str(Status.EXITING))
MAX_ROWS = 20
FROZEN = gettext_lazy(
    "This version was acknowledged and never changes. Start a new version to change it."
)
WITH_THEM = gettext_lazy(
    "This version is with the participant to acknowledge. Take it back to draft to change it."
)
# The first draft's words for how we can still help, staying in touch and the check-ins:
# written into the plan (data the navigator then edits with them), so kept in English here.
STILL_HELP = (
    "You can still come to us. We can help you find a service, talk a problem through, "
    "or welcome you back to the program."
)
STAY_IN_TOUCH = (
    "Call or write to us any time. Tell us when your phone number or address changes, "
    "so we can keep in touch."
)
SUBJECT = gettext_noop("Your plan for what comes next")  # translated when sent

# Words in what a support person does that say which kind of help it is, checked in
# this order; a person with none of them is emotional support, a group is "other".
KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        PostPlanSupport.Kind.HOUSING,
        ("housing", "home", "house", "room", "shelter", "apartment", "landlord", "rent", "stay"),
    ),
    (
        PostPlanSupport.Kind.FINANCIAL,
        ("money", "cash", "bills", "budget", "loan", "lends", "financial", "pays", "benefits"),
    ),
    (
        PostPlanSupport.Kind.EDUCATIONAL,
        ("school", "class", "classes", "tutor", "homework", "study", "college", "learning"),
    ),
    (
        PostPlanSupport.Kind.VOCATIONAL,
        ("job", "jobs", "work", "career", "resume", "interview", "employer", "boss"),
    ),
    (
        PostPlanSupport.Kind.EMOTIONAL,
        ("listens", "listen", "talk", "talks", "emotional", "encourages", "cheers", "comfort"),
    ),
)
# Referrals that belong on the plan: under way or already connected.
REFERRAL_STATUSES = (set(OPEN_REFERRALS) - {ReferralStatus.DRAFT}) | {ReferralStatus.CONNECTED}


@dataclass
class GoalEdit:
    outcome: str
    next_steps: str = ""
    words: str = ""


@dataclass
class SupportData:
    who: str
    kind: str = PostPlanSupport.Kind.EMOTIONAL
    how: str = ""
    reach: str = ""
    id: int | None = None


@dataclass
class ResourceData:
    name: str
    expect: str = ""
    reach: str = ""
    id: int | None = None


@dataclass
class PostPlanData:
    """A draft's fields and children. ``None`` leaves that part as it is."""

    next_stage: str | None = None
    next_stage_words: str | None = None
    still_help: str | None = None
    stay_in_touch: str | None = None
    check_ins_words: str | None = None
    goals: dict[uuid.UUID, GoalEdit] | None = None
    supports: list[SupportData] | None = None
    resources: list[ResourceData] | None = None
    changed: list[str] = field(default_factory=list)


# Building ------------------------------------------------------------------------


def support_kind(row: dict[str, Any]) -> str:
    """Which kind of help a support from the assessment gives, from their own words."""
    words = set(re.findall(r"[a-z]+", f"{row.get('how', '')} {row.get('who', '')}".lower()))
    for kind, clues in KIND_WORDS:
        if words & set(clues):
            return str(kind)
    if row.get("kind") == "organization":
        return str(PostPlanSupport.Kind.OTHER)
    return str(PostPlanSupport.Kind.EMOTIONAL)


def check_ins_sentence(days: list[Any]) -> str:
    found = sorted({int(d) for d in days if 0 < int(d) <= 730})
    if not found:
        return "You can reach us whenever you want to talk."
    if len(found) == 1:
        when = str(found[0])
    else:
        when = ", ".join(str(d) for d in found[:-1]) + f" and {found[-1]}"
    return f"We will get in touch {when} days after you leave, to hear how you are doing."


def source_version(enrollment: Enrollment) -> PlanVersion | None:
    """The service plan version it is built from: the newest one they acknowledged, or
    the newest one when none is acknowledged yet."""
    plan = Plan.objects.filter(enrollment_id=enrollment.pk).first()
    if plan is None:
        return None
    versions = plan.versions.order_by("-number")
    acknowledged = versions.filter(status=PlanVersion.Status.ACKNOWLEDGED).first()
    return acknowledged or versions.first()


def _goals_from(version: PlanVersion) -> list[PostPlanGoal]:
    latest: dict[uuid.UUID, Progress] = {}
    for entry in Progress.objects.filter(plan_id=version.plan_id).order_by("at", "pk"):
        latest[entry.item_key] = entry
    made = []
    goals = Goal.objects.filter(version=version).prefetch_related("steps", "need_links__need")
    for position, goal in enumerate(goals, start=1):
        current = latest.get(goal.key)
        status = current.status if current else GoalStatus.NOT_STARTED
        words = ""
        next_steps = ""
        if status == GoalStatus.ACHIEVED:
            outcome = PostPlanGoal.Outcome.ACHIEVED
        elif status == GoalStatus.SET_ASIDE:
            outcome = PostPlanGoal.Outcome.SET_ASIDE
            words = current.reason[:1000] if current else ""
        else:
            outcome = PostPlanGoal.Outcome.CONTINUING
            still_open = []
            for step in goal.steps.all():
                step_status = latest.get(step.key)
                if step_status is None or step_status.status in (
                    StepStatus.NOT_STARTED,
                    StepStatus.IN_PROGRESS,
                ):
                    still_open.append(step.what)
            next_steps = "\n".join(still_open)[:2000]
        made.append(
            PostPlanGoal(
                goal_key=goal.key,
                position=position,
                text=goal.text,
                outcome=outcome,
                next_steps=next_steps,
                words=words,
                sensitive=any(link.need.sensitive for link in goal.need_links.all()),
            )
        )
    return made


def _supports_from(enrollment: Enrollment) -> list[PostPlanSupport]:
    assessments = Assessment.objects.filter(enrollment_id=enrollment.pk).order_by("-number")
    assessment = (
        assessments.filter(status=Assessment.Status.COMPLETE).first() or assessments.first()
    )
    if assessment is None or "supports" in (assessment.declined or []):
        return []
    made: list[PostPlanSupport] = []
    for row in assessment.answers.get("supports", []) or []:
        if not isinstance(row, dict) or not str(row.get("who", "")).strip():
            continue
        made.append(
            PostPlanSupport(
                position=len(made) + 1,
                kind=support_kind(row),
                who=str(row["who"]).strip()[:200],
                how=str(row.get("how", "")).strip()[:500],
            )
        )
    return made[:MAX_ROWS]


def _resources_from(enrollment: Enrollment) -> list[PostPlanResource]:
    referrals = (
        Referral.objects.filter(enrollment_id=enrollment.pk, status__in=REFERRAL_STATUSES)
        .select_related("service", "to_program", "need")
        .order_by("created_at", "pk")
    )
    made: list[PostPlanResource] = []
    for referral in referrals:
        if referral.need is not None and referral.need.sensitive:
            continue  # a referral for a private need stays off the participant's copy
        service = referral.service
        made.append(
            PostPlanResource(
                position=len(made) + 1,
                service=service,
                referral=referral,
                name=referral.target[:300],
                expect=(service.what_to_expect if service else "")[:1000],
                reach=((service.url or service.email) if service else "")[:300],
            )
        )
    return made[:MAX_ROWS]


def _rules(enrollment: Enrollment) -> ClosureSettings:
    found = ClosureSettings.objects.filter(program_id=enrollment.program_id).first()
    return found or ClosureSettings(program_id=enrollment.program_id)


@transaction.atomic
def build_post_plan(
    *, by: User, enrollment: Enrollment, creation_key: uuid.UUID | None = None
) -> PostProgramPlan:
    """The current ending's first version, built from the service plan, the assessment's
    support systems and the referrals. Without a service plan it is built with no goals:
    the supports, resources and ways to stay in touch still matter. A second submit with
    the same creation key hands back the same plan."""
    check_writer(by, enrollment.program_id)
    current = lock(enrollment)
    found = earlier(PostProgramPlan, creation_key, enrollment=current)
    if found is not None:
        return found  # type: ignore[no-any-return]
    check_open(current, "post-program plan")
    if current.status not in BUILD_STATUSES:
        raise ActionRefused(
            _("The post-program plan is built once they are enrolled, as the transition nears.")
        )
    existing = this_cycle(PostProgramPlan, current).order_by("-number").first()
    if existing is not None:
        raise ActionRefused(
            _("There is already a post-program plan (version %(number)s). Open it to make changes.")
            % {"number": existing.number}
        )
    version = source_version(current)
    now = timezone.now()

    def make() -> PostProgramPlan:
        return PostProgramPlan.objects.create(
            enrollment=current,
            participant_id=current.participant_id,
            cycle=current.cycle,
            number=1,
            source_version=version,
            still_help=STILL_HELP,
            stay_in_touch=STAY_IN_TOUCH,
            check_ins_words=check_ins_sentence(_rules(current).check_in_days),
            created_by=by,
            created_at=now,
            updated_by=by,
            updated_at=now,
            creation_key=creation_key,
        )

    plan, created = created_once(PostProgramPlan, creation_key, make, enrollment=current)
    if not created:
        return plan
    goals = _goals_from(version) if version is not None else []
    supports = _supports_from(current)
    resources = _resources_from(current)
    for rows in (goals, supports, resources):
        for row in rows:
            row.post_plan = plan
    PostPlanGoal.objects.bulk_create(goals)
    PostPlanSupport.objects.bulk_create(supports)
    PostPlanResource.objects.bulk_create(resources)
    audit_record(
        by,
        "create",
        KIND,
        plan,
        current,
        {
            "number": 1,
            "from_plan_version": version.number if version else None,
            "goals": len(goals),
            "supports": len(supports),
            "resources": len(resources),
        },
    )
    return plan


# Changing a draft ------------------------------------------------------------------


def _locked(plan: PostProgramPlan) -> PostProgramPlan:
    return (
        PostProgramPlan.objects.select_for_update(of=("self",))
        .select_related("enrollment__program", "enrollment__participant")
        .get(pk=plan.pk)
    )


def _stale(plan: PostProgramPlan, expected: int) -> ActionRefused:
    return changed_since(
        KIND,
        plan.public_id,
        expected,
        counter="edit_version",
        parts=lambda changes: [str(changes.get("what") or _("the post-program plan"))],
    ).refusal()


def _lock_draft(by: User, plan: PostProgramPlan, expected: int | None) -> PostProgramPlan:
    locked = _locked(plan)
    check_writer(by, locked.enrollment.program_id)
    if locked.status == PostProgramPlan.Status.ACKNOWLEDGED:
        raise ActionRefused(str(FROZEN))
    if locked.status == PostProgramPlan.Status.SHARED:
        raise ActionRefused(str(WITH_THEM))
    if expected is not None and locked.edit_version != expected:
        raise _stale(locked, expected)
    return locked


def _words(value: str | None, limit: int, field_name: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ActionRefused(
            _("Keep it under %(most)s characters.") % {"most": limit}, field=field_name
        )
    if problem := bounds.text_problem(value):
        raise ActionRefused(problem, field=field_name)
    return value


def _touch(by: User, locked: PostProgramPlan, what: list[str], changes: dict[str, Any]) -> None:
    locked.edit_version += 1
    locked.updated_by = by
    locked.updated_at = timezone.now()
    locked.save()
    audit_record(
        by,
        "update",
        KIND,
        locked,
        locked.enrollment,
        {"what": ", ".join(what) or "nothing", "edit_version": locked.edit_version, **changes},
    )


def _save_goals(by: User, locked: PostProgramPlan, edits: dict[uuid.UUID, GoalEdit]) -> bool:
    sees_private = access_for(by).sees_sensitive(locked.enrollment.program)
    goals = {g.goal_key: g for g in locked.goals.all()}
    changed = False
    for key, edit in edits.items():
        goal = goals.get(key)
        if goal is None:
            raise ActionRefused(_("That goal is not part of this plan."), field="goals")
        if goal.sensitive and not sees_private:
            raise ActionRefused(
                _(
                    "Only the roles this program allows can change a goal that answers a "
                    "private need."
                ),
                field="goals",
            )
        prefix = f"goal-{key}"
        if edit.outcome not in PostPlanGoal.Outcome.values:
            raise ActionRefused(_("Choose how the goal ended."), field=f"{prefix}-outcome")
        next_steps = _words(edit.next_steps, 2000, f"{prefix}-next_steps")
        words = _words(edit.words, 1000, f"{prefix}-words")
        if edit.outcome == PostPlanGoal.Outcome.SET_ASIDE and not words:
            raise ActionRefused(
                _("Write why they set this goal aside, in their words."), field=f"{prefix}-words"
            )
        new = (edit.outcome, next_steps, words)
        if new != (goal.outcome, goal.next_steps, goal.words):
            goal.outcome, goal.next_steps, goal.words = new
            goal.save(update_fields=["outcome", "next_steps", "words"])
            changed = True
    return changed


def _save_supports(locked: PostProgramPlan, rows: list[SupportData]) -> bool:
    if len(rows) > MAX_ROWS:
        raise ActionRefused(
            _("Keep it to %(most)s people and places.") % {"most": MAX_ROWS}, field="supports"
        )
    have = {s.pk: s for s in locked.supports.all()}
    kept: list[PostPlanSupport] = []
    for i, row in enumerate(rows):
        who = _words(row.who, 200, f"support-{i}-who")
        if not who:
            raise ActionRefused(_("Write who they can turn to."), field=f"support-{i}-who")
        if row.kind not in PostPlanSupport.Kind.values:
            raise ActionRefused(_("Choose the kind of help."), field=f"support-{i}-kind")
        values = {
            "kind": row.kind,
            "who": who,
            "how": _words(row.how, 500, f"support-{i}-how"),
            "reach": _words(row.reach, 200, f"support-{i}-reach"),
            "position": len(kept) + 1,
        }
        found = have.pop(row.id, None) if row.id is not None else None
        if row.id is not None and found is None:
            raise ActionRefused(_("That support is not part of this plan."), field="supports")
        kept.append(_upsert(PostPlanSupport, locked, found, values))
    for gone in have.values():
        gone.delete()
    return True


def _save_resources(locked: PostProgramPlan, rows: list[ResourceData]) -> bool:
    if len(rows) > MAX_ROWS:
        raise ActionRefused(
            _("Keep it to %(most)s resources.") % {"most": MAX_ROWS}, field="resources"
        )
    have = {r.pk: r for r in locked.resources.all()}
    kept: list[PostPlanResource] = []
    for i, row in enumerate(rows):
        name = _words(row.name, 300, f"resource-{i}-name")
        if not name:
            raise ActionRefused(_("Name the service or place."), field=f"resource-{i}-name")
        values = {
            "name": name,
            "expect": _words(row.expect, 1000, f"resource-{i}-expect"),
            "reach": _words(row.reach, 300, f"resource-{i}-reach"),
            "position": len(kept) + 1,
        }
        found = have.pop(row.id, None) if row.id is not None else None
        if row.id is not None and found is None:
            raise ActionRefused(_("That resource is not part of this plan."), field="resources")
        kept.append(_upsert(PostPlanResource, locked, found, values))
    for gone in have.values():
        gone.delete()
    return True


def _upsert(model: Any, plan: PostProgramPlan, found: Any, values: dict[str, Any]) -> Any:
    if found is None:
        return model.objects.create(post_plan=plan, **values)
    if any(getattr(found, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(found, k, v)
        found.save(update_fields=list(values))
    return found


@transaction.atomic
def save_post_plan(
    *, by: User, plan: PostProgramPlan, data: PostPlanData, expected_version: int | None
) -> PostProgramPlan:
    """Change a draft: the next stage, each goal's outcome and next steps, the supports,
    the resources and the ways to stay in touch. A stale form is refused."""
    locked = _lock_draft(by, plan, expected_version)
    what: list[str] = []
    if data.next_stage and data.next_stage not in PostProgramPlan.Stage.values:
        raise ActionRefused(_("Choose the next stage from the list."), field="next_stage")
    texts = {
        "next_stage_words": (data.next_stage_words, 2000, "the next stage"),
        "still_help": (data.still_help, 2000, "how we can still help"),
        "stay_in_touch": (data.stay_in_touch, 1000, "staying in touch"),
        "check_ins_words": (data.check_ins_words, 1000, "the check-ins"),
    }
    cleaned: dict[str, str] = {}
    for name, (value, limit, _title) in texts.items():
        if value is not None:
            cleaned[name] = _words(value, limit, name)
    if data.next_stage is not None and data.next_stage != locked.next_stage:
        locked.next_stage = data.next_stage
        what.append("the next stage")
    for name, value in cleaned.items():
        if value != getattr(locked, name):
            setattr(locked, name, value)
            title = texts[name][2]
            if title not in what:
                what.append(title)
    if data.goals is not None and _save_goals(by, locked, data.goals):
        what.append("the goals")
    if data.supports is not None and _save_supports(locked, data.supports):
        what.append("the people who help")
    if data.resources is not None and _save_resources(locked, data.resources):
        what.append("the resources")
    _touch(by, locked, what, {})
    return locked


# Sharing, acknowledging, new versions ------------------------------------------------


@transaction.atomic
def share_post_plan(
    *, by: User, plan: PostProgramPlan, expected_version: int | None = None
) -> PostProgramPlan:
    """Draft → shared with the participant, who reads it and acknowledges it."""
    locked = _lock_draft(by, plan, expected_version)
    check_open(locked.enrollment, "post-program plan")
    locked.status = PostProgramPlan.Status.SHARED
    locked.shared_at = timezone.now()
    locked.shared_by = by
    locked.save(update_fields=["status", "shared_at", "shared_by"])
    audit_record(by, "update", KIND, locked, locked.enrollment, {"status": ["draft", "shared"]})
    return locked


@transaction.atomic
def post_plan_back_to_draft(*, by: User, plan: PostProgramPlan) -> PostProgramPlan:
    locked = _locked(plan)
    check_writer(by, locked.enrollment.program_id)
    if locked.status != PostProgramPlan.Status.SHARED:
        raise ActionRefused(_("Only a shared version, not yet acknowledged, goes back to draft."))
    locked.status = PostProgramPlan.Status.DRAFT
    locked.edit_version += 1
    locked.save(update_fields=["status", "edit_version"])
    audit_record(
        by,
        "update",
        KIND,
        locked,
        locked.enrollment,
        {"status": ["shared", "draft"], "edit_version": locked.edit_version},
    )
    return locked


@transaction.atomic
def acknowledge_post_plan(
    *, by: User, plan: PostProgramPlan, typed_name: str, on: date
) -> PostProgramPlan:
    """The participant acknowledges a shared version with their typed name and the date,
    on the staff member's device or in their own Waypoint. From now on it never changes."""
    locked = _locked(plan)
    if access_for(by).participant_id != locked.enrollment.participant_id:
        check_writer(by, locked.enrollment.program_id)
    if locked.status == PostProgramPlan.Status.ACKNOWLEDGED:
        raise ActionRefused(str(FROZEN))
    if locked.status != PostProgramPlan.Status.SHARED:
        raise ActionRefused(
            _("Share this version with the participant before they acknowledge it.")
        )
    typed_name = (typed_name or "").strip()
    if not typed_name:
        raise ActionRefused(_("Type your name to say this plan is yours."), field="name")
    if len(typed_name) > 200:
        raise ActionRefused(_("Keep it under 200 characters."), field="name")
    if problem := bounds.text_problem(typed_name):
        raise ActionRefused(problem, field="name")
    if on > timezone.localdate():
        raise ActionRefused(_("The date cannot be in the future."), field="on")
    if locked.shared_at is not None and on < timezone.localtime(locked.shared_at).date():
        raise ActionRefused(_("The date cannot be before the plan was shared."), field="on")
    locked.status = PostProgramPlan.Status.ACKNOWLEDGED
    locked.acknowledged_name = typed_name
    locked.acknowledged_on = on
    locked.acknowledged_at = timezone.now()
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
    audit_record(
        by,
        "update",
        KIND,
        locked,
        locked.enrollment,
        {"status": ["shared", "acknowledged"], "on": on.isoformat()},
    )
    return locked


@transaction.atomic
def new_post_plan_version(*, by: User, plan: PostProgramPlan) -> PostProgramPlan:
    """Start the next version as a copy of an acknowledged one, which stays as it was."""
    locked = _locked(plan)
    check_writer(by, locked.enrollment.program_id)
    if locked.status != PostProgramPlan.Status.ACKNOWLEDGED:
        raise ActionRefused(_("Only an acknowledged version gets a new version; change this one."))
    enrollment = lock(locked.enrollment)
    if enrollment.cycle != locked.cycle:
        raise ActionRefused(_("This plan belongs to an earlier ending; build a new one."))
    newest = this_cycle(PostProgramPlan, enrollment).order_by("-number").first()
    if newest is not None and newest.pk != locked.pk:
        raise ActionRefused(
            _("Version %(number)s is already the newest; open that one to change it.")
            % {"number": newest.number}
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            new = PostProgramPlan.objects.create(
                enrollment=enrollment,
                participant_id=locked.participant_id,
                cycle=locked.cycle,
                number=locked.number + 1,
                source_version_id=locked.source_version_id,
                next_stage=locked.next_stage,
                next_stage_words=locked.next_stage_words,
                still_help=locked.still_help,
                stay_in_touch=locked.stay_in_touch,
                check_ins_words=locked.check_ins_words,
                created_by=by,
                created_at=now,
                updated_by=by,
                updated_at=now,
            )
    except IntegrityError as collided:  # a simultaneous submit started it first
        raise ActionRefused(
            _("Version %(number)s was just started; open it to change it.")
            % {"number": locked.number + 1}
        ) from collided
    PostPlanGoal.objects.bulk_create(
        PostPlanGoal(
            post_plan=new,
            goal_key=g.goal_key,
            position=g.position,
            text=g.text,
            outcome=g.outcome,
            next_steps=g.next_steps,
            words=g.words,
            sensitive=g.sensitive,
        )
        for g in locked.goals.all()
    )
    PostPlanSupport.objects.bulk_create(
        PostPlanSupport(
            post_plan=new, position=s.position, kind=s.kind, who=s.who, how=s.how, reach=s.reach
        )
        for s in locked.supports.all()
    )
    PostPlanResource.objects.bulk_create(
        PostPlanResource(
            post_plan=new,
            position=r.position,
            service_id=r.service_id,
            referral_id=r.referral_id,
            name=r.name,
            expect=r.expect,
            reach=r.reach,
        )
        for r in locked.resources.all()
    )
    audit_record(by, "create", KIND, new, enrollment, {"number": new.number, "from": locked.number})
    return new


# Sending ---------------------------------------------------------------------------


def safe_address(participant: Any) -> str | None:
    """The participant's email address they said is safe to use, if any."""
    for contact in participant.contacts.all():
        if contact.kind == "email" and contact.safe_to_contact == "yes":
            return str(contact.value)
    return None


def participant_copy(plan: PostProgramPlan) -> dict[str, Any]:
    """What the participant's own copy holds: no sensitive goal, no staff information."""
    return {
        "plan": plan,
        "program": plan.enrollment.program,
        "goals": [g for g in plan.goals.all() if not g.sensitive],
        "supports": list(plan.supports.all()),
        "resources": list(plan.resources.all()),
    }


@transaction.atomic
def send_post_plan(*, by: User, plan: PostProgramPlan) -> str:
    """Email the participant's copy to their safe address, after the commit: plain text
    with the plain page as its HTML alternative. The subject never names them."""
    locked = _locked(plan)
    check_writer(by, locked.enrollment.program_id)
    if locked.status == PostProgramPlan.Status.DRAFT:
        raise ActionRefused(_("Share the plan with them before sending it."))
    address = safe_address(locked.enrollment.participant)
    if address is None:
        raise ActionRefused(
            _(
                "There is no email address they said is safe to use. Add one on their record "
                "(marked safe to contact), or print the plan for them instead."
            )
        )
    context = participant_copy(locked)
    # In the language they get things in writing in: the words, the subject, the labels.
    with translation.override(locked.enrollment.participant.writing_language):
        text = render_to_string("closure/post_plan_email.txt", context)
        html = render_to_string("closure/post_plan_email.html", context)
        subject = translation.gettext(SUBJECT)
    audit_record(
        by, "send", KIND, locked, locked.enrollment, {"number": locked.number, "to": "safe email"}
    )

    def send() -> None:
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=django_settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(send)
    return address
