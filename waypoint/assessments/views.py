"""One URL per change to a participant's needs. Each answers with the participant page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from waypoint.assessments import actions
from waypoint.assessments.forms import NeedForm, NeedStatusForm
from waypoint.assessments.queries import need_for
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.participants.views import render_participant


def _back(public_id: uuid.UUID) -> HttpResponse:
    return redirect("participant_detail", public_id=public_id)


@require_http_methods(["POST"])
def need_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    form = NeedForm(request.POST)
    if form.is_valid():
        try:
            need = actions.add_need(
                by=request.user,
                enrollment=enrollment,
                domain=form.cleaned_data["domain"],
                description=form.cleaned_data["description"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, f"Need {need.number} added.")
            return _back(enrollment.participant.public_id)
    return render_participant(
        request, enrollment.participant, bound={enrollment.pk: {"need": form}}, status=400
    )


@require_http_methods(["POST"])
def need_move(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    need = need_for(request.user, public_id, write=True)
    try:
        actions.move_need(by=request.user, need=need, direction=request.POST.get("direction", ""))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Need {need.number} moved {request.POST['direction']}.")
    return _back(need.participant.public_id)


@require_http_methods(["POST"])
def need_status(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    need = need_for(request.user, public_id, write=True)
    form = NeedStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose open, met or no longer a need.")
    else:
        actions.set_need_status(by=request.user, need=need, status=form.cleaned_data["status"])
        messages.success(request, f"Need {need.number} is now “{need.get_status_display()}”.")
    return _back(need.participant.public_id)
