"""Pages of the HMIS exchange: a program's HUD settings, the exports page (ask for one,
follow it, read its checks by person, download it)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from waypoint.accounts.queries import program_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.hmis import actions, queries
from waypoint.hmis.actions import HUD_FIELDS
from waypoint.hmis.forms import ExportForm, HudProjectForm
from waypoint.hmis.tasks import progress_of, run_export
from waypoint.http import AuthedRequest
from waypoint.participants.queries import record_listing


@require_http_methods(["GET", "POST"])
def hud_project(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, manage=True)
    current = actions.hud_project_of(program)
    initial = {name: getattr(current, name) for name in HUD_FIELDS}
    initial["version"] = current.version if current.pk else None
    form = HudProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_hud_project(
                by=request.user,
                program=program,
                values=form.values(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, _("HUD settings for %(name)s saved.") % {"name": program.name}
            )
            return redirect("hud_project", pk=program.pk)
    return render(
        request,
        "hmis/hud_project.html",
        {"program": program, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def hmis_exports(request: AuthedRequest) -> HttpResponse:
    programs = actions.exportable_programs(request.user)
    form = ExportForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            job = actions.start_export(
                by=request.user,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                hashed=form.cleaned_data["hashed"],
                program_ids=form.cleaned_data["programs"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            run_export.enqueue(str(job.public_id))
            return redirect("hmis_export", public_id=job.public_id)
    return render(
        request,
        "hmis/exports.html",
        {"form": form, "programs": programs, "exports": queries.visible_exports(request.user)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def hmis_export(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    job = queries.export_for(request.user, public_id)
    template = "hmis/export.html"
    context: dict[str, object] = {"job": job, "progress": progress_of(job)}
    if request.htmx:
        if job.status in (job.Status.WAITING, job.Status.RUNNING):
            return render(request, template + "#progress", context)
        return HttpResponseClientRefresh()  # finished: the whole page, with its checks
    general, people = queries.problems_by_person(job)
    shown = [p.participant for p in people if p.participant is not None]
    if shown:
        record_listing(request.user, shown, "list", changes={"list": "hmis_export_checks"})
    context.update(general=general, people=people)
    return render(request, template, context)


@require_http_methods(["POST"])
def hmis_export_download(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    job = queries.export_for(request.user, public_id)
    path = Path(job.stored_at) if job.stored_at else None
    if job.status != job.Status.DONE or path is None or not path.exists():
        raise Http404
    actions.record_download(by=request.user, job=job)
    name = "hmis-csv-{}-{}{}.zip".format(
        job.period_start.isoformat(), job.period_end.isoformat(), "-hashed" if job.hashed else ""
    )
    response = HttpResponse(path.read_bytes(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["POST"])
def hmis_export_discard(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    job = queries.export_for(request.user, public_id)
    try:
        actions.discard_file(by=request.user, job=job)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The export's file was deleted. Its checks stay here."))
    return redirect("hmis_export", public_id=job.public_id)
