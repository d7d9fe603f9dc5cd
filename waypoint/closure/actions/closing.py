"""Closing an enrollment: checks that explain themselves, approval where the program asks
for it, the check-ins after the exit, and reopening with the history kept."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint import bounds
from waypoint.accounts.queries import access_for
from waypoint.accounts.terminology import term
from waypoint.approvals import actions as approvals
from waypoint.closure.actions._common import (
    OPEN,
    audit_record,
    check_codes,
    check_subsidy,
    day_words,
    lock,
    settings_of,
    this_cycle,
)
from waypoint.closure.models import (
    Check,
    CheckIn,
    Closure,
    ClosureEvent,
    ClosureReason,
    ClosureSettings,
    ExitInterview,
    PostProgramPlan,
    Rule,
)
from waypoint.enrollments import actions as enrollment_actions
from waypoint.enrollments.models import REOPENABLE, Enrollment, Status
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.toolkit import check_writer, earlier, saved_once

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_NOTE = 5000
MAX_COMMENT = 2000
NEVER_ENROLLED = (Status.INQUIRY, Status.ELIGIBILITY)


@dataclass(frozen=True)
class CheckResult:
    """One check before closing, with its reason (rule 5): passed or not, and whether the
    program lets it stop the closure."""

    check: str
    title: str
    rule: str
    passed: bool
    reason: str

    @property
    def blocks(self) -> bool:
        return not self.passed and self.rule == Rule.BLOCK

    @property
    def warns(self) -> bool:
        return not self.passed and self.rule == Rule.WARN


def closure_checks(
    enrollment: Enrollment, exit_on: date | None, rules: ClosureSettings
) -> list[CheckResult]:
    """Each check the program looks at before closing, with the reason it passed or not.
    Checks the program turned off are left out."""
    from waypoint.notes.models import Commitment, Note
    from waypoint.referrals.models import OPEN as OPEN_REFERRALS
    from waypoint.referrals.models import Referral

    today = timezone.localdate()
    never_enrolled = enrollment.status in NEVER_ENROLLED
    found: list[CheckResult] = []

    def add(check: str, passed: bool, reason: str) -> None:
        rule = rules.rule(check)
        if rule != Rule.OFF:
            found.append(CheckResult(check, str(Check(check).label), rule, passed, reason))

    if exit_on is None:
        add(Check.EXIT_DATE, False, _("Give the exit date."))
    elif exit_on < enrollment.started_on:
        add(
            Check.EXIT_DATE,
            False,
            _("The exit date %(exit_on)s is before they started on %(started_on)s.")
            % {"exit_on": day_words(exit_on), "started_on": day_words(enrollment.started_on)},
        )
    elif exit_on > today:
        add(
            Check.EXIT_DATE,
            False,
            _("The exit date %(exit_on)s is in the future: close on the day they leave.")
            % {"exit_on": day_words(exit_on)},
        )
    else:
        add(
            Check.EXIT_DATE,
            True,
            _("Exit on %(exit_on)s, after they started.") % {"exit_on": day_words(exit_on)},
        )

    referrals = list(
        Referral.objects.filter(enrollment=enrollment, status__in=OPEN_REFERRALS)
        .select_related("service", "provider")
        .order_by("created_at")
    )
    if referrals:
        names = ", ".join(f"{r.recipient} ({r.get_status_display().lower()})" for r in referrals)
        add(
            Check.REFERRALS,
            False,
            ngettext(
                "%(n)s referral is still open: %(names)s. "
                "Record how each ended, or note it in the post-program plan.",
                "%(n)s referrals are still open: %(names)s. "
                "Record how each ended, or note it in the post-program plan.",
                len(referrals),
            )
            % {"n": len(referrals), "names": names},
        )
    else:
        add(Check.REFERRALS, True, _("Every referral has reached an end."))

    promised = Commitment.objects.filter(
        enrollment=enrollment, status=Commitment.Status.OPEN
    ).count()
    if promised:
        add(
            Check.COMMITMENTS,
            False,
            ngettext(
                "%(n)s promise to them is still open. Keep them, or release them with a reason.",
                "%(n)s promises to them are still open. Keep them, or release them with a reason.",
                promised,
            )
            % {"n": promised},
        )
    else:
        add(Check.COMMITMENTS, True, _("Every promise made to them is kept or released."))

    drafts = Note.objects.filter(enrollment=enrollment, status=Note.Status.DRAFT).count()
    if drafts:
        add(
            Check.NOTES,
            False,
            ngettext(
                "%(n)s note is not signed yet. Finish and sign them so the record is complete.",
                "%(n)s notes are not signed yet. Finish and sign them so the record is complete.",
                drafts,
            )
            % {"n": drafts},
        )
    else:
        add(Check.NOTES, True, _("Every note is signed."))

    if never_enrolled:
        add(Check.INTERVIEW, True, _("Not needed: they did not enroll."))
        add(Check.POST_PLAN, True, _("Not needed: they did not enroll."))
        return found

    interview = this_cycle(ExitInterview, enrollment).first()
    if interview is None or interview.status == ExitInterview.Status.SCHEDULED:
        add(
            Check.INTERVIEW,
            False,
            _("No exit interview is recorded yet.")
            if interview is None
            else _("The exit interview is scheduled but not recorded yet."),
        )
    elif interview.status == ExitInterview.Status.DECLINED:
        add(Check.INTERVIEW, True, _("They chose not to have an exit interview."))
    else:
        held = interview.held_on
        add(
            Check.INTERVIEW,
            True,
            _("Exit interview held on %(day)s.") % {"day": day_words(held)} if held else "",
        )

    plans = this_cycle(PostProgramPlan, enrollment)
    acknowledged = plans.filter(status=PostProgramPlan.Status.ACKNOWLEDGED).order_by("-number")
    last = acknowledged.first()
    if last is not None and last.acknowledged_on is not None:
        add(
            Check.POST_PLAN,
            True,
            _("Post-program plan version %(number)s acknowledged on %(day)s.")
            % {"number": last.number, "day": day_words(last.acknowledged_on)},
        )
    elif plans.exists():
        add(Check.POST_PLAN, False, _("The post-program plan is not acknowledged by them yet."))
    else:
        add(Check.POST_PLAN, False, _("There is no post-program plan yet."))
    return found


def blocking(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.blocks]


def _refuse_blocked(results: list[CheckResult]) -> None:
    stopped = blocking(results)
    if stopped:
        field = "exit_on" if any(r.check == Check.EXIT_DATE for r in stopped) else None
        checks = " ".join(
            _("%(title)s: %(reason)s") % {"title": r.title, "reason": r.reason} for r in stopped
        )
        raise ActionRefused(_("Not yet: %(checks)s") % {"checks": checks}, field=field)


def _snapshot(results: list[CheckResult]) -> list[dict[str, Any]]:
    return [asdict(r) for r in results]


def _event(closure: Closure, kind: str, by: User, comment: str = "") -> ClosureEvent:
    return ClosureEvent.objects.create(
        closure=closure, kind=kind, comment=comment, by=by, at=timezone.now()
    )


def needs_approval(rules: ClosureSettings, reason: ClosureReason) -> bool:
    return bool(rules.needs_approval or reason.needs_approval)


def _reason(enrollment: Enrollment, reason: ClosureReason | None) -> ClosureReason:
    if reason is None or reason.program_id != enrollment.program_id or not reason.active:
        raise ActionRefused(_("Choose a reason from the program's list."), field="reason")
    return reason


@transaction.atomic
def request_closure(
    *,
    by: User,
    enrollment: Enrollment,
    reason: ClosureReason | None,
    destination: int | None,
    exit_on: date | None,
    note: str,
    completion: int | None = None,
    destination_subsidy: int | None = None,
    celebration: list[str] | None = None,
    celebration_words: str = "",
    creation_key: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Closure:
    """Close an enrollment, or ask a supervisor to approve it where the program (or the
    reason) requires approval. A closure returned with a comment is sent again by calling
    this once more. Blocking checks refuse with every reason."""
    check_writer(by, enrollment.program_id)
    current = lock(enrollment)
    done = earlier(Closure, creation_key, enrollment=current)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit([_("status, phase or navigator")], [])
    program = current.program
    if current.status not in OPEN:
        raise ActionRefused(
            _("This %(enrollment)s is already closed.")
            % {"enrollment": term("enrollment", program.terminology)},
            field="status",
        )
    chosen = _reason(current, reason)
    check_codes(destination, completion)
    destination_subsidy = check_subsidy(destination, destination_subsidy)
    note = note.strip()
    if not note:
        raise ActionRefused(
            _("Write a closing note: how things stand as they leave."), field="note"
        )
    if len(note) > MAX_NOTE:
        raise ActionRefused(
            _("Keep the closing note under %(most)s characters.") % {"most": MAX_NOTE},
            field="note",
        )
    bounds.check_text(note)
    bounds.check_text(celebration_words)
    if exit_on is not None:
        problem = bounds.PAST.problem(exit_on)
        if problem:
            raise ActionRefused(problem, field="exit_on")
    rules = settings_of(program)
    results = closure_checks(current, exit_on, rules)
    _refuse_blocked(results)
    assert exit_on is not None  # the exit-date check blocks a missing date
    ideas = [i for i in (celebration or []) if i in rules.celebration_ideas]
    now = timezone.now()
    pending = Closure.objects.select_for_update().filter(
        enrollment=current, status__in=[Closure.Status.REQUESTED, Closure.Status.RETURNED]
    )
    returned = pending.first()
    fields = {
        "reason": chosen,
        "reason_label": chosen.label,
        "destination": destination,
        "destination_subsidy": destination_subsidy,
        "completion": completion,
        "exit_on": exit_on,
        "note": note,
        "checks": _snapshot(results),
        "celebration": ideas,
        "celebration_words": celebration_words.strip()[:MAX_COMMENT],
    }
    if returned is not None and returned.status == Closure.Status.REQUESTED:
        raise ActionRefused(
            _("A closure is already waiting for a supervisor's approval. Withdraw it to change it.")
        )
    approval = needs_approval(rules, chosen) and not access_for(by).can_supervise(program.pk)
    closure: Closure
    if returned is None:
        made = Closure(
            organization_id=current.organization_id,
            enrollment=current,
            participant_id=current.participant_id,
            cycle=current.cycle,
            status=Closure.Status.REQUESTED if approval else Closure.Status.CLOSED,
            requested_by=by,
            requested_at=now,
            creation_key=creation_key,
            closed_at=None if approval else now,
            **fields,
        )
        closure, created = saved_once(made, creation_key, enrollment=current)
        if not created:
            return closure
    else:
        closure = returned
        for name, value in fields.items():
            setattr(closure, name, value)
        closure.status = Closure.Status.REQUESTED if approval else Closure.Status.CLOSED
        closure.requested_by, closure.requested_at = by, now
        closure.closed_at = None if approval else now
        closure.version += 1
        closure.save()
    audit_record(
        by,
        "create",
        "closure",
        closure,
        current,
        {
            "reason": chosen.label,
            "destination": destination,
            "completion": completion,
            "exit_on": str(exit_on),
            "approval": approval,
            "warnings": [r.check for r in results if r.warns],
        },
    )
    if approval:
        _event(closure, ClosureEvent.Kind.REQUESTED, by)
        # The same request on the approvals' pages (asking again reopens the returned one).
        approvals.request_approval(
            by=by,
            kind="closure",
            enrollment=current,
            subject_id=closure.pk,
            reason=chosen.label,
        )
        return closure
    if needs_approval(rules, chosen):
        # A supervisor closing it approves it in the same step (the comment is stored:
        # history in the words it was written in).
        _event(closure, ClosureEvent.Kind.APPROVED, by, "Closed by a supervisor.")
        closure.decided_by, closure.decided_at = by, now
        closure.save(update_fields=["decided_by", "decided_at"])
        decided = approvals.mirror(
            by=by, kind="closure", subject_id=closure.pk, to="approved", comment=""
        )
        if decided is None:
            approvals.record_approved(
                by=by,
                kind="closure",
                enrollment=current,
                subject_id=closure.pk,
                reason=chosen.label,
            )
    _finish(by, closure, current, rules)
    return closure


def _finish(by: User, closure: Closure, enrollment: Enrollment, rules: ClosureSettings) -> None:
    """Close the enrollment and schedule the check-ins after the exit."""
    enrollment_actions.exit_enrollment(
        by=by,
        enrollment=enrollment,
        exited_on=closure.exit_on,
        reason=closure.reason_label,
        note=closure.note,
    )
    _event(closure, ClosureEvent.Kind.CLOSED, by)
    owner_id = enrollment.navigator_id or closure.requested_by_id
    days = sorted({int(d) for d in rules.check_in_days if 0 < int(d) <= 730})
    if enrollment.status in NEVER_ENROLLED:
        days = []
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                organization_id=enrollment.organization_id,
                enrollment_id=enrollment.pk,
                participant_id=enrollment.participant_id,
                closure=closure,
                cycle=closure.cycle,
                days_after=d,
                due_on=closure.exit_on + timedelta(days=d),
                owner_id=owner_id,
            )
            for d in days
        ]
    )
    audit_record(
        by,
        "status",
        "closure",
        closure,
        enrollment,
        {"status": Closure.Status.CLOSED, "check_ins": days},
    )


def _pending(closure: Closure, expected_version: int | None) -> Closure:
    current = (
        Closure.objects.select_for_update(of=("self",))
        .select_related("enrollment__program", "reason", "requested_by")
        .get(pk=closure.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit([_("the closure")], [])
    return current


def _check_supervisor(by: User, closure: Closure) -> None:
    if not access_for(by).can_supervise(closure.enrollment.program_id):
        raise ActionRefused(
            _("Only a supervisor or program manager of this program can decide on a closure.")
        )
    if closure.requested_by_id == by.pk:
        raise ActionRefused(_("Someone else decides on a closure you asked for."))


def _already(closure: Closure) -> str:
    """Why a closure in its present state cannot be decided on or withdrawn."""
    words: dict[str, str] = {
        Closure.Status.REQUESTED: _("This closure is waiting for approval."),
        Closure.Status.RETURNED: _("This closure is returned with a comment."),
        Closure.Status.CLOSED: _("This closure is closed."),
        Closure.Status.WITHDRAWN: _("This closure is withdrawn."),
    }
    return words.get(closure.status) or _("This closure is %(status)s.") % {
        "status": closure.get_status_display().lower()
    }


def _decision_words(what: str) -> tuple[str, str]:
    """The email's subject and first line for a decision (``approved`` or ``returned``)."""
    if what == "approved":
        return _("Closure approved"), _("A closure you asked for was approved.")
    return (
        _("Closure returned with a comment"),
        _("A closure you asked for was returned with a comment."),
    )


