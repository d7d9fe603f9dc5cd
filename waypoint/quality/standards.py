"""The program's standards, computed for one enrollment's file (rule 5: each result says
why, with its figures).

``check_file(enrollment, today)`` reads the file in a fixed number of queries whatever
its size: the completed assessments, the plan's versions, the contacts with their notes
and goal links, the referrals with their consents and follow-ups, and the ending's
records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from waypoint.bounds import later_day

MET = "met"
NOT_MET = "not_met"
NOT_YET_DUE = "not_yet_due"
DOES_NOT_APPLY = "does_not_apply"
OUTCOME_LABELS = {
    MET: "Met",
    NOT_MET: "Not met",
    NOT_YET_DUE: "Not yet due",
    DOES_NOT_APPLY: "Does not apply",
}
# The standards, in the order a review shows them.
STANDARDS: tuple[tuple[str, str], ...] = (
    ("assessment", "Assessment completed on time"),
    ("plan_on_time", "Service plan written on time"),
    ("plan_acknowledged", "Service plan acknowledged by the participant"),
    ("plan_reviewed", "Service plan reviewed recently"),
    ("notes_signed", "Every contact has a signed note"),
    ("notes_on_time", "Notes signed on time"),
    ("notes_linked", "Notes linked to plan goals"),
    ("referrals", "Referrals followed up"),
    ("consents", "Consents in force for referrals that share information"),
    ("cadence", "Contact kept up"),
    ("ending", "Transition date and post-program plan before closing"),
)
LABELS = dict(STANDARDS)
OPEN_STATUSES = ("inquiry", "eligibility", "enrolled", "exiting")


@dataclass(frozen=True)
class Result:
    key: str
    label: str
    outcome: str
    reason: str

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def met(self) -> bool:
        return self.outcome == MET

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def day(d: date) -> str:
    """3 May 2026."""
    return f"{d.day} {d:%B %Y}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _local(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _result(key: str, outcome: str, reason: str) -> Result:
    return Result(key=key, label=LABELS[key], outcome=outcome, reason=reason)


def check_file(
    enrollment: Any, today: date, *, plan_review_days: int | None = None
) -> list[Result]:
    """Every standard of the enrollment's program, computed for its file on ``today``.
    ``plan_review_days`` defaults to the program's quality setting."""
    program = enrollment.program
    if plan_review_days is None:
        from waypoint.quality.actions._common import settings_of

        plan_review_days = settings_of(program).plan_review_days
    return [
        *_assessment(enrollment, program, today),
        *_plan(enrollment, program, today, plan_review_days),
        *_notes(enrollment, program, today),
        *_referrals(enrollment, program, today),
        _cadence(enrollment, program, today),
        _ending(enrollment, today),
    ]


def _base(enrollment: Any) -> date | None:
    return enrollment.enrolled_on  # type: ignore[no-any-return]


# --- Assessment -----------------------------------------------------------------------


def _assessment(enrollment: Any, program: Any, today: date) -> list[Result]:
    from waypoint.assessments.models import Assessment

    key = "assessment"
    start = _base(enrollment)
    days = program.assessment_due_days
    if start is None:
        return [_result(key, DOES_NOT_APPLY, "Not enrolled yet: the assessment is not due.")]
    due = later_day(start, timedelta(days=days))
    first: Any = (
        Assessment.objects.filter(enrollment_id=enrollment.pk, status="complete")
        .order_by("completed_at", "pk")
        .values_list("completed_on", "completed_at")
        .first()
    )
    if first is not None:
        done = first[0] or _local(first[1])
        taken = (done - start).days
        words = (
            f"Assessment completed on {day(done)}, {plural(taken, 'day')} after the start; "
            f"the program asks within {days} days."
        )
        return [_result(key, MET if done <= due else NOT_MET, words)]
    if today > due:
        return [
            _result(
                key,
                NOT_MET,
                f"No completed assessment; it was due on {day(due)}, {days} days after the "
                f"start on {day(start)}.",
            )
        ]
    return [
        _result(
            key,
            NOT_YET_DUE,
            f"No completed assessment yet; it is due by {day(due)}, {days} days after the "
            f"start on {day(start)}.",
        )
    ]


# --- The service plan -----------------------------------------------------------------


