"""Releases of information (what a participant agreed may be shared, with whom, why and
until when) and the record of every disclosure made under them.

A consent's terms never change once recorded: a different agreement is a new consent,
and ending one early is a revocation. Disclosures are only ever added. The database
refuses anything else (migration 0002).
"""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    # Participants read these in their own language (their own Waypoint).
    CONTACT = "contact", _("Contact details")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Service plan")
    NOTES = "notes", _("Progress notes")
    HEALTH = "physical_health", _("Health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    IMMIGRATION = "legal_documents", _("Immigration and legal documents")
    JUSTICE = "justice", _("Justice involvement")


# The same codes as the sensitive need domains (assessments.models.SENSITIVE_DOMAINS).
SENSITIVE = frozenset(
    {
        Category.HEALTH,
        Category.MENTAL_HEALTH,
        Category.SUBSTANCE_USE,
        Category.IMMIGRATION,
        Category.JUSTICE,
    }
)


class PrivateStorage(FileSystemStorage):
    """Files outside the web root (``PRIVATE_FILES_DIR``, read when used); nothing
    serves them but a funnel that checks who is asking."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def _form_path(instance: Consent, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consent-forms/{instance.organization_id}/{uuid.uuid4()}.{suffix}"


class Consent(models.Model):
    class How(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signed a form (uploaded)")
        VERBAL = "verbal", _("Said so aloud, with a witness")
        TYPED = "typed", _("Typed their name to agree")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="consents"
    )
    recipient_provider = models.ForeignKey(
        "directory.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("organization"),
    )
    recipient_name = models.CharField(_("person"), max_length=200, blank=True)
    recipient_detail = models.CharField(_("their role or organization"), max_length=300, blank=True)
    categories = models.JSONField(default=list)
    purpose = models.TextField(max_length=1000)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    how = models.CharField(max_length=12, choices=How.choices)
    witness_name = models.CharField(max_length=200, blank=True)
    typed_name = models.CharField(max_length=200, blank=True)
    form_file = models.FileField(
        storage=private_storage, upload_to=_form_path, blank=True, max_length=300
    )
    form_content_type = models.CharField(max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(recipient_provider__isnull=False, recipient_name="")
                    | (models.Q(recipient_provider__isnull=True) & ~models.Q(recipient_name=""))
                ),
                name="consent_one_recipient",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="consent_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent to share with {self.recipient}"

    @property
    def recipient(self) -> str:
        if self.recipient_provider_id:
            return str(self.recipient_provider)
        if self.recipient_detail:
            return f"{self.recipient_name} ({self.recipient_detail})"
        return self.recipient_name

    def active_at(self, moment: datetime) -> bool:
        """In force at ``moment``: started, not ended, not revoked."""
        if self.revoked_at is not None and self.revoked_at <= moment:
            return False
        day = timezone.localdate(moment)
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def state(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.revoked_at is not None:
            return "revoked"
        if self.starts_on > today:
            return "future"
        if self.ends_on is not None and self.ends_on < today:
            return "ended"
        return "active"

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in Category.values if c in self.categories]

    @property
    def includes_substance_use(self) -> bool:
        return Category.SUBSTANCE_USE in self.categories


class Disclosure(models.Model):
    """One share of a participant's information under a consent: what, to whom, when,
    why, how, and by whom. The participant's accounting of disclosures lists these."""

    class Channel(models.TextChoices):
        REFERRAL = "referral", _("Referral packet")
        PARTNER_VIEW = "partner_view", _("Partner view")
        PRINT = "print", _("Printed")
        EXPORT = "export", _("Export")
        CONFERENCE = "conference", _("Case conference")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="disclosures"
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    recipient = models.CharField(max_length=500)
    categories = models.JSONField(default=list)
    purpose = models.TextField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    about = models.CharField(
        max_length=200, blank=True, help_text=_("What was shared, e.g. a referral's reference.")
    )
    redisclosure_notice = models.BooleanField(default=False)
    disclosed_at = models.DateTimeField(default=timezone.now)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-disclosed_at", "-pk"]
        indexes = [models.Index(fields=["participant", "-disclosed_at"])]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient}"

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in Category.values if c in self.categories]