def _tell_requester(closure: Closure, what: str, comment: str) -> None:
    """Email the person who asked (in the language they chose for Waypoint): what was
    decided (``approved`` or ``returned``), never who the participant is."""
    to = closure.requested_by
    if to is None or not to.email:
        return
    # The comment stays in Waypoint: it may speak of the participant.
    with translation.override(to.language or django_settings.LANGUAGE_CODE):
        subject, decided = _decision_words(what)
        body = decided + "\n" + _("Sign in to Waypoint and open your home page to see it.") + "\n"
    address = to.email
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=body,
            from_email=django_settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    )


@transaction.atomic
def approve_closure(
    *, by: User, closure: Closure, comment: str = "", expected_version: int | None = None
) -> Closure:
    """A supervisor approves: the checks run again (things may have changed) and the
    enrollment closes."""
    current = _pending(closure, expected_version)
    _check_supervisor(by, current)
    if current.status != Closure.Status.REQUESTED:
        raise ActionRefused(_already(current))
    enrollment = lock(current.enrollment)
    if enrollment.status not in OPEN:
        raise ActionRefused(_("This enrollment is already closed."))
    rules = settings_of(enrollment.program)
    results = closure_checks(enrollment, current.exit_on, rules)
    _refuse_blocked(results)
    comment = comment.strip()[:MAX_COMMENT]
    bounds.check_text(comment)
    now = timezone.now()
    current.status = Closure.Status.CLOSED
    current.decided_by, current.decided_at, current.closed_at = by, now, now
    current.checks = _snapshot(results)
    current.version += 1
    current.save()
    _event(current, ClosureEvent.Kind.APPROVED, by, comment)
    approvals.mirror(by=by, kind="closure", subject_id=current.pk, to="approved", comment=comment)
    _finish(by, current, enrollment, rules)
    _tell_requester(current, "approved", comment)
    return current


