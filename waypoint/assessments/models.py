"""Assessments and needs: what a participant brings and wants help with, numbered and put
in their own order; the program's own questions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    EDUCATION_EMPLOYMENT = "education_employment", _("Education and employment")
    FAMILY_SOCIAL = "family_social", _("Family and social")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    FINANCES = "finances", _("Finances")
    HOUSING = "housing", _("Housing")
    LEGAL_DOCUMENTS = "legal_documents", _("Legal, immigration and documents")
    JUSTICE = "justice", _("Justice involvement")
    CHILDCARE = "childcare", _("Childcare")
    TRANSPORTATION = "transportation", _("Transportation")
    FOOD = "food", _("Food")
    OTHER = "other", _("Something else")


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
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        SET_ASIDE = "set_aside", _("No longer a need")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="needs"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="needs"
    )
    number = models.PositiveSmallIntegerField(
        help_text=_("1, 2, 3 … per enrollment; never reused.")
    )
    priority = models.PositiveSmallIntegerField(help_text=_("The participant's order, 1 first."))
    domain = models.CharField(max_length=30, choices=Domain.choices)
    description = models.TextField(_("In their words"), max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assessment = models.ForeignKey(
        "Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        help_text=_("The assessment in which the need was written down, if any."),
    )
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
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


class Question(models.Model):
    """A question a program adds to its assessment (a funder's field, say).

    Questions are retired, never deleted; a completed assessment keeps a copy of
    the questions it asked, so changing or retiring one never changes the past.
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        YES_NO = "yes_no", _("Yes or no")
        SINGLE = "single", _("Choose one")
        MULTIPLE = "multiple", _("Choose any")

    class Placement(models.TextChoices):
        ELIGIBILITY = "eligibility", _("Eligibility")
        PROGRAM = "program", _("Program questions")
        EXIT = "exit", _("Exit interview questions")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="questions"
    )
    section = models.CharField(max_length=12, choices=Placement.choices, default=Placement.PROGRAM)
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    sensitive = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    # Its words in other languages: {"es": {"label": ..., "help_text": ..., "choices": [...]}}
    # (choices in the same order as ``choices``; an answer keeps the original choice).
    translations = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(label__regex=r"\S"), name="question_label_not_blank")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"q:{self.public_id}"

    def snapshot(self) -> dict[str, object]:
        return {
            "key": self.key,
            "section": self.section,
            "label": self.label,
            "help_text": self.help_text,
            "kind": self.kind,
            "choices": list(self.choices),
            "required": self.required,
            "sensitive": self.sensitive,
            **({"translations": self.translations} if self.translations else {}),
        }


class Assessment(models.Model):
    """One dated assessment of an enrollment. A reassessment is a new one; a
    completed assessment never changes (the database refuses it)."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Intake assessment")
        REASSESSMENT = "reassessment", _("Reassessment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETE = "complete", _("Complete")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="assessments"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="assessments"
    )
    number = models.PositiveSmallIntegerField(help_text=_("1 for the intake, then 2, 3 …"))
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # {field key or "q:<question id>": answer}; supports are a list of rows.
    answers = models.JSONField(default=dict, blank=True)
    # Section keys answered with "prefer not to say".
    declined = models.JSONField(default=list, blank=True)
    # Section keys the participant filled in themselves, on a device handed to them.
    self_completed = models.JSONField(default=list, blank=True)
    # The program's questions as they were asked (kept when completed).
    questions = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "number"], name="assessment_number_unique"
            ),
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status="draft"),
                name="assessment_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False),
                name="assessment_complete_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
