"""Pages of the HMIS import (administrators): upload a zip and read its check, choose a
program for each HMIS project, then follow the import as it runs and read its report."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from waypoint.errors import ActionRefused, show_on_form
from waypoint.hmis import import_actions, import_queries, importer
from waypoint.hmis.import_forms import ProjectsForm, UploadForm
from waypoint.hmis.import_tasks import progress_of, run_import
from waypoint.hmis.models import HmisImport
from waypoint.http import AuthedRequest


@require_http_methods(["GET", "POST"])
def hmis_imports(request: AuthedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_actions.check_upload(by=request.user, upload=form.cleaned_data["file"])
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            return redirect("hmis_import", public_id=job.public_id)
    return render(
        request,
        "hmis/imports.html",
        {"form": form, "imports": import_queries.visible_imports(request.user)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def hmis_import(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    job = import_queries.import_for(request.user, public_id)
    template = "hmis/import.html"
    if request.htmx and request.method == "GET":
        if job.status in (HmisImport.Status.WAITING, HmisImport.Status.RUNNING):
            return render(
                request, template + "#progress", {"job": job, "progress": progress_of(job)}
            )
        return HttpResponseClientRefresh()  # finished: the whole page, with its report
    programs = import_actions.choosable_programs(request.user)
    form = ProjectsForm(request.POST or None, projects=job.projects, programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            started = import_actions.start_import(by=request.user, job=job, choices=form.choices())
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            if started.status == HmisImport.Status.WAITING:
                run_import.enqueue(str(started.public_id))
            return redirect("hmis_import", public_id=job.public_id)
    errors = [p for p in job.problems if p.get("severity") == "error"]
    warnings = [p for p in job.problems if p.get("severity") != "error"]
    return render(
        request,
        template,
        {
            "job": job,
            "form": form,
            "progress": progress_of(job),
            "errors": errors,
            "warnings": warnings,
            "not_imported": importer.NOT_IMPORTED,
        },
        status=400 if form.errors else 200,
    )