@transaction.atomic
def return_closure(
    *, by: User, closure: Closure, comment: str, expected_version: int | None = None
) -> Closure:
    """A supervisor sends a closure back with a comment; the navigator changes it and asks
    again (``request_closure``)."""
    current = _pending(closure, expected_version)
    _check_supervisor(by, current)
    if current.status != Closure.Status.REQUESTED:
        raise ActionRefused(_already(current))
    comment = comment.strip()
    if not comment:
        raise ActionRefused(_("Say what needs to change before it can close."), field="comment")
    if len(comment) > MAX_COMMENT:
        raise ActionRefused(
            _("Keep the comment under %(most)s characters.") % {"most": MAX_COMMENT},
            field="comment",
        )
    bounds.check_text(comment)
    current.status = Closure.Status.RETURNED
    current.decided_by, current.decided_at = by, timezone.now()
    current.version += 1
    current.save(update_fields=["status", "decided_by", "decided_at", "version"])
    _event(current, ClosureEvent.Kind.RETURNED, by, comment)
    approvals.mirror(by=by, kind="closure", subject_id=current.pk, to="returned", comment=comment)
    audit_record(by, "update", "closure", current, current.enrollment, {"status": current.status})
    _tell_requester(current, "returned", comment)
    return current


@transaction.atomic
def withdraw_closure(
    *, by: User, closure: Closure, comment: str = "", expected_version: int | None = None
) -> Closure:
    """The navigator takes back a pending closure: the enrollment stays open."""
    current = _pending(closure, expected_version)
    check_writer(by, current.enrollment.program_id)
    if not current.pending:
        raise ActionRefused(_already(current))
    current.status = Closure.Status.WITHDRAWN
    current.version += 1
    current.save(update_fields=["status", "version"])
    comment = comment.strip()[:MAX_COMMENT]
    _event(current, ClosureEvent.Kind.WITHDRAWN, by, comment)
    approvals.mirror(by=by, kind="closure", subject_id=current.pk, to="withdrawn", comment=comment)
    audit_record(by, "update", "closure", current, current.enrollment, {"status": current.status})
    return current


