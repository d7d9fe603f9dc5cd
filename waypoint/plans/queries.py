"""Reading plans: through the participant funnel; goals that answer a private need are
shown only to the roles the program allows, on every page, print and API answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.access import enrollment_record
from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Assessment, Need
from waypoint.assessments.queries import NeedView, need_views
from waypoint.plans import smarts
from waypoint.plans.models import (
    Goal,
    GoalStatus,
    LongTermGoal,
    Plan,
    PlanVersion,
    Progress,
    Service,
    Step,
    StepStatus,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

STRENGTH_FIELDS = ("traits", "skills", "interests", "dreams", "family", "culture", "community")


def version_for(user: User, public_id: Any, *, write: bool = False) -> PlanVersion:
    """A plan version of an enrollment the user may open; 404 otherwise. Records the read."""
    version: PlanVersion = enrollment_record(
        user,
        PlanVersion,
        public_id,
        kind="plan_version",
        path="plan__enrollment",
        write=write,
        related=("acknowledged_recorded_by", "shared_by"),
    )
    return version


def goal_for(user: User, public_id: Any, *, write: bool = False) -> Goal:
    goal = Goal.objects.filter(public_id=public_id).select_related("version").first()
    if goal is None:
        raise Http404("No such goal.")
    goal.version = version_for(user, goal.version.public_id, write=write)
    return goal


def goal_is_private(user: User, goal: Goal) -> bool:
    """Whether the goal answers a private need this person may not read about."""
    program = goal.version.plan.enrollment.program
    if access_for(user).sees_sensitive(program):
        return False
    return any(link.need.sensitive for link in goal.need_links.select_related("need"))


def _latest_answers(enrollment_id: int) -> dict[str, Any]:
    """The answers of the newest completed assessment (empty when there is none)."""
    latest = (
        Assessment.objects.filter(enrollment_id=enrollment_id, status=Assessment.Status.COMPLETE)
        .order_by("-number")
        .first()
    )
    return dict(latest.answers) if latest is not None else {}


def _wordy(text: str) -> bool:
    """Whether a piece of an answer has words in it (not a stray "." or "-")."""
    return any(character.isalnum() for character in text)


def _phrases(answers: dict[str, Any]) -> list[str]:
    phrases: list[str] = []
    for key in STRENGTH_FIELDS:
        for part in re.split(r"[,;\n]+", str(answers.get(key, ""))):
            if _wordy(part):
                phrases.append(part.strip())
    return phrases


def _texts(answers: dict[str, Any]) -> list[str]:
    texts: list[str] = []
    for key in STRENGTH_FIELDS:
        for line in str(answers.get(key, "") or "").splitlines():
            line = line.strip().lstrip("-•*").strip()
            if _wordy(line):
                texts.append(line)
    return texts


def assessment_strengths(enrollment_id: int) -> list[str]:
    """The strengths from the newest completed assessment, one phrase each (for the
    SMARTS check to match a goal's strengths against)."""
    return _phrases(_latest_answers(enrollment_id))


def strength_texts(enrollment_id: int) -> list[str]:
    """The strengths from the newest completed assessment as they were written: one
    item per answer, or per line where an answer has several lines; never cut at commas
    or full stops, and never an item of punctuation alone."""
    return _texts(_latest_answers(enrollment_id))


@dataclass
class StepView:
    step: Step
    status: str
    status_label: str
    # The participant's newest "I did this" from their own Waypoint, if any.
    claim: Any = None


@dataclass
class GoalView:
    goal: Goal
    number: int
    private: bool
    needs: list[Need]
    steps: list[StepView]
    services: list[Service]
    status: str
    status_label: str
    status_reason: str
    status_at: datetime | None
    history: list[Progress]
    verdicts: list[smarts.Verdict]
    summary: str
    long_term: LongTermGoal | None
    notes: list[Any] = field(default_factory=list)
    # Action items from signed case conferences linked to this goal.
    actions: list[Any] = field(default_factory=list)
    # Steps the participant added in their own Waypoint.
    own_steps: list[Any] = field(default_factory=list)

    @property
    def achieved(self) -> bool:
        return self.status == GoalStatus.ACHIEVED


@dataclass
class PlanView:
    version: PlanVersion
    long_term: list[LongTermGoal]
    goals: list[GoalView]
    needs: list[NeedView]
    unlinked: list[NeedView]
    # The assessment's strengths as written (``strength_texts``), to show.
    strengths: list[str]
    versions: list[PlanVersion] = field(default_factory=list)

    @property
    def achieved(self) -> int:
        return sum(1 for g in self.goals if g.achieved)


def _latest(progress: list[Progress]) -> dict[Any, Progress]:
    latest: dict[Any, Progress] = {}
    for entry in progress:
        latest[entry.item_key] = entry
    return latest


def plan_view(user: User, version: PlanVersion) -> PlanView:
    """The whole chain on one page: needs → goals → steps and services, with progress."""
    enrollment = version.plan.enrollment
    program = enrollment.program
    sees_private = access_for(user).sees_sensitive(program)
    needs = list(Need.objects.filter(enrollment=enrollment))
    by_id = {n.pk: n for n in needs}
    long_term = list(LongTermGoal.objects.filter(version=version))
    long_by_key = {g.key: g for g in long_term}
    goals = list(
        Goal.objects.filter(version=version).prefetch_related("need_links", "steps", "services")
    )
    progress = list(Progress.objects.filter(plan=version.plan).select_related("by"))
    latest = _latest(progress)
    from waypoint.notes.queries import notes_by_goal

    goal_notes = notes_by_goal(version.plan_id)
    from waypoint.conferences.outcomes import items_by_goal

    goal_actions = items_by_goal(enrollment.pk, sees_private)
    from waypoint.portal.queries import claims_by_step, own_steps_by_goal

    claims = claims_by_step(version.plan_id)
    own_steps = own_steps_by_goal(version.plan_id)
    # Phrases for the SMARTS check to match a goal's strengths against; shown unsplit.
    answers = _latest_answers(enrollment.pk)
    strengths = _phrases(answers)
    # A draft is checked against today; a shared or acknowledged version as of the day
    # it was agreed, so a plan's old target dates are not "passed" in hindsight.
    today = timezone.localdate()
    if version.acknowledged_on is not None:
        today = version.acknowledged_on
    elif version.shared_at is not None and not version.is_draft:
        today = timezone.localtime(version.shared_at).date()
    goal_labels = dict(GoalStatus.choices)
    step_labels = dict(StepStatus.choices)
    views = []
    linked: set[int] = set()
    for number, goal in enumerate(goals, start=1):
        goal_needs = sorted(
            (by_id[link.need_id] for link in goal.need_links.all() if link.need_id in by_id),
            key=lambda n: n.number,
        )
        linked |= {n.pk for n in goal_needs}
        private = not sees_private and any(n.sensitive for n in goal_needs)
        current = latest.get(goal.key)
        status = current.status if current else GoalStatus.NOT_STARTED
        verdicts = smarts.check_goal(
            smarts.GoalDraft(
                text=goal.text,
                measure=goal.measure,
                target_date=goal.target_date,
                strengths=goal.strengths,
                achievable_confirmed=goal.achievable_confirmed,
                realistic_confirmed=goal.realistic_confirmed,
            ),
            today=today,
            assessment_strengths=strengths,
        )
        steps = []
        for step in goal.steps.all():
            step_status = latest.get(step.key)
            value = step_status.status if step_status else StepStatus.NOT_STARTED
            steps.append(
                StepView(step, value, str(step_labels.get(value, value)), claims.get(step.key))
            )
        views.append(
            GoalView(
                goal=goal,
                number=number,
                private=private,
                needs=goal_needs,
                steps=[] if private else steps,
                services=[] if private else list(goal.services.all()),
                status=status,
                status_label=str(goal_labels.get(status, status)),
                status_reason="" if private or current is None else current.reason,
                status_at=current.at if current else None,
                history=[] if private else [p for p in progress if p.item_key == goal.key],
                verdicts=[] if private else verdicts,
                summary="" if private else smarts.summary(verdicts),
                long_term=long_by_key.get(goal.long_term_key) if goal.long_term_key else None,
                notes=[] if private else goal_notes.get(goal.key, []),
                actions=[] if private else goal_actions.get(goal.key, []),
                own_steps=[] if private else own_steps.get(goal.key, []),
            )
        )
    need_list = need_views(user, needs, program)
    return PlanView(
        version=version,
        long_term=long_term,
        goals=views,
        needs=need_list,
        unlinked=[
            item
            for item in need_list
            if item.need.pk not in linked and item.need.status == Need.Status.OPEN
        ],
        strengths=_texts(answers),
        versions=list(version.plan.versions.order_by("-number")),
    )


@dataclass
class Difference:
    what: str
    before: str
    after: str


# What each compared part of a goal is called on the page ("Goal 2: target date").
GOAL_FIELD_NAMES = {
    "goal": gettext_lazy("goal"),
    "needs": gettext_lazy("needs"),
    "measure": gettext_lazy("measure"),
    "target_date": gettext_lazy("target date"),
    "strengths": gettext_lazy("strengths"),
    "achievable": gettext_lazy("achievable (participant)"),
    "realistic": gettext_lazy("realistic (participant)"),
    "long_term": gettext_lazy("long-term goal"),
}


def _day(value: Any) -> str:
    """A date as "Mar 3, 2027" (the month in the reader's language)."""
    return dateformat.format(value, "M j, Y")


def _goal_fields(view: GoalView) -> dict[str, str]:
    goal = view.goal
    if view.private:
        return {"goal": _("(private)")}
    return {
        "goal": goal.text,
        "needs": ", ".join(_("need %(number)s") % {"number": n.number} for n in view.needs),
        "measure": goal.measure,
        "target_date": _day(goal.target_date) if goal.target_date else "",
        "strengths": goal.strengths,
        "achievable": _("Yes") if goal.achievable_confirmed else _("Not yet"),
        "realistic": _("Yes") if goal.realistic_confirmed else _("Not yet"),
        "long_term": view.long_term.words if view.long_term else "",
    }


def _rows(items: list[Any], label: Any) -> dict[Any, str]:
    return {item.key: label(item) for item in items}


def differences(user: User, older: PlanVersion, newer: PlanVersion) -> list[Difference]:
    """What changed between two versions, item by item (goals matched by their key)."""
    a, b = plan_view(user, older), plan_view(user, newer)
    out: list[Difference] = []
    before_long = {g.key: g.words for g in a.long_term}
    after_long = {g.key: g.words for g in b.long_term}
    for key in [*before_long, *[k for k in after_long if k not in before_long]]:
        if before_long.get(key) != after_long.get(key):
            out.append(
                Difference(_("Long-term goal"), before_long.get(key, ""), after_long.get(key, ""))
            )
    goals_a = {g.goal.key: g for g in a.goals}
    goals_b = {g.goal.key: g for g in b.goals}
    for key in [*goals_a, *[k for k in goals_b if k not in goals_a]]:
        old, new = goals_a.get(key), goals_b.get(key)
        number = new.number if new else old.number if old else ""
        name = _("Goal %(number)s") % {"number": number}
        if old is None or new is None:
            present = new or old
            assert present is not None
            text = _("(private)") if present.private else present.goal.text
            out.append(Difference(name, "" if new else text, text if new else ""))
            continue
        fields_a, fields_b = _goal_fields(old), _goal_fields(new)
        for part, value in fields_b.items():
            if fields_a.get(part, "") != value:
                what = _("Goal %(number)s: %(part)s") % {
                    "number": number,
                    "part": GOAL_FIELD_NAMES[part],
                }
                out.append(Difference(what, fields_a.get(part, ""), value))
        if old.private or new.private:
            continue

        def step_label(s: StepView) -> str:
            who = s.step.who_name or s.step.get_who_display()
            if s.step.due_on:
                return _("%(what)s (%(who)s, by %(day)s)") % {
                    "what": s.step.what,
                    "who": who,
                    "day": _day(s.step.due_on),
                }
            return f"{s.step.what} ({who})"

        def service_label(s: Service) -> str:
            often = f", {s.how_often}" if s.how_often else ""
            return f"{s.what} ({s.get_provider_display()}{often})"

        for what, rows_a, rows_b in (
            (
                _("Goal %(number)s: step") % {"number": number},
                {s.step.key: step_label(s) for s in old.steps},
                {s.step.key: step_label(s) for s in new.steps},
            ),
            (
                _("Goal %(number)s: service") % {"number": number},
                _rows(old.services, service_label),
                _rows(new.services, service_label),
            ),
        ):
            for item in [*rows_a, *[k for k in rows_b if k not in rows_a]]:
                if rows_a.get(item) != rows_b.get(item):
                    out.append(Difference(what, rows_a.get(item, ""), rows_b.get(item, "")))
    return out


def open_plan_version(enrollment_id: int) -> PlanVersion | None:
    plan = Plan.objects.filter(enrollment_id=enrollment_id).first()
    if plan is None:
        return None
    return plan.versions.order_by("-number").first()
