"""Household pages: start a household, the household page (members, head, history),
add a member, change or record a member leaving, and household stays."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.households import actions, queries
from waypoint.households.forms import (
    HeadForm,
    LeaveForm,
    LeaveStayForm,
    MemberForm,
    ParticipantMemberForm,
    PersonMemberForm,
    SearchForm,
    StartForm,
    StayForm,
)
from waypoint.households.models import Household, Member, Relationship
from waypoint.http import AuthedRequest
from waypoint.participants.queries import participant_for, search, visible_participants


@require_http_methods(["GET", "POST"])
def participant_household_start(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = participant_for(request.user, public_id, write=True)
    form = StartForm(request.POST or None, initial={"creation_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            household = actions.start_household(
                by=request.user,
                participant=participant,
                name=form.cleaned_data["name"],
                joined_on=form.cleaned_data["joined_on"],
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Household started. Add the people they live with."))
            return redirect("household_detail", public_id=household.public_id)
    return render(request, "households/start.html", {"participant": participant, "form": form})


def _head_choices(rows: list[queries.Shown]) -> list[tuple[str, str]]:
    return [
        (str(r.member.public_id), r.name)
        for r in rows
        if r.member.left_on is None and r.editable and not r.member.is_head
    ]


def _render_household(
    request: AuthedRequest,
    household: Household,
    *,
    head_form: HeadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    access = access_for(request.user)
    rows = queries.shown(access, household.listed)  # type: ignore[attr-defined]
    current = [r for r in rows if r.member.left_on is None]
    choices = _head_choices(rows)
    if head_form is None and choices:
        head_form = HeadForm(
            choices=choices,
            initial={
                "version": household.version,
                "former_head_relationship": Relationship.NOT_COLLECTED,
            },
        )
    context = {
        "household": household,
        "current": current,
        "history": sorted(rows, key=lambda r: (r.member.joined_on, r.member.pk)),
        "head_form": head_form,
        "readable": household.readable,  # type: ignore[attr-defined]
        "can_write": _can_write(request, household),
    }
    return render(request, "households/detail.html", context, status=status)


def _can_write(request: AuthedRequest, household: Household) -> bool:
    try:
        actions.check_household_writer(request.user, household)
    except ActionRefused:
        return False
    return True


@require_http_methods(["GET"])
def household_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    return _render_household(request, queries.household_for(request.user, public_id))


@require_http_methods(["POST"])
def household_head(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    household = queries.household_for(request.user, public_id, write=True)
    access = access_for(request.user)
    rows = queries.shown(access, household.listed)  # type: ignore[attr-defined]
    form = HeadForm(request.POST, choices=_head_choices(rows))
    if form.is_valid():
        chosen = next(
            r.member for r in rows if str(r.member.public_id) == form.cleaned_data["member"]
        )
        try:
            actions.change_head(
                by=request.user,
                household=household,
                member=chosen,
                former_head_relationship=form.cleaned_data["former_head_relationship"],
                expected_version=form.cleaned_data["version"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("The head of household is changed."))
            return redirect("household_detail", public_id=household.public_id)
    return _render_household(request, household, head_form=form)


def _render_add(
    request: AuthedRequest,
    household: Household,
    *,
    search_form: SearchForm | None = None,
    results: list[Any] | None = None,
    participant_form: ParticipantMemberForm | None = None,
    person_form: PersonMemberForm | None = None,
) -> HttpResponse:
    key = {"creation_key": uuid.uuid4()}
    context = {
        "household": household,
        "search_form": search_form or SearchForm(),
        "results": results,
        "participant_form": participant_form,
        "person_form": person_form or PersonMemberForm(initial=key),
    }
    return render(request, "households/add.html", context)


@require_http_methods(["GET", "POST"])
def household_member_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Find a participant of the organization (the participant search) and add them."""
    household = queries.household_for(request.user, public_id, write=True)
    if request.method == "GET":
        return _render_add(request, household)
    if request.POST.get("step") != "add":
        search_form = SearchForm(request.POST)
        results = (
            search(request.user, search_form.cleaned_data["q"]) if search_form.is_valid() else None
        )
        participant_form = None
        if results:
            participant_form = ParticipantMemberForm(
                people=results,
                initial={"creation_key": uuid.uuid4()},
            )
        return _render_add(
            request,
            household,
            search_form=search_form,
            results=results,
            participant_form=participant_form,
        )
    chosen = request.POST.get("participant", "")
    try:
        people = list(visible_participants(request.user).filter(public_id=uuid.UUID(chosen)))
    except ValueError:
        people = []
    form = ParticipantMemberForm(request.POST, people=people)
    if form.is_valid():
        try:
            actions.add_member(
                by=request.user,
                household=household,
                data=actions.NewMember(
                    participant=people[0],
                    relationship=form.cleaned_data["relationship"],
                    relationship_words=form.cleaned_data["relationship_words"],
                    shown_to_household=form.cleaned_data["shown_to_household"],
                    joined_on=form.cleaned_data["joined_on"],
                    move=form.cleaned_data["move"],
                ),
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Added to the household."))
            return redirect("household_detail", public_id=household.public_id)
    return _render_add(request, household, results=people, participant_form=form)


@require_http_methods(["POST"])
def household_person_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Add someone who is not enrolled: a name and perhaps a date of birth."""
    household = queries.household_for(request.user, public_id, write=True)
    form = PersonMemberForm(request.POST)
    if form.is_valid():
        try:
            actions.add_member(
                by=request.user,
                household=household,
                data=actions.NewMember(
                    name=form.cleaned_data["name"],
                    date_of_birth=form.cleaned_data["date_of_birth"],
                    relationship=form.cleaned_data["relationship"],
                    relationship_words=form.cleaned_data["relationship_words"],
                    joined_on=form.cleaned_data["joined_on"],
                ),
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Added to the household."))
            return redirect("household_detail", public_id=household.public_id)
    return _render_add(request, household, person_form=form)


def _render_member(
    request: AuthedRequest,
    member: Member,
    *,
    form: MemberForm | None = None,
    leave_form: LeaveForm | None = None,
) -> HttpResponse:
    if form is None:
        form = MemberForm(
            head=member.is_head,
            initial={
                "version": member.version,
                "relationship": member.relationship,
                "relationship_words": member.relationship_words,
                "shown_to_household": member.shown_to_household,
            },
        )
    if leave_form is None:
        leave_form = LeaveForm(initial={"version": member.version})
    context = {
        "member": member,
        "household": member.household,
        "name": member.participant.preferred_name if member.participant else member.name,
        "form": form,
        "leave_form": leave_form,
    }
    return render(request, "households/member.html", context)


@require_http_methods(["GET", "POST"])
def household_member(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    member = queries.member_for(request.user, public_id, write=True)
    if request.method == "GET":
        return _render_member(request, member)
    form = MemberForm(request.POST, head=member.is_head)
    if form.is_valid():
        try:
            actions.update_member(
                by=request.user,
                member=member,
                relationship=form.cleaned_data["relationship"],
                relationship_words=form.cleaned_data["relationship_words"],
                shown_to_household=form.cleaned_data["shown_to_household"],
                expected_version=form.cleaned_data["version"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Saved."))
            return redirect("household_detail", public_id=member.household.public_id)
    return _render_member(request, member, form=form)


@require_http_methods(["POST"])
def household_member_leave(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    member = queries.member_for(request.user, public_id, write=True)
    form = LeaveForm(request.POST)
    if form.is_valid():
        try:
            actions.record_leaving(
                by=request.user,
                member=member,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, _("Recorded. Their time in the household stays in its history.")
            )
            return redirect("household_detail", public_id=member.household.public_id)
    return _render_member(request, member, leave_form=form)


# --- Household stays ----------------------------------------------------------------------


def _stay_context(request: AuthedRequest, enrollment: Any) -> dict[str, Any]:
    others = queries.stay_of(request.user, enrollment)
    context: dict[str, Any] = {
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "others": [
            (other, name, queries.relationship_label(other.relationship_to_head))
            for other, name in others
        ],
        "relationship": queries.relationship_label(enrollment.relationship_to_head),
        "member": actions.current_household_of(enrollment.participant_id),
    }
    if enrollment.household_stay:
        is_head = enrollment.relationship_to_head == Relationship.HEAD
        choices = [(str(o.public_id), n) for o, n in others if n] if is_head and others else []
        context["leave_form"] = LeaveStayForm(choices=choices)
        context["needs_new_head"] = bool(is_head and others)
    return context


def _stay_form(
    request: AuthedRequest, enrollment: Any, member: Member | None, data: Any
) -> StayForm | None:
    if member is None or enrollment.household_stay:
        return None
    candidates = queries.stay_candidates(request.user, member.household, enrollment.program_id)
    initial: dict[str, Any] = {"creation_key": uuid.uuid4()}
    head_included = any(c.member.is_head for c in candidates)
    for c in candidates:
        m = c.member
        if head_included:
            code = m.relationship
        else:
            code = (
                Relationship.HEAD
                if c.enrollment.pk == enrollment.pk
                else Relationship.NOT_COLLECTED
            )
        initial[f"rel_{c.enrollment.public_id}"] = code
    return StayForm(data, candidates=candidates, initial=initial)


@require_http_methods(["GET", "POST"])
def enrollment_household_stay(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Enroll household members together in the program, or see this enrollment's stay."""
    enrollment = enrollment_for(request.user, public_id, write=True)
    if request.method == "POST" and enrollment.household_stay:
        key = request.POST.get("creation_key", "").replace("-", "")
        if key == enrollment.household_stay:  # a double submit: the first one did it
            return redirect("enrollment_household_stay", public_id=enrollment.public_id)
    context = _stay_context(request, enrollment)
    form = _stay_form(request, enrollment, context["member"], request.POST or None)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            actions.enroll_household_stay(
                by=request.user,
                household=context["member"].household,
                program_id=enrollment.program_id,
                parts=[actions.StayPart(e, code) for e, code in form.chosen()],
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Enrolled together as a household."))
            return redirect("enrollment_household_stay", public_id=enrollment.public_id)
    context["form"] = form
    return render(request, "households/stay.html", context)


@require_http_methods(["POST"])
def enrollment_stay_leave(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    others = queries.stay_of(request.user, enrollment)
    choices = [(str(o.public_id), n) for o, n in others if n]
    form = LeaveStayForm(request.POST, choices=choices)
    new_head = None
    if form.is_valid() and form.cleaned_data["new_head"]:
        new_head = next(o for o, _n in others if str(o.public_id) == form.cleaned_data["new_head"])
    try:
        actions.leave_household_stay(by=request.user, enrollment=enrollment, new_head=new_head)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("They left the household stay; their enrollment is their own."))
    return redirect("enrollment_household_stay", public_id=enrollment.public_id)
