"""One participant's episode in one program, and everything that happened along the way."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    ELIGIBILITY = "eligibility", _("Eligibility")
    ENROLLED = "enrolled", _("Enrolled")
    EXITING = "exiting", _("Exiting")
    EXITED = "exited", _("Exited")
    FOLLOW_UP = "follow_up", _("Follow-up")


# Where each status may go next. Closing (→ exited) is waypoint.closure's closing page,
# with its checks and any approval; reopening (exited or follow-up → enrolled) is its own
# action.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.INQUIRY: (Status.ELIGIBILITY, Status.ENROLLED),
    Status.ELIGIBILITY: (Status.ENROLLED, Status.INQUIRY),
    Status.ENROLLED: (Status.EXITING,),
    Status.EXITING: (Status.ENROLLED,),
    Status.EXITED: (Status.FOLLOW_UP,),
    Status.FOLLOW_UP: (),
}
REOPENABLE = (Status.EXITED, Status.FOLLOW_UP)
# On a navigator's caseload page.
CASELOAD_STATUSES = (
    Status.INQUIRY,
    Status.ELIGIBILITY,
    Status.ENROLLED,
    Status.EXITING,
    Status.FOLLOW_UP,
)
# Counted against the program's caseload cap.
CAP_STATUSES = (Status.INQUIRY, Status.ELIGIBILITY, Status.ENROLLED, Status.EXITING)
# Terminology keys for status labels (see accounts.terminology).
STATUS_TERMS: dict[str, str] = {
    Status.INQUIRY: "Inquiry",
    Status.ELIGIBILITY: "Eligibility",
    Status.ENROLLED: "Enrolled",
    Status.EXITING: "Exiting",
    Status.EXITED: "Exited",
    Status.FOLLOW_UP: "Follow-up",
}


class Enrollment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="enrollments"
    )
    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INQUIRY)
    phase = models.CharField(max_length=100, blank=True)
    delivery_mode = models.CharField(max_length=12, blank=True)
    navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_enrollments",
    )
    started_on = models.DateField()
    enrolled_on = models.DateField(null=True, blank=True)
    exited_on = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(max_length=200, blank=True)
    # The planned transition date (kept by waypoint.closure from its forecast) and the
    # ending this is: reopening starts a new cycle, leaving the last one as history.
    transition_on = models.DateField(null=True, blank=True)
    cycle = models.PositiveSmallIntegerField(default=1)
    # A return after the program's window is a new enrollment linked to the earlier one.
    returned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="returns"
    )
    last_contact_at = models.DateTimeField(null=True, blank=True)
    # Relationship signals, kept by waypoint.notes.actions so the caseload stays one query:
    # attempts since the last completed contact; when an appointment was last missed
    # (cleared by the next completed contact); when the oldest unsigned note falls due.
    attempts_in_row = models.PositiveSmallIntegerField(default=0)
    missed_appointment_at = models.DateTimeField(null=True, blank=True)
    note_due_at = models.DateTimeField(null=True, blank=True)
    assessment_done_on = models.DateField(null=True, blank=True)
    isp_done_on = models.DateField(null=True, blank=True)
    # Derived from the program's time standards by enrollments.standards; kept
    # here so that caseload filters and sorts stay one indexed query.
    contact_due_on = models.DateField(null=True, blank=True)
    assessment_due_on = models.DateField(null=True, blank=True)
    isp_due_on = models.DateField(null=True, blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    next_due_what = models.CharField(max_length=20, blank=True)
    # A household's stay in the program (HUD's HouseholdID): the members enrolled
    # together share it, each with their relationship to the head of household (HUD
    # 3.15.1 codes, ``households.models.Relationship``). Empty: enrolled on their own.
    household = models.ForeignKey(
        "households.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    household_stay = models.CharField(max_length=32, blank=True, db_index=True)
    relationship_to_head = models.PositiveSmallIntegerField(default=1)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "program"],
                condition=Q(status__in=["inquiry", "eligibility", "enrolled", "exiting"]),
                name="enrollment_one_open_per_program",
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=models.F("started_on")),
                name="enrollment_exit_after_start",
            ),
            models.UniqueConstraint(
                fields=["household_stay"],
                condition=Q(relationship_to_head=1) & ~Q(household_stay=""),
                name="enrollment_one_head_per_stay",
            ),
            models.CheckConstraint(
                condition=Q(relationship_to_head__in=[1, 2, 3, 4, 5, 99]),
                name="enrollment_relationship_code",
            ),
        ]
        indexes = [
            models.Index(fields=["navigator", "status"], name="enrollment_navigator_status"),
            # Covers the supervisor's grouped counts without reading the table.
            models.Index(
                fields=["program", "status", "navigator", "contact_due_on"],
                name="enrollment_program_load",
            ),
            # The "nothing recent" list walks this in order and stops early.
            models.Index(fields=["contact_due_on"], name="enrollment_contact_due"),
            # The supervision page's count per program of people with no contact lately:
            # read from this index alone (``id`` because it counts ``pk``; a key column,
            # as SQLite has no INCLUDE), only the open enrollments' entries.
            models.Index(
                fields=["program", "contact_due_on", "id"],
                condition=Q(status__in=CASELOAD_STATUSES),
                name="enrollment_quiet",
            ),
            # The program dashboard's retention (people who started in the range, and
            # how long they stayed), read from this index alone.
            models.Index(
                fields=["program", "started_on", "exited_on", "id"],
                name="enrollment_program_started",
            ),
            # The dashboard's navigators of people no longer on a caseload: only those
            # enrollments' entries (``id`` for the notes each one is checked for).
            models.Index(
                fields=["program", "navigator", "id"],
                condition=~Q(status__in=CAP_STATUSES),
                name="enrollment_off_caseload",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.program}"

    @property
    def is_open(self) -> bool:
        return self.status in CAP_STATUSES


class EnrollmentEvent(models.Model):
    """The history of an enrollment: never updated, only added to."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Started")
        STATUS = "status", _("Status changed")
        PHASE = "phase", _("Phase changed")
        ASSIGNED = "assigned", _("Navigator assigned")
        REOPENED = "reopened", _("Reopened")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="events")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="enrollment_events"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    from_phase = models.CharField(max_length=100, blank=True)
    to_phase = models.CharField(max_length=100, blank=True)
    navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cap_override = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["participant", "at"], name="enrollment_event_timeline")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


