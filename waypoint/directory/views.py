"""The resource directory: search, a service's page (and its print version for a
participant), keeping a service's details current, and "checked today"."""

from __future__ import annotations

import io
import tempfile
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.directory import actions, downloads, hsds, queries
from waypoint.directory.forms import CheckForm, ImportForm, SearchForm, ServiceForm
from waypoint.directory.models import DirectoryImport
from waypoint.directory.tasks import progress_of, run_import
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.reports.downloads import formats


@require_http_methods(["GET"])
def directory_search(request: AuthedRequest) -> HttpResponse:
    owner_id = queries.org_of(request.user)
    form = SearchForm(request.GET or None, languages=queries.language_choices(owner_id))
    filters = queries.Filters()
    if form.is_valid():
        filters = queries.Filters(**form.cleaned_data)
    fmt = request.GET.get("download")
    if fmt in formats() and form.is_valid():  # a bad search shows its message instead
        # Every service matching the search, not one page of them.
        return downloads.directory_file(request.user, owner_id, filters, str(fmt))
    page, hits = queries.search(owner_id, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("download", None)
    template = "directory/search.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {
            "form": form,
            "filters": filters,
            "page": page,
            "hits": hits,
            "query": query.urlencode(),
            "xlsx": "xlsx" in formats(),
        },
    )


@require_http_methods(["GET"])
def service_detail(request: AuthedRequest, hsds_id: uuid.UUID) -> HttpResponse:
    service = queries.service_for(request.user, hsds_id)
    return render(
        request,
        "directory/service.html",
        {
            "info": queries.service_page(service),
            "check_form": CheckForm(),
            "reachable": queries.send_choices(request.user),
        },
    )


@require_http_methods(["GET"])
def service_print(request: AuthedRequest, hsds_id: uuid.UUID) -> HttpResponse:
    """A copy to hand to a participant: in the reader's language, or the one asked for
    with ``?lang=`` (English, Spanish or Arabic, right to left)."""
    service = queries.service_for(request.user, hsds_id)
    asked = request.GET.get("lang")
    language = asked if asked in dict(settings.LANGUAGES) else translation.get_language()
    with translation.override(language):
        response = render(request, "directory/print.html", {"info": queries.service_page(service)})
    response["Content-Language"] = language
    return response


@require_http_methods(["GET", "POST"])
def service_edit(request: AuthedRequest, hsds_id: uuid.UUID) -> HttpResponse:
    service = queries.service_for(request.user, hsds_id)
    domains = queries.domains_of(service.owner_id, [service]).get(service.pk, [])
    form = ServiceForm(
        request.POST or None,
        instance=service,
        initial={"version": service.version, "domains": domains},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "domains")}
        try:
            actions.save_service(
                by=request.user,
                service=service,
                version=form.cleaned_data["version"],
                data=data,
                domains=form.cleaned_data["domains"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Saved. Thank you for keeping the directory current."))
            return redirect("directory_service", hsds_id=service.hsds_id)
    return render(request, "directory/edit.html", {"service": service, "form": form})


@require_http_methods(["POST"])
def service_check(request: AuthedRequest, hsds_id: uuid.UUID) -> HttpResponse:
    service = queries.service_for(request.user, hsds_id)
    form = CheckForm(request.POST)
    form.is_valid()
    actions.mark_checked(by=request.user, service=service, vetted=form.cleaned_data["vetted"])
    messages.success(request, _("Marked as checked today."))
    return redirect("directory_service", hsds_id=service.hsds_id)


# --- Import and export (administrators) ------------------------------------------------


@require_http_methods(["GET", "POST"])
def directory_data(request: AuthedRequest) -> HttpResponse:
    owner_id = queries.org_of(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = actions.start_import(by=request.user, upload=form.cleaned_data["file"])
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            run_import.enqueue(str(job.public_id))
            return redirect("directory_import", public_id=job.public_id)
    imports = DirectoryImport.objects.filter(owner_id=owner_id).select_related("started_by")[:10]
    return render(
        request,
        "directory/data.html",
        {"form": form, "imports": imports, "counts": queries.directory_counts(owner_id)},
    )


@require_http_methods(["GET"])
def directory_import(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    job = queries.import_for(request.user, public_id)
    template = "directory/import.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job, "progress": progress_of(job)})


@require_http_methods(["POST"])
def directory_export(request: AuthedRequest) -> HttpResponse:
    owner_id = queries.org_of(request.user)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counts = hsds.write_csv(owner_id, folder / "csv")
        hsds.write_json(owner_id, folder / "json")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, f"hsds/{path.relative_to(folder)}")
    actions.record_export(by=request.user, counts=counts)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="directory-hsds-{stamp}.zip"'
    return response


@require_http_methods(["POST"])
def service_send(request: AuthedRequest, hsds_id: uuid.UUID) -> HttpResponse:
    """Email the service's what to expect to someone on the sender's caseload."""
    service = queries.service_for(request.user, hsds_id)
    raw = request.POST.get("participant", "")
    chosen = next(
        (p for p in queries.reachable_by_email(request.user) if str(p.public_id) == raw), None
    )
    if chosen is None:
        messages.error(request, _("Choose someone on your caseload with an email marked safe."))
    else:
        try:
            actions.send_to_participant(by=request.user, service=service, participant=chosen)
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Sent to %(name)s.") % {"name": chosen.preferred_name})
    return redirect("directory_service", hsds_id=service.hsds_id)
