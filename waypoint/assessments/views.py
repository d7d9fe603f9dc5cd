"""Assessment pages (together, or handed to the participant), the program's questions,
and one URL per change to a participant's needs."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for, program_for
from waypoint.assessments import actions, queries
from waypoint.assessments.forms import (
    AssessmentForm,
    HandBackForm,
    HandOverForm,
    NeedForm,
    NeedStatusForm,
    QuestionForm,
    assessment_form,
    sections_for,
)
from waypoint.assessments.handover import HANDOVER, handover_of
from waypoint.assessments.models import Assessment, Question
from waypoint.assessments.queries import assessment_for, need_for, need_views
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.participants.page import render_participant


def _back(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Back to the page the change was made on (the assessment, say), else the person."""
    target = request.POST.get("back", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("participant_detail", public_id=public_id)


def _draft_of(enrollment: Any, public_id: str) -> Assessment | None:
    """The draft assessment a need was written in, if the form named one of this enrollment."""
    try:
        key = uuid.UUID(public_id)
    except ValueError:
        return None
    return Assessment.objects.filter(
        public_id=key, enrollment=enrollment, status=Assessment.Status.DRAFT
    ).first()


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
                assessment=_draft_of(enrollment, request.POST.get("assessment", "")),
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Need %(number)s added.") % {"number": need.number})
            return _back(request, enrollment.participant.public_id)
    draft = _draft_of(enrollment, request.POST.get("assessment", ""))
    if draft is not None:
        draft.enrollment = enrollment
        return render_assessment(request, draft, need_form=form, status=400)
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
        if request.POST["direction"] == "up":
            moved = _("Need %(number)s moved up.")
        else:
            moved = _("Need %(number)s moved down.")
        messages.success(request, moved % {"number": need.number})
    return _back(request, need.participant.public_id)


@require_http_methods(["POST"])
def need_status(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    need = need_for(request.user, public_id, write=True)
    form = NeedStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose open, met or no longer a need."))
    else:
        actions.set_need_status(by=request.user, need=need, status=form.cleaned_data["status"])
        messages.success(
            request,
            _("Need %(number)s is now “%(status)s”.")
            % {"number": need.number, "status": need.get_status_display()},
        )
    return _back(request, need.participant.public_id)


# --- Assessments -------------------------------------------------------------------


def render_assessment(
    request: AuthedRequest,
    assessment: Assessment,
    *,
    form: AssessmentForm | None = None,
    need_form: NeedForm | None = None,
    status: int = 200,
) -> HttpResponse:
    enrollment = assessment.enrollment
    program = enrollment.program
    access = access_for(request.user)
    can_write = access.can_write(program.pk)
    editing = assessment.is_draft and can_write
    views = queries.section_views(request.user, assessment)
    blocks: list[dict[str, Any]] = []
    if editing:
        if form is None:
            form, sections = assessment_form(request.user, assessment)
        else:
            sections = sections_for(assessment, sees_private=access.sees_sensitive(program))
        bound = {b["section"].key: b for b in form.bound_sections(sections)}
        for view in views:
            blocks.append({"view": view, "form": bound.get(view.section.key)})
    else:
        blocks = [{"view": view, "form": None} for view in views]
    previous = queries.previous_complete(assessment)
    needs = list(enrollment.needs.all())
    context = {
        "assessment": assessment,
        "enrollment": enrollment,
        "program": program,
        "participant": enrollment.participant,
        "blocks": blocks,
        "form": form,
        "editing": editing,
        "can_write": can_write,
        "previous": previous,
        "changes": queries.changes_between(request.user, previous, assessment) if previous else [],
        "history": queries.assessments_of(enrollment),
        "needs": need_views(request.user, needs, program),
        "need_form": need_form or NeedForm(),
        "handover_choices": _handover_choices(request, assessment) if editing else [],
    }
    return render(request, "assessments/assessment.html", context, status=status)


@require_http_methods(["POST"])
def assessment_start(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    try:
        assessment = actions.start_assessment(by=request.user, enrollment=enrollment)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("participant_detail", public_id=enrollment.participant.public_id)
    return redirect("assessment_detail", public_id=assessment.public_id)


def _save(
    request: AuthedRequest,
    assessment: Assessment,
    form: AssessmentForm,
    *,
    by_participant: bool = False,
) -> str | None:
    """Save a bound form; the refusal's words if it could not be saved."""
    if not form.is_valid():
        return _("Not saved yet: %(problems)s") % {
            "problems": " ".join(str(e) for errors in form.errors.values() for e in errors)
        }
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return _("This page was out of date; reload it to carry on.")
    try:
        saved = actions.save_answers(
            by=request.user,
            assessment=assessment,
            sections=form.shown,
            answers=form.answers(),
            declined=form.declined(),
            expected_version=version,
            by_participant=by_participant,
        )
    except ActionRefused as refused:
        return refused.message
    assessment.version = saved.version
    assessment.answers = saved.answers
    assessment.declined = saved.declined
    return None


def _save_status(
    request: AuthedRequest, assessment: Assessment, problem: str | None
) -> HttpResponse:
    return render(
        request,
        "assessments/_save_status.html",
        {"assessment": assessment, "problem": problem},
        status=200 if problem is None else 409,
    )


@require_http_methods(["GET", "POST"])
def assessment_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The assessment: a form while it is a draft (saving as you type), then a record."""
    if request.method == "GET":
        return render_assessment(request, assessment_for(request.user, public_id))
    assessment = assessment_for(request.user, public_id, write=True)
    if not assessment.is_draft:
        messages.error(request, _("This assessment is complete and can no longer change."))
        return redirect("assessment_detail", public_id=assessment.public_id)
    form, _sections = assessment_form(request.user, assessment, data=request.POST)
    problem = _save(request, assessment, form)
    if request.htmx:
        return _save_status(request, assessment, problem)
    if problem is None:
        messages.success(request, _("Draft saved."))
        return redirect("assessment_detail", public_id=assessment.public_id)
    form.add_error(None, problem)
    return render_assessment(request, assessment, form=form, status=400)


@require_http_methods(["POST"])
def assessment_complete(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    assessment = assessment_for(request.user, public_id, write=True)
    if not assessment.is_draft:
        messages.error(request, _("This assessment is already complete."))
        return redirect("assessment_detail", public_id=assessment.public_id)
    form, _sections = assessment_form(request.user, assessment, data=request.POST)
    problem = _save(request, assessment, form)
    if problem is None:
        try:
            actions.complete_assessment(
                by=request.user, assessment=assessment, expected_version=assessment.version
            )
        except ActionRefused as refused:
            problem = refused.message
    if problem is not None:
        form.add_error(None, problem)
        return render_assessment(request, assessment, form=form, status=400)
    messages.success(
        request,
        _("%(kind)s complete. Thank you both.") % {"kind": assessment.get_kind_display()},
    )
    return redirect("assessment_detail", public_id=assessment.public_id)


@require_http_methods(["POST"])
def assessment_discard(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    assessment = assessment_for(request.user, public_id, write=True)
    participant = assessment.enrollment.participant
    try:
        actions.discard_draft(by=request.user, assessment=assessment)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("assessment_detail", public_id=assessment.public_id)
    messages.success(request, _("Draft discarded."))
    return redirect("participant_detail", public_id=participant.public_id)


# --- Handing the device to the participant ----------------------------------------


def _handover_choices(request: AuthedRequest, assessment: Assessment) -> list[tuple[str, str]]:
    sees_private = access_for(request.user).sees_sensitive(assessment.enrollment.program)
    return [
        (section.key, _(section.title))
        for section, _questions in sections_for(assessment, sees_private=sees_private)
    ]


@require_http_methods(["GET", "POST"])
def assessment_handover(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Choose the sections the participant will fill in themselves, then hand over."""
    assessment = assessment_for(request.user, public_id, write=True)
    if not assessment.is_draft:
        return redirect("assessment_detail", public_id=assessment.public_id)
    choices = _handover_choices(request, assessment)
    form = HandOverForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        sections = form.cleaned_data["sections"]
        request.session[HANDOVER] = {"assessment": str(assessment.public_id), "sections": sections}
        actions.record_handover(
            by=request.user, assessment=assessment, sections=sections, back=False
        )
        return redirect("assessment_self", public_id=assessment.public_id)
    from waypoint.portal.queries import uses_own_waypoint

    context = {
        "assessment": assessment,
        "form": form,
        "participant": assessment.participant,
        "uses_own_waypoint": uses_own_waypoint(assessment.participant),
    }
    return render(
        request,
        "assessments/handover.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def assessment_self(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The participant's own screen: only the sections handed over, in plain words."""
    assessment = assessment_for(request.user, public_id, write=True)
    handover = handover_of(request)
    if handover is None or handover["assessment"] != str(public_id):
        return redirect("assessment_detail", public_id=public_id)
    if not assessment.is_draft:
        return redirect("assessment_handback", public_id=public_id)
    data = request.POST if request.method == "POST" else None
    form, sections = assessment_form(
        request.user, assessment, data=data, only=handover["sections"], plain=True
    )
    problem = None
    if data is not None:
        problem = _save(request, assessment, form, by_participant=True)
        if request.htmx:
            return _save_status(request, assessment, problem)
        if problem is None:
            if "done" in request.POST:
                return redirect("assessment_handback", public_id=public_id)
            messages.success(request, _("Saved. Thank you."))
            return redirect("assessment_self", public_id=public_id)
        form.add_error(None, problem)
    context = {
        "assessment": assessment,
        "participant": assessment.participant,
        "blocks": form.bound_sections(sections),
        "form": form,
    }
    return render(request, "assessments/self.html", context, status=400 if problem else 200)


@require_http_methods(["GET", "POST"])
def assessment_handback(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Staff take the device back with their password; the participant's screen closes."""
    handover = handover_of(request)
    if handover is None:
        assessment_for(request.user, public_id)
        return redirect("assessment_detail", public_id=public_id)
    form = HandBackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if request.user.check_password(form.cleaned_data["password"]):
            assessment = assessment_for(request.user, handover["assessment"])
            del request.session[HANDOVER]
            actions.record_handover(
                by=request.user,
                assessment=assessment,
                sections=handover["sections"],
                back=True,
            )
            messages.success(request, _("Welcome back. Their answers are saved below."))
            return redirect("assessment_detail", public_id=assessment.public_id)
        form.add_error(
            "password", _("That password is not right. Only staff can leave this screen.")
        )
    context = {"form": form, "public_id": handover["assessment"]}
    return render(
        request,
        "assessments/handback.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


# --- The program's own questions ---------------------------------------------------


def _question_data(form: QuestionForm) -> dict[str, Any]:
    return form.data_for_action()


@require_http_methods(["GET", "POST"])
def program_questions(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, manage=True)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial={"section": Question.Placement.PROGRAM},
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = actions.add_question(
                by=request.user, program=program, data=_question_data(form)
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Question added: “%(label)s”.") % {"label": question.label})
            return redirect("program_questions", pk=program.pk)
    questions = list(program.questions.all())
    context = {
        "program": program,
        "form": form,
        "sections": [
            (placement, [q for q in questions if q.section == placement.value])
            for placement in Question.Placement
        ],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/questions.html", context, status=status)


@require_http_methods(["GET", "POST"])
def question_edit(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    question = queries.question_for(request.user, public_id)
    initial = {
        "label": question.label,
        "help_text": question.help_text,
        "section": question.section,
        "kind": question.kind,
        "choices": "\n".join(question.choices),
        "required": question.required,
        "sensitive": question.sensitive,
    }
    for code, words in question.translations.items():
        initial[f"label_{code}"] = words.get("label", "")
        initial[f"help_text_{code}"] = words.get("help_text", "")
        initial[f"choices_{code}"] = "\n".join(words.get("choices", []))
    form = QuestionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_question(by=request.user, question=question, data=_question_data(form))
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, _("Question saved. Completed assessments keep the old words.")
            )
            return redirect("program_questions", pk=question.program_id)
    context = {"question": question, "program": question.program, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/question_edit.html", context, status=status)


@require_http_methods(["POST"])
def question_active(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    question = queries.question_for(request.user, public_id)
    active = request.POST.get("active") == "yes"
    actions.set_question_active(by=request.user, question=question, active=active)
    if active:
        messages.success(request, _("“%(label)s” is asked again.") % {"label": question.label})
    else:
        messages.success(
            request,
            _("“%(label)s” is retired; past answers are kept.") % {"label": question.label},
        )
    return redirect("program_questions", pk=question.program_id)


@require_http_methods(["POST"])
def question_move(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    question = queries.question_for(request.user, public_id)
    try:
        actions.move_question(
            by=request.user, question=question, direction=request.POST.get("direction", "")
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
    return redirect(reverse("program_questions", args=[question.program_id]))
