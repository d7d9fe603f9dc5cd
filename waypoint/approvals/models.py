"""Approvals: one mechanism for whatever a program asks a supervisor to approve.

- ``ApprovalSettings`` (one row per program) says which kinds need approval.
- ``Approval`` is one request about one subject (a plan version, an enrollment's
  assignment beyond the cap, a referral): pending until a supervisor approves or returns
  it, or the requester withdraws it. Only one approval per subject is pending at a time
  (the database refuses a second).
- ``ApprovalStep`` is its history (asked, returned with a comment, asked again, approved,
  withdrawn): rows are only ever added; on PostgreSQL and SQLite a trigger refuses an
  update or delete.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PLAN = "plan", _("Service plan version before it is shared")
    CASELOAD = "caseload", _("Assignment beyond the caseload cap")
    REFERRAL = "referral", _("Referral carrying a sensitive category")
    # Closures keep their own setting (closure.ClosureSettings.needs_approval and each
    # reason's), their pages and history; their approvals are decided here too.
    CLOSURE = "closure", _("Closure")


# The kinds a program turns on here (a closure's approval is chosen on its endings page).
SETTING_KINDS = (Kind.PLAN, Kind.CASELOAD, Kind.REFERRAL)


class ApprovalSettings(models.Model):
    """A program's choices of what needs a supervisor's approval. Read with the defaults
    (nothing asked) until a manager saves them."""

    program = models.OneToOneField(
        "accounts.Program", on_delete=models.CASCADE, related_name="approval_settings"
    )
    plan = models.BooleanField(default=False)
    caseload = models.BooleanField(default=False)
    referral = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Approval settings for {self.program}"

    def asks(self, kind: str) -> bool:
        return bool(getattr(self, kind)) if kind in SETTING_KINDS else False


class Approval(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="approvals"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # What the request carries: the words of the reason, and what approving applies.
    reason = models.TextField(blank=True, max_length=1000)
    details = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every step: a decision made on a page opened before another is refused.
    version = models.PositiveIntegerField(default=1)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id"],
                condition=Q(status="pending"),
                name="approval_one_pending_per_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status", "requested_at"]),
            models.Index(fields=["kind", "subject_id"]),
            models.Index(fields=["requested_by", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    @property
    def pending(self) -> bool:
        return self.status == self.Status.PENDING


class ApprovalStep(models.Model):
    """One step of an approval's history. Never changed or removed."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Asked for approval")
        RETURNED = "returned", _("Returned with a comment")
        ASKED_AGAIN = "asked_again", _("Asked again")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.by} on {self.at:%b %d, %Y}"
