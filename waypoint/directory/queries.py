"""Reading the resource directory: search, one service with everything about it, and
the need domains a service answers (HSDS attributes on Waypoint's own taxonomy)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Domain
from waypoint.directory.models import (
    Address,
    Attribute,
    DirectoryImport,
    Language,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

DOMAIN_TAXONOMY = uuid.UUID("6f1d7c52-3a0e-4c1b-9a55-7d3e2b8f0a10")
DOMAIN_CODE = "waypoint-domain:"
PER_PAGE = 25
DAYS = {
    "MO": gettext_lazy("Monday"),
    "TU": gettext_lazy("Tuesday"),
    "WE": gettext_lazy("Wednesday"),
    "TH": gettext_lazy("Thursday"),
    "FR": gettext_lazy("Friday"),
    "SA": gettext_lazy("Saturday"),
    "SU": gettext_lazy("Sunday"),
}


def domain_term_id(domain: str) -> uuid.UUID:
    """The HSDS id of a need domain's term: the same in every Waypoint, so a directory
    exported from one and imported into another keeps its domains."""
    return uuid.uuid5(DOMAIN_TAXONOMY, domain)


def org_of(user: User) -> int:
    organization_id = access_for(user).organization_id
    if organization_id is None:
        raise Http404("Not found.")
    return organization_id


def service_for(user: User, hsds_id: Any) -> Service:
    """A service in the user's organization's directory; 404 otherwise."""
    found: Service | None = (
        Service.objects.filter(owner_id=org_of(user), hsds_id=hsds_id)
        .select_related("organization", "program", "checked_by")
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def domains_of(owner_id: int, services: Iterable[Service]) -> dict[int, list[str]]:
    """Each service's need domains (as ``Domain`` values), in one query."""
    by_link = {s.hsds_id: s.pk for s in services}
    found: dict[int, list[str]] = defaultdict(list)
    rows = Attribute.objects.filter(
        owner_id=owner_id,
        link_entity="service",
        link_id__in=list(by_link),
        taxonomy_term__code__startswith=DOMAIN_CODE,
    ).values_list("link_id", "taxonomy_term__code")
    valid = set(Domain.values)
    for link_id, code in rows:
        domain = code.removeprefix(DOMAIN_CODE)
        if domain in valid:
            found[by_link[link_id]].append(domain)
    order = list(Domain.values)
    return {pk: sorted(ds, key=order.index) for pk, ds in found.items()}


def languages_of(services: Iterable[Service]) -> dict[int, list[str]]:
    """Languages each service is offered in: its own and those of its locations."""
    pks = [s.pk for s in services]
    found: dict[int, set[str]] = defaultdict(set)
    direct = Language.objects.filter(service_id__in=pks).values_list("service_id", "name", "code")
    for pk, name, code in direct:
        found[pk].add(name or code)
    via = ServiceAtLocation.objects.filter(service_id__in=pks).values_list(
        "service_id", "location__languages__name", "location__languages__code"
    )
    for pk, name, code in via:
        if name or code:
            found[pk].add(name or code)
    return {pk: sorted(names, key=str.casefold) for pk, names in found.items()}


def language_choices(owner_id: int) -> list[str]:
    names = Language.objects.filter(owner_id=owner_id).values_list("name", "code").distinct()
    return sorted({n or c for n, c in names if n or c}, key=str.casefold)


@dataclass(frozen=True)
class Filters:
    domain: str = ""
    language: str = ""
    keyword: str = ""
    area: str = ""
    vetted: bool = False
    include_closed: bool = False

    @property
    def any(self) -> bool:
        return bool(self.domain or self.language or self.keyword or self.area or self.vetted)


@dataclass
class Hit:
    service: Service
    domains: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def domain_labels(self) -> list[str]:
        return [str(Domain(d).label) for d in self.domains]


def matching(owner_id: int, filters: Filters) -> QuerySet[Service]:
    services = Service.objects.filter(owner_id=owner_id)
    if not filters.include_closed:
        services = services.exclude(status=Service.Status.DEFUNCT)
    if filters.domain:
        linked = Attribute.objects.filter(
            owner_id=owner_id,
            link_entity="service",
            taxonomy_term__code=DOMAIN_CODE + filters.domain,
        ).values("link_id")
        services = services.filter(hsds_id__in=linked)
    if filters.language:
        lang = filters.language
        services = services.filter(
            Q(languages__name__iexact=lang)
            | Q(languages__code__iexact=lang)
            | Q(service_at_locations__location__languages__name__iexact=lang)
            | Q(service_at_locations__location__languages__code__iexact=lang)
        )
    for word in filters.keyword.split()[:8]:
        services = services.filter(
            Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
            | Q(eligibility_description__icontains=word)
            | Q(organization__name__icontains=word)
            | Q(organization__alternate_name__icontains=word)
        )
    if filters.area:
        area = filters.area.strip()
        places = Q(service_at_locations__location__addresses__city__icontains=area) | Q(
            service_at_locations__location__addresses__postal_code__istartswith=area
        )
        services = services.filter(
            Q(service_areas__name__icontains=area)
            | Q(service_areas__description__icontains=area)
            | Q(service_areas__extent__icontains=area)
            | places
        )
    if filters.vetted:
        services = services.filter(vetted=True)
    return services.distinct()


