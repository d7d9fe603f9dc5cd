"""The ISP pages: the whole chain on one page, goal forms, sharing, the participant's
acknowledgement, revision, comparison, printing and progress."""

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
from waypoint.accounts.terminology import term
from waypoint.approvals import actions as approval_actions
from waypoint.approvals import queries as approval_queries
from waypoint.assessments.queries import need_views
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.plans import actions, queries
from waypoint.plans.forms import (
    AcknowledgeForm,
    GoalForm,
    GoalProgressForm,
    LongTermForm,
    ReviseForm,
    StepProgressForm,
)
from waypoint.plans.models import Goal, LongTermGoal, PlanVersion, Progress


def _to(version: PlanVersion, anchor: str = "") -> HttpResponse:
    response = redirect("plan_detail", public_id=version.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _edit_version(request: AuthedRequest) -> int:
    try:
        return int(request.POST.get("edit_version", ""))
    except ValueError:
        return -1


@require_http_methods(["POST"])
def plan_start(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    try:
        version = actions.start_plan(by=request.user, enrollment=enrollment)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("participant_detail", public_id=enrollment.participant.public_id)
    return _to(version)


def _context(request: AuthedRequest, version: PlanVersion) -> dict[str, Any]:
    enrollment = version.plan.enrollment
    view = queries.plan_view(request.user, version)
    newest = view.versions[0]
    can_write = access_for(request.user).can_write(enrollment.program_id)
    return {
        "version": version,
        "plan": view,
        "enrollment": enrollment,
        "program": enrollment.program,
        "participant": enrollment.participant,
        "can_edit": can_write and version.is_draft,
        "can_write": can_write,
        "is_newest": newest.pk == version.pk,
        "interactive": can_write and newest.pk == version.pk,
        "newest": newest,
        "previous": next((v for v in view.versions if v.number == version.number - 1), None),
        "progress_form": GoalProgressForm(),
        "step_statuses": StepProgressForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        "today": timezone.localdate(),
        "approval": approval_queries.latest_for("plan", version.pk),
        "asks_approval": approval_actions.asks(enrollment.program, "plan"),
    }


@require_http_methods(["GET"])
def plan_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.version_for(request.user, public_id)
    context = _context(request, version)
    # "need 1, need 3": the needs no goal answers yet, for one sentence on the page.
    context["unlinked_needs"] = ", ".join(
        _("need %(number)s") % {"number": item.need.number} for item in context["plan"].unlinked
    )
    return render(request, "plans/plan.html", context)


@require_http_methods(["GET"])
def plan_print(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The plan in plain words, to print and take home, in the language chosen
    (``?lang=es``), else the one the participant gets things in writing in; English for
    anything else."""
    version = queries.version_for(request.user, public_id)
    languages = dict(settings.LANGUAGES)
    language = version.plan.participant.copy_language(request.GET.get("lang"))
    with translation.override(language):
        context = _context(request, version)
        program = context["program"]
        context.update(
            languages=list(languages.items()),
            # The program's own word in English; the catalog's in another language.
            navigator_word=(
                term("navigator", program.terminology)
                if language == "en"
                else translation.gettext("navigator")
            ),
        )
        return render(request, "plans/print.html", context)


@require_http_methods(["GET", "POST"])
def plan_long_term(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.version_for(request.user, public_id, write=True)
    goals = list(LongTermGoal.objects.filter(version=version))
    data = request.POST if request.method == "POST" else None
    form = LongTermForm(data, goals=goals, initial={"edit_version": version.edit_version})
    if data is not None and form.is_valid():
        try:
            actions.save_long_term_goals(
                by=request.user,
                version=version,
                goals=form.goals(),
                expected=form.cleaned_data["edit_version"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Long-term goals saved."))
            return _to(version, "long-term")
    context = {"version": version, "form": form, "participant": version.plan.participant}
    return render(request, "plans/long_term.html", context, status=400 if data is not None else 200)


def _goal_page(request: AuthedRequest, version: PlanVersion, goal: Goal | None) -> HttpResponse:
    enrollment = version.plan.enrollment
    needs = need_views(request.user, list(enrollment.needs.all()), enrollment.program)
    long_term = list(LongTermGoal.objects.filter(version=version))
    data = request.POST if request.method == "POST" else None
    form = GoalForm(
        data,
        needs=needs,
        long_term=long_term,
        goal=goal,
        initial={"edit_version": version.edit_version},
    )
    if data is not None and form.is_valid():
        try:
            saved = actions.save_goal(
                by=request.user,
                version=version,
                goal=goal,
                data=form.goal_data(),
                expected=form.cleaned_data["edit_version"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Goal %(number)s saved.") % {"number": saved.position})
            return _to(version, f"goal-{saved.position}")
    context = {
        "version": version,
        "goal": goal,
        "form": form,
        "participant": enrollment.participant,
        "strengths": queries.strength_texts(enrollment.pk),
        "has_needs": bool(needs),
    }
    status = 400 if data is not None else 200
    return render(request, "plans/goal_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def goal_new(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.version_for(request.user, public_id, write=True)
    if not version.is_draft:
        messages.error(request, _("Only a draft plan changes."))
        return _to(version)
    return _goal_page(request, version, None)


@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = queries.goal_for(request.user, public_id, write=True)
    if not goal.version.is_draft:
        messages.error(request, _("Only a draft plan changes."))
        return _to(goal.version)
    if queries.goal_is_private(request.user, goal):
        messages.error(request, _(actions.PRIVATE_GOAL))
        return _to(goal.version)
    return _goal_page(request, goal.version, goal)


@require_http_methods(["POST"])
def goal_remove(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = queries.goal_for(request.user, public_id, write=True)
    try:
        actions.remove_goal(by=request.user, goal=goal, expected=_edit_version(request))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Goal removed from this draft."))
    return _to(goal.version)


@require_http_methods(["POST"])
def plan_share(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.version_for(request.user, public_id, write=True)
    if approval_actions.asks(version.plan.enrollment.program, "plan"):
        try:
            actions.ask_to_share(by=request.user, version=version, expected=_edit_version(request))
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, _("Sent to a supervisor. Once they approve it, the plan is shared.")
            )
        return _to(version)
    try:
        actions.share(by=request.user, version=version, expected=_edit_version(request))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "Version %(number)s is shared. Read it through together, then "
                "%(name)s can acknowledge it."
            )
            % {"number": version.number, "name": version.plan.participant.preferred_name},
        )
    return _to(version)


@require_http_methods(["POST"])
def plan_unshare(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.version_for(request.user, public_id, write=True)
    try:
        actions.back_to_draft(by=request.user, version=version)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Version %(number)s is a draft again.") % {"number": version.number}
        )
    return _to(version)


@require_http_methods(["GET", "POST"])
def plan_acknowledge(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The participant reads the shared plan and acknowledges it with their typed name,
    on a screen in the language they get things in writing in."""
    version = queries.version_for(request.user, public_id, write=True)
    if version.status != PlanVersion.Status.SHARED:
        messages.error(request, _("Share this version before it is acknowledged."))
        return _to(version)
    with translation.override(version.plan.participant.writing_language):
        data = request.POST if request.method == "POST" else None
        form = AcknowledgeForm(data, initial={"on": timezone.localdate()})
        if data is not None and form.is_valid():
            try:
                actions.acknowledge(
                    by=request.user,
                    version=version,
                    typed_name=form.cleaned_data["name"],
                    on=form.cleaned_data["on"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                thanks = translation.gettext("Thank you, %(name)s. This is your plan.")
                messages.success(request, thanks % {"name": form.cleaned_data["name"]})
                return _to(version)
        context = {**_context(request, version), "form": form}
        status = 400 if data is not None else 200
        return render(request, "plans/acknowledge.html", context, status=status)


@require_http_methods(["GET", "POST"])
def plan_revise(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    version = queries.version_for(request.user, public_id, write=True)
    data = request.POST if request.method == "POST" else None
    form = ReviseForm(data)
    if data is not None and form.is_valid():
        try:
            new = actions.revise(
                by=request.user, version=version, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request,
                _("Version %(new)s started from version %(old)s.")
                % {"new": new.number, "old": version.number},
            )
            return _to(new)
    context = {"version": version, "form": form, "participant": version.plan.participant}
    status = 400 if data is not None else 200
    return render(request, "plans/revise.html", context, status=status)


@require_http_methods(["GET"])
def plan_compare(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """What changed between two versions of the same plan (``with`` names the other)."""
    version = queries.version_for(request.user, public_id)
    versions = list(version.plan.versions.order_by("number"))
    other = next((v for v in versions if str(v.public_id) == request.GET.get("with")), None)
    if other is None:
        other = next((v for v in versions if v.number == version.number - 1), None)
    older, newer = sorted([version, other] if other else [version, version], key=lambda v: v.number)
    context = {
        "version": version,
        "older": older,
        "newer": newer,
        "versions": versions,
        "participant": version.plan.participant,
        "differences": queries.differences(request.user, older, newer) if other else [],
    }
    return render(request, "plans/compare.html", context)


@require_http_methods(["POST"])
def goal_progress(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = queries.goal_for(request.user, public_id, write=True)
    form = GoalProgressForm(request.POST)
    anchor = f"goal-{goal.position}"
    if not form.is_valid():
        messages.error(request, _("Choose how the goal is going."))
        return _to(goal.version, anchor)
    try:
        actions.record_progress(
            by=request.user,
            plan=goal.version.plan,
            kind=Progress.Kind.GOAL,
            key=goal.key,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        if form.cleaned_data["status"] == "achieved":
            name = goal.version.plan.participant.preferred_name
            messages.success(
                request,
                _("Goal %(number)s achieved. Celebrate it with %(name)s!")
                % {"number": goal.position, "name": name},
            )
        else:
            messages.success(request, _("Goal %(number)s updated.") % {"number": goal.position})
    return _to(goal.version, anchor)


@require_http_methods(["POST"])
def step_progress(request: AuthedRequest, public_id: uuid.UUID, key: uuid.UUID) -> HttpResponse:
    goal = queries.goal_for(request.user, public_id, write=True)
    form = StepProgressForm(request.POST)
    anchor = f"goal-{goal.position}"
    if not form.is_valid():
        messages.error(request, _("Choose how the step is going."))
        return _to(goal.version, anchor)
    if not goal.steps.filter(key=key).exists():
        messages.error(request, _("That step is not part of this goal."))
        return _to(goal.version, anchor)
    actions.record_progress(
        by=request.user,
        plan=goal.version.plan,
        kind=Progress.Kind.STEP,
        key=key,
        status=form.cleaned_data["status"],
    )
    messages.success(request, _("Step updated under goal %(number)s.") % {"number": goal.position})
    return _to(goal.version, anchor)
