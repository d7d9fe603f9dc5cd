"""The directory search as CSV or XLSX (``reports.downloads``): every service matching
the search (not one page), with what the results show and where to reach it. Services,
not people: one ``export`` audit event per file, as the HSDS export records one."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waypoint.assessments.models import Domain
from waypoint.directory import queries
from waypoint.directory.models import Address, Phone
from waypoint.reports.downloads import download
from waypoint.toolkit import audit

if TYPE_CHECKING:
    from waypoint.accounts.models import User

Table = list[list[Any]]


def _joined(values: list[str]) -> str:
    return "; ".join(v for v in values if v)


def _add(found: dict[int, list[str]], pk: int, text: str) -> None:
    if text and text not in found[pk]:
        found[pk].append(text)


def services_table(owner_id: int, filters: queries.Filters) -> Table:
    """Every matching service in the search's order (vetted first, then by name), a
    header first. A fixed number of queries whatever the number of services."""
    services = list(
        queries.matching(owner_id, filters)
        .select_related("organization")
        .order_by("-vetted", "name", "pk")
    )
    chosen = queries.matching(owner_id, filters).values("pk")
    domains = queries.domains_of(owner_id, services)
    languages = queries.languages_of(services)
    addresses: dict[int, list[str]] = defaultdict(list)
    for pk, *parts in (
        Address.objects.filter(location__service_at_locations__service__in=chosen)
        .values_list(
            "location__service_at_locations__service_id",
            "address_1",
            "address_2",
            "city",
            "state_province",
            "postal_code",
        )
        .order_by("location__service_at_locations__service_id", "pk")
    ):
        _add(addresses, pk, ", ".join(p for p in parts if p))
    phones: dict[int, list[str]] = defaultdict(list)
    for pk, via, number in (
        Phone.objects.filter(
            Q(service__in=chosen) | Q(location__service_at_locations__service__in=chosen)
        )
        .values_list("service_id", "location__service_at_locations__service_id", "number")
        .order_by("pk")
    ):
        for owner in {pk, via} - {None}:
            _add(phones, owner, number)
    rows: Table = [
        [
            _("Service"),
            _("Provider"),
            _("Helps with"),
            _("Languages"),
            _("Addresses"),
            _("Phones"),
            _("Website"),
            _("Email"),
            _("Vetted"),
            _("Status"),
            _("Checked on"),
            _("Description"),
        ]
    ]
    for service in services:
        rows.append(
            [
                service.name,
                service.organization.name,
                _joined([str(Domain(d).label) for d in domains.get(service.pk, [])]),
                _joined(languages.get(service.pk, [])),
                _joined(addresses.get(service.pk, [])),
                _joined(phones.get(service.pk, [])),
                service.url,
                service.email,
                _("Yes") if service.vetted else _("No"),
                service.get_status_display(),
                service.assured_date,
                service.description,
            ]
        )
    return rows


def directory_file(user: User, owner_id: int, filters: queries.Filters, fmt: str) -> HttpResponse:
    """The search's services as ``fmt``; one audit event for the file."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = services_table(owner_id, filters)
        title = _("Directory")
    audit(
        user,
        "export",
        "directory",
        "search",
        participant_id=None,
        organization_id=owner_id,
        changes={"rows": len(rows) - 1, "format": fmt},
    )
    stamp = f"{timezone.localdate():%Y-%m-%d}"
    return download(rows, fmt, title, f"directory-{stamp}")