def search(owner_id: int, filters: Filters, page_number: Any = 1) -> tuple[Page[Any], list[Hit]]:
    """One page of matching services, vetted first, then by name."""
    services = (
        matching(owner_id, filters).select_related("organization").order_by("-vetted", "name", "pk")
    )
    page = Paginator(services, PER_PAGE).get_page(page_number)
    found = list(page.object_list)
    domains = domains_of(owner_id, found)
    languages = languages_of(found)
    places: dict[int, list[str]] = defaultdict(list)
    cities = (
        Address.objects.filter(location__service_at_locations__service__in=found)
        .values_list("location__service_at_locations__service_id", "city")
        .distinct()
    )
    for pk, city in cities:
        if city and city not in places[pk]:
            places[pk].append(city)
    hits = [
        Hit(s, domains.get(s.pk, []), languages.get(s.pk, []), sorted(places.get(s.pk, [])))
        for s in found
    ]
    return page, hits


@dataclass
class Place:
    """One location of a service, with what a visitor needs."""

    location: Location
    description: str
    addresses: list[Address]
    schedules: list[Schedule]
    phones: list[Phone]
    languages: list[Language]
    accessibility: list[Any]

    @property
    def hours(self) -> list[str]:
        return [h for s in self.schedules if (h := hours(s))]


CHECK_EVERY_DAYS = 180


@dataclass
class ServicePage:
    service: Service
    domains: list[str]
    places: list[Place]
    schedules: list[Schedule]
    phones: list[Phone]
    contacts: list[Any]
    languages: list[str]
    areas: list[Any]
    documents: list[Any]
    costs: list[Any]

    @property
    def domain_labels(self) -> list[str]:
        return [str(Domain(d).label) for d in self.domains]

    @property
    def hours(self) -> list[str]:
        return [h for s in self.schedules if (h := hours(s))]

    @property
    def needs_check(self) -> bool:
        checked = self.service.assured_date
        return checked is None or (timezone.localdate() - checked).days > CHECK_EVERY_DAYS


def service_page(service: Service) -> ServicePage:
    """Everything about one service, in a fixed number of queries."""
    phone_languages = Prefetch("phones", queryset=Phone.objects.prefetch_related("languages"))
    sals = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .prefetch_related(
            "schedules",
            "phones",
            "location__addresses",
            "location__schedules",
            "location__languages",
            "location__accessibility",
            Prefetch("location__phones", queryset=Phone.objects.prefetch_related("languages")),
        )
        .order_by("location__name", "pk")
    )
    places = [
        Place(
            location=sal.location,
            description=sal.description,
            addresses=list(sal.location.addresses.all()),
            schedules=[*sal.schedules.all(), *sal.location.schedules.all()],
            phones=[*sal.phones.all(), *sal.location.phones.all()],
            languages=list(sal.location.languages.all()),
            accessibility=list(sal.location.accessibility.all()),
        )
        for sal in sals
    ]
    full = Service.objects.prefetch_related(
        "schedules",
        phone_languages,
        Prefetch("contacts", queryset=service.contacts.model.objects.prefetch_related("phones")),
        "service_areas",
        "required_documents",
        "cost_options",
    ).get(pk=service.pk)
    return ServicePage(
        service=service,
        domains=domains_of(service.owner_id, [service]).get(service.pk, []),
        places=places,
        schedules=list(full.schedules.all()),
        phones=list(full.phones.all()),
        contacts=list(full.contacts.all()),
        languages=languages_of([service]).get(service.pk, []),
        areas=list(full.service_areas.all()),
        documents=list(full.required_documents.all()),
        costs=list(full.cost_options.all()),
    )


def _clock(value: str) -> str:
    """ "09:00:00" → "9:00"; an offset is kept as written."""
    text = value.strip()
    if len(text) >= 5 and text[2] == ":":
        hour, minute, rest = text[:2], text[3:5], text[5:]
        if rest.startswith(":"):
            rest = rest[3:] if rest[1:3] == "00" else rest
        return f"{int(hour)}:{minute}{rest}"
    return text