@dataclass(frozen=True)
class Reopened:
    enrollment: Enrollment
    same: bool  # the same enrollment reopened (within the window) or a new linked one


@transaction.atomic
def reopen_enrollment(
    *, by: User, enrollment: Enrollment, reason: str, expected_version: int | None = None
) -> Reopened:
    """Welcome someone back. Within the program's window the same enrollment reopens (a
    new cycle: the closure, plans and check-ins stay as history); later, a new
    enrollment starts, linked to this one."""
    check_writer(by, enrollment.program_id)
    current = lock(enrollment)
    if current.status not in REOPENABLE:
        raise ActionRefused(_("Only a closed enrollment can be reopened."), field="status")
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Say why they are coming back."), field="reason")
    bounds.check_text(reason)
    rules = settings_of(current.program)
    today = timezone.localdate()
    within = current.exited_on is None or (today - current.exited_on).days <= (
        rules.return_window_days
    )
    closure = this_cycle(Closure, current).filter(status=Closure.Status.CLOSED).first()
    open_check_ins = this_cycle(CheckIn, current).filter(status=CheckIn.Status.DUE)
    if within:
        reopened = enrollment_actions.reopen(
            by=by, enrollment=current, reason=reason, expected_version=expected_version
        )
    else:
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit([_("status, phase or navigator")], [])
        reopened = enrollment_actions.enroll(
            by=by,
            participant=current.participant,
            program=current.program,
            status=Status.ENROLLED,
            navigator=current.navigator,
            override_reason=reason,
            returned_from=current,
        )
    now = timezone.now()
    # Stored words (history, in the language they were written in), not translated.
    open_check_ins.update(
        status=CheckIn.Status.SKIPPED, words="They came back to the program.", done_at=now
    )
    if closure is not None:
        closure.reopened_at = now
        closure.save(update_fields=["reopened_at"])
        _event(
            closure,
            ClosureEvent.Kind.REOPENED,
            by,
            reason if within else f"{reason} (a new enrollment, after the return window)",
        )
    if closure is not None:
        audit_record(
            by,
            "update",
            "closure",
            closure,
            current,
            {"reopened": True, "same_enrollment": within, "reason": reason},
        )
    return Reopened(enrollment=reopened, same=within)
