"""Case conferences and family conferences: who meets, whom they discuss and why, what
each attendee may hear, what was said, and the action plan everyone leaves with.

A ``Conference`` is one meeting (a repeating team conference is a ``Series`` of them).
Its ``Attendee`` rows are staff, partner people, family members and the participant,
each with their roles. Each participant discussed is a ``Discussion``: the reason, a
time budget, each attendee's ``Contribution``, the facilitator's summary, the family's
``Agreement`` and the ``ActionItem`` rows that come out of it. Once the notetaker signs
the minutes, nothing of the meeting changes (the database refuses, migration 0002):
corrections are ``MinutesAddendum`` rows, and an action item only moves from open to
done or no longer needed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Ground rules a family conference starts from; the family edits and agrees them. They are
# copied into each new family conference (stored text), so they are not translated here.
DEFAULT_GROUND_RULES = [
    "Everyone here cares about how things go for the family.",
    "One person speaks at a time; everyone gets a turn before anyone speaks twice.",
    "We talk about what helps and what gets in the way, not about who is to blame.",
    "The family chooses what goes in the plan.",
    "What is said here stays here, unless someone's safety is at risk.",
    "Anyone can ask for a break.",
]


class Kind(models.TextChoices):
    TEAM = "team", gettext_lazy("Team conference")
    INTERAGENCY = "interagency", gettext_lazy("Interagency conference")
    FAMILY = "family", gettext_lazy("Family conference")


class Series(models.Model):
    """A conference that repeats: each meeting is its own ``Conference``."""

    class Every(models.TextChoices):
        WEEK = "week", gettext_lazy("Every week")
        TWO_WEEKS = "two_weeks", gettext_lazy("Every two weeks")
        FOUR_WEEKS = "four_weeks", gettext_lazy("Every four weeks")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="+")
    every = models.CharField(max_length=12, choices=Every.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.get_every_display()

    @property
    def days(self) -> int:
        return {"week": 7, "two_weeks": 14, "four_weeks": 28}[self.every]


class Conference(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", gettext_lazy("Scheduled")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_reason = models.CharField(max_length=500, blank=True)
    # Family conferences: the ground rules the family agreed.
    ground_rules = models.JSONField(default=list, blank=True)
    rules_agreed_at = models.DateTimeField(null=True, blank=True)
    # The iCalendar SEQUENCE: bumped each time invitations are re-sent with a change.
    sequence = models.PositiveSmallIntegerField(default=0)
    invited_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change to the set-up, so a stale form is refused.
    version = models.PositiveIntegerField(default=1)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["program", "starts_at"], name="conference_program_when"),
            models.Index(fields=["organization", "starts_at"], name="conference_org_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=15) & Q(minutes__lte=480), name="conference_length"
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | Q(signed_by__isnull=False),
                name="conference_signed_has_who",
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | Q(status="scheduled"),
                name="conference_signed_not_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_family(self) -> bool:
        return self.kind == Kind.FAMILY


class Attendee(models.Model):
    """Someone invited to a conference, in which roles, and whether they came."""

    class Kind(models.TextChoices):
        STAFF = "staff", gettext_lazy("Staff")
        PARTNER = "partner", gettext_lazy("Partner")
        FAMILY = "family", gettext_lazy("Family member or supporter")
        PARTICIPANT = "participant", gettext_lazy("Participant")
        RESOURCE = "resource", gettext_lazy("Resource person")

    class Attendance(models.TextChoices):
        INVITED = "invited", gettext_lazy("Invited")
        ATTENDED = "attended", gettext_lazy("Came")
        ABSENT = "absent", gettext_lazy("Did not come")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="attendees")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Staff, and partner people who sign in, are users; others are named here.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The partner organization someone comes from (from the directory).
    provider = models.ForeignKey(
        "directory.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    directory_contact = models.ForeignKey(
        "directory.DirectoryContact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A participant who comes to their own (or their family's) conference.
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    facilitator = models.BooleanField(default=False)
    timekeeper = models.BooleanField(default=False)
    notetaker = models.BooleanField(default=False)
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.INVITED
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "user"],
                condition=Q(user__isnull=False),
                name="attendee_user_once",
            ),
            models.UniqueConstraint(
                fields=["conference", "participant"],
                condition=Q(participant__isnull=False),
                name="attendee_participant_once",
            ),
            models.UniqueConstraint(
                fields=["conference"], condition=Q(facilitator=True), name="one_facilitator"
            ),
            models.UniqueConstraint(
                fields=["conference"], condition=Q(timekeeper=True), name="one_timekeeper"
            ),
            models.UniqueConstraint(
                fields=["conference"], condition=Q(notetaker=True), name="one_notetaker"
            ),
            models.CheckConstraint(condition=Q(name__regex=r"\S"), name="attendee_named"),
            models.CheckConstraint(
                condition=~Q(kind="staff") | Q(user__isnull=False), name="attendee_staff_user"
            ),
            models.CheckConstraint(
                condition=~Q(kind="participant") | Q(participant__isnull=False),
                name="attendee_participant_person",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def outside(self) -> bool:
        """Not staff of the organization: leaves the room for a staff-only part."""
        return self.kind != self.Kind.STAFF

    @property
    def roles(self) -> list[str]:
        held = [("facilitator", _("Facilitator")), ("timekeeper", _("Timekeeper"))]
        held.append(("notetaker", _("Notetaker")))
        return [label for field, label in held if getattr(self, field)]

    @property
    def present(self) -> bool:
        return self.attendance != self.Attendance.ABSENT


class Discussion(models.Model):
    """One participant on the agenda: why, for how long, what was said and agreed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="discussions")
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="conference_discussions"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    budget_minutes = models.PositiveSmallIntegerField(default=10)
    # Discussed with staff only: outside attendees step out for this part.
    staff_only = models.BooleanField(default=False)
    timer_started_at = models.DateTimeField(null=True, blank=True)
    elapsed_seconds = models.PositiveIntegerField(default=0)
    # The facilitator's summary, confirmed with the group.
    strengths = models.TextField(blank=True)
    barriers = models.TextField(blank=True)
    service_needs = models.TextField(blank=True)
    summary_confirmed = models.BooleanField(default=False)
    sensitive_categories = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "enrollment"], name="discussion_enrollment_once"
            ),
            models.CheckConstraint(condition=Q(reason__regex=r"\S"), name="discussion_reason"),
            models.CheckConstraint(
                condition=Q(budget_minutes__gte=1) & Q(budget_minutes__lte=240),
                name="discussion_budget",
            ),
        ]
        indexes = [models.Index(fields=["enrollment", "conference"], name="discussion_enrollment")]

    def __str__(self) -> str:
        return self.reason

    @property
    def elapsed_label(self) -> str:
        minutes, seconds = divmod(self.elapsed_seconds, 60)
        return _("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": seconds}

    @property
    def has_summary(self) -> bool:
        return bool(self.strengths or self.barriers or self.service_needs)


