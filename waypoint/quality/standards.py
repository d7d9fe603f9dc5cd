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
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from waypoint.bounds import later_day

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MET = "met"
NOT_MET = "not_met"
NOT_YET_DUE = "not_yet_due"
DOES_NOT_APPLY = "does_not_apply"
OUTCOME_LABELS = {
    MET: gettext_lazy("Met"),
    NOT_MET: gettext_lazy("Not met"),
    NOT_YET_DUE: gettext_lazy("Not yet due"),
    DOES_NOT_APPLY: gettext_lazy("Does not apply"),
}
# The standards, in the order a review shows them. A signed review keeps its results as
# data: they are computed in the site's language when it is signed (see ``sign_review``).
STANDARDS: tuple[tuple[str, StrOrPromise], ...] = (
    ("assessment", gettext_lazy("Assessment completed on time")),
    ("plan_on_time", gettext_lazy("Service plan written on time")),
    ("plan_acknowledged", gettext_lazy("Service plan acknowledged by the participant")),
    ("plan_reviewed", gettext_lazy("Service plan reviewed recently")),
    ("notes_signed", gettext_lazy("Every contact has a signed note")),
    ("notes_on_time", gettext_lazy("Notes signed on time")),
    ("notes_linked", gettext_lazy("Notes linked to plan goals")),
    ("referrals", gettext_lazy("Referrals followed up")),
    ("consents", gettext_lazy("Consents in force for referrals that share information")),
    ("cadence", gettext_lazy("Contact kept up")),
    ("ending", gettext_lazy("Transition date and post-program plan before closing")),
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
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def met(self) -> bool:
        return self.outcome == MET

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def day(d: date) -> str:
    """3 May 2026 (the month named in the page's language)."""
    return dateformat.format(d, "j F Y")


def _local(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _result(key: str, outcome: str, reason: str) -> Result:
    return Result(key=key, label=str(LABELS[key]), outcome=outcome, reason=reason)


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
        return [_result(key, DOES_NOT_APPLY, _("Not enrolled yet: the assessment is not due."))]
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
        words = ngettext(
            "Assessment completed on %(day)s, %(n)s day after the start; "
            "the program asks within %(days)s days.",
            "Assessment completed on %(day)s, %(n)s days after the start; "
            "the program asks within %(days)s days.",
            taken,
        ) % {"day": day(done), "n": taken, "days": days}
        return [_result(key, MET if done <= due else NOT_MET, words)]
    if today > due:
        return [
            _result(
                key,
                NOT_MET,
                _(
                    "No completed assessment; it was due on %(due)s, %(days)s days after the "
                    "start on %(start)s."
                )
                % {"due": day(due), "days": days, "start": day(start)},
            )
        ]
    return [
        _result(
            key,
            NOT_YET_DUE,
            _(
                "No completed assessment yet; it is due by %(due)s, %(days)s days after the "
                "start on %(start)s."
            )
            % {"due": day(due), "days": days, "start": day(start)},
        )
    ]


# --- The service plan -----------------------------------------------------------------


def _plan(enrollment: Any, program: Any, today: date, review_days: int) -> list[Result]:
    from waypoint.plans.models import PlanVersion

    start = _base(enrollment)
    if start is None:
        words = _("Not enrolled yet: the service plan is not due.")
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
        words = ngettext(
            "Plan first shared with them on %(day)s, %(n)s day after the start; "
            "the program asks within %(days)s days.",
            "Plan first shared with them on %(day)s, %(n)s days after the start; "
            "the program asks within %(days)s days.",
            taken,
        ) % {"day": day(first), "n": taken, "days": days}
        results.append(_result("plan_on_time", MET if first <= due else NOT_MET, words))
    elif today > due:
        results.append(
            _result(
                "plan_on_time",
                NOT_MET,
                _(
                    "No plan shared with them yet; it was due on %(due)s, %(days)s days after "
                    "the start."
                )
                % {"due": day(due), "days": days},
            )
        )
    else:
        results.append(
            _result(
                "plan_on_time",
                NOT_YET_DUE,
                _("No plan shared yet; it is due by %(due)s, %(days)s days after the start.")
                % {"due": day(due), "days": days},
            )
        )
    # Acknowledged.
    if acknowledged:
        last = acknowledged[-1]
        results.append(
            _result(
                "plan_acknowledged",
                MET,
                _("Version %(number)s acknowledged on %(day)s.")
                % {"number": last["number"], "day": day(last["acknowledged_on"])},
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
                _("Version %(number)s was shared on %(day)s and is not acknowledged yet.")
                % {"number": waiting["number"], "day": day(when)},
            )
        )
    else:
        outcome = NOT_MET if today > due else NOT_YET_DUE
        results.append(
            _result("plan_acknowledged", outcome, _("No version of the plan is acknowledged yet."))
        )
    # Reviewed in the last N days: the latest acknowledgement.
    if acknowledged:
        last_on = acknowledged[-1]["acknowledged_on"]
        age = (today - last_on).days
        words = ngettext(
            "Last acknowledged on %(day)s, %(n)s day ago; the program asks "
            "for a review every %(days)s days.",
            "Last acknowledged on %(day)s, %(n)s days ago; the program asks "
            "for a review every %(days)s days.",
            age,
        ) % {"day": day(last_on), "n": age, "days": review_days}
        results.append(_result("plan_reviewed", MET if age <= review_days else NOT_MET, words))
    elif (today - start).days > review_days:
        results.append(
            _result(
                "plan_reviewed",
                NOT_MET,
                _(
                    "No acknowledged plan in %(since)s days since the start; the "
                    "program asks for a review every %(days)s days."
                )
                % {"since": (today - start).days, "days": review_days},
            )
        )
    else:
        results.append(
            _result(
                "plan_reviewed",
                NOT_YET_DUE,
                _(
                    "No acknowledged plan yet; the first review is due %(days)s days after "
                    "the start."
                )
                % {"days": review_days},
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
        words = _("No contacts recorded yet.")
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
            ngettext(
                "%(n)s note of %(total)s still unsigned after the %(hours)s-hour window.",
                "%(n)s notes of %(total)s still unsigned after the %(hours)s-hour window.",
                len(overdue),
            )
            % {"n": len(overdue), "total": total, "hours": hours},
        )
    elif drafts:
        signed_result = _result(
            "notes_signed",
            NOT_YET_DUE,
            _(
                "%(signed)s of %(total)s notes signed; %(drafts)s still within the "
                "%(hours)s-hour window."
            )
            % {
                "signed": total - len(drafts),
                "total": total,
                "drafts": len(drafts),
                "hours": hours,
            },
        )
    else:
        signed_result = _result(
            "notes_signed",
            MET,
            ngettext(
                "All %(n)s contact have a signed note.",
                "All %(n)s contacts have a signed note.",
                total,
            )
            % {"n": total},
        )
    signed = [r for r in rows if r["note__status"] == "signed"]
    late = [r for r in signed if r["note__signed_late"]]
    if not signed:
        time_result = _result("notes_on_time", NOT_YET_DUE, _("No note signed yet."))
    elif late:
        time_result = _result(
            "notes_on_time",
            NOT_MET,
            ngettext(
                "%(late)s of %(n)s signed note signed after the %(hours)s-hour window.",
                "%(late)s of %(n)s signed notes signed after the %(hours)s-hour window.",
                len(signed),
            )
            % {"late": len(late), "n": len(signed), "hours": hours},
        )
    else:
        time_result = _result(
            "notes_on_time",
            MET,
            ngettext(
                "All %(n)s signed note signed within %(hours)s hours.",
                "All %(n)s signed notes signed within %(hours)s hours.",
                len(signed),
            )
            % {"n": len(signed), "hours": hours},
        )
    completed = [r for r in signed if r["outcome"] == "completed"]
    if not has_plan:
        link_result = _result(
            "notes_linked", DOES_NOT_APPLY, _("No service plan yet, so no goals to link to.")
        )
    elif not completed:
        link_result = _result(
            "notes_linked", NOT_YET_DUE, _("No signed note of a completed contact yet.")
        )
    else:
        unlinked = [r for r in completed if not r["links"]]
        if unlinked:
            link_result = _result(
                "notes_linked",
                NOT_MET,
                ngettext(
                    "%(unlinked)s of %(n)s signed note of completed "
                    "contacts link to no goal or step.",
                    "%(unlinked)s of %(n)s signed notes of completed "
                    "contacts link to no goal or step.",
                    len(completed),
                )
                % {"unlinked": len(unlinked), "n": len(completed)},
            )
        else:
            link_result = _result(
                "notes_linked",
                MET,
                ngettext(
                    "All %(n)s signed note of completed contacts link to a goal or step.",
                    "All %(n)s signed notes of completed contacts link to a goal or step.",
                    len(completed),
                )
                % {"n": len(completed)},
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
            _result("referrals", DOES_NOT_APPLY, _("No open referrals: every loop is closed.")),
            _result("consents", DOES_NOT_APPLY, _("No open referrals share information.")),
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
            ngettext(
                "%(stale)s of %(n)s open referral with no step for more than "
                "%(days)s days (the longest %(longest)s days) and no follow-up planned.",
                "%(stale)s of %(n)s open referrals with no step for more than "
                "%(days)s days (the longest %(longest)s days) and no follow-up planned.",
                len(rows),
            )
            % {"stale": len(stale), "n": len(rows), "days": days, "longest": max(stale)},
        )
    else:
        referral_result = _result(
            "referrals",
            MET,
            ngettext(
                "All %(n)s open referral had a step in the last %(days)s days or "
                "have a follow-up planned.",
                "All %(n)s open referrals had a step in the last %(days)s days or "
                "have a follow-up planned.",
                len(rows),
            )
            % {"n": len(rows), "days": days},
        )
    sharing = [r for r in rows if r.categories]
    if not sharing:
        return [
            referral_result,
            _result("consents", DOES_NOT_APPLY, _("No open referral shares information.")),
        ]
    moment = timezone.now()
    missing = [r for r in sharing if r.consent is None or not r.consent.active_at(moment)]
    if missing:
        consent_result = _result(
            "consents",
            NOT_MET,
            ngettext(
                "%(missing)s of %(n)s open referral sharing information "
                "have no consent in force today.",
                "%(missing)s of %(n)s open referrals sharing information "
                "have no consent in force today.",
                len(sharing),
            )
            % {"missing": len(missing), "n": len(sharing)},
        )
    else:
        consent_result = _result(
            "consents",
            MET,
            ngettext(
                "All %(n)s open referral sharing information have a consent in force today.",
                "All %(n)s open referrals sharing information have a consent in force today.",
                len(sharing),
            )
            % {"n": len(sharing)},
        )
    return [referral_result, consent_result]


# --- Contact cadence ------------------------------------------------------------------


def _cadence(enrollment: Any, program: Any, today: date) -> Result:
    from waypoint.notes.models import Contact

    key = "cadence"
    every = program.contact_every_days
    if enrollment.status not in OPEN_STATUSES:
        return _result(key, DOES_NOT_APPLY, _("The enrollment is not open."))
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
                _(
                    "No completed contact in the %(waited)s days since the start; the program "
                    "asks for one every %(every)s days."
                )
                % {"waited": waited, "every": every},
            )
        return _result(
            key,
            NOT_YET_DUE,
            _("No completed contact yet; the first is due within %(every)s days of the start.")
            % {"every": every},
        )
    last_day = _local(last)
    age = (today - last_day).days
    words = ngettext(
        "Last completed contact on %(day)s, %(n)s day ago; the program "
        "asks for one every %(every)s days.",
        "Last completed contact on %(day)s, %(n)s days ago; the program "
        "asks for one every %(every)s days.",
        age,
    ) % {"day": day(last_day), "n": age, "every": every}
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
        return _result(key, DOES_NOT_APPLY, _("Not closing yet."))
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
    limit = closing["requested_at"] if closing else None
    no_date = forecast is None or (limit is not None and forecast > limit)
    no_plan = post_plan is None or (limit is not None and post_plan > limit)
    if not (no_date or no_plan):
        if closing:
            words = _(
                "The transition date was set and the post-program plan begun "
                "before closing was asked for."
            )
        else:
            words = _("The transition date was set and the post-program plan begun while exiting.")
        return _result(key, MET, words)
    if closing is None:
        if no_date and no_plan:
            words = _("Exiting; still to do: a transition date and a post-program plan.")
        elif no_date:
            words = _("Exiting; still to do: a transition date.")
        else:
            words = _("Exiting; still to do: a post-program plan.")
        return _result(key, NOT_YET_DUE, words)
    assert limit is not None
    if no_date and no_plan:
        words = _(
            "Closing was asked for on %(day)s before a transition date and a post-program "
            "plan was made."
        )
    elif no_date:
        words = _("Closing was asked for on %(day)s before a transition date was made.")
    else:
        words = _("Closing was asked for on %(day)s before a post-program plan was made.")
    return _result(key, NOT_MET, words % {"day": day(_local(limit))})
