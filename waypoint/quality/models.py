"""File reviews against the program's standards.

A supervisor reviews one enrollment's file: the computed standards (``quality.standards``)
and the program's checklist of judgement items. Findings become ``Correction`` rows for the
navigator, tracked until done and re-checked. Signing freezes the computed results into the
review; a signed review and its answers never change (the database refuses, migration 0002).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def default_picks() -> list[str]:
    return ["overdue", "attempts", "high_need"]


class Pick(models.TextChoices):
    OVERDUE = "overdue", _("Something is overdue")
    ATTEMPTS = "attempts", _("Several tries in a row without reaching them")
    HIGH_NEED = "high_need", _("Many open needs")


class QualitySettings(models.Model):
    """One row per program: how many files a month, which rules pick files, and the
    program's data-quality goals (the data-quality page's goal and late line)."""

    program = models.OneToOneField(
        "accounts.Program", on_delete=models.CASCADE, related_name="quality_settings"
    )
    reviews_per_navigator = models.PositiveSmallIntegerField(default=2)
    plan_review_days = models.PositiveSmallIntegerField(default=90)
    picks = models.JSONField(default=default_picks, blank=True)
    attempts_in_row = models.PositiveSmallIntegerField(default=3)
    high_need_count = models.PositiveSmallIntegerField(default=4)
    # Data quality: the percent complete every required field should reach, and from how
    # many days after the fact a record counts as late (HUD's buckets stay the same).
    completeness_goal = models.PositiveSmallIntegerField(default=95)
    late_from_days = models.PositiveSmallIntegerField(default=4)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reviews_per_navigator__lte=20), name="quality_sample_at_most_20"
            ),
            models.CheckConstraint(
                condition=Q(plan_review_days__gte=7) & Q(plan_review_days__lte=730),
                name="quality_plan_review_window",
            ),
            models.CheckConstraint(
                condition=Q(completeness_goal__gte=50) & Q(completeness_goal__lte=100),
                name="quality_completeness_goal",
            ),
            models.CheckConstraint(
                condition=Q(late_from_days__gte=1) & Q(late_from_days__lte=30),
                name="quality_late_from_days",
            ),
        ]

    def __str__(self) -> str:
        return f"File review settings of {self.program}"


class ChecklistItem(models.Model):
    """A judgement item the supervisor answers in every review. Retired, never deleted."""

    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="checklist_items"
    )
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "label"], name="checklist_label_unique"),
            models.CheckConstraint(condition=Q(label__regex=r"\S"), name="checklist_label_set"),
        ]

    def __str__(self) -> str:
        return self.label


class Review(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        SIGNED = "signed", _("Signed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="quality_reviews"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    why = models.CharField(max_length=300, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    started_on = models.DateField()
    # The computed standards as they stood at signing: [{key, label, outcome, reason}].
    results = models.JSONField(default=list, blank=True)
    all_met = models.BooleanField(default=False)
    summary = models.TextField(max_length=2000, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"], condition=Q(status="open"), name="review_one_open"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(signed_at__isnull=False),
                name="review_signed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "signed_at"], name="review_signed")]

    def __str__(self) -> str:
        return f"File review of {self.enrollment}"

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class Answer(models.Model):
    class Verdict(models.TextChoices):
        MEETS = "meets", _("Meets")
        DOES_NOT_MEET = "does_not_meet", _("Does not meet")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=300)
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    comment = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="answer_one_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.verdict or 'not answered'}"


class Correction(models.Model):
    """What to correct, for the navigator, until done and re-checked."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done, waiting for a re-check")
        CONFIRMED = "confirmed", _("Confirmed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="corrections")
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="quality_corrections"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quality_corrections"
    )
    what = models.TextField(max_length=2000)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_words = models.TextField(max_length=2000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_comment = models.TextField(max_length=2000, blank=True)
    reopened = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["assigned_to", "status", "due_on"], name="correction_mine"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(what__regex=r"\S"), name="correction_what_set"),
        ]

    def __str__(self) -> str:
        return self.what
