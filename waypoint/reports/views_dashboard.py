"""The program dashboard: charts with their tables, the participants behind a number,
and each chart's table as CSV or XLSX. Read only: every view answers GET alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from waypoint.accounts.models import Program
from waypoint.accounts.queries import assignable_staff, shown_name
from waypoint.hmis.actions import exportable_programs
from waypoint.http import AuthedRequest
from waypoint.participants.queries import record_listing
from waypoint.reports import dashboard
from waypoint.reports.dashboard_forms import DashboardFilterForm
from waypoint.reports.downloads import download, formats


def _program(request: AuthedRequest, pk: int) -> tuple[Program, list[Program]]:
    """The program (one the user oversees; 404 otherwise) and all they oversee."""
    programs = list(dashboard.overseen_programs(request.user))
    for program in programs:
        if program.pk == pk:
            return program, programs
    raise Http404("No such program.")


def _form(request: AuthedRequest, pk: int) -> tuple[DashboardFilterForm, Program]:
    program, programs = _program(request, pk)
    form = DashboardFilterForm(
        request.GET,
        programs=programs,
        program=program,
        # (id, name) pairs, not users: a program may have thousands of navigators.
        navigators=list(
            assignable_staff([program.pk]).annotate(shown=shown_name()).values_list("pk", "shown")
        ),
    )
    return form, program


def _filters(form: DashboardFilterForm, program: Program) -> dashboard.Filters:
    data = form.cleaned_data
    return dashboard.Filters(
        program=program, start=data["start"], end=data["end"], navigator_id=data["navigator"]
    )


def _url(name: str, program_id: int, query: dict[str, str], **kwargs: Any) -> str:
    return f"{reverse(name, kwargs={'pk': program_id, **kwargs})}?{urlencode(query)}"


@dataclass
class Shown:
    """A chart and its table's rows as the page shows them: (label, [(text, link)]);
    ``page`` for the per-navigator charts (the page of navigators shown)."""

    chart: dashboard.Chart
    rows: list[tuple[str, list[tuple[str, str]]]]
    page: Any = None


def _shown(chart: dashboard.Chart, program_id: int, query: str) -> Shown:
    """Each cell's text and, for a count of things people are behind, the link to them.
    Built here with one ``reverse`` per page rather than a ``{% url %}`` per cell."""
    base = reverse("program_dashboard", kwargs={"pk": program_id})  # + chart/column/bucket/
    rows = []
    for row, cells in chart.lines():
        shown = []
        for column, value in cells:
            if value is None:
                shown.append(("—", ""))
            elif column.percent:
                shown.append((f"{value}%", ""))
            elif value and column.linked:
                shown.append((str(value), f"{base}{chart.key}/{column.key}/{row.key}/?{query}"))
            else:
                shown.append((str(value), ""))
        rows.append((row.label, shown))
    return Shown(chart, rows, chart.page)


@require_http_methods(["GET"])
def dashboard_start(request: AuthedRequest) -> HttpResponse:
    """The navigation's link: the dashboard of the first program the user oversees."""
    program = dashboard.overseen_programs(request.user).first()
    if program is None:
        raise Http404("No program to show.")
    return redirect("program_dashboard", pk=program.pk)


@require_http_methods(["GET"])
def program_dashboard(request: AuthedRequest, pk: int) -> HttpResponse:
    form, program = _form(request, pk)
    context: dict[str, Any] = {
        "form": form,
        "program": program,
        "charts": [],
        "hmis_export": bool(exportable_programs(request.user)),
    }
    if form.is_valid():
        if form.cleaned_data["program"] != program.pk:
            # Another program chosen in the form: its own dashboard, same dates; the
            # navigator belongs to the program, so it is left behind.
            chosen, _ = _program(request, form.cleaned_data["program"])
            dates = {k: form.data[k] for k in ("start", "end")}
            return redirect(_url("program_dashboard", chosen.pk, dates))
        filters = _filters(form, program)
        query = urlencode(filters.query())
        charts = dashboard.figures(request.user, filters, request.GET.get("page", 1))
        context.update(
            xlsx="xlsx" in formats(),
            filters=filters,
            query=query,
            charts=charts,
            shown=[_shown(chart, program.pk, query) for chart in charts],
        )
    template = "reports/dashboard.html"
    if request.htmx:
        template += "#figures"
    return render(request, template, context)


def _valid_filters(request: AuthedRequest, pk: int) -> tuple[dashboard.Filters, Program]:
    form, program = _form(request, pk)
    if not form.is_valid() or form.cleaned_data["program"] != program.pk:
        raise Http404("No such figure.")
    return _filters(form, program), program


@require_http_methods(["GET"])
def dashboard_people(
    request: AuthedRequest, pk: int, chart: str, column: str, bucket: str
) -> HttpResponse:
    """The participants behind one number of the dashboard (those the user may see)."""
    filters, program = _valid_filters(request, pk)
    key = chart
    if key not in dashboard.CHARTS:
        raise Http404("No such figure.")
    try:
        found_chart, row = dashboard.chart_row(request.user, filters, key, bucket)
    except ValueError as error:
        raise Http404("No such figure.") from error
    named = next((c for c in found_chart.columns if c.key == column and c.linked), None)
    if row is None or named is None:
        raise Http404("No such figure.")
    try:
        found = dashboard.people(request.user, filters, key, column, bucket)
    except (KeyError, ValueError) as error:
        raise Http404("No such figure.") from error
    shown = found[: dashboard.PEOPLE_LIMIT]
    if shown:
        record_listing(request.user, shown, "list")
    context = {
        "program": program,
        "filters": filters,
        "chart": found_chart,
        "row": row,
        "column": named,
        "figure": row.values[found_chart.columns.index(named)],
        "people": shown,
        "more": len(found) > dashboard.PEOPLE_LIMIT,
        "back": _url("program_dashboard", program.pk, filters.query()),
    }
    return render(request, "reports/dashboard_people.html", context)


def _filename(chart: dashboard.Chart, filters: dashboard.Filters) -> str:
    return f"dashboard-{chart.key}-{filters.start:%Y-%m-%d}-to-{filters.end:%Y-%m-%d}"


@require_http_methods(["GET"])
def dashboard_download(request: AuthedRequest, pk: int, chart: str, fmt: str) -> HttpResponse:
    """One chart's table (the numbers drawn, no participant named), same filters."""
    if chart not in dashboard.CHARTS or fmt not in formats():
        raise Http404("No such download.")
    filters, _ = _valid_filters(request, pk)
    # A spreadsheet's headers and labels stay in the site's language: its columns are data.
    with translation.override(settings.LANGUAGE_CODE):
        found = dashboard.chart(request.user, filters, chart)
        table = found.table()
    return download(table, fmt, found.key.capitalize(), _filename(found, filters))