def _plan(enrollment: Any, program: Any, today: date, review_days: int) -> list[Result]:
    from waypoint.plans.models import PlanVersion

    start = _base(enrollment)
    if start is None:
        words = "Not enrolled yet: the service plan is not due."
        return [
            _result(k, DOES_NOT_APPLY, words)
            for k in ("plan_on_time", "plan_acknowledged", "plan_reviewed")
        ]
    days = program.isp_due_days
    due = later_day(start, timedelta(days=days))
    versions: list[Any] = list(
        PlanVersion.objects.filter(plan__enrollment_id=enrollment.pk)
        .order_by("number")
        .values("number", "status", "shared_at", "acknowledged_on")
    )
    shared = [v for v in versions if v["shared_at"] is not None]
    acknowledged = [v for v in versions if v["status"] == "acknowledged"]
    results = []
    # Written on time: first shared with the participant.
    if shared:
        first = _local(shared[0]["shared_at"])
        taken = (first - start).days
        words = (
            f"Plan first shared with them on {day(first)}, {plural(taken, 'day')} after the "
            f"start; the program asks within {days} days."
        )
        results.append(_result("plan_on_time", MET if first <= due else NOT_MET, words))
    elif today > due:
        results.append(
            _result(
                "plan_on_time",
                NOT_MET,
                f"No plan shared with them yet; it was due on {day(due)}, {days} days after "
                f"the start.",
            )
        )
    else:
        results.append(
            _result(
                "plan_on_time",
                NOT_YET_DUE,
                f"No plan shared yet; it is due by {day(due)}, {days} days after the start.",
            )
        )
    # Acknowledged.
    if acknowledged:
        last = acknowledged[-1]
        results.append(
            _result(
                "plan_acknowledged",
                MET,
                f"Version {last['number']} acknowledged on {day(last['acknowledged_on'])}.",
            )
        )
    elif shared:
        waiting = shared[-1]
        when = _local(waiting["shared_at"])
        outcome = NOT_MET if today > max(due, later_day(when, timedelta(days=14))) else NOT_YET_DUE
        results.append(
            _result(
                "plan_acknowledged",
                outcome,
                f"Version {waiting['number']} was shared on {day(when)} and is not "
                "acknowledged yet.",
            )
        )
    else:
        outcome = NOT_MET if today > due else NOT_YET_DUE
        results.append(
            _result("plan_acknowledged", outcome, "No version of the plan is acknowledged yet.")
        )
    # Reviewed in the last N days: the latest acknowledgement.
    if acknowledged:
        last_on = acknowledged[-1]["acknowledged_on"]
        age = (today - last_on).days
        words = (
            f"Last acknowledged on {day(last_on)}, {plural(age, 'day')} ago; the program asks "
            f"for a review every {review_days} days."
        )
        results.append(_result("plan_reviewed", MET if age <= review_days else NOT_MET, words))
    elif (today - start).days > review_days:
        results.append(
            _result(
                "plan_reviewed",
                NOT_MET,
                f"No acknowledged plan in {(today - start).days} days since the start; the "
                f"program asks for a review every {review_days} days.",
            )
        )
    else:
        results.append(
            _result(
                "plan_reviewed",
                NOT_YET_DUE,
                f"No acknowledged plan yet; the first review is due {review_days} days after "
                "the start.",
            )
        )
    return results


# --- Notes ----------------------------------------------------------------------------


def _notes(enrollment: Any, program: Any, today: date) -> list[Result]:
    from waypoint.notes.models import Contact
    from waypoint.plans.models import Plan

    now = timezone.now()
    hours = program.note_due_hours
    rows = list(
        Contact.objects.filter(enrollment_id=enrollment.pk)
        .values("outcome", "note__status", "note__due_at", "note__signed_late")
        .annotate(links=Count("note__links"))
    )
    has_plan = Plan.objects.filter(enrollment_id=enrollment.pk).exists()
    if not rows:
        words = "No contacts recorded yet."
        return [
            _result(k, DOES_NOT_APPLY, words)
            for k in ("notes_signed", "notes_on_time", "notes_linked")
        ]
    total = len(rows)
    drafts = [r for r in rows if r["note__status"] != "signed"]
    overdue = [r for r in drafts if r["note__due_at"] is not None and r["note__due_at"] < now]
    if overdue:
        signed_result = _result(
            "notes_signed",
            NOT_MET,
            f"{plural(len(overdue), 'note')} of {total} still unsigned after the "
            f"{hours}-hour window.",
        )
    elif drafts:
        signed_result = _result(
            "notes_signed",
            NOT_YET_DUE,
            f"{total - len(drafts)} of {total} notes signed; {len(drafts)} still within the "
            f"{hours}-hour window.",
        )
    else:
        signed_result = _result(
            "notes_signed", MET, f"All {plural(total, 'contact')} have a signed note."
        )
    signed = [r for r in rows if r["note__status"] == "signed"]
    late = [r for r in signed if r["note__signed_late"]]
    if not signed:
        time_result = _result("notes_on_time", NOT_YET_DUE, "No note signed yet.")
    elif late:
        time_result = _result(
            "notes_on_time",
            NOT_MET,
            f"{len(late)} of {plural(len(signed), 'signed note')} signed after the "
            f"{hours}-hour window.",
        )
    else:
        time_result = _result(
            "notes_on_time",
            MET,
            f"All {plural(len(signed), 'signed note')} signed within {hours} hours.",
        )
    completed = [r for r in signed if r["outcome"] == "completed"]
    if not has_plan:
        link_result = _result(
            "notes_linked", DOES_NOT_APPLY, "No service plan yet, so no goals to link to."
        )
    elif not completed:
        link_result = _result(
            "notes_linked", NOT_YET_DUE, "No signed note of a completed contact yet."
        )
    else:
        unlinked = [r for r in completed if not r["links"]]
        if unlinked:
            link_result = _result(
                "notes_linked",
                NOT_MET,
                f"{len(unlinked)} of {plural(len(completed), 'signed note')} of completed "
                "contacts link to no goal or step.",
            )
        else:
            link_result = _result(
                "notes_linked",
                MET,
                f"All {plural(len(completed), 'signed note')} of completed contacts link to "
                "a goal or step.",
            )
    return [signed_result, time_result, link_result]


