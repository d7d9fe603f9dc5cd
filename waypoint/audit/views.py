"""The administrator's audit view: who saw or changed this participant; what did this person see."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.models import User
from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.audit.models import AuditEvent
from waypoint.audit.queries import events_by_actor, events_for_participant
from waypoint.http import AuthedRequest
from waypoint.participants.forms import SearchForm
from waypoint.participants.queries import participant_for, search

PAGE_SIZE = 100


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _between(events: QuerySet[AuditEvent], request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    start = _parse_day(request.GET.get("from"))
    end = _parse_day(request.GET.get("to"))
    zone = timezone.get_current_timezone()
    if start:
        events = events.filter(at__gte=datetime.combine(start, time.min, zone))
    if end:
        events = events.filter(at__lt=datetime.combine(end + timedelta(days=1), time.min, zone))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    bad = [
        label
        for label, raw, parsed in ((_("From"), "from", start), (_("To"), "to", end))
        if request.GET.get(raw) and parsed is None
    ]
    return page, {"from": start, "to": end, "bad_dates": bad}


@require_http_methods(["GET", "POST"])
def audit_home(request: AuthedRequest) -> HttpResponse:
    form = SearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = search(request.user, form.cleaned_data["q"])
    staff = User.objects.filter(organization_id=request.user.organization_id or -1).order_by(
        "display_name", "username"
    )
    return render(request, "audit/home.html", {"form": form, "results": results, "staff": staff})


@require_http_methods(["GET"])
def audit_participant(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = participant_for(request.user, public_id, audit=False)
    page, dates = _between(events_for_participant(participant.pk), request)
    record(
        by=request.user,
        action="view",
        role=access_for(request.user).primary_role,
        organization_id=participant.organization_id,
        entries=[Entry("audit_trail", str(participant.public_id), participant.pk)],
    )
    context = {"participant": participant, "page": page, **dates}
    return render(request, "audit/participant.html", context)


@require_http_methods(["GET"])
def audit_staff(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk, organization_id=request.user.organization_id or -1)
    page, dates = _between(events_by_actor(person.pk), request)
    shown = [e.participant for e in page if e.participant is not None]
    record(
        by=request.user,
        action="view",
        role=access_for(request.user).primary_role,
        entries=[
            Entry("audit_trail", f"staff:{person.pk}", p.pk)
            for p in {p.pk: p for p in shown}.values()
        ]
        or [Entry("audit_trail", f"staff:{person.pk}")],
    )
    context = {"person": person, "page": page, **dates}
    return render(request, "audit/staff.html", context)
