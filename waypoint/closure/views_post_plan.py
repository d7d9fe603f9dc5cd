"""The post-program plan's pages: the plan (read, and a draft's edit form), sharing and
the participant's acknowledgement, the printable copy, a new version, and sending it."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for
from waypoint.closure import actions
from waypoint.closure.actions._common import this_cycle
from waypoint.closure.actions.post_plan import participant_copy
from waypoint.closure.forms_post_plan import PostPlanForm
from waypoint.closure.models import PostProgramPlan
from waypoint.closure.queries import post_plan_for
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.plans.forms import AcknowledgeForm  # the same words as on the service plan


def _to(plan: PostProgramPlan) -> HttpResponse:
    return redirect("post_plan_detail", public_id=plan.public_id)


def _edit_version(request: AuthedRequest) -> int:
    try:
        return int(request.POST.get("edit_version", ""))
    except ValueError:
        return -1


@require_http_methods(["POST"])
def post_plan_build(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    try:
        key = uuid.UUID(request.POST.get("creation_key", ""))
    except ValueError:
        key = None
    try:
        plan = actions.build_post_plan(by=request.user, enrollment=enrollment, creation_key=key)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        existing = this_cycle(PostProgramPlan, enrollment).order_by("-number").first()
        if existing is not None:  # a second click: the plan the first one built
            return _to(existing)
        return redirect("participant_detail", public_id=enrollment.participant.public_id)
    messages.success(request, _("The post-program plan is built from the plan. Read it together."))
    return _to(plan)


def _context(request: AuthedRequest, plan: PostProgramPlan) -> dict[str, Any]:
    enrollment = plan.enrollment
    access = access_for(request.user)
    sees_private = access.sees_sensitive(enrollment.program)
    goals = list(plan.goals.all())
    shown = [g for g in goals if sees_private or not g.sensitive]
    versions = list(this_cycle(PostProgramPlan, enrollment).order_by("-number"))
    return {
        "plan": plan,
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        "goals": shown,
        "held_back": len(goals) - len(shown),
        "supports": list(plan.supports.all()),
        "resources": list(plan.resources.all()),
        "versions": versions,
        "newest": versions[0] if versions else plan,
        "can_write": access.can_write(enrollment.program_id),
    }


@require_http_methods(["GET", "POST"])
def post_plan_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The plan as it stands, its versions, and (a draft, for writers) the edit form."""
    write = request.method == "POST"
    plan = post_plan_for(request.user, public_id, write=write)
    context = _context(request, plan)
    form = None
    status = 200
    if plan.is_draft and context["can_write"]:
        data = request.POST if write else None
        form = PostPlanForm(
            data,
            plan=plan,
            goals=context["goals"],
            supports=context["supports"],
            resources=context["resources"],
        )
        if data is not None:
            if form.is_valid():
                try:
                    actions.save_post_plan(
                        by=request.user,
                        plan=plan,
                        data=form.to_data(),
                        expected_version=form.cleaned_data["edit_version"],
                    )
                except ActionRefused as refused:
                    form.refuse(refused)
                else:
                    messages.success(request, _("Saved."))
                    return _to(plan)
            status = 400
    elif write:
        messages.error(
            request,
            actions.post_plan.FROZEN
            if plan.status == PostProgramPlan.Status.ACKNOWLEDGED
            else actions.post_plan.WITH_THEM,
        )
        return _to(plan)
    context["form"] = form
    return render(request, "closure/post_plan.html", context, status=status)


@require_http_methods(["POST"])
def post_plan_share(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    plan = post_plan_for(request.user, public_id, write=True)
    try:
        actions.share_post_plan(by=request.user, plan=plan, expected_version=_edit_version(request))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Shared. Read it through together, then they can acknowledge it.")
        )
    return _to(plan)


@require_http_methods(["POST"])
def post_plan_unshare(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    plan = post_plan_for(request.user, public_id, write=True)
    try:
        actions.post_plan_back_to_draft(by=request.user, plan=plan)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Version %(number)s is a draft again.") % {"number": plan.number}
        )
    return _to(plan)


@require_http_methods(["GET", "POST"])
def post_plan_acknowledge(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The participant reads their copy on the staff member's device and types their name,
    on a screen in the language they get things in writing in."""
    plan = post_plan_for(request.user, public_id, write=True)
    if plan.status != PostProgramPlan.Status.SHARED:
        messages.error(request, _("Share this version before it is acknowledged."))
        return _to(plan)
    participant = plan.enrollment.participant
    with translation.override(participant.writing_language):
        data = request.POST if request.method == "POST" else None
        form = AcknowledgeForm(data, initial={"on": timezone.localdate()})
        if data is not None and form.is_valid():
            try:
                actions.acknowledge_post_plan(
                    by=request.user,
                    plan=plan,
                    typed_name=form.cleaned_data["name"],
                    on=form.cleaned_data["on"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                thanks = translation.gettext("Thank you, %(name)s. This plan is yours.")
                messages.success(request, thanks % {"name": form.cleaned_data["name"]})
                return _to(plan)
        context = {**participant_copy(plan), "form": form, "participant": participant}
        return render(
            request,
            "closure/post_plan_acknowledge.html",
            context,
            status=400 if data is not None else 200,
        )


@require_http_methods(["GET"])
def post_plan_print(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The participant's copy in plain words: no staff controls, no sensitive goal; in
    the language chosen (``?lang=``), else the one they get things in writing in."""
    plan = post_plan_for(request.user, public_id)
    participant = plan.enrollment.participant
    languages = dict(settings.LANGUAGES)
    with translation.override(participant.copy_language(request.GET.get("lang"))):
        context = {
            **participant_copy(plan),
            "participant": participant,
            "languages": list(languages.items()),
        }
        return render(request, "closure/post_plan_print.html", context)


@require_http_methods(["POST"])
def post_plan_new_version(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    plan = post_plan_for(request.user, public_id, write=True)
    try:
        new = actions.new_post_plan_version(by=request.user, plan=plan)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return _to(plan)
    messages.success(
        request,
        _("Version %(new)s started from version %(old)s.")
        % {"new": new.number, "old": plan.number},
    )
    return _to(new)


@require_http_methods(["POST"])
def post_plan_send(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    plan = post_plan_for(request.user, public_id, write=True)
    try:
        actions.send_post_plan(by=request.user, plan=plan)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Sent to the email address they said is safe."))
    return _to(plan)