# --- Referrals and consents -----------------------------------------------------------


def _referrals(enrollment: Any, program: Any, today: date) -> list[Result]:
    from waypoint.referrals.models import OPEN, Referral

    days = program.referral_response_days
    rows = list(
        Referral.objects.filter(enrollment_id=enrollment.pk, status__in=list(OPEN))
        .annotate(last_step=Max("events__at"))
        .select_related("consent", "follow_up")
        .order_by("pk")
    )
    if not rows:
        return [
            _result("referrals", DOES_NOT_APPLY, "No open referrals: every loop is closed."),
            _result("consents", DOES_NOT_APPLY, "No open referrals share information."),
        ]
    stale = []
    for referral in rows:
        last = referral.last_step or referral.sent_at or referral.created_at
        age = (today - _local(last)).days
        followed = referral.follow_up is not None and referral.follow_up.status == "open"
        if age > days and not followed:
            stale.append(age)
    if stale:
        referral_result = _result(
            "referrals",
            NOT_MET,
            f"{len(stale)} of {plural(len(rows), 'open referral')} with no step for more than "
            f"{days} days (the longest {max(stale)} days) and no follow-up planned.",
        )
    else:
        referral_result = _result(
            "referrals",
            MET,
            f"All {plural(len(rows), 'open referral')} had a step in the last {days} days or "
            "have a follow-up planned.",
        )
    sharing = [r for r in rows if r.categories]
    if not sharing:
        return [
            referral_result,
            _result("consents", DOES_NOT_APPLY, "No open referral shares information."),
        ]
    moment = timezone.now()
    missing = [r for r in sharing if r.consent is None or not r.consent.active_at(moment)]
    if missing:
        consent_result = _result(
            "consents",
            NOT_MET,
            f"{len(missing)} of {plural(len(sharing), 'open referral')} sharing information "
            "have no consent in force today.",
        )
    else:
        consent_result = _result(
            "consents",
            MET,
            f"All {plural(len(sharing), 'open referral')} sharing information have a consent "
            "in force today.",
        )
    return [referral_result, consent_result]


# --- Contact cadence ------------------------------------------------------------------


def _cadence(enrollment: Any, program: Any, today: date) -> Result:
    from waypoint.notes.models import Contact

    key = "cadence"
    every = program.contact_every_days
    if enrollment.status not in OPEN_STATUSES:
        return _result(key, DOES_NOT_APPLY, "The enrollment is not open.")
    last = Contact.objects.filter(enrollment_id=enrollment.pk, outcome="completed").aggregate(
        last=Max("happened_at")
    )["last"]
    start = enrollment.enrolled_on or enrollment.started_on
    if last is None:
        waited = (today - start).days
        if waited > every:
            return _result(
                key,
                NOT_MET,
                f"No completed contact in the {waited} days since the start; the program asks "
                f"for one every {every} days.",
            )
        return _result(
            key,
            NOT_YET_DUE,
            f"No completed contact yet; the first is due within {every} days of the start.",
        )
    last_day = _local(last)
    age = (today - last_day).days
    words = (
        f"Last completed contact on {day(last_day)}, {plural(age, 'day')} ago; the program "
        f"asks for one every {every} days."
    )
    return _result(key, MET if age <= every else NOT_MET, words)


# --- The ending -----------------------------------------------------------------------


def _ending(enrollment: Any, today: date) -> Result:
    from waypoint.closure.models import Closure, Forecast, PostProgramPlan

    key = "ending"
    cycle = enrollment.cycle
    closing = (
        Closure.objects.filter(enrollment_id=enrollment.pk, cycle=cycle)
        .filter(Q(status="closed") | Q(status__in=["requested", "returned"]))
        .order_by("requested_at")
        .values("requested_at", "status")
        .first()
    )
    if closing is None and enrollment.status != "exiting":
        return _result(key, DOES_NOT_APPLY, "Not closing yet.")
    forecast = (
        Forecast.objects.filter(enrollment_id=enrollment.pk, cycle=cycle)
        .values_list("set_at", flat=True)
        .first()
    )
    post_plan = (
        PostProgramPlan.objects.filter(enrollment_id=enrollment.pk, cycle=cycle)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    missing = []
    limit = closing["requested_at"] if closing else None
    if forecast is None or (limit is not None and forecast > limit):
        missing.append("a transition date")
    if post_plan is None or (limit is not None and post_plan > limit):
        missing.append("a post-program plan")
    if not missing:
        return _result(
            key,
            MET,
            "The transition date was set and the post-program plan begun "
            + ("before closing was asked for." if closing else "while exiting."),
        )
    what = " and ".join(missing)
    if closing is None:
        return _result(key, NOT_YET_DUE, f"Exiting; still to do: {what}.")
    assert limit is not None
    return _result(
        key, NOT_MET, f"Closing was asked for on {day(_local(limit))} before {what} was made."
    )