ORDINALS = {
    1: pgettext_lazy("which weekday of the month", "first"),
    2: pgettext_lazy("which weekday of the month", "second"),
    3: pgettext_lazy("which weekday of the month", "third"),
    4: pgettext_lazy("which weekday of the month", "fourth"),
    5: pgettext_lazy("which weekday of the month", "fifth"),
    -1: pgettext_lazy("which weekday of the month", "last"),
}


def _parse_day(token: str) -> tuple[str, int | None]:
    """ "MO" → ("MO", None); "2SA" → ("SA", 2); "-1FR" → ("FR", -1). A day it does not
    know is kept whole, as written."""
    token = token.strip().upper()
    day = token[-2:] if token[-2:] in DAYS else token
    count = token[:-2]
    if count.lstrip("+-").isdigit() and int(count) in ORDINALS:
        return day, int(count)
    return day, None


def _day(token: str) -> str:
    """ "MO" → "Monday"; "2SA" → "second Saturday"; "-1FR" → "last Friday"."""
    day, nth = _parse_day(token)
    name = str(DAYS.get(day, day))
    if nth is None:
        return name
    # Translators: a day of the month, as in "second Saturday" or "last Friday".
    return _("%(nth)s %(weekday)s") % {"nth": ORDINALS[nth], "weekday": name}


def days(byday: str) -> str:
    tokens = [d for d in byday.split(",") if d.strip()]
    parsed = [_parse_day(d) for d in tokens]
    week = list(DAYS)
    # Plain weekdays (no "second", no "last") by their code; None for any other day.
    plain = [day if nth is None and day in DAYS else None for day, nth in parsed]
    if all(plain) and sorted(plain, key=lambda d: week.index(str(d))) == week:
        return _("Every day")
    if len(plain) > 2 and all(plain):
        idx = [week.index(str(d)) for d in plain]
        if idx == list(range(idx[0], idx[0] + len(idx))):
            return _("%(first)s to %(last)s") % {
                "first": str(DAYS[week[idx[0]]]),
                "last": str(DAYS[week[idx[-1]]]),
            }
    return ", ".join(_day(d) for d in tokens)


def hours(schedule: Schedule) -> str:
    """A schedule in words: "Monday to Friday, 9:00 to 17:00"; its description if that is
    all there is."""
    parts = []
    if schedule.byday:
        parts.append(days(schedule.byday))
    if schedule.opens_at and schedule.closes_at:
        parts.append(
            _("%(opens)s to %(closes)s")
            % {"opens": _clock(schedule.opens_at), "closes": _clock(schedule.closes_at)}
        )
    elif schedule.opens_at:
        parts.append(_("from %(opens)s") % {"opens": _clock(schedule.opens_at)})
    text = ", ".join(parts)
    if schedule.description:
        text = f"{text}. {schedule.description}" if text else schedule.description
    return text


def term_ids(owner_id: int) -> dict[str, int]:
    """Need domain → the pk of its taxonomy term in this directory."""
    rows = TaxonomyTerm.objects.filter(owner_id=owner_id, code__startswith=DOMAIN_CODE).values_list(
        "code", "pk"
    )
    return {code.removeprefix(DOMAIN_CODE): pk for code, pk in rows}


def import_for(user: User, public_id: Any) -> DirectoryImport:
    found: DirectoryImport | None = (
        DirectoryImport.objects.filter(owner_id=org_of(user), public_id=public_id)
        .select_related("started_by")
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def directory_counts(owner_id: int) -> dict[str, int]:
    return {
        "providers": Provider.objects.filter(owner_id=owner_id).count(),
        "services": Service.objects.filter(owner_id=owner_id).count(),
        "locations": Location.objects.filter(owner_id=owner_id).count(),
        "public": Service.objects.filter(owner_id=owner_id, is_public=True).count(),
    }


def reachable_by_email(user: User) -> list[Any]:
    """People on the user's caseload with an email marked safe to use: whom they can send a
    service's what to expect (one query)."""
    from waypoint.access import visible_enrollments
    from waypoint.enrollments.models import CASELOAD_STATUSES
    from waypoint.participants.models import Participant

    own = visible_enrollments(user).filter(navigator_id=user.pk, status__in=CASELOAD_STATUSES)
    return list(
        Participant.objects.filter(
            organization_id=org_of(user),
            pk__in=own.values("participant_id"),
            contacts__kind="email",
            contacts__safe_to_contact="yes",
        )
        .distinct()
        .order_by("preferred_name", "pk")
    )


def send_choices(user: User) -> list[Any]:
    """``reachable_by_email`` for a service page, which lists those names: the listing is
    recorded in the audit trail like any other list of people."""
    from waypoint.participants.queries import record_listing

    people = reachable_by_email(user)
    record_listing(user, people, "list")
    return people
