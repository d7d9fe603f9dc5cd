"""One URL per change to an enrollment. Each answers with the participant page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import assignable_staff
from waypoint.enrollments import actions
from waypoint.enrollments.actions import caseload_count, status_label
from waypoint.enrollments.forms import AssignForm, PhaseForm, ReopenForm, StatusForm
from waypoint.enrollments.models import TRANSITIONS, Enrollment
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.participants.page import render_participant


def _change(
    request: AuthedRequest,
    enrollment: Enrollment,
    form: Any,
    key: str,
    change: Callable[[dict[str, Any]], Enrollment],
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, done)
            return redirect("participant_detail", public_id=enrollment.participant.public_id)
    return render_participant(
        request, enrollment.participant, bound={enrollment.pk: {key: form}}, status=400
    )


@require_http_methods(["POST"])
def enrollment_status(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    form = StatusForm(request.POST)
    form.fields["status"].choices = [  # type: ignore[attr-defined]
        (s, status_label(s, enrollment.program)) for s in TRANSITIONS.get(enrollment.status, ())
    ]
    to = request.POST.get("status", "")
    return _change(
        request,
        enrollment,
        form,
        "status",
        lambda data: actions.change_status(
            by=request.user,
            enrollment=enrollment,
            to_status=data["status"],
            reason=data.get("reason") or "",
            expected_version=data["version"],
        ),
        _("Moved to %(status)s.") % {"status": status_label(to, enrollment.program)},
    )


@require_http_methods(["POST"])
def enrollment_phase(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    form = PhaseForm(request.POST, phases=enrollment.program.phases)
    return _change(
        request,
        enrollment,
        form,
        "phase",
        lambda data: actions.change_phase(
            by=request.user,
            enrollment=enrollment,
            to_phase=data["phase"],
            reason=data.get("reason") or "",
            expected_version=data["version"],
        ),
        _("Now in %(phase)s.") % {"phase": request.POST.get("phase", "")},
    )


@require_http_methods(["POST"])
def enrollment_reopen(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Welcome someone back through ``waypoint.closure``: within the program's return
    window the same enrollment reopens; later, a new enrollment starts, linked to it.
    Either way the closure, the plans and the check-ins stay as history."""
    from waypoint.closure.actions import reopen_enrollment

    enrollment = enrollment_for(request.user, public_id, write=True)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            back = reopen_enrollment(
                by=request.user,
                enrollment=enrollment,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            if back.same:
                done = _("Reopened. The earlier closure and plans are kept below as history.")
            else:
                done = _(
                    "Welcomed back as a new enrollment, linked to the earlier one: the "
                    "program's return window had passed. The earlier one is kept as history."
                )
            messages.success(request, done)
            return redirect("participant_detail", public_id=enrollment.participant.public_id)
    return render_participant(
        request, enrollment.participant, bound={enrollment.pk: {"reopen": form}}, status=400
    )


@require_http_methods(["GET", "POST"])
def enrollment_assign(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    program = enrollment.program
    staff = assignable_staff([program.pk])
    data = request.POST if request.method == "POST" else None
    form = AssignForm(data, navigators=staff, initial={"version": enrollment.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.assign_navigator(
                by=request.user,
                enrollment=enrollment,
                navigator=form.cleaned_data["navigator"],
                override_reason=form.cleaned_data.get("override_reason") or "",
                expected_version=form.cleaned_data["version"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request,
                _("%(name)s is now the navigator.") % {"name": form.cleaned_data["navigator"]},
            )
            return redirect("participant_detail", public_id=enrollment.participant.public_id)
    counts = {user.pk: caseload_count(program.pk, user.pk) for user in staff}
    options = [
        {
            "user": user,
            "count": counts[user.pk],
            "at_cap": counts[user.pk] >= program.caseload_cap,
            "current": user.pk == enrollment.navigator_id,
        }
        for user in staff
    ]
    context = {"enrollment": enrollment, "program": program, "form": form, "options": options}
    return render(request, "enrollments/assign.html", context, status=400 if form.errors else 200)
