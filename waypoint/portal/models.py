"""The participant's own Waypoint: how they are let in, and what they send their navigator.

- ``Invitation``: a one-time code a navigator prints or emails. Only its hash is kept;
  it works once, for a fortnight, and a newer invitation replaces it.
- ``OwnStep``: a step the participant adds under one of their goals. It sits beside
  the plan (like progress), so an agreed version never changes.
- ``Ask``: what the participant sends their navigator from their own Waypoint ("I did
  this", a step they added, a change they suggest, a consent they want to withdraw,
  questions they answered). It stays open on the navigator's home until they answer it.
- ``SentForm``: sections of a draft assessment a navigator sends the participant to
  answer on their own device (what the hand-over screen does on a staff device).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="portal_invitations"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    emailed = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.participant} ({self.created_at:%Y-%m-%d})"


class OwnStep(models.Model):
    """A step the participant added under one of their goals (``goal_key`` stays the
    same across plan versions)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="own_steps")
    goal_key = models.UUIDField()
    what = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["plan", "goal_key"], name="own_step_plan_goal")]
        constraints = [
            models.CheckConstraint(condition=Q(what__regex=r"\S"), name="own_step_not_blank"),
        ]

    def __str__(self) -> str:
        return self.what


class Ask(models.Model):
    class Kind(models.TextChoices):
        DONE = "done", _("I did this")
        STEP = "step", _("I added a step")
        CHANGE = "change", _("A change to my plan")
        WITHDRAW = "withdraw", _("Stop sharing")
        FORM = "form", _("I answered the questions")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for your navigator")
        CONFIRMED = "confirmed", _("Confirmed")
        NOT_YET = "not_yet", _("Not marked done yet")
        ANSWERED = "answered", _("Answered")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="portal_asks"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="portal_asks"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # What it is about: a plan step (by key), their own step, or a consent.
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item_key = models.UUIDField(null=True, blank=True)
    item_text = models.CharField(max_length=500, blank=True)
    own_step = models.ForeignKey(
        OwnStep, null=True, blank=True, on_delete=models.PROTECT, related_name="asks"
    )
    consent = models.ForeignKey(
        "consent.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    words = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["enrollment", "status"], name="portal_ask_open"),
            models.Index(fields=["participant", "created_at"], name="portal_ask_person"),
        ]
        constraints = [
            # One open "I did this" per step: a second click is the same ask.
            models.UniqueConstraint(
                fields=["plan", "item_key"],
                condition=Q(kind="done", status="open"),
                name="portal_ask_one_open_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.participant})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SentForm(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="sent_forms"
    )
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="sent_forms"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="sent_forms"
    )
    sections = models.JSONField(default=list)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(done_at__isnull=True, withdrawn_at__isnull=True),
                name="portal_one_open_form_per_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"Questions for {self.participant} ({self.sent_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.withdrawn_at is None
