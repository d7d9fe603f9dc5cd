"""Pages for file reviews. Thin: the funnel, the form, the action, the page; a refused
action shows its message beside the field and keeps what was typed."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for, program_for
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, StaleEdit, show_on_form
from waypoint.http import AuthedRequest
from waypoint.participants.queries import record_listing
from waypoint.quality import actions, queries
from waypoint.quality.actions.reviews import SIGNED
from waypoint.quality.forms import (
    AnswersForm,
    CorrectionForm,
    DoneForm,
    ItemForm,
    RecheckForm,
    SettingsForm,
    StartForm,
)
from waypoint.quality.models import ChecklistItem, Review
from waypoint.quality.standards import LABELS, NOT_MET, OUTCOME_LABELS, check_file

# --- The queue ------------------------------------------------------------------------


@require_http_methods(["GET"])
def quality_queue(request: AuthedRequest) -> HttpResponse:
    """This month's files to review, for one program the user oversees."""
    programs = queries.reviewable_programs(request.user)
    raw = request.GET.get("program", "")
    program = next((p for p in programs if raw.isdigit() and p.pk == int(raw)), None)
    if program is None and programs:
        program = programs[0]
    access = access_for(request.user)
    today = timezone.localdate()
    context: dict[str, Any] = {"programs": programs, "program": program, "today": today}
    if program is not None:
        queue = queries.review_queue(program, today, request.GET.get("page", 1))
        reviews = queries.reviews_in(program)
        context.update(
            queue=queue,
            reviews=reviews,
            can_review=access.can_supervise(program.pk),
            can_manage=access.can_manage(program.pk),
            start_form=StartForm(),
        )
        shown = {p.pk: p for p in [*queue.participants, *(r.participant for r in reviews)]}
        if shown:
            record_listing(request.user, shown.values(), "list")
    template = "quality/queue.html"
    if request.htmx:
        template += "#queue"
    return render(request, template, context)


