"""Changing the resource directory: a service's details and need domains, "checked
today", and importing HSDS data. Every change is audited in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Domain
from waypoint.directory import hsds
from waypoint.directory.importer import IGNORED, Problem, Report, write_rows
from waypoint.directory.models import (
    Attribute,
    DirectoryImport,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from waypoint.directory.queries import (
    DOMAIN_CODE,
    DOMAIN_TAXONOMY,
    domain_term_id,
    domains_of,
    term_ids,
)
from waypoint.errors import ActionRefused
from waypoint.toolkit import audit, changed_since

if TYPE_CHECKING:
    from waypoint.accounts.models import User

# What staff may change on a service page (the HSDS fields people keep current by hand,
# and what only Waypoint knows).
EDITABLE = (
    "name",
    "alternate_name",
    "description",
    "status",
    "url",
    "email",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "application_process",
    "fees_description",
    "wait_time",
    "interpretation_services",
    "alert",
    "what_to_expect",
    "is_public",
)
# What a refusal calls each part someone else changed first.
FIELD_TITLES = {
    "name": gettext_lazy("Name"),
    "alternate_name": gettext_lazy("Alternate name"),
    "description": gettext_lazy("Description"),
    "status": gettext_lazy("Status"),
    "url": gettext_lazy("Website"),
    "email": gettext_lazy("Email"),
    "eligibility_description": gettext_lazy("Eligibility description"),
    "minimum_age": gettext_lazy("Minimum age"),
    "maximum_age": gettext_lazy("Maximum age"),
    "application_process": gettext_lazy("Application process"),
    "fees_description": gettext_lazy("Fees description"),
    "wait_time": gettext_lazy("Wait time"),
    "interpretation_services": gettext_lazy("Interpretation services"),
    "alert": gettext_lazy("Alert"),
    "what_to_expect": gettext_lazy("What to expect"),
    "is_public": gettext_lazy("Published"),
    "domains": gettext_lazy("Need domains"),
    "vetted": gettext_lazy("Vetted"),
}


def _audit(by: User, action: str, service: Service, changes: dict[str, Any]) -> None:
    audit(
        by,
        action,
        "directory_service",
        service.hsds_id,
        participant_id=None,
        organization_id=service.owner_id,
        changes=changes,
    )


def _check_owner(by: User, owner_id: int) -> None:
    if access_for(by).organization_id != owner_id:
        raise ActionRefused(_("This directory belongs to another organization."))


@transaction.atomic
def ensure_domains(*, owner_id: int) -> dict[str, int]:
    """Waypoint's need domains as an HSDS taxonomy in this directory (made once, with
    the same ids in every Waypoint); need domain → term pk. The names are stored data,
    written in Waypoint's own words whatever language the request is in."""
    taxonomy, _made = Taxonomy.objects.get_or_create(
        owner_id=owner_id,
        hsds_id=DOMAIN_TAXONOMY,
        defaults={
            "name": "Waypoint need domains",
            "description": "The areas of life a participant may want help with, as "
            "Waypoint's assessments and plans name them.",
        },
    )
    have = term_ids(owner_id)
    for domain in Domain:
        if domain.value in have:
            continue
        with translation.override(None):
            label = str(domain.label)
        term = TaxonomyTerm.objects.create(
            owner_id=owner_id,
            hsds_id=domain_term_id(domain.value),
            code=DOMAIN_CODE + domain.value,
            name=label,
            description=f"Services that help with {label.lower()}.",
            taxonomy="Waypoint need domains",
            taxonomy_detail=taxonomy,
        )
        have[domain.value] = term.pk
    return have


def _set_domains(service: Service, domains: Iterable[str]) -> None:
    wanted = [d for d in Domain.values if d in set(domains)]
    terms = ensure_domains(owner_id=service.owner_id)
    links = Attribute.objects.filter(
        owner_id=service.owner_id,
        link_entity="service",
        link_id=service.hsds_id,
        taxonomy_term__code__startswith=DOMAIN_CODE,
    )
    links.exclude(taxonomy_term_id__in=[terms[d] for d in wanted]).delete()
    have = set(links.values_list("taxonomy_term_id", flat=True))
    Attribute.objects.bulk_create(
        Attribute(
            owner_id=service.owner_id,
            link_id=service.hsds_id,
            link_entity="service",
            link_type="need_domain",
            taxonomy_term_id=terms[d],
        )
        for d in wanted
        if terms[d] not in have
    )


def _check_fresh(by: User, service: Service, version: int) -> None:
    if service.version != version:
        raise changed_since(
            "directory_service",
            service.hsds_id,
            version,
            parts=lambda changes: changes.get("fields", []),
            titles=lambda key: str(FIELD_TITLES.get(key, key)),
            actions=("update", "checked"),
        ).refusal()


@transaction.atomic
def save_service(
    *, by: User, service: Service, version: int, data: dict[str, Any], domains: Iterable[str]
) -> Service:
    """Save what staff changed on a service; refuses a save from an out-of-date page."""
    _check_owner(by, service.owner_id)
    service = Service.objects.select_for_update().get(pk=service.pk)
    _check_fresh(by, service, version)
    changed = [k for k in EDITABLE if k in data and getattr(service, k) != data[k]]
    old_domains = domains_of(service.owner_id, [service]).get(service.pk, [])
    new_domains = [d for d in Domain.values if d in set(domains)]
    if old_domains != new_domains:
        changed.append("domains")
    if not changed:
        return service
    for name in changed:
        if name != "domains":
            setattr(service, name, data[name])
    _set_domains(service, new_domains)
    service.version += 1
    service.last_modified = timezone.now()
    service.save()
    _audit(by, "update", service, {"fields": changed, "version": service.version})
    return service


