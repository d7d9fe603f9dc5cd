"""Closing pages: close an enrollment (the checks, each with its reason and a way to fix
it), one closure with its history and the supervisor's decision, and a program's ending
settings and reasons for its managers.

Each view is thin: the funnel, the form, the action, the page. A refused action puts its
message beside the field and keeps what was typed."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for, program_for
from waypoint.accounts.terminology import term
from waypoint.closure import actions
from waypoint.closure.actions._common import OPEN
from waypoint.closure.forms_closing import CloseForm, DecisionForm, EndingSettingsForm, ReasonForm
from waypoint.closure.hud import shown_completion, shown_destination
from waypoint.closure.models import (
    Check,
    Closure,
    ClosureReason,
    ClosureSettings,
    PostProgramPlan,
    Rule,
)
from waypoint.closure.queries import closure_for
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, StaleEdit, show_on_form
from waypoint.http import AuthedRequest

RULE_WORDS: dict[str, Any] = {
    Rule.BLOCK: gettext_lazy("Stops the closure until it is fixed"),
    Rule.WARN: gettext_lazy("A warning: closing is still possible"),
}


def _status(refused: ActionRefused) -> int:
    return 409 if isinstance(refused, StaleEdit) else 400


def _refresh_version(form: Any, version: int) -> None:
    """After a stale save is refused, the form carries the current version, so that
    saving again (having read what changed) goes through; what was typed stays."""
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data


# --- Closing -----------------------------------------------------------------------------


def _fixes(enrollment: Enrollment) -> dict[str, list[tuple[str, str]]]:
    """Where to fix each check: (link, words)."""
    from waypoint.notes.models import Note
    from waypoint.referrals.models import OPEN as OPEN_REFERRALS
    from waypoint.referrals.models import Referral

    person = reverse("participant_detail", args=[enrollment.participant.public_id])
    referrals = Referral.objects.filter(
        enrollment=enrollment, status__in=OPEN_REFERRALS
    ).select_related("service", "provider")
    notes = Note.objects.filter(enrollment=enrollment, status=Note.Status.DRAFT).order_by("pk")
    post_plan = (
        PostProgramPlan.objects.filter(enrollment_id=enrollment.pk, cycle=enrollment.cycle)
        .order_by("-number")
        .first()
    )
    if post_plan is None:
        plan_fix = (f"{person}#post-plan-{enrollment.pk}", _("Build the post-program plan"))
    else:
        plan_fix = (
            reverse("post_plan_detail", args=[post_plan.public_id]),
            _("Open the post-program plan"),
        )
    return {
        Check.EXIT_DATE: [("#id_exit_on", _("Change the exit date"))],
        Check.REFERRALS: [
            (
                reverse("referral_detail", args=[r.public_id]),
                _("Open the referral to %(recipient)s") % {"recipient": r.recipient},
            )
            for r in referrals.order_by("created_at")[:20]
        ],
        Check.COMMITMENTS: [(f"{person}#commitments", _("See the open commitments"))],
        Check.NOTES: [
            (
                reverse("note_detail", args=[n.public_id]),
                _("Finish and sign note %(number)s") % {"number": i},
            )
            for i, n in enumerate(notes[:20], start=1)
        ],
        Check.INTERVIEW: [
            (
                reverse("exit_interview_schedule", args=[enrollment.public_id]),
                _("Schedule the exit interview"),
            ),
            (
                reverse("exit_interview_record", args=[enrollment.public_id]),
                _("Record it, or that they chose not to have one"),
            ),
        ],
        Check.POST_PLAN: [plan_fix],
    }


def _pending(enrollment: Enrollment) -> Closure | None:
    return (
        Closure.objects.filter(
            enrollment_id=enrollment.pk,
            status__in=[Closure.Status.REQUESTED, Closure.Status.RETURNED],
        )
        .select_related("decided_by")
        .first()
    )


def _initial(returned: Closure | None) -> dict[str, Any]:
    if returned is None:
        return {}
    return {
        "reason": returned.reason_id,
        "destination": returned.destination,
        "completion": returned.completion,
        "exit_on": returned.exit_on,
        "note": returned.note,
        "celebration": returned.celebration,
        "celebration_words": returned.celebration_words,
    }


@require_http_methods(["GET", "POST"])
def closure_new(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    program = enrollment.program
    rules = ClosureSettings.objects.filter(program=program).first() or ClosureSettings(
        program=program
    )
    reasons = actions.reasons_for(program)
    pending = _pending(enrollment)
    returned = pending if pending and pending.status == Closure.Status.RETURNED else None
    comment = ""
    if returned is not None:
        last = returned.events.filter(kind="returned").order_by("-at", "-pk").first()
        comment = last.comment if last else ""
    form = CloseForm(
        request.POST if request.method == "POST" else None,
        reasons=reasons,
        ideas=list(rules.celebration_ideas),
        initial={**_initial(returned), "version": enrollment.version},
    )
    status = 200
    exit_on = form.initial.get("exit_on")
    if request.method == "POST":
        status = 400
        valid = form.is_valid()
        # The date given, for the checks below (a refusal takes it out of cleaned_data).
        exit_on = form.cleaned_data.get("exit_on")
        if valid:
            try:
                closure = actions.request_closure(
                    by=request.user, enrollment=enrollment, **form.chosen()
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
                status = _status(refused)
                if isinstance(refused, StaleEdit):
                    enrollment.refresh_from_db()
                    _refresh_version(form, enrollment.version)
            else:
                if closure.status == Closure.Status.CLOSED:
                    messages.success(
                        request,
                        _("Closed. The %(check_in)ss after the exit are scheduled.")
                        % {"check_in": term("check-in", program.terminology)},
                    )
                else:
                    messages.success(request, _("Sent to a supervisor for approval."))
                return redirect("closure_detail", public_id=closure.public_id)
    checks = actions.closure_checks(enrollment, exit_on, rules)
    fixes = _fixes(enrollment)
    rows = [
        {
            "result": r,
            "rule_words": RULE_WORDS.get(r.rule, ""),
            "fixes": [] if r.passed else fixes.get(r.check, []),
        }
        for r in checks
    ]
    some = any(r.needs_approval for r in reasons)
    context = {
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": program,
        "form": form,
        "rows": rows,
        "blocked": [r for r in checks if r.blocks],
        "warned": [r for r in checks if r.warns],
        "open": enrollment.status in OPEN,
        "waiting": pending if pending and pending.status == Closure.Status.REQUESTED else None,
        "returned": returned,
        "comment": comment,
        "approval_all": rules.needs_approval,
        "approval_some": some and not rules.needs_approval,
        "can_supervise": access_for(request.user).can_supervise(program.pk),
    }
    return render(request, "closure/close.html", context, status=status)


# --- One closure ---------------------------------------------------------------------------


def _detail(
    request: AuthedRequest,
    closure: Closure,
    *,
    bound: dict[str, DecisionForm] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    access = access_for(request.user)
    program = closure.enrollment.program
    can_decide = (
        closure.status == Closure.Status.REQUESTED
        and access.can_supervise(program.pk)
        and closure.requested_by_id != request.user.pk
    )
    can_write = access.can_write(program.pk)
    initial = {"version": closure.version}
    context = {
        "closure": closure,
        "refusal": refusal,
        "enrollment": closure.enrollment,
        "participant": closure.enrollment.participant,
        "program": program,
        "destination": shown_destination(closure.destination),
        "completion": shown_completion(closure.completion),
        "events": list(closure.events.select_related("by").order_by("at", "pk")),
        "checks": [c for c in closure.checks if isinstance(c, dict)],
        "can_decide": can_decide,
        "can_withdraw": closure.pending and can_write,
        "can_resend": closure.status == Closure.Status.RETURNED
        and can_write
        and closure.enrollment.status in OPEN,
        "approve_form": bound.get("approve")
        or DecisionForm(initial=initial, label=_("Comment (optional)")),
        "return_form": bound.get("return")
        or DecisionForm(initial=initial, required=True, label=_("What needs to change")),
        "withdraw_form": bound.get("withdraw")
        or DecisionForm(initial=initial, label=_("Why (optional)")),
    }
    return render(request, "closure/detail.html", context, status=status)


@require_http_methods(["GET"])
def closure_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _detail(request, closure_for(request.user, public_id))


def _decide(request: AuthedRequest, public_id: uuid.UUID, which: str) -> HttpResponse:
    closure = closure_for(request.user, public_id, write=True)
    form = DecisionForm(request.POST, required=which == "return")
    if form.is_valid():
        data = form.cleaned_data
        call: dict[str, Any] = {
            "approve": actions.approve_closure,
            "return": actions.return_closure,
            "withdraw": actions.withdraw_closure,
        }
        done = {
            "approve": _("Approved. The enrollment is closed and the check-ins are scheduled."),
            "return": _("Returned with your comment."),
            "withdraw": _("Withdrawn. The enrollment stays open."),
        }
        try:
            call[which](
                by=request.user,
                closure=closure,
                comment=data.get("comment") or "",
                expected_version=data["version"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
            closure.refresh_from_db()
            _refresh_version(form, closure.version)
            return _detail(
                request,
                closure,
                bound={which: form},
                refusal=refused.message,
                status=_status(refused),
            )
        messages.success(request, done[which])
        return redirect("closure_detail", public_id=closure.public_id)
    return _detail(request, closure, bound={which: form}, status=400)


@require_http_methods(["POST"])
def closure_approve(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _decide(request, public_id, "approve")


@require_http_methods(["POST"])
def closure_return(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _decide(request, public_id, "return")


@require_http_methods(["POST"])
def closure_withdraw(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _decide(request, public_id, "withdraw")


# --- A program's ending settings and reasons ------------------------------------------------


@require_http_methods(["GET", "POST"])
def program_endings(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, manage=True)
    rules = ClosureSettings.objects.filter(program=program).first() or ClosureSettings(
        program=program
    )
    form = EndingSettingsForm(request.POST if request.method == "POST" else None, rules=rules)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_closure_settings(
                    by=request.user,
                    program=program,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
                status = _status(refused)
                if isinstance(refused, StaleEdit):
                    _refresh_version(form, actions.settings_for(program).version)
            else:
                messages.success(
                    request, _("Ending settings for %(program)s saved.") % {"program": program.name}
                )
                return redirect("program_endings", pk=program.pk)
    context = {"program": program, "form": form, "rules": rules}
    return render(request, "closure/endings_settings.html", context, status=status)


def _reason_for(request: AuthedRequest, pk: int) -> ClosureReason:
    """A reason of a program the user manages; 404 otherwise."""
    reason = get_object_or_404(ClosureReason.objects.select_related("program"), pk=pk)
    program_for(request.user, reason.program_id, manage=True)
    return reason


@require_http_methods(["GET", "POST"])
def closure_reasons(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, manage=True)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                reason = actions.add_closure_reason(
                    by=request.user, program=program, **form.values()
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                messages.success(
                    request, _("Reason added: “%(reason)s”.") % {"reason": reason.label}
                )
                return redirect("closure_reasons", pk=program.pk)
    reasons = actions.reasons_for(program, active_only=False)
    used = set(Closure.objects.filter(reason__program=program).values_list("reason_id", flat=True))
    rows = [
        {
            "reason": r,
            "destination": shown_destination(r.destination),
            "completion": shown_completion(r.completion, _("Not recorded")),
            "used": r.pk in used,
        }
        for r in reasons
    ]
    context = {"program": program, "form": form, "rows": rows}
    return render(request, "closure/reasons.html", context, status=status)


@require_http_methods(["GET", "POST"])
def closure_reason_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    reason = _reason_for(request, pk)
    form = ReasonForm.for_reason(reason, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_closure_reason(by=request.user, reason=reason, **form.values())
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                messages.success(
                    request, _("Reason saved. Closures already made keep the words they had.")
                )
                return redirect("closure_reasons", pk=reason.program_id)
    context = {"program": reason.program, "reason": reason, "form": form}
    return render(request, "closure/reason_edit.html", context, status=status)


@require_http_methods(["POST"])
def closure_reason_move(request: AuthedRequest, pk: int) -> HttpResponse:
    reason = _reason_for(request, pk)
    try:
        actions.move_closure_reason(
            by=request.user, reason=reason, direction=request.POST.get("direction", "")
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
    return redirect("closure_reasons", pk=reason.program_id)


@require_http_methods(["POST"])
def closure_reason_active(request: AuthedRequest, pk: int) -> HttpResponse:
    reason = _reason_for(request, pk)
    active = request.POST.get("active") == "yes"
    try:
        actions.set_closure_reason_active(by=request.user, reason=reason, active=active)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        if active:
            messages.success(
                request, _("“%(reason)s” is offered again.") % {"reason": reason.label}
            )
        else:
            messages.success(
                request,
                _("“%(reason)s” is no longer offered; closures made with it keep it.")
                % {"reason": reason.label},
            )
    return redirect("closure_reasons", pk=reason.program_id)