@require_http_methods(["POST"])
def quality_review_start(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id)
    if not access_for(request.user).can_supervise(enrollment.program_id):
        from django.http import Http404

        raise Http404("Not found.")
    form = StartForm(request.POST)
    key = form.cleaned_data["creation_key"] if form.is_valid() else None
    why = form.cleaned_data.get("why", "") if form.is_valid() else ""
    try:
        review = actions.start_review(
            by=request.user, enrollment=enrollment, why=why, creation_key=key
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("quality_queue")
    return redirect("quality_review", public_id=review.public_id)


# --- One review -----------------------------------------------------------------------


def _review_context(request: AuthedRequest, review: Review, **more: Any) -> dict[str, Any]:
    access = access_for(request.user)
    enrollment = review.enrollment
    if review.is_signed:
        results = review.results
    else:
        results = [r.as_dict() for r in check_file(enrollment, timezone.localdate())]
    for r in results:
        r["outcome_label"] = OUTCOME_LABELS.get(r["outcome"], r["outcome"])
        # A standard's name in the page's language; a signed review's reasons stay as kept.
        r["label"] = LABELS.get(r.get("key", ""), r["label"])
    answers = list(review.answers.select_related("item").order_by("item__position", "pk"))
    corrections = list(review.corrections.select_related("assigned_to").order_by("due_on", "pk"))
    can_write = access.can_supervise(enrollment.program_id) and not review.is_signed
    context: dict[str, Any] = {
        "review": review,
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        "results": results,
        "not_met": sum(1 for r in results if r["outcome"] == NOT_MET),
        "answers": answers,
        "corrections": corrections,
        "can_write": can_write,
        "can_recheck": access.can_supervise(enrollment.program_id),
        "recheck_form": RecheckForm(),
    }
    if can_write:
        context.setdefault(
            "form",
            AnswersForm(
                answers=answers, initial={"summary": review.summary, "version": review.version}
            ),
        )
        context.setdefault("correction_form", CorrectionForm())
    context.update(more)
    return context


@require_http_methods(["GET", "POST"])
def quality_review(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The review: the computed standards with their reasons, the checklist to answer,
    the corrections. POST saves the answers."""
    review = queries.review_for(request.user, public_id, write=request.method == "POST")
    status = 200
    more: dict[str, Any] = {}
    if request.method == "POST":
        answers = list(review.answers.select_related("item").order_by("item__position", "pk"))
        form = AnswersForm(request.POST, answers=answers)
        if review.is_signed:  # the form is not shown on a signed review
            messages.error(request, str(SIGNED))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_answers(
                    by=request.user,
                    review=review,
                    answers=[
                        actions.AnswerData(
                            item_id=a.item_id,
                            verdict=data.get(f"verdict_{a.pk}") or "",
                            comment=data.get(f"comment_{a.pk}") or "",
                        )
                        for a in answers
                    ],
                    summary=data.get("summary") or "",
                    expected_version=data.get("version"),
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                messages.success(request, _("Answers saved."))
                return redirect("quality_review", public_id=review.public_id)
        status = 400
        more["form"] = form
    context = _review_context(request, review, **more)
    template = "quality/review.html"
    if request.htmx:
        template += "#review"
    return render(request, template, context, status=status)


@require_http_methods(["POST"])
def quality_review_sign(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    review = queries.review_for(request.user, public_id, write=True)
    try:
        actions.sign_review(by=request.user, review=review)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Review signed. It will not change again."))
    return redirect("quality_review", public_id=review.public_id)


@require_http_methods(["POST"])
def quality_correction_add(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    review = queries.review_for(request.user, public_id, write=True)
    form = CorrectionForm(request.POST)
    if review.is_signed:
        messages.error(request, _("This review is signed: record new findings in a new review."))
    elif form.is_valid():
        try:
            actions.add_correction(
                by=request.user,
                review=review,
                what=form.cleaned_data["what"],
                due_on=form.cleaned_data["due_on"],
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Correction recorded; the navigator has been told."))
            return redirect("quality_review", public_id=review.public_id)
    context = _review_context(request, review, correction_form=form)
    return render(request, "quality/review.html", context, status=400)


# --- Corrections ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def quality_correction(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """One correction. The person it is assigned to marks it done (POST)."""
    correction = queries.correction_for(request.user, public_id)
    status = 200
    form = DoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.mark_correction_done(
                    by=request.user, correction=correction, words=form.cleaned_data["words"]
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                messages.success(request, _("Marked done. Your supervisor will re-check it."))
                return redirect("caseload")
    access = access_for(request.user)
    context = {
        "correction": correction,
        "enrollment": correction.enrollment,
        "participant": correction.enrollment.participant,
        "program": correction.enrollment.program,
        "form": form,
        "mine": correction.assigned_to_id == request.user.pk,
        "can_recheck": access.can_supervise(correction.enrollment.program_id),
        "sees_review": access.sees_whole_program(correction.enrollment.program_id),
        "recheck_form": RecheckForm(),
    }
    return render(request, "quality/correction.html", context, status=status)


@require_http_methods(["POST"])
def quality_correction_check(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    correction = queries.correction_for(request.user, public_id)
    form = RecheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether it is corrected or still to do."))
        return redirect("quality_correction", public_id=correction.public_id)
    try:
        actions.recheck_correction(
            by=request.user,
            correction=correction,
            confirmed=form.cleaned_data["outcome"] == "confirmed",
            comment=form.cleaned_data["comment"],
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("quality_correction", public_id=correction.public_id)
    messages.success(request, _("Re-check recorded."))
    return redirect("quality_review", public_id=correction.review.public_id)


# --- The program's settings and checklist ---------------------------------------------


@require_http_methods(["GET", "POST"])
def quality_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, manage=True)
    rules = actions.settings_of(program)
    status = 200
    if request.method == "POST":
        form = SettingsForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.update_quality_settings(
                    by=request.user,
                    program=program,
                    changes={k: v for k, v in data.items() if k != "version"},
                    expected_version=data["version"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
                if isinstance(refused, StaleEdit):
                    fresh = request.POST.copy()
                    fresh["version"] = str(actions.settings_for(program).version)
                    form.data = fresh
            else:
                messages.success(
                    request,
                    _("File review settings for %(program)s saved.") % {"program": program.name},
                )
                return redirect("quality_settings", pk=program.pk)
    else:
        form = SettingsForm(
            initial={
                "reviews_per_navigator": rules.reviews_per_navigator,
                "plan_review_days": rules.plan_review_days,
                "picks": rules.picks,
                "attempts_in_row": rules.attempts_in_row,
                "high_need_count": rules.high_need_count,
                "completeness_goal": rules.completeness_goal,
                "late_from_days": rules.late_from_days,
                "version": rules.version if rules.pk else None,
            }
        )
    context = {"program": program, "form": form}
    return render(request, "quality/settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
def quality_checklist(request: AuthedRequest, pk: int) -> HttpResponse:
    """The program's checklist: add an item (POST), or keep the defaults to edit them."""
    program = program_for(request.user, pk, manage=True)
    status = 200
    form = ItemForm(request.POST if request.method == "POST" and "label" in request.POST else None)
    if request.method == "POST":
        if "keep_defaults" in request.POST:
            actions.keep_default_checklist(by=request.user, program=program)
            messages.success(request, _("The default items are now the program's own."))
            return redirect("quality_checklist", pk=program.pk)
        status = 400
        if form.is_valid():
            try:
                actions.add_checklist_item(
                    by=request.user,
                    program=program,
                    label=form.cleaned_data["label"],
                    help_text=form.cleaned_data["help_text"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                messages.success(request, _("Item added."))
                return redirect("quality_checklist", pk=program.pk)
    items = actions.checklist_of(program, active_only=False)
    context = {
        "program": program,
        "items": items,
        "defaults": bool(items) and items[0].pk is None,
        "form": form,
    }
    return render(request, "quality/checklist.html", context, status=status)


def _item_for(request: AuthedRequest, pk: int) -> ChecklistItem:
    """An item of a program the user manages; 404 otherwise."""
    item = get_object_or_404(ChecklistItem.objects.select_related("program"), pk=pk)
    program_for(request.user, item.program_id, manage=True)
    return item


@require_http_methods(["GET", "POST"])
def quality_item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    status = 200
    if request.method == "POST":
        form = ItemForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                actions.update_checklist_item(
                    by=request.user,
                    item=item,
                    label=form.cleaned_data["label"],
                    help_text=form.cleaned_data["help_text"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                messages.success(request, _("Item saved. Past reviews keep the words they used."))
                return redirect("quality_checklist", pk=item.program_id)
    else:
        form = ItemForm(initial={"label": item.label, "help_text": item.help_text})
    context = {"item": item, "program": item.program, "form": form}
    return render(request, "quality/item_edit.html", context, status=status)


@require_http_methods(["POST"])
def quality_item_move(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    actions.move_checklist_item(
        by=request.user, item=item, up=request.POST.get("direction") == "up"
    )
    return redirect("quality_checklist", pk=item.program_id)


@require_http_methods(["POST"])
def quality_item_active(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    active = request.POST.get("active") == "yes"
    actions.set_checklist_item_active(by=request.user, item=item, active=active)
    messages.success(
        request, _("Item offered again.") if active else _("Item retired; past reviews keep it.")
    )
    return redirect("quality_checklist", pk=item.program_id)
