"""Needs: what a participant wants help with, numbered and put in their own order."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Domain(models.TextChoices):
    EDUCATION_EMPLOYMENT = "education_employment", "Education and employment"
    FAMILY_SOCIAL = "family_social", "Family and social"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE_USE = "substance_use", "Substance use"
    FINANCES = "finances", "Finances"
    HOUSING = "housing", "Housing"
    LEGAL_DOCUMENTS = "legal_documents", "Legal, immigration and documents"
    JUSTICE = "justice", "Justice involvement"
    CHILDCARE = "childcare", "Childcare"
    TRANSPORTATION = "transportation", "Transportation"
    FOOD = "food", "Food"
    OTHER = "other", "Something else"


# Shown only to the roles a program allows; everyone else sees that a need exists.
SENSITIVE_DOMAINS = frozenset(
    {
        Domain.PHYSICAL_HEALTH,
        Domain.MENTAL_HEALTH,
        Domain.SUBSTANCE_USE,
        Domain.LEGAL_DOCUMENTS,
        Domain.JUSTICE,
    }
)


class Need(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        SET_ASIDE = "set_aside", "No longer a need"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="needs"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="needs"
    )
    number = models.PositiveSmallIntegerField(help_text="1, 2, 3 … per enrollment; never reused.")
    priority = models.PositiveSmallIntegerField(help_text="The participant's order, 1 first.")
    domain = models.CharField(max_length=30, choices=Domain.choices)
    description = models.TextField("In their words", max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "number"], name="need_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="need_number_positive"),
            models.CheckConstraint(
                condition=Q(description__regex=r"\S"), name="need_description_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return f"Need {self.number}: {self.get_domain_display()}"

    @property
    def sensitive(self) -> bool:
        return self.domain in SENSITIVE_DOMAINS
