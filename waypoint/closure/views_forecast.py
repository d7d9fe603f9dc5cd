"""Pages for the transition date and the exit interview. Thin: the funnel, the form,
the action, the page; a refused action shows its message beside the field and keeps
what was typed."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for
from waypoint.closure import actions
from waypoint.closure.actions._common import OPEN, day_words, this_cycle
from waypoint.closure.actions.forecast import exit_questions, short_notice
from waypoint.closure.forms_forecast import (
    ForecastForm,
    InterviewForm,
    VersionForm,
    initial_for_interview,
)
from waypoint.closure.models import ExitInterview, Forecast
from waypoint.closure.queries import interview_for
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.notes import calendar
from waypoint.notes.forms import AppointmentForm


def _to_panel(enrollment: Enrollment) -> HttpResponse:
    response = redirect("participant_detail", public_id=enrollment.participant.public_id)
    response["Location"] += f"#ending-{enrollment.pk}"
    return response


def _context(enrollment: Enrollment, **more: Any) -> dict[str, Any]:
    return {
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        **more,
    }


# --- The transition date --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def forecast_edit(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    forecast = this_cycle(Forecast, enrollment).first()
    rules = actions.settings_of(enrollment.program)
    today = timezone.localdate()
    status = 200
    if request.method == "POST":
        form = ForecastForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = actions.set_forecast(
                    by=request.user,
                    enrollment=enrollment,
                    transition_on=data["transition_on"],
                    discussed_on=data["discussed_on"],
                    discussed_how=data["discussed_how"],
                    expected_version=data["version"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                day = day_words(saved.transition_on)
                if short_notice(saved.transition_on, rules, today):
                    words = _(
                        "Transition date saved: %(day)s. That is less than the %(weeks)s weeks' "
                        "notice the program plans for: talk it through with them soon."
                    ) % {"day": day, "weeks": rules.notice_weeks}
                else:
                    words = _("Transition date saved: %(day)s.") % {"day": day}
                messages.success(request, words)
                return _to_panel(enrollment)
        status = 400
    else:
        initial: dict[str, Any] = {"version": forecast.version if forecast else 0}
        if forecast is not None:
            initial.update(
                transition_on=forecast.transition_on,
                discussed_on=forecast.discussed_on,
                discussed_how=forecast.discussed_how,
            )
        form = ForecastForm(initial=initial)
    context = _context(
        enrollment,
        form=form,
        forecast=forecast,
        rules=rules,
        clear_form=VersionForm(initial={"version": forecast.version if forecast else 0}),
        short=short_notice(forecast.transition_on if forecast else None, rules, today),
        today=today,
    )
    return render(request, "closure/forecast.html", context, status=status)


@require_http_methods(["POST"])
def forecast_clear(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        actions.clear_forecast(by=request.user, enrollment=enrollment, expected_version=version)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("forecast_edit", public_id=enrollment.public_id)
    messages.success(request, _("The transition date is cleared."))
    return _to_panel(enrollment)


# --- The exit interview ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def exit_interview_schedule(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    can_invite = calendar.invitation_address(enrollment.participant) is not None
    interview = this_cycle(ExitInterview, enrollment).select_related("appointment").first()
    status = 200
    if request.method == "POST":
        form = AppointmentForm(request.POST, can_invite=can_invite)
        if form.is_valid():
            try:
                made = actions.schedule_interview(
                    by=request.user,
                    enrollment=enrollment,
                    data=form.appointment_data(),
                    invite=bool(form.cleaned_data.get("invite")),
                    creation_key=form.cleaned_data["creation_key"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                assert made.appointment is not None
                messages.success(
                    request,
                    _("Exit interview scheduled. An invitation was emailed.")
                    if made.appointment.invited
                    else _("Exit interview scheduled."),
                )
                return _to_panel(enrollment)
        status = 400
    else:
        form = AppointmentForm(
            initial={"method": "in_person", "purpose": _("Exit interview"), "invite": can_invite},
            can_invite=can_invite,
        )
    context = _context(enrollment, form=form, interview=interview)
    return render(request, "closure/exit_interview_schedule.html", context, status=status)


@require_http_methods(["GET", "POST"])
def exit_interview_record(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    interview = this_cycle(ExitInterview, enrollment).select_related("appointment").first()
    sees_private = access_for(request.user).sees_sensitive(enrollment.program)
    asked = (
        interview.questions
        if interview is not None and interview.status == ExitInterview.Status.HELD
        else exit_questions(enrollment.program)
    )
    shown = [q for q in asked if sees_private or not q.get("sensitive")]
    hidden = {q["key"] for q in asked} - {q["key"] for q in shown}
    status = 200
    if request.method == "POST":
        form = InterviewForm(request.POST, questions=shown)
        if form.is_valid():
            record = form.record()
            try:
                actions.record_interview(
                    by=request.user,
                    enrollment=enrollment,
                    record=record,
                    expected_version=form.cleaned_data["version"],
                    creation_key=form.cleaned_data["creation_key"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                messages.success(
                    request,
                    _("Exit interview recorded.")
                    if record.held
                    else _("Recorded: they chose not to have an exit interview."),
                )
                return _to_panel(enrollment)
        status = 400
    else:
        initial = initial_for_interview(interview)
        initial.setdefault("held_on", timezone.localdate())
        initial["version"] = interview.version if interview is not None else 0
        form = InterviewForm(initial=initial, questions=shown)
    context = _context(enrollment, form=form, interview=interview, hidden=len(hidden))
    return render(request, "closure/exit_interview_record.html", context, status=status)


def _shown(answer: Any) -> str:
    return ", ".join(str(a) for a in answer) if isinstance(answer, list) else str(answer)


@require_http_methods(["GET"])
def exit_interview_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    interview = interview_for(request.user, public_id)
    enrollment = interview.enrollment
    access = access_for(request.user)
    sees_private = access.sees_sensitive(enrollment.program)
    answers = [
        {"label": q["label"], "answer": _shown(interview.answers.get(q["key"]))}
        for q in interview.questions
        if (sees_private or not q.get("sensitive")) and q["key"] in interview.answers
    ]
    current = interview.cycle == enrollment.cycle and enrollment.status in OPEN
    context = _context(
        enrollment,
        interview=interview,
        answers=answers,
        can_change=current and access.can_write(enrollment.program_id),
    )
    return render(request, "closure/exit_interview.html", context)
