"""The data-quality page and its CSV of the records to fix."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for
from waypoint.http import AuthedRequest
from waypoint.participants.queries import record_listing
from waypoint.reports import data_quality
from waypoint.reports.data_quality_forms import DataQualityForm
from waypoint.reports.downloads import download, formats


def _form(request: AuthedRequest) -> DataQualityForm:
    own = data_quality.own_only(access_for(request.user))
    return DataQualityForm(
        request.GET or None,
        programs=list(data_quality.programs_for(request.user)),
        people=data_quality.navigators_for(request.user),
        own=own,
    )


def _chosen(form: DataQualityForm, request: AuthedRequest) -> data_quality.Filters | None:
    if form.is_bound and not form.is_valid():
        return None
    filters = form.filters(request.user)
    allowed_programs = {int(v) for v, _ in form.fields["program"].choices if v != ""}  # type: ignore[attr-defined]
    allowed_people = {int(v) for v, _ in form.fields["navigator"].choices if v != ""}  # type: ignore[attr-defined]
    if filters.program_id is not None and filters.program_id not in allowed_programs:
        return None
    if filters.navigator_id is not None and filters.navigator_id not in allowed_people:
        return None
    return filters


@require_http_methods(["GET"])
def data_quality_page(request: AuthedRequest) -> HttpResponse:
    """Completeness and timeliness for the programs and navigators chosen."""
    form = _form(request)
    filters = _chosen(form, request)
    found = data_quality.report(request.user, filters) if filters is not None else None
    if found is not None and found.participants:
        record_listing(request.user, found.participants, "list")
    context: dict[str, Any] = {
        "form": form,
        "report": found,
        "query": request.GET.urlencode(),
        "xlsx": "xlsx" in formats(),
    }
    template = "reports/data_quality.html"
    if request.htmx:
        template += "#figures"
    return render(request, template, context, status=200 if filters is not None else 400)


@require_http_methods(["GET"])
def data_quality_download(request: AuthedRequest, fmt: str = "csv") -> HttpResponse:
    """The records to fix as CSV or XLSX: program, the name they go by, what to fix, the
    link to their page (same filters as the page; each person listed is recorded)."""
    form = _form(request)
    filters = _chosen(form, request)
    if filters is None or fmt not in formats():
        return HttpResponse(
            _("Check the filters on the data-quality page."), status=400, content_type="text/plain"
        )
    # A spreadsheet's headers and labels stay in the site's language: its columns are data.
    with translation.override(settings.LANGUAGE_CODE):
        found = data_quality.report(request.user, filters)
    if found.participants:
        record_listing(request.user, found.participants, "list")
    base = request.build_absolute_uri("/")[:-1]

    def link(enrollment: Any) -> str:
        return base + reverse("participant_detail", args=[enrollment.participant.public_id])

    rows: list[list[Any]] = [["Program", "Name", "To fix", "Link"]]
    for enrollment, missing in found.to_fix:
        rows.append(
            [
                enrollment.program.name,
                enrollment.participant.preferred_name,
                "Missing: " + "; ".join(missing),
                link(enrollment),
            ]
        )
    for t in found.timeliness:
        for enrollment, days in t.late:
            rows.append(
                [
                    enrollment.program.name,
                    enrollment.participant.preferred_name,
                    f"Recorded {days} days late ({t.title.split(':')[0]})",
                    link(enrollment),
                ]
            )
    return download(rows, fmt, "To fix", "data-quality-to-fix")
