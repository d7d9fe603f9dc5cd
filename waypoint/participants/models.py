"""The person, not the case: who they are, how to reach them safely."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DECLINABLE_FIELDS = (
    "legal_name",
    "pronunciation",
    "pronouns",
    "date_of_birth",
    "languages",
    "emergency_contact",
    "contacts",
)


class Participant(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="participants"
    )
    preferred_name = models.CharField(_("Name they go by"), max_length=200)
    legal_name = models.CharField(max_length=200, blank=True)
    pronunciation = models.CharField(_("How to say their name"), max_length=200, blank=True)
    pronouns = models.CharField(max_length=60, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    languages = models.CharField(max_length=200, blank=True)
    # What they are given in writing (the printed plan) comes in this language.
    written_language = models.CharField(
        _("Language for what they get in writing"),
        max_length=8,
        blank=True,
        default="en",
        choices=settings.LANGUAGES,
    )
    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_relationship = models.CharField(max_length=100, blank=True)
    emergency_contact_phone = models.CharField(max_length=40, blank=True)
    declined = models.JSONField(
        default=list, blank=True, help_text=_("Fields the person preferred not to answer.")
    )
    name_key = models.CharField(max_length=410, db_index=True, editable=False)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["preferred_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_name__regex=r"\S"), name="participant_name_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__gte="1900-01-01"),
                name="participant_dob_plausible",
            ),
        ]
        indexes = [models.Index(fields=["organization", "date_of_birth"], name="participant_dob")]

    def __str__(self) -> str:
        return self.preferred_name

    def declined_field(self, name: str) -> bool:
        return name in (self.declined or [])

    @property
    def writing_language(self) -> str:
        """The language to give them things in writing in: one Waypoint has, else English."""
        return self.copy_language(None)

    def copy_language(self, asked: str | None) -> str:
        """The language of a copy for them: ``asked`` (a ``?lang=``) when Waypoint has it,
        else theirs when it has that, else English."""
        known = {code for code, _ in settings.LANGUAGES}
        for choice in (asked, self.written_language):
            if choice in known:
                return str(choice)
        return "en"

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]


class ContactMethod(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("Email")
        MAIL = "mail", _("Mail")
        OTHER = "other", _("Other")

    class Safe(models.TextChoices):
        YES = "yes", _("Safe to contact")
        NO = "no", _("Not safe — do not use")
        ASK = "ask", _("Not yet asked")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True, editable=False)
    safe_to_contact = models.CharField(max_length=3, choices=Safe.choices, default=Safe.ASK)
    preferred_time = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__regex=r"\S"), name="contact_value_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"
