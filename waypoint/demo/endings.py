"""Endings for the demo (used by seed_demo, after the conferences): people at each point
of the transition, dated from the day the demo is loaded.

- **Transition dates**: people who are exiting, or in their program's last phase, have
  a planned transition date in the coming weeks; most talked it through with their
  navigator.
- **Exit interviews**: in each program one is scheduled for next week (an appointment)
  and one was held a few days ago, in the person's own words.
- **Moving on today**: in each program one person's transition day is today: the exit
  interview was held, the post-program plan built from their service plan and
  acknowledged, and a supervisor closed the enrollment (with a celebration). New Roots
  checks in a week after someone moves on, so that check-in is on the navigator's home.
- **Waiting for approval**: in Harbor Youth Works, leaving early needs a supervisor's
  approval; one such closure waits on the supervision page, and one came back to its
  navigator with a comment.
- **Earlier check-ins**: the check-ins of people who left months ago were made at the
  time (most reached, a few not); they are recorded as history rather than as tasks.

Everything current is written through ``waypoint.closure.actions``, so it is audited
and checked like work done on the pages. The history of old check-ins is set directly,
as seed_demo dates the rest of the history.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from waypoint.accounts.models import Program, User
from waypoint.closure import actions
from waypoint.closure.models import Check, CheckIn, Closure, ClosureReason
from waypoint.enrollments.models import Enrollment, Status
from waypoint.errors import ActionRefused
from waypoint.hmis import demo as hud_demo
from waypoint.plans.models import PlanVersion

HOW = (
    "Talked it through at our weekly meeting",
    "Over coffee after the job club",
    "On a video call, with their sister there",
    "At the office, with the calendar in front of us",
)
HELPED = (
    "Having someone who answered the phone every time, and the mock interviews.",
    "Working out the budget together, one line at a time.",
    "That you never gave up when I missed appointments.",
)
BETTER = (
    "More evening appointments: it was hard to come during work hours.",
    "A list of what to bring, sent before each meeting.",
    "",
)
NEXT = (
    "Nervous, but ready. I know who to call.",
    "Excited about the new place and a little scared of the bills.",
    "Proud. I did the hard part.",
)
CLOSING_NOTE = (
    "Moving on with their goals met and a plan they wrote; knows how to reach us "
    "and agreed to the check-ins."
)
EARLY = "Chose to move on before the end of the program"
EARLY_NOTE = "Starting an apprenticeship out of town next month; wants to stay in touch."
RETURNED_COMMENT = (
    "Please add what the exit interview said and whether the referral to the food bank "
    "reached an end before this closes."
)
GOALS_MET = {
    "youth": "Reached their goals and started work or school",
    "housing": "Reached their goals and moved into a home of their own",
    "resettlement": "Reached their goals and started work or school",
}


def _reason(program: Program, label: str) -> ClosureReason:
    return next(r for r in actions.reasons_for(program) if r.label == label)


def _can_close(e: Enrollment, today: date, *, but: tuple[str, ...] = ()) -> bool:
    """Nothing stops closing ``e`` today, leaving out the checks in ``but`` (those the
    demo is about to settle)."""
    results = actions.closure_checks(e, today, actions.settings_of(e.program))
    return not any(r.blocks for r in results if r.check not in but)


def _has_plan(e: Enrollment) -> bool:
    return PlanVersion.objects.filter(
        plan__enrollment=e, status=PlanVersion.Status.ACKNOWLEDGED
    ).exists()


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def seed_endings(
    *,
    rng: random.Random,
    users: dict[str, User],
    programs: dict[str, Program],
    supervisors: dict[str, User],
    today: date,
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    _history_of_check_ins(rng, programs, today, counts)
    youth = programs["youth"]
    manager = users["manager"]  # manages Harbor Youth Works and New Roots
    # New Roots checks in a week after someone moves on, then as the others do.
    actions.update_closure_settings(
        by=manager, program=programs["resettlement"], changes={"check_in_days": [7, 30, 90, 180]}
    )
    for key, program in programs.items():
        supervisor = supervisors[key]
        last_phase = program.phases[-1] if program.phases else ""
        # Those exiting first, then those in the program's last phase.
        candidates = [
            e
            for status in (Status.EXITING, Status.ENROLLED)
            for e in Enrollment.objects.filter(
                program=program, status=status, navigator__isnull=False
            )
            .filter(**({} if status == Status.EXITING else {"phase": last_phase}))
            .select_related("program", "participant", "navigator")
            .order_by("pk")
        ]
        # One person's transition day is today: they finish well.
        for e in list(candidates):
            if not (_has_plan(e) and _can_close(e, today, but=(Check.INTERVIEW, Check.POST_PLAN))):
                continue
            candidates.remove(e)  # whatever happens next, they are done with here
            if _finish_well(rng, e, supervisor, today, key) is not None:
                counts["closed_with_plan"] += 1
                break
        for e in candidates[:6]:
            _forecast(rng, e, supervisor, today, counts)
        _interviews(rng, candidates[:2], today, counts)
        if program == youth:
            # Leaving early needs a supervisor's approval in Harbor Youth Works.
            early = _reason(program, EARLY)
            actions.update_closure_reason(
                by=manager,
                reason=early,
                label=early.label,
                destination=early.destination,
                completion=early.completion,
                needs_approval=True,
            )
            used = {e.pk for e in candidates[:6]}
            others = [
                e
                for e in Enrollment.objects.filter(
                    program=program, status=Status.ENROLLED, navigator__isnull=False
                )
                .select_related("program", "participant", "navigator")
                .order_by("pk")
                if e.pk not in used
            ]
            _approvals(program, others, supervisor, today, counts)
    counts["check_ins_due"] = CheckIn.objects.filter(
        enrollment__program__in=programs.values(),
        status=CheckIn.Status.DUE,
        due_on__lte=today + timedelta(days=7),
    ).count()
    return dict(counts)


def _forecast(
    rng: random.Random, e: Enrollment, by: User, today: date, counts: Counter[str]
) -> None:
    started = e.enrolled_on or e.started_on
    discussed = None
    if rng.random() < 0.8:
        discussed = max(started, today - timedelta(days=rng.randint(2, 20)))
    actions.set_forecast(
        by=e.navigator or by,
        enrollment=e,
        transition_on=today + timedelta(days=rng.randint(3, 40)),
        discussed_on=discussed,
        discussed_how=rng.choice(HOW) if discussed else "",
    )
    counts["forecasts"] += 1


def _interviews(
    rng: random.Random, waiting: list[Enrollment], today: date, counts: Counter[str]
) -> None:
    """One exit interview scheduled next week, one held a few days ago."""
    if waiting:
        e = waiting[0]
        assert e.navigator is not None  # the demo's open enrollments all have one
        starts = _at(today + timedelta(days=rng.randint(5, 9)), 10)
        actions.schedule_interview(
            by=e.navigator,
            enrollment=e,
            data={
                "starts_at": starts,
                "minutes": 45,
                "place": "office",
                "place_detail": "The small meeting room",
            },
        )
        counts["interviews_scheduled"] += 1
    if len(waiting) > 1:
        e = waiting[1]
        assert e.navigator is not None
        actions.record_interview(
            by=e.navigator,
            enrollment=e,
            record=actions.Record(
                held=True,
                held_on=max(e.enrolled_on or e.started_on, today - timedelta(days=3)),
                helped=rng.choice(HELPED),
                better=rng.choice(BETTER),
                next_feelings=rng.choice(NEXT),
                satisfaction=rng.choice([4, 5, 5]),
            ),
        )
        counts["interviews_held"] += 1


def _finish_well(
    rng: random.Random, e: Enrollment, supervisor: User, today: date, key: str
) -> Closure | None:
    """Their transition day is today: the date was talked through four weeks ago, the
    exit interview held this week, the post-program plan built from their service plan
    and acknowledged, and a supervisor closes the enrollment. None when the checks
    stop it."""
    navigator = e.navigator
    assert navigator is not None
    started = e.enrolled_on or e.started_on
    actions.set_forecast(
        by=navigator,
        enrollment=e,
        transition_on=today,
        discussed_on=max(started, today - timedelta(days=28)),
        discussed_how=rng.choice(HOW),
    )
    actions.record_interview(
        by=navigator,
        enrollment=e,
        record=actions.Record(
            held=True,
            held_on=max(started, today - timedelta(days=3)),
            helped=rng.choice(HELPED),
            better=rng.choice(BETTER),
            next_feelings=rng.choice(NEXT),
            satisfaction=5,
        ),
    )
    plan = actions.build_post_plan(by=navigator, enrollment=e)
    plan = actions.share_post_plan(by=navigator, plan=plan)
    actions.acknowledge_post_plan(
        by=navigator, plan=plan, typed_name=e.participant.preferred_name, on=today
    )
    reason = _reason(e.program, GOALS_MET[key])
    try:
        return actions.request_closure(
            by=supervisor,
            enrollment=e,
            reason=reason,
            destination=reason.destination,
            destination_subsidy=hud_demo.SUBSIDY.get(reason.destination),
            completion=reason.completion,
            exit_on=today,
            note=CLOSING_NOTE,
            celebration=actions.settings_of(e.program).celebration_ideas[:1],
            celebration_words="Lunch with the team; they brought the dessert.",
        )
    except ActionRefused:
        return None


def _approvals(
    program: Program,
    candidates: list[Enrollment],
    supervisor: User,
    today: date,
    counts: Counter[str],
) -> None:
    """One early leaving waits for approval; another came back with a comment."""
    early = _reason(program, EARLY)
    asked = 0
    for e in candidates:
        if asked == 2:
            break
        if not _can_close(e, today) or e.navigator is None:  # no navigator: refused anyway
            continue
        try:
            closure = actions.request_closure(
                by=e.navigator,
                enrollment=e,
                reason=early,
                destination=early.destination,
                destination_subsidy=hud_demo.SUBSIDY.get(early.destination),
                completion=early.completion,
                exit_on=today,
                note=EARLY_NOTE,
            )
        except ActionRefused:
            continue
        if closure.status != Closure.Status.REQUESTED:
            continue
        asked += 1
        if asked == 2:
            actions.return_closure(by=supervisor, closure=closure, comment=RETURNED_COMMENT)
            counts["closures_returned"] += 1
        else:
            counts["closures_waiting"] += 1


def _history_of_check_ins(
    rng: random.Random, programs: dict[str, Program], today: date, counts: Counter[str]
) -> None:
    """Check-ins that fell due more than a week ago were made at the time."""
    old = CheckIn.objects.filter(
        enrollment__program__in=programs.values(),
        status=CheckIn.Status.DUE,
        due_on__lt=today - timedelta(days=7),
    ).select_related("owner")
    for check_in in old.order_by("pk"):
        done_at = _at(check_in.due_on + timedelta(days=rng.randint(0, 5)), 16)
        if rng.random() < 0.75:
            outcomes = rng.choice(
                [["employed"], ["housed"], ["employed", "housed"], ["school"], ["needs_help"]]
            )
            CheckIn.objects.filter(pk=check_in.pk).update(
                status=CheckIn.Status.REACHED,
                attempts=1,
                outcomes=outcomes,
                done_by=check_in.owner,
                done_at=done_at,
            )
            counts["check_ins_history_reached"] += 1
        else:
            CheckIn.objects.filter(pk=check_in.pk).update(
                status=CheckIn.Status.NOT_REACHED,
                attempts=3,
                done_by=check_in.owner,
                done_at=done_at,
            )
            counts["check_ins_history_not_reached"] += 1


def summary(counts: dict[str, int]) -> str:
    def n(key: str) -> int:
        return counts.get(key, 0)

    earlier = n("check_ins_history_reached") + n("check_ins_history_not_reached")
    return (
        f"{n('forecasts')} transition dates ahead; exit interviews: "
        f"{n('interviews_scheduled')} scheduled, {n('interviews_held')} held; "
        f"{n('closed_with_plan')} moving on today with a post-program plan; closures: "
        f"{n('closures_waiting')} waiting for approval, {n('closures_returned')} returned; "
        f"check-ins: {n('check_ins_due')} due this week, {earlier} earlier "
        f"({n('check_ins_history_reached')} reached)"
    )