class Contribution(models.Model):
    """What one attendee brought about one participant: short, not a story."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    discussion = models.ForeignKey(
        Discussion, on_delete=models.PROTECT, related_name="contributions"
    )
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="contributions")
    strengths = models.CharField(max_length=600, blank=True)
    barriers = models.CharField(max_length=600, blank=True)
    ideas = models.CharField(max_length=600, blank=True)
    sensitive_categories = models.JSONField(default=list, blank=True)
    # Written before the meeting by the attendee ("come prepared"), or in it.
    ahead = models.BooleanField(default=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["written_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strengths__regex=r"\S")
                | Q(barriers__regex=r"\S")
                | Q(ideas__regex=r"\S"),
                name="contribution_not_blank",
            ),
        ]

    def __str__(self) -> str:
        return f"Contribution by {self.attendee}"


class Agreement(models.Model):
    """One attendee's word on the plan a family conference reached by consensus."""

    class Answer(models.TextChoices):
        AGREES = "agrees", gettext_lazy("Agrees")
        RESERVATIONS = "reservations", gettext_lazy("Agrees, with reservations")
        DISAGREES = "disagrees", gettext_lazy("Does not agree yet")

    discussion = models.ForeignKey(Discussion, on_delete=models.PROTECT, related_name="agreements")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="agreements")
    answer = models.CharField(max_length=12, choices=Answer.choices)
    words = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["discussion", "attendee"], name="agreement_once"),
        ]

    def __str__(self) -> str:
        return self.get_answer_display()


class ActionItem(models.Model):
    """Something someone will do for a participant, agreed in a conference."""

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        DONE = "done", gettext_lazy("Done")
        RELEASED = "released", gettext_lazy("No longer needed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="action_items"
    )
    discussion = models.ForeignKey(
        Discussion, on_delete=models.PROTECT, related_name="action_items"
    )
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="conference_actions"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(max_length=300)
    # Staff own items as users; everyone else as an attendee of the conference.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conference_actions",
    )
    owner_attendee = models.ForeignKey(
        Attendee, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    due_on = models.DateField()
    need = models.ForeignKey(
        "assessments.Need", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A plan goal, by the key that stays the same across plan versions.
    goal_key = models.UUIDField(null=True, blank=True)
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sensitive_categories = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.CharField(max_length=500, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the owner was told (staff: their list; others: an email).
    sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner_user", "status", "due_on"], name="action_owner_open"),
            models.Index(fields=["enrollment", "status"], name="action_enrollment_open"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(what__regex=r"\S"), name="action_not_blank"),
            models.CheckConstraint(
                condition=(Q(owner_user__isnull=False) & Q(owner_attendee__isnull=True))
                | (Q(owner_user__isnull=True) & Q(owner_attendee__isnull=False)),
                name="action_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="action_closed_has_when",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def owner_name(self) -> str:
        if self.owner_user_id is not None:
            return str(self.owner_user)
        return str(self.owner_attendee)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class MinutesAddendum(models.Model):
    """A dated, signed correction or addition to signed minutes. Never changes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="addenda")
    discussion = models.ForeignKey(
        Discussion, null=True, blank=True, on_delete=models.PROTECT, related_name="addenda"
    )
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["written_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(text__regex=r"\S"), name="minutes_addendum_text"),
        ]

    def __str__(self) -> str:
        return f"Addendum {self.written_at:%Y-%m-%d}"
