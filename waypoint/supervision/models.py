"""A supervision session: the supervisor's private record of a one-to-one with a
navigator. A draft changes; once the supervisor signs it, it never changes (the
database refuses, migration 0002). Its agreed actions are their own rows, so they stay
trackable (marked done) after the session is signed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Session(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="supervision_sessions"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sessions_held"
    )
    navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sessions_about_me"
    )
    held_on = models.DateField()
    caseload_discussed = models.TextField(blank=True)
    support_offered = models.TextField(blank=True)
    next_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    signed_at = models.DateTimeField(null=True, blank=True)
    edit_version = models.PositiveIntegerField(default=1)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["supervisor", "held_on"]),
            models.Index(fields=["navigator", "held_on"]),
            models.Index(fields=["program", "held_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("navigator")),
                name="supervision_session_not_with_oneself",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_at__isnull=False),
                name="supervision_session_signed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Supervision session on {self.held_on:%Y-%m-%d}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Discussed(models.Model):
    """An enrollment talked about in a session (optional; names stay behind the funnel)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="discussed")
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="supervision_discussed_once"
            )
        ]

    def __str__(self) -> str:
        return f"Discussed in session {self.session_id}"


class AgreedAction(models.Model):
    """Something agreed in a session, with who does it and by when; done later."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.what
