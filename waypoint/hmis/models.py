"""What a program tells HUD about itself (the HMIS project descriptor elements a
manager fills in) and the HMIS CSV exports an organization has made."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.hmis.codes import RRH_SUBTYPE_CHOICES, SERVICE_RECORD_CHOICES


class ProjectType(models.IntegerChoices):
    """HUD 2.02.6 Project type: HUD's codes, our words."""

    ES_ENTRY_EXIT = 0, _("Emergency shelter (entry and exit)")
    ES_NIGHT_BY_NIGHT = 1, _("Emergency shelter (night by night)")
    TRANSITIONAL = 2, _("Transitional housing")
    PSH = 3, _("Permanent supportive housing")
    STREET_OUTREACH = 4, _("Street outreach")
    SERVICES_ONLY = 6, _("Services only")
    OTHER = 7, _("Other")
    SAFE_HAVEN = 8, _("Safe Haven")
    PH_HOUSING_ONLY = 9, _("Permanent housing: housing only")
    PH_WITH_SERVICES = 10, _("Permanent housing: with services (no disability required)")
    DAY_SHELTER = 11, _("Day shelter")
    PREVENTION = 12, _("Homelessness prevention")
    RRH = 13, _("Permanent housing: rapid re-housing")
    COORDINATED_ENTRY = 14, _("Coordinated entry")


# Project types that house people overnight: HUD asks for their housing type.
RESIDENTIAL_TYPES = frozenset({0, 1, 2, 3, 8, 9, 10, 13})


class HousingType(models.IntegerChoices):
    """HUD 2.02.D Housing type."""

    SINGLE_SITE = 1, _("Site-based: a single site")
    CLUSTERED = 2, _("Site-based: clustered or several sites")
    SCATTERED = 3, _("Tenant-based: scattered sites")


class Participation(models.IntegerChoices):
    """HUD 2.08.1 HMIS participation type."""

    NOT_PARTICIPATING = 0, _("Not participating")
    HMIS = 1, _("Participates in HMIS")
    COMPARABLE = 2, _("Uses a comparable database (victim service providers)")


class GeographyType(models.IntegerChoices):
    """HUD 2.03.4 Geography type."""

    URBAN = 1, _("Urban")
    SUBURBAN = 2, _("Suburban")
    RURAL = 3, _("Rural")
    NOT_COLLECTED = 99, _("Not recorded")


class HudProject(models.Model):
    """A program as an HMIS project: the descriptor elements HUD asks for."""

    program = models.OneToOneField(
        "accounts.Program", on_delete=models.CASCADE, related_name="hud_project"
    )
    reports_to_hud = models.BooleanField(
        _("This program reports to HUD"),
        default=False,
        help_text=_("Its people and enrollments are part of the HMIS CSV export."),
    )
    project_type = models.PositiveSmallIntegerField(
        _("Project type"), choices=ProjectType.choices, null=True, blank=True
    )
    housing_type = models.PositiveSmallIntegerField(
        _("Housing type"), choices=HousingType.choices, null=True, blank=True
    )
    rrh_subtype = models.PositiveSmallIntegerField(
        _("Rapid re-housing kind"), choices=RRH_SUBTYPE_CHOICES, null=True, blank=True
    )
    contacts_as = models.PositiveSmallIntegerField(
        _("Report contacts as HUD services"),
        choices=SERVICE_RECORD_CHOICES,
        null=True,
        blank=True,
        help_text=_(
            "Only for PATH, HOPWA and SSVF projects: each completed contact becomes a "
            "case management service in Services.csv."
        ),
    )
    continuum_project = models.BooleanField(
        _("Part of the Continuum of Care"),
        default=True,
        help_text=_("Funded or listed by the CoC to serve people experiencing homelessness."),
    )
    coc_code = models.CharField(
        _("CoC code"), max_length=6, blank=True, help_text=_("For example CA-600.")
    )
    geocode = models.CharField(
        _("Geocode"), max_length=6, blank=True, help_text=_("HUD's six-digit geographic code.")
    )
    zip_code = models.CharField(_("ZIP code"), max_length=5, blank=True)
    geography_type = models.PositiveSmallIntegerField(
        _("Geography type"),
        choices=GeographyType.choices,
        default=GeographyType.NOT_COLLECTED,
    )
    funder = models.PositiveSmallIntegerField(_("Funding source"), null=True, blank=True)
    other_funder = models.CharField(
        _("Other funding source"),
        max_length=100,
        blank=True,
        help_text=_("Only when the funding source is “Other”."),
    )
    grant_id = models.CharField(_("Grant number"), max_length=100, blank=True)
    grant_start = models.DateField(_("Grant start"), null=True, blank=True)
    grant_end = models.DateField(_("Grant end"), null=True, blank=True)
    operating_start = models.DateField(_("Operating since"), null=True, blank=True)
    operating_end = models.DateField(_("Operating until"), null=True, blank=True)
    participation = models.PositiveSmallIntegerField(
        _("HMIS participation"), choices=Participation.choices, default=Participation.HMIS
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(operating_end__isnull=True)
                | Q(operating_start__isnull=True)
                | Q(operating_end__gte=models.F("operating_start")),
                name="hud_project_operating_order",
            ),
            models.CheckConstraint(
                condition=Q(grant_end__isnull=True)
                | Q(grant_start__isnull=True)
                | Q(grant_end__gte=models.F("grant_start")),
                name="hud_project_grant_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} (HUD)"


class HmisExport(models.Model):
    """One HMIS CSV export: asked for on the reports page or by ``export_hmis``, built in
    the background, checked, and kept as a zip for its downloads."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Stopped")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    hashed = models.BooleanField(default=False)
    period_start = models.DateField()
    period_end = models.DateField()
    programs = models.JSONField(default=list, blank=True)
    stored_at = models.CharField(max_length=500, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="hmis_export_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"HMIS export {self.period_start} to {self.period_end}"


class HmisIdentity(models.Model):
    """Where an imported record came from: the HMIS that exported it (``source``: the
    Export's ImplementationID, else its SourceID), what it is, and its id there. An import
    of the same export finds these and creates nothing twice; the export writes the
    source's ids back (``export.source_ids``), so a round trip gives the same files."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        PROGRAM = "program", _("Program")
        PARTICIPANT = "participant", _("Participant")
        ENROLLMENT = "enrollment", _("Enrollment")
        HOUSEHOLD = "household", _("Household stay")
        EXIT = "exit", _("Exit")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE)
    source = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    source_id = models.CharField(max_length=200)
    # The Waypoint record: a primary key, or (households) the household stay.
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "kind", "source_id"],
                name="hmis_identity_once",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "kind", "object_id"], name="hmis_identity_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id} ({self.source})"


class HmisImport(models.Model):
    """One upload of an HMIS CSV export on the import page: checked first (a dry run that
    lists problems and the projects found), then imported in the background."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        WAITING = "waiting", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    stored_at = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.CHECKED)
    # ProjectID -> {"name": ..., "enrollments": n}, from the check.
    projects = models.JSONField(default=dict, blank=True)
    # ProjectID -> a program's pk, or None for a new program: the administrator's choice.
    choices = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"HMIS import {self.file_name}"
