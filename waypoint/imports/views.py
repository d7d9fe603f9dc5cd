"""Importing people from a spreadsheet: upload, choose the columns, read the dry run,
import (in the background, with a progress bar) and read what happened."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.imports import actions, queries
from waypoint.imports.forms import MappingForm, RunForm, UploadForm
from waypoint.imports.models import ImportedRow, PeopleImport
from waypoint.imports.tasks import progress_of, run_import


@require_http_methods(["GET", "POST"])
def imports_new(request: AuthedRequest) -> HttpResponse:
    programs = queries.managed_programs(request.user)
    initial = {}
    asked = request.GET.get("program", "")
    if asked.isdigit() and programs.filter(pk=int(asked)).exists():
        initial["program"] = int(asked)
    form = UploadForm(
        request.POST or None, request.FILES or None, programs=programs, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = actions.start_import(
                by=request.user,
                upload=form.cleaned_data["file"],
                program=form.cleaned_data["program"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            return redirect("imports_columns", public_id=job.public_id)
    return render(
        request,
        "imports/new.html",
        {"form": form, "imports": queries.recent_imports(request.user), "programs": programs},
    )


@require_http_methods(["GET", "POST"])
def imports_columns(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    job = queries.import_for(request.user, public_id)
    if job.status not in (PeopleImport.Status.UPLOADED, PeopleImport.Status.CHECKED):
        return redirect("imports_detail", public_id=job.public_id)
    form = MappingForm(request.POST if request.method == "POST" else None, job=job)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_mapping(by=request.user, job=job, mapping=form.mapping())
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            return redirect("imports_detail", public_id=job.public_id)
    return render(request, "imports/columns.html", {"job": job, "form": form})


@require_http_methods(["GET"])
def imports_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    job = queries.import_for(request.user, public_id)
    if job.status == PeopleImport.Status.UPLOADED:
        return redirect("imports_columns", public_id=job.public_id)
    people: list[ImportedRow] = []
    people_count = 0
    if job.status == PeopleImport.Status.DONE:
        people, people_count = queries.people_created(request.user, job)
    template = "imports/detail.html"
    if request.htmx:
        template += "#progress"
    return render(
        request,
        template,
        {
            "job": job,
            "progress": progress_of(job),
            "run_form": RunForm(),
            "people": people,
            "people_count": people_count,
            "waiting": job.status in (PeopleImport.Status.QUEUED, PeopleImport.Status.RUNNING),
        },
    )


@require_http_methods(["POST"])
def imports_run(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    job = queries.import_for(request.user, public_id)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose all or nothing, or the good rows."))
        return redirect("imports_detail", public_id=job.public_id)
    try:
        job = actions.queue_import(by=request.user, job=job, mode=form.cleaned_data["mode"])
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        run_import.enqueue(str(job.public_id))
    return redirect("imports_detail", public_id=job.public_id)