@transaction.atomic
def mark_checked(*, by: User, service: Service, vetted: bool) -> Service:
    """Someone checked the details today (HSDS ``assured_date``), and says whether the team
    has vetted the service first-hand."""
    _check_owner(by, service.owner_id)
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.assured_date = timezone.localdate()
    service.assurer_email = by.email or ""
    service.checked_by = by
    service.vetted = vetted
    service.version += 1
    service.last_modified = timezone.now()
    service.save()
    _audit(
        by,
        "checked",
        service,
        {"fields": ["assured_date", "vetted"], "vetted": vetted, "version": service.version},
    )
    return service


@transaction.atomic
def start_import(*, by: User, upload: Any) -> DirectoryImport:
    """Keep an uploaded HSDS file and queue its import (administrators only)."""
    access = access_for(by)
    if not access.is_admin or access.organization_id is None:
        raise ActionRefused(_("Only administrators import directory data."))
    # The file keeps its name (a JSON file's name says what it holds), in a folder of
    # its own.
    name = Path(str(upload.name)).name[-200:] or "upload.json"
    folder = Path(settings.IMPORT_DIR) / str(uuid.uuid4())
    folder.mkdir(parents=True)
    stored = folder / name
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = DirectoryImport.objects.create(
        owner_id=access.organization_id,
        started_by=by,
        file_name=name,
        stored_at=str(stored),
    )
    audit(
        by,
        "upload",
        "directory_import",
        job.public_id,
        participant_id=None,
        organization_id=access.organization_id,
        changes={"file": name},
    )
    return job


def record_export(*, by: User, counts: dict[str, int]) -> None:
    audit(
        by,
        "export",
        "directory",
        "export",
        participant_id=None,
        organization_id=access_for(by).organization_id,
        changes={"rows": sum(counts.values())},
    )


@transaction.atomic
def import_directory(
    *,
    by: User | None,
    owner_id: int,
    rows: list[hsds.SourceRow],
    notices: Iterable[tuple[str, str, str, str]] = (),
    source: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Write HSDS rows into the organization's directory; the report lists every problem
    by file, row and column. ``by`` may be None for a command run on the server."""
    if by is not None:
        _check_owner(by, owner_id)
        if not access_for(by).is_admin:
            raise ActionRefused(_("Only administrators import directory data."))
    report = Report(problems=[Problem(*n, IGNORED) for n in notices])
    write_rows(owner_id, rows, report, progress)
    ensure_domains(owner_id=owner_id)
    audit(
        by,
        "import",
        "directory",
        source or "import",
        participant_id=None,
        organization_id=owner_id,
        changes=report.summary(),
    )
    return report


@transaction.atomic
def send_to_participant(*, by: User, service: Service, participant: Any) -> str:
    """Email a service's what to expect to a participant on the sender's caseload, at the
    address marked safe; returns the address. Audited; the email carries nothing about
    the person beyond their name; its words are in the language they get things in writing
    in."""
    from django.core.mail import send_mail

    from waypoint.directory.queries import reachable_by_email

    _check_owner(by, service.owner_id)
    if participant.pk not in {p.pk for p in reachable_by_email(by)}:
        raise ActionRefused(_("Choose someone on your caseload with an email marked safe."))
    address = next(
        c.value
        for c in participant.contacts.all()
        if c.kind == "email" and c.safe_to_contact == "yes"
    )
    with translation.override(participant.writing_language):
        subject = _("What to expect at %(service)s") % {"service": service.name}
        message = (
            _("Hello %(name)s,") % {"name": participant.preferred_name}
            + "\n\n"
            + _("Here is the service we talked about, to keep.")
            + "\n\n"
            + what_to_expect_text(service)
            + "\n"
            + _("Questions? Reply to your navigator or call us.")
            + "\n"
        )
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    )
    audit(
        by,
        "send",
        "directory_service",
        service.hsds_id,
        participant_id=participant.pk,
        organization_id=service.owner_id,
    )
    return str(address)


def what_to_expect_text(service: Service) -> str:
    """A service in plain text, for an email: what to expect, where, when, phone, what to
    bring (in the active language)."""
    from waypoint.directory.queries import service_page

    info = service_page(service)
    lines = [f"{service.name} ({service.organization.name})", ""]
    if service.what_to_expect:
        lines += [_("What to expect"), service.what_to_expect, ""]
    for place in info.places:
        for a in place.addresses:
            if a.address_type != "postal":
                lines.append(
                    _("Where: %(street)s, %(city)s") % {"street": a.address_1, "city": a.city}
                )
        lines += [_("Open: %(hours)s") % {"hours": h} for h in place.hours]
    lines += [_("Open: %(hours)s") % {"hours": h} for h in info.hours]
    lines += [_("Phone: %(number)s") % {"number": p.number} for p in info.phones]
    if info.documents:
        documents = "; ".join(d.document for d in info.documents)
        lines.append(_("What to bring: %(documents)s") % {"documents": documents})
    return "\n".join(lines).strip() + "\n"
