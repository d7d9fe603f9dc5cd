"""/api/hsds/: the Open Referral HSDS 3.0 API, read-only and open to anyone.

It serves the services each organization has marked public, from every organization
on this installation, with everything about them that belongs to the same
organization's directory. Nothing Waypoint-only (vetted, what to expect, published)
ever leaves. Only GET: the permission matrix answers 405 to anything else.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.params import P, QueryEx

from waypoint.directory.hsds import PROFILE, VERSION
from waypoint.directory.models import Attribute, Service
from waypoint.directory.nested import SERVICE_LIST, nested

PER_PAGE = 50
MAX_PER_PAGE = 200

hsds_api = NinjaAPI(
    title="Waypoint HSDS",
    version=VERSION,
    description="The services published in this Waypoint, as Open Referral HSDS 3.0.",
    urls_namespace="hsds",
    docs_url=None,
)


@hsds_api.exception_handler(ValidationError)
def bad_query(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Bad query parameters answer 400 with one plain message."""
    parts = []
    for error in exc.errors:
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path")]
        parts.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
    return hsds_api.create_response(request, {"detail": "; ".join(parts)}, status=400)


def public_services() -> QuerySet[Service]:
    """Every published service. Where two organizations publish the same HSDS id (both
    imported the same open data), the one whose organization was set up first is it."""
    earlier = Service.objects.filter(
        is_public=True, hsds_id=OuterRef("hsds_id"), owner_id__lt=OuterRef("owner_id")
    )
    return Service.objects.filter(is_public=True).exclude(Exists(earlier))


def _moment(value: datetime) -> datetime:
    """``modified_after`` in UTC (PostgreSQL refuses some offsets a client may send, such
    as -23:08); before the first representable moment means "from the beginning"."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


@hsds_api.get("/", url_name="hsds_root", summary="About this API")
def root(request: HttpRequest) -> dict[str, str]:
    """The HSDS version and profile, and where this API's OpenAPI description is."""
    return {
        "version": VERSION,
        "profile": PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json")),
    }


@hsds_api.get("/services", url_name="hsds_services", summary="Published services, a page")
def services(
    request: HttpRequest,
    page: QueryEx[int, P(ge=1, description="Page number, from 1.")] = 1,
    per_page: QueryEx[int, P(ge=1, description=f"Up to {MAX_PER_PAGE}.")] = PER_PAGE,
    search: QueryEx[
        str,
        P(
            max_length=200,
            pattern=r"^[^\x00]*$",
            description="Text in the service's names or description or its organization's name.",
        ),
    ] = "",
    taxonomy_term_id: uuid.UUID | None = None,
    taxonomy_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    modified_after: datetime | None = None,
) -> dict[str, Any]:
    """A page of services with their organization and program, by name. ``search``
    looks in the service's names and description and its organization's name."""
    found = public_services()
    words = search.strip()
    if words:
        found = found.filter(
            Q(name__icontains=words)
            | Q(alternate_name__icontains=words)
            | Q(description__icontains=words)
            | Q(organization__name__icontains=words)
        )
    if taxonomy_term_id is not None or taxonomy_id is not None:
        tagged = Attribute.objects.filter(
            owner_id=OuterRef("owner_id"), link_id=OuterRef("hsds_id")
        )
        if taxonomy_term_id is not None:
            tagged = tagged.filter(taxonomy_term__hsds_id=taxonomy_term_id)
        if taxonomy_id is not None:
            tagged = tagged.filter(taxonomy_term__taxonomy_detail__hsds_id=taxonomy_id)
        found = found.filter(Exists(tagged))
    if organization_id is not None:
        found = found.filter(organization__hsds_id=organization_id)
    if modified_after is not None:
        found = found.filter(last_modified__gte=_moment(modified_after))
    size = min(per_page, MAX_PER_PAGE)
    total = found.count()
    total_pages = math.ceil(total / size)
    start = (page - 1) * size
    contents = (
        nested(found.order_by("name", "hsds_id", "owner_id")[start : start + size], SERVICE_LIST)
        if start < total
        else []
    )
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


@hsds_api.get("/services/{id}", url_name="hsds_service", summary="One service, fully nested")
def service(request: HttpRequest, id: str) -> dict[str, Any]:
    """One published service with everything about it."""
    try:
        hsds_id = uuid.UUID(id)
    except ValueError:
        raise Http404("No such service.") from None
    found = nested(public_services().filter(hsds_id=hsds_id).order_by("owner_id")[:1])
    if not found:
        raise Http404("No such service.")
    return found[0]
