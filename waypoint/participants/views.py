"""Pages about one person: find, add, read, edit."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for, assignable_staff, writable_programs
from waypoint.approvals import actions as approvals
from waypoint.enrollments import queries as enrollment_queries
from waypoint.enrollments.actions import enroll, enroll_new_participant
from waypoint.enrollments.forms import StartForm
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.participants import actions
from waypoint.participants.forms import (
    PRONOUN_SUGGESTIONS,
    ContactFormSet,
    MatchForm,
    ParticipantForm,
    SearchForm,
)
from waypoint.participants.models import Participant
from waypoint.participants.page import render_participant
from waypoint.participants.queries import participant_for, possible_matches, search


def _creation_key(request: AuthedRequest) -> uuid.UUID:
    try:
        return uuid.UUID(request.POST.get("creation_key", ""))
    except ValueError:
        return uuid.uuid4()


def _contacts(formset: Any) -> list[actions.ContactData]:
    return [
        actions.ContactData(
            kind=form.cleaned_data["kind"],
            value=form.cleaned_data.get("value", ""),
            safe_to_contact=form.cleaned_data["safe_to_contact"],
            preferred_time=form.cleaned_data.get("preferred_time", ""),
        )
        for form in formset.forms
        if form.cleaned_data and (form.cleaned_data.get("value") or "").strip()
    ]


def _start_form(request: AuthedRequest, data: Any = None) -> StartForm:
    programs = writable_programs(request.user)
    navigators = assignable_staff(programs.values_list("pk", flat=True))
    access = access_for(request.user)
    initial = {}
    if "navigator" in access.roles:
        initial["navigator"] = request.user.pk
    # A reason to assign beyond the caseload cap is for those the enrollment action lets
    # use it: a supervisor of the program, or anyone where the program asks for approval.
    cap_programs = [
        p.pk for p in programs if access.can_supervise(p.pk) or approvals.asks(p, "caseload")
    ]
    return StartForm(
        data, programs=programs, navigators=navigators, cap_programs=cap_programs, initial=initial
    )


def _waits_for_approval(request: AuthedRequest, enrollment: Any) -> HttpResponse | None:
    """Assigning beyond the cap waits for a supervisor's approval: say so, and go home if
    the person is not on a caseload the user sees meanwhile."""
    from waypoint.access import sees_enrollment
    from waypoint.approvals.queries import latest_for

    if enrollment.navigator_id is not None:
        return None
    approval = latest_for("caseload", enrollment.pk)
    if approval is None or not approval.pending:
        return None
    messages.success(
        request,
        _(
            "Enrolled. Assigning beyond the caseload cap waits for a supervisor's approval; "
            "once approved, they are on your caseload."
        ),
    )
    if sees_enrollment(access_for(request.user), enrollment):
        return redirect("participant_detail", public_id=enrollment.participant.public_id)
    return redirect("caseload")


@require_http_methods(["GET", "POST"])
def participant_search(request: AuthedRequest) -> HttpResponse:
    form = SearchForm(request.POST or None)
    results: list[Participant] | None = None
    if request.method == "POST" and form.is_valid():
        results = search(request.user, form.cleaned_data["q"])
    template = "participants/search.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "results": results})


@require_http_methods(["GET", "POST"])
def participant_new(request: AuthedRequest) -> HttpResponse:
    """Look for the person first; add them only when none of the matches is them."""
    step = request.POST.get("step", "check")
    match_form = MatchForm(request.POST if request.method == "POST" else None, prefix="check")
    person_form = ParticipantForm(request.POST if step == "create" else None)
    contacts = ContactFormSet(request.POST if step == "create" else None, prefix="contacts")
    start_form = _start_form(request, request.POST if step == "create" else None)
    matches = None
    if step == "create":
        earlier = enrollment_queries.created_with(request.user, request.POST.get("creation_key"))
        if earlier is not None:  # a double submit: the first one already did it
            return redirect("participant_detail", public_id=earlier.participant.public_id)
    if request.method == "POST" and match_form.is_valid():
        found = match_form.cleaned_data
        matches = possible_matches(
            request.user,
            name=found["name"],
            date_of_birth=found.get("date_of_birth"),
            phones=[found.get("phone") or ""],
            emails=[found.get("email") or ""],
        )
        if step == "check":
            person_form = ParticipantForm(
                initial={
                    "preferred_name": found["name"],
                    "date_of_birth": found.get("date_of_birth"),
                }
            )
            initial_contacts = []
            if found.get("phone"):
                initial_contacts.append({"kind": "phone", "value": found["phone"]})
            if found.get("email"):
                initial_contacts.append({"kind": "email", "value": found["email"]})
            contacts = ContactFormSet(initial=initial_contacts, prefix="contacts")
    confirmed = request.POST.get("none_match") == "yes"
    if step == "create" and matches and not confirmed:
        messages.warning(
            request,
            _(
                "Some people here may be this person. Open them to check; if none is, "
                "tick “None of these is the person” and add them."
            ),
        )
    elif step == "create" and all(f.is_valid() for f in (person_form, contacts, start_form)):
        try:
            enrollment = enroll_new_participant(
                by=request.user,
                program=start_form.cleaned_data["program"],
                data=person_form.person_data(),
                contacts=_contacts(contacts),
                status=start_form.cleaned_data["status"],
                navigator=start_form.cleaned_data.get("navigator"),
                delivery_mode=start_form.cleaned_data.get("delivery_mode") or "",
                override_reason=start_form.cleaned_data.get("override_reason") or "",
                creation_key=_creation_key(request),
            )
        except ActionRefused as refused:
            show_on_form(start_form, refused)
        else:
            if waits := _waits_for_approval(request, enrollment):
                return waits
            messages.success(
                request,
                _("Welcome, %(name)s. Their record is ready.") % {"name": enrollment.participant},
            )
            return redirect("participant_detail", public_id=enrollment.participant.public_id)
    context = {
        "match_form": match_form,
        "matches": matches,
        "checked": matches is not None or step == "create",
        "person_form": person_form,
        "contacts": contacts,
        "start_form": start_form,
        "creation_key": request.POST.get("creation_key") or uuid.uuid4(),
        "pronoun_suggestions": PRONOUN_SUGGESTIONS,
    }
    template = "participants/new.html"
    if request.htmx and step == "check":
        template += "#after-check"
    return render(request, template, context)


@require_http_methods(["GET"])
def participant_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = participant_for(request.user, public_id)
    return render_participant(request, participant)


@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = participant_for(request.user, public_id, write=True)
    access = access_for(request.user)
    data = request.POST if request.method == "POST" else None
    form = ParticipantForm(data, instance=participant)
    initial_contacts = [
        {
            "kind": c.kind,
            "value": c.value,
            "safe_to_contact": c.safe_to_contact,
            "preferred_time": c.preferred_time,
        }
        for c in participant.contacts.all()
    ]
    contacts = ContactFormSet(data, initial=initial_contacts, prefix="contacts")
    version = request.POST.get("version", participant.version)
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        try:
            with transaction.atomic():
                actions.update_participant(
                    by=request.user,
                    participant=participant,
                    data=form.person_data(),
                    contacts=_contacts(contacts),
                    expected_version=int(version),
                    role=access.role_in([e.program_id for e in participant.enrollments.all()]),
                )
        except (ActionRefused, ValueError) as refused:
            message = getattr(refused, "message", _("This page was out of date; reload it."))
            form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("participant_detail", public_id=participant.public_id)
    context = {
        "participant": participant,
        "form": form,
        "contacts": contacts,
        "version": version,
        "pronoun_suggestions": PRONOUN_SUGGESTIONS,
    }
    return render(request, "participants/edit.html", context)


@require_http_methods(["GET", "POST"])
def participant_enroll(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Enroll someone already here in another program (or again)."""
    participant = participant_for(request.user, public_id)
    form = _start_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = enroll(
                by=request.user,
                participant=participant,
                program=form.cleaned_data["program"],
                status=form.cleaned_data["status"],
                navigator=form.cleaned_data.get("navigator"),
                delivery_mode=form.cleaned_data.get("delivery_mode") or "",
                override_reason=form.cleaned_data.get("override_reason") or "",
                creation_key=_creation_key(request),
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            if waits := _waits_for_approval(request, made):
                return waits
            messages.success(
                request,
                _("%(name)s is enrolled in %(program)s.")
                % {"name": participant, "program": form.cleaned_data["program"]},
            )
            return redirect("participant_detail", public_id=participant.public_id)
    context = {
        "participant": participant,
        "form": form,
        "creation_key": request.POST.get("creation_key") or uuid.uuid4(),
    }
    return render(request, "participants/enroll.html", context)
