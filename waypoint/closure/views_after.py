"""The check-ins after the exit: record one (reached, or a try), or close it with a
reason. Thin views: the funnel, the form, the action, the page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.closure import actions
from waypoint.closure.forms_after import OUTCOME_LABELS, CheckInForm, CloseCheckInForm
from waypoint.closure.models import CheckIn
from waypoint.closure.queries import check_in_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest


def _page(
    request: AuthedRequest,
    check_in: CheckIn,
    form: CheckInForm,
    close_form: CloseCheckInForm,
    status: int = 200,
) -> HttpResponse:
    enrollment = check_in.enrollment
    context = {
        "check_in": check_in,
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        "form": form,
        "close_form": close_form,
        "can_record": check_in.status == CheckIn.Status.DUE
        and enrollment.status in ("exited", "follow_up")
        and enrollment.cycle == check_in.cycle,
        "outcome_labels": [str(OUTCOME_LABELS.get(o, o)) for o in check_in.outcomes],
    }
    return render(request, "closure/check_in.html", context, status=status)


def _back(check_in: CheckIn) -> HttpResponse:
    url = reverse("participant_detail", args=[check_in.enrollment.participant.public_id])
    return redirect(f"{url}#enrollment-{check_in.enrollment_id}")


@require_http_methods(["GET", "POST"])
def check_in_record(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record a check-in after the exit: what happened, how, and how things are."""
    check_in = check_in_for(request.user, public_id, write=True)
    close_form = CloseCheckInForm(initial={"version": check_in.version})
    if request.method != "POST":
        form = CheckInForm(initial={"version": check_in.version, "reached": "yes"})
        return _page(request, check_in, form, close_form)
    form = CheckInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = actions.record_check_in(
                by=request.user,
                check_in=check_in,
                reached=data["reached"],
                method=data["method"],
                happened_at=data["happened_at"],
                outcomes=data["outcomes"],
                words=data["words"],
                attempt_result=data["attempt_result"],
                expected_version=data["version"],
                creation_key=data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            if done.status == CheckIn.Status.REACHED:
                if CheckIn.Outcome.NEEDS_HELP in done.outcomes:
                    text = _(
                        "Check-in recorded. A draft note for the contact is there if you want "
                        "it. They would like help again: you can reopen on their page."
                    )
                else:
                    text = _(
                        "Check-in recorded. A draft note for the contact is there if you want it."
                    )
            else:
                text = _(
                    "Try recorded (%(tries)s so far). The check-in stays on your home page "
                    "until you reach them."
                ) % {"tries": done.attempts}
            messages.success(request, text)
            return _back(done)
    return _page(request, check_in, form, close_form, status=400)


@require_http_methods(["POST"])
def check_in_close(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Close a check-in without reaching them: given up after trying, or not needed."""
    check_in = check_in_for(request.user, public_id, write=True)
    close_form = CloseCheckInForm(request.POST)
    if close_form.is_valid():
        data = close_form.cleaned_data
        try:
            done = actions.close_check_in(
                by=request.user,
                check_in=check_in,
                status=data["status"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except ActionRefused as refused:
            show_on_form(close_form, refused)
        else:
            messages.success(
                request,
                _("Check-in closed: %(status)s.") % {"status": done.get_status_display().lower()},
            )
            return _back(done)
    form = CheckInForm(initial={"version": check_in.version, "reached": "yes"})
    return _page(request, check_in, form, close_form, status=400)
