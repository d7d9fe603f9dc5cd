"""The resource directory, shaped as Open Referral HSDS 3.0 so it imports and exports
without translation. Each model is one HSDS table; its fields carry the HSDS names in
the HSDS order (``hsds_id`` is the HSDS ``id``; a foreign key ``x`` is ``x_id``).

What only staff know (a vetted flag, "what to expect", whether the service is published)
lives in fields listed in ``Spec.local``: they never leave in an HSDS export. Every row
carries the organization whose directory it belongs to, so two organizations may import
the same public data set without colliding.

Text is stored as typed (phone numbers, times such as ``09:00-05:00``), so an import
keeps what the publisher wrote; forms check new entries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LOCATION_TYPES = [("physical", _("Physical")), ("postal", _("Postal")), ("virtual", _("Virtual"))]


@dataclass(frozen=True)
class Spec:
    """How a model appears in HSDS: table name, CSV file, and what the field types alone
    cannot say (string formats, uniqueness, Waypoint-only fields)."""

    table: str
    path: str
    formats: dict[str, str] = field(default_factory=dict)
    unique: tuple[str, ...] = ()
    local: tuple[str, ...] = ()


class Record(models.Model):
    owner = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", editable=False
    )
    hsds_id = models.UUIDField("id", default=uuid.uuid4)

    hsds: ClassVar[Spec]
    objects: ClassVar[models.Manager[Any]] = models.Manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "hsds_id"], name="%(app_label)s_%(class)s_hsds_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hsds.table} {self.hsds_id}"


def _optional(to: str, related_name: str) -> Any:
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name
    )


def _required(to: str, related_name: str) -> Any:
    return models.ForeignKey(to, on_delete=models.CASCADE, related_name=related_name)


class Provider(Record):
    """An HSDS organization: the agency that delivers services."""

    name = models.TextField()
    alternate_name = models.TextField(blank=True)
    description = models.TextField()
    email = models.TextField(blank=True)
    website = models.TextField(blank=True)
    tax_status = models.TextField(blank=True)
    tax_id = models.TextField(blank=True)
    year_incorporated = models.FloatField(null=True, blank=True)
    legal_status = models.TextField(blank=True)
    logo = models.TextField(blank=True)
    uri = models.TextField(blank=True)
    parent_organization_id = models.UUIDField(null=True, blank=True)

    hsds = Spec(
        "organization",
        "organizations.csv",
        formats={"email": "email", "website": "uri", "uri": "uri"},
    )

    class Meta(Record.Meta):
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderProgram(Record):
    """An HSDS program: a group of one provider's services."""

    organization = _required("Provider", "programs")
    name = models.TextField()
    alternate_name = models.TextField(blank=True)
    description = models.TextField()

    hsds = Spec("program", "programs.csv", unique=("organization_id",))

    def __str__(self) -> str:
        return self.name