class CaseloadCount(models.Model):
    """How many open enrollments (those counted against the cap) a navigator holds in a
    program; ``navigator`` empty counts the people waiting for one.

    Kept by ``enrollments.actions`` (recounted under a row lock whenever an enrollment's
    status or navigator changes) so that supervisors' overviews read a few rows per
    navigator instead of aggregating every enrollment.
    """

    program = models.ForeignKey(
        "accounts.Program", on_delete=models.CASCADE, related_name="caseload_counts"
    )
    navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    open_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "navigator"],
                condition=Q(navigator__isnull=False),
                name="caseload_count_unique",
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(navigator__isnull=True),
                name="caseload_count_unassigned_unique",
            ),
        ]
        indexes = [models.Index(fields=["program", "-open_count"], name="caseload_busiest")]

    def __str__(self) -> str:
        return f"{self.navigator or 'unassigned'} in {self.program}: {self.open_count}"


class QuietDay(models.Model):
    """How many people of a program's caseload (``CASELOAD_STATUSES``) have their next
    contact due on a day, kept by database triggers in the same transaction as the
    enrollment (``waypoint.enrollments.quiet_days``). Added up over the days before
    today, it is how many have gone quiet: no contact within the program's standard.

    A program's count for a day is split over ``quiet_days.SHARDS`` rows by navigator,
    so navigators logging contacts at the same moment seldom wait on one row.
    """

    program_id = models.BigIntegerField()
    due_on = models.DateField()
    shard = models.SmallIntegerField()
    people = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program_id", "due_on", "shard"], name="quiet_day_unique"
            )
        ]
        # The days someone is still counted on: the sum reads these, not every day
        # since the program began.
        indexes = [
            models.Index(
                fields=["program_id", "due_on"], condition=~Q(people=0), name="quiet_day_counted"
            )
        ]

    def __str__(self) -> str:
        return f"program {self.program_id}, due {self.due_on}: {self.people}"
