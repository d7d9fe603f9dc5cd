"""Approval pages: the supervisor's list of what waits (oldest first, with its age), one
approval with its subject, history and decision forms, the decided history, and a
program's settings for its managers.

Each view is thin: the funnel, the form, the action, the page. A refused action puts its
message beside the field and keeps what was typed."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from waypoint.access import sees_enrollment
from waypoint.accounts.queries import access_for, program_for
from waypoint.approvals import actions, queries
from waypoint.approvals.forms import DecisionForm, HistoryForm, SettingsForm
from waypoint.approvals.kinds import KINDS
from waypoint.approvals.models import Approval
from waypoint.caseload.queries import supervised_programs
from waypoint.errors import ActionRefused, StaleEdit, show_on_form
from waypoint.http import AuthedRequest
from waypoint.participants.queries import record_listing

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _status(refused: ActionRefused) -> int:
    return 409 if isinstance(refused, StaleEdit) else 400


def _refresh_version(form: Any, version: int) -> None:
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data


@require_http_methods(["GET"])
def approval_list(request: AuthedRequest) -> HttpResponse:
    waiting, total = queries.pending_for(request.user)
    if waiting:
        record_listing(
            request.user, {w.participant.pk: w.participant for w in waiting}.values(), "list"
        )
    context = {
        "waiting": waiting,
        "total": total,
        "can_supervise": bool(access_for(request.user).roles & {"admin", "manager", "supervisor"}),
    }
    return render(request, "approvals/list.html", context)


@require_http_methods(["GET"])
def approval_history(request: AuthedRequest) -> HttpResponse:
    programs = list(supervised_programs(request.user))
    form = HistoryForm(request.GET or None, programs=programs)
    program_id, kind, status = None, "", 200
    if form.is_bound:
        if form.is_valid():
            program_id = form.cleaned_data.get("program")
            kind = form.cleaned_data.get("kind") or ""
        else:
            status = 400
    found = queries.history(request.user, program_id=program_id, kind=kind)
    if found:
        record_listing(
            request.user,
            {a.enrollment.participant.pk: a.enrollment.participant for a in found}.values(),
            "list",
        )
    return render(request, "approvals/history.html", {"form": form, "found": found}, status=status)


# Each decision's comment label; returning needs a comment.
COMMENT_LABELS: dict[str, StrOrPromise] = {
    "approve": "",
    "return": gettext_lazy("What needs to change"),
    "withdraw": gettext_lazy("Why (optional)"),
}


def _decision_form(which: str, data: Any = None, *, initial: Any = None) -> DecisionForm:
    """The form of one decision, the same whether fresh or bound (a refused one keeps its
    label), its ids prefixed so the page's three forms never share one."""
    return DecisionForm(
        data,
        initial=initial,
        auto_id=f"{which}-%s",
        required=which == "return",
        label=COMMENT_LABELS[which],
    )


def _detail(
    request: AuthedRequest,
    approval: Approval,
    *,
    bound: dict[str, DecisionForm] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    access = access_for(request.user)
    spec = KINDS[approval.kind]
    subject = spec.load(approval)
    pending = approval.status == Approval.Status.PENDING
    initial = {"version": approval.version}
    context = {
        "approval": approval,
        "spec": spec,
        "enrollment": approval.enrollment,
        "participant": approval.enrollment.participant,
        "program": approval.enrollment.program,
        "summary": spec.describe(approval, subject),
        "sees": sees_enrollment(access, approval.enrollment),
        "link": spec.link(approval, subject),
        "steps": list(approval.steps.select_related("by").order_by("at", "pk")),
        "refusal": refusal,
        "can_decide": pending
        and access.can_supervise(approval.program_id)
        and approval.requested_by_id != request.user.pk,
        "own": approval.requested_by_id == request.user.pk,
        "can_withdraw": approval.status in (Approval.Status.PENDING, Approval.Status.RETURNED)
        and approval.requested_by_id == request.user.pk
        and access.can_write(approval.program_id),
        **{
            f"{which}_form": bound.get(which) or _decision_form(which, initial=initial)
            for which in ("approve", "return", "withdraw")
        },
    }
    return render(request, "approvals/detail.html", context, status=status)


@require_http_methods(["GET"])
def approval_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _detail(request, queries.approval_for(request.user, public_id))


DONE = {
    "approve": gettext_lazy(
        "Approved. What was asked is done, and the person who asked has been told."
    ),
    "return": gettext_lazy("Returned with your comment. The person who asked has been told."),
    "withdraw": gettext_lazy("Withdrawn."),
}


def _decide(request: AuthedRequest, public_id: uuid.UUID, which: str) -> HttpResponse:
    approval = queries.approval_for(request.user, public_id, write=True)
    form = _decision_form(which, request.POST)
    if not form.is_valid():
        return _detail(request, approval, bound={which: form}, status=400)
    call: dict[str, Any] = {
        "approve": actions.approve,
        "return": actions.return_for_changes,
        "withdraw": actions.withdraw,
    }
    try:
        call[which](
            by=request.user,
            approval=approval,
            comment=form.cleaned_data.get("comment") or "",
            expected_version=form.cleaned_data["version"],
        )
    except ActionRefused as refused:
        show_on_form(form, refused)
        approval.refresh_from_db()
        _refresh_version(form, approval.version)
        return _detail(
            request, approval, bound={which: form}, refusal=refused.message, status=_status(refused)
        )
    messages.success(request, DONE[which])
    return redirect("approval_detail", public_id=approval.public_id)


@require_http_methods(["POST"])
def approval_approve(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _decide(request, public_id, "approve")


@require_http_methods(["POST"])
def approval_return(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _decide(request, public_id, "return")


@require_http_methods(["POST"])
def approval_withdraw(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _decide(request, public_id, "withdraw")


@require_http_methods(["GET", "POST"])
def approval_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, manage=True)
    rules = actions.settings_of(program)
    form = SettingsForm(request.POST if request.method == "POST" else None, rules=rules)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_approval_settings(
                    by=request.user,
                    program=program,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
                status = _status(refused)
                _refresh_version(form, actions.settings_of(program).version)
            else:
                messages.success(request, _("Saved."))
                return redirect("approval_settings", pk=program.pk)
    return render(
        request, "approvals/settings.html", {"program": program, "form": form}, status=status
    )