class Service(Record):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Closed for good")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    organization = _required("Provider", "services")
    program = _optional("ProviderProgram", "services")
    name = models.TextField()
    alternate_name = models.TextField(blank=True)
    description = models.TextField(blank=True)
    url = models.TextField(blank=True)
    email = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    wait_time = models.TextField(blank=True)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    assured_date = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("When someone last checked the details."),
    )
    assurer_email = models.TextField(blank=True)
    licenses = models.TextField(blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)
    # Waypoint only: never exported.
    vetted = models.BooleanField(
        default=False, help_text=_("Someone on the team has checked this service first-hand.")
    )
    what_to_expect = models.TextField(
        blank=True,
        help_text=_(
            "For participants, in plain words: who greets you, languages spoken, "
            "the wait, what to bring."
        ),
    )
    is_public = models.BooleanField(
        _("publish"),
        default=False,
        help_text=_("Listed in the open HSDS feed for partners' tools."),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    hsds = Spec(
        "service",
        "services.csv",
        formats={"url": "uri", "email": "email", "assurer_email": "email"},
        local=("vetted", "what_to_expect", "is_public", "checked_by", "version"),
    )

    class Meta(Record.Meta):
        ordering = ["name"]
        indexes = [models.Index(fields=["hsds_id"], name="directory_service_by_id")]

    def __str__(self) -> str:
        return self.name


class Attribute(Record):
    """A taxonomy term attached to any HSDS row (``link_id`` names the row)."""

    link_id = models.UUIDField()
    taxonomy_term = _required("TaxonomyTerm", "attributes")
    link_type = models.TextField(blank=True)
    link_entity = models.TextField()
    value = models.TextField(blank=True)

    hsds = Spec("attribute", "attributes.csv")

    class Meta(Record.Meta):
        indexes = [models.Index(fields=["owner", "link_entity", "link_id"])]


class ServiceAtLocation(Record):
    service = _required("Service", "service_at_locations")
    location = _required("Location", "service_at_locations")
    description = models.TextField(blank=True)

    hsds = Spec("service_at_location", "service_at_location.csv")


class Location(Record):
    location_type = models.CharField(max_length=10, choices=LOCATION_TYPES)
    url = models.TextField(blank=True)
    organization = _optional("Provider", "locations")
    name = models.TextField(blank=True)
    alternate_name = models.TextField(blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.TextField(blank=True)
    external_identifier_type = models.TextField(blank=True)

    hsds = Spec("location", "locations.csv", formats={"url": "uri"})

    def __str__(self) -> str:
        return self.name or self.get_location_type_display()


class Phone(Record):
    location = _optional("Location", "phones")
    service = _optional("Service", "phones")
    organization = _optional("Provider", "phones")
    contact = _optional("DirectoryContact", "phones")
    service_at_location = _optional("ServiceAtLocation", "phones")
    number = models.TextField()
    extension = models.FloatField(null=True, blank=True)
    type = models.TextField(blank=True)
    description = models.TextField(blank=True)

    hsds = Spec("phone", "phones.csv")

    def __str__(self) -> str:
        return self.number


class DirectoryContact(Record):
    """An HSDS contact: a named person at a provider, service or location."""

    organization = _optional("Provider", "contacts")
    service = _optional("Service", "contacts")
    service_at_location = _optional("ServiceAtLocation", "contacts")
    location = _optional("Location", "contacts")
    name = models.TextField(blank=True)
    title = models.TextField(blank=True)
    department = models.TextField(blank=True)
    email = models.TextField(blank=True)

    hsds = Spec("contact", "contacts.csv", formats={"email": "email"})

    def __str__(self) -> str:
        return self.name or self.title or self.department


class Address(Record):
    location = _optional("Location", "addresses")
    attention = models.TextField(blank=True)
    address_1 = models.TextField()
    address_2 = models.TextField(blank=True)
    city = models.TextField()
    region = models.TextField(blank=True)
    state_province = models.TextField()
    postal_code = models.TextField()
    country = models.TextField()
    address_type = models.CharField(max_length=10, choices=LOCATION_TYPES)

    hsds = Spec("address", "addresses.csv")

    def __str__(self) -> str:
        return ", ".join(p for p in [self.address_1, self.address_2, self.city] if p)


class Schedule(Record):
    class Weekday(models.TextChoices):
        MO = "MO", _("Monday")
        TU = "TU", _("Tuesday")
        WE = "WE", _("Wednesday")
        TH = "TH", _("Thursday")
        FR = "FR", _("Friday")
        SA = "SA", _("Saturday")
        SU = "SU", _("Sunday")

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("Weekly")
        MONTHLY = "MONTHLY", _("Monthly")

    service = _optional("Service", "schedules")
    location = _optional("Location", "schedules")
    service_at_location = _optional("ServiceAtLocation", "schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True, choices=Weekday.choices)
    freq = models.CharField(max_length=7, blank=True, choices=Freq.choices)
    interval = models.FloatField(null=True, blank=True)
    byday = models.TextField(blank=True)
    byweekno = models.TextField(blank=True)
    bymonthday = models.TextField(blank=True)
    byyearday = models.TextField(blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TextField(blank=True)
    closes_at = models.TextField(blank=True)
    schedule_link = models.TextField(blank=True)
    attending_type = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    hsds = Spec("schedule", "schedules.csv", formats={"schedule_link": "uri"})


class Funding(Record):
    organization = _optional("Provider", "funding")
    service = _optional("Service", "funding")
    source = models.TextField(blank=True)

    hsds = Spec("funding", "funding.csv")


class ServiceArea(Record):
    service = _optional("Service", "service_areas")
    name = models.TextField(blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.TextField(blank=True)
    uri = models.TextField(blank=True)

    hsds = Spec("service_area", "service_areas.csv")

    def __str__(self) -> str:
        return self.name or self.description


class RequiredDocument(Record):
    service = _optional("Service", "required_documents")
    document = models.TextField(blank=True)
    uri = models.TextField(blank=True)

    hsds = Spec("required_document", "required_documents.csv", formats={"uri": "uri"})

    def __str__(self) -> str:
        return self.document


class Language(Record):
    service = _optional("Service", "languages")
    location = _optional("Location", "languages")
    phone = _optional("Phone", "languages")
    name = models.TextField(blank=True)
    code = models.TextField(blank=True)
    note = models.TextField(blank=True)

    hsds = Spec("language", "languages.csv")

    def __str__(self) -> str:
        return self.name or self.code


class Accessibility(Record):
    location = _optional("Location", "accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.TextField(blank=True)

    hsds = Spec("accessibility", "accessibility.csv", formats={"url": "uri"})


class TaxonomyTerm(Record):
    code = models.TextField(blank=True)
    name = models.TextField()
    description = models.TextField()
    parent_id = models.UUIDField(null=True, blank=True)
    taxonomy = models.TextField(blank=True)
    language = models.TextField(blank=True)
    taxonomy_detail = _optional("Taxonomy", "terms")
    term_uri = models.TextField(blank=True)

    hsds = Spec(
        "taxonomy_term", "taxonomy_terms.csv", formats={"term_uri": "uri"}, unique=("code",)
    )

    class Meta(Record.Meta):
        constraints = [
            *Record.Meta.constraints,
            models.UniqueConstraint(
                fields=["owner", "code"], condition=~Q(code=""), name="directory_term_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Metadata(Record):
    resource_id = models.UUIDField()
    resource_type = models.TextField()
    last_action_date = models.DateField()
    last_action_type = models.TextField()
    field_name = models.TextField()
    previous_value = models.TextField()
    replacement_value = models.TextField()
    updated_by = models.TextField()

    hsds = Spec("metadata", "metadata.csv")


class MetaTableDescription(Record):
    name = models.TextField(blank=True)
    language = models.TextField(blank=True)
    character_set = models.TextField(blank=True)

    hsds = Spec("meta_table_description", "meta_table_descriptions.csv")


class CostOption(Record):
    service = _required("Service", "cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    currency = models.TextField(blank=True)
    amount = models.FloatField(null=True, blank=True)
    amount_description = models.TextField(blank=True)

    hsds = Spec("cost_option", "cost_options.csv")


class ProviderIdentifier(Record):
    organization = _required("Provider", "organization_identifiers")
    identifier_scheme = models.TextField(blank=True)
    identifier_type = models.TextField()
    identifier = models.TextField()

    hsds = Spec("organization_identifier", "organization_identifiers.csv")


class Taxonomy(Record):
    name = models.TextField()
    description = models.TextField()
    uri = models.TextField(blank=True)
    version = models.TextField(blank=True)

    hsds = Spec("taxonomy", "taxonomies.csv", formats={"uri": "uri"})

    def __str__(self) -> str:
        return self.name


class DirectoryImport(models.Model):
    """One upload of HSDS data from the directory's data page, and how it went."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Could not be read")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    stored_at = models.CharField(max_length=500, help_text=_("Where the upload waits to be read."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
