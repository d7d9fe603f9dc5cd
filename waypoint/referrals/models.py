"""Referrals that close the loop: from a need or a goal to a directory service, with the
participant's agreement and a consent to share, followed step by step (who, when, why)
until the partner says how it ended."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_lazy


class Status(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SENT = "sent", gettext_lazy("Sent")
    RECEIVED = "received", gettext_lazy("Received")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    WAITLISTED = "waitlisted", gettext_lazy("Waitlisted")
    DECLINED = "declined", gettext_lazy("Declined")
    NOT_ELIGIBLE = "not_eligible", gettext_lazy("Not eligible")
    CONNECTED = "connected", gettext_lazy("Connected (service started)")
    OUTCOME = "outcome", gettext_lazy("Outcome recorded")
    NO_RESPONSE = "no_response", gettext_lazy("No response")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


# Where each status may go next. The loop is closed at a status with nowhere to go but
# an outcome (connected) or nowhere at all.
NEXT: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.SENT, Status.WITHDRAWN),
    Status.SENT: (
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.DECLINED,
        Status.NOT_ELIGIBLE,
        Status.NO_RESPONSE,
        Status.WITHDRAWN,
    ),
    Status.RECEIVED: (
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.DECLINED,
        Status.NOT_ELIGIBLE,
        Status.NO_RESPONSE,
        Status.WITHDRAWN,
    ),
    Status.WAITLISTED: (
        Status.ACCEPTED,
        Status.CONNECTED,
        Status.DECLINED,
        Status.NOT_ELIGIBLE,
        Status.WITHDRAWN,
    ),
    Status.ACCEPTED: (Status.CONNECTED, Status.DECLINED, Status.WITHDRAWN),
    Status.NO_RESPONSE: (
        Status.SENT,
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.DECLINED,
        Status.NOT_ELIGIBLE,
        Status.WITHDRAWN,
    ),
    Status.CONNECTED: (Status.OUTCOME,),
    Status.DECLINED: (),
    Status.NOT_ELIGIBLE: (),
    Status.OUTCOME: (),
    Status.WITHDRAWN: (),
}
OPEN = frozenset(
    {
        Status.DRAFT,
        Status.SENT,
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.NO_RESPONSE,
    }
)
CLOSED = frozenset(
    {Status.CONNECTED, Status.OUTCOME, Status.DECLINED, Status.NOT_ELIGIBLE, Status.WITHDRAWN}
)
# A status the partner answers with; the rest are the navigator's.
AWAITING_ANSWER = frozenset({Status.SENT, Status.RECEIVED, Status.NO_RESPONSE})
NEEDS_REASON = frozenset({Status.DECLINED, Status.NOT_ELIGIBLE, Status.WITHDRAWN})


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", gettext_lazy("No openings right now")
    NOT_A_FIT = "not_a_fit", gettext_lazy("The service is not a fit")
    PARTICIPANT_DECLINED = (
        "participant_declined",
        gettext_lazy("The participant chose not to go ahead"),
    )
    COULD_NOT_REACH = "could_not_reach", gettext_lazy("Could not reach the participant")
    INCOMPLETE = "incomplete", gettext_lazy("Missing information or documents")
    OTHER = "other", gettext_lazy("Another reason")


class Referral(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="referrals"
    )
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="referrals"
    )
    need = models.ForeignKey(
        "assessments.Need", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goal_key = models.UUIDField(null=True, blank=True)
    # Outside: a directory service (and its organization). Inside: another program of
    # this organization, optionally to a named staff member there.
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    provider = models.ForeignKey(
        "directory.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    to_program = models.ForeignKey(
        "accounts.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enrollment_made = models.ForeignKey(
        "enrollments.Enrollment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy(
            "Inside the organization: the enrollment accepting the referral started."
        ),
    )
    consent = models.ForeignKey(
        "consent.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(
        default=list, help_text=gettext_lazy("What the packet may include.")
    )
    participant_agreed = models.BooleanField(default=False)
    message = models.TextField(gettext_lazy("message to the partner"), max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    outcome = models.TextField(max_length=2000, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    follow_up = models.ForeignKey(
        "notes.Commitment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    connected_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status"], name="referral_org_status"),
            models.Index(fields=["provider", "status"], name="referral_provider_status"),
            models.Index(fields=["to_program", "status"], name="referral_program_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(service__isnull=False, provider__isnull=False, to_program__isnull=True)
                    | models.Q(
                        service__isnull=True, provider__isnull=True, to_program__isnull=False
                    )
                ),
                name="referral_outside_or_inside",
            )
        ]

    def __str__(self) -> str:
        return f"Referral to {self.target}"

    @property
    def is_internal(self) -> bool:
        return self.to_program_id is not None

    @property
    def target(self) -> str:
        """What they are referred to: the service, or the program inside."""
        return self.service.name if self.service else str(self.to_program)

    @property
    def recipient(self) -> str:
        """Who receives it: the partner organization, or the program (and person)."""
        if self.provider is not None:
            return self.provider.name
        if self.to_staff is not None:
            return gettext("%(person)s at %(program)s") % {
                "person": self.to_staff,
                "program": self.to_program,
            }
        return str(self.to_program)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return NEXT[self.status]


class ReferralEvent(models.Model):
    """One step of a referral: from what to what, who, when and why."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    by_partner = models.BooleanField(default=False)
    reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
