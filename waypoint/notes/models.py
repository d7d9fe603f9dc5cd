"""Contacts, appointments, SOAP-D progress notes, commitments and the writing coach's words.

Every contact and every attempt is a ``Contact``; each has one ``Note``. A note is a
draft until it is signed; a signed note never changes (the database refuses, see
migration 0002) and corrections are ``Addendum`` rows, dated and signed, shown with it.
Notes link to plan goals and steps by their ``key``, which stays the same across plan
versions, so a goal's notes follow it from one version to the next.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Method(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    VIDEO = "video", _("Video call")
    OUTREACH = "outreach", _("Street outreach")
    HOME_VISIT = "home_visit", _("Home visit")
    GROUP = "group", _("Group session")


class Place(models.TextChoices):
    OFFICE = "office", _("Program office")
    COMMUNITY = "community", _("Community place (library, café, park)")
    HOME = "home", _("Their home")
    SCHOOL = "school", _("School or training site")
    WORK = "work", _("Workplace")
    HOUSING = "housing", _("Shelter or housing site")
    STREET = "street", _("Street or outdoors")
    PARTNER = "partner", _("Partner agency")
    REMOTE = "remote", _("Remote (phone, video or message)")
    OTHER = "other", _("Somewhere else")


class Contact(models.Model):
    """One interaction with a participant, or one attempt to reach them."""

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        ATTEMPTED = "attempted", _("Attempted")

    class AttemptResult(models.TextChoices):
        NO_ANSWER = "no_answer", _("No answer")
        MESSAGE = "message", _("Left a message")
        NO_REPLY = "no_reply", _("Message sent, no reply yet")
        NOT_THERE = "not_there", _("Not at the place we agreed")
        NOT_WORKING = "not_working", _("Number or address not working")
        ANOTHER_TIME = "another_time", _("They asked to meet another time")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="contacts"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="contacts_logged"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    method = models.CharField(max_length=12, choices=Method.choices)
    happened_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    place = models.CharField(max_length=12, choices=Place.choices, blank=True)
    place_detail = models.CharField(max_length=200, blank=True)
    present = models.CharField(max_length=300, blank=True)
    attempt_result = models.CharField(max_length=12, choices=AttemptResult.choices, blank=True)
    appointment = models.ForeignKey(
        "Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [
            models.Index(fields=["enrollment", "happened_at"], name="contact_enrollment_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="attempted") | Q(attempt_result=""),
                name="contact_result_only_for_attempts",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__lte=1440),
                name="contact_minutes_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.get_method_display().lower()}"

    @property
    def attempted(self) -> bool:
        return self.outcome == self.Outcome.ATTEMPTED


# Sections of a SOAP-D note, in order: (field, title, prompt). Titles and prompts are
# shown in the reader's language (lazy): ``str()`` them where a plain string is needed.
SECTIONS: tuple[tuple[str, StrOrPromise, StrOrPromise], ...] = (
    (
        "strengths",
        _("Strengths observed"),
        _(
            "What did they bring today? Qualities, skills, effort and people or resources "
            "they drew on."
        ),
    ),
    (
        "objective",
        _("Objective account"),
        _(
            "What happened, what you saw and heard. Facts, not impressions; quote their "
            "words where it helps."
        ),
    ),
    (
        "assessment",
        _("Assessment"),
        _("Progress and barriers on their goals, and what changed since last time."),
    ),
    (
        "participant_view",
        _("In their words"),
        _("How they see their progress and what they want next."),
    ),
    (
        "plan",
        _("Plan"),
        _("Next steps, who does each, and when you meet next."),
    ),
    (
        "data",
        _("Data: new information"),
        _(
            "Anything new in their life: a job, a move, lost childcare, a bereavement, a new "
            "phone number."
        ),
    ),
)
# What a short note for an attempted contact asks.
ATTEMPT_SECTIONS = ("objective", "plan")
SECTION_TITLES = {key: title for key, title, _ in SECTIONS}


class Note(models.Model):
    """A SOAP-D progress note for one contact. Signed notes never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="note")
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="notes"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="notes"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    strengths = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    participant_view = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    data = models.TextField(blank=True)
    next_meeting_at = models.DateTimeField(null=True, blank=True)
    sensitive_categories = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    # Bumped by every saved change to a draft: a stale form is refused.
    edit_version = models.PositiveIntegerField(default=1)
    # When the program's window closes: the contact's time plus the note window.
    due_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["enrollment", "status", "due_at"], name="note_enrollment_due"),
            models.Index(fields=["author", "status", "due_at"], name="note_author_due"),
            # The drafts whose window closes soon (the supervision page's current hour).
            models.Index(fields=["due_at"], condition=Q(status="draft"), name="note_draft_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(signed_at__isnull=False) & Q(signed_by__isnull=False)),
                name="note_signed_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Note for {self.contact}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def sensitive(self) -> bool:
        return bool(self.sensitive_categories)


class NoteHour(models.Model):
    """Notes signed (and how many late) and drafts falling due, per program, author and
    hour: kept by database triggers, read by the supervision page (see
    ``waypoint.notes.note_hours``). ``author_id`` 0 counts every author of the program;
    ``hour`` is hours since 1970-01-01 00:00 UTC. Plain numbers, not foreign keys: the
    rows are a count the triggers keep, never edited by hand."""

    program_id = models.BigIntegerField()
    author_id = models.BigIntegerField()
    hour = models.BigIntegerField()
    signed = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    drafts = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program_id", "author_id", "hour"], name="note_hour_unique"
            ),
        ]
        indexes = [
            # The few hours with drafts still open, without the years of signed notes.
            models.Index(
                fields=["program_id", "author_id", "hour"],
                condition=models.Q(drafts__gt=0),
                name="note_hour_open_drafts",
            ),
        ]

    def __str__(self) -> str:
        return f"Notes of program {self.program_id} by {self.author_id} in hour {self.hour}"


class ContactQuarter(models.Model):
    """Completed contacts and attempts per program and quarter hour (15-minute spans
    since 1970-01-01 00:00 UTC): kept by database triggers, read by the dashboard's
    effort chart (see ``waypoint.notes.contact_quarters``)."""

    program_id = models.BigIntegerField()
    quarter = models.BigIntegerField()
    completed = models.IntegerField(default=0)
    attempted = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program_id", "quarter"], name="contact_quarter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Contacts of program {self.program_id} in quarter hour {self.quarter}"


class NoteLink(models.Model):
    """A plan goal (or one of its action steps) that a note advances."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Goal")
        STEP = "step", _("Action step")

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="links")
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    goal_key = models.UUIDField()
    item_key = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "item_key"], name="note_link_unique"),
        ]
        indexes = [models.Index(fields=["plan", "goal_key"], name="note_link_goal")]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_key}"


class Addendum(models.Model):
    """A dated, signed correction or addition to a signed note. Never changes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["written_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(text__regex=r"\S"), name="addendum_not_blank"),
        ]

    def __str__(self) -> str:
        return f"Addendum {self.written_at:%Y-%m-%d}"


class Appointment(models.Model):
    """A meeting planned with the participant (and sometimes staff or family)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        KEPT = "kept", _("Kept")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="appointments"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    method = models.CharField(max_length=12, choices=Method.choices, default=Method.IN_PERSON)
    place = models.CharField(max_length=12, choices=Place.choices, blank=True)
    place_detail = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=300)
    others = models.CharField(max_length=300, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="appointments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = models.CharField(max_length=500, blank=True)
    status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_at = models.DateTimeField(null=True, blank=True)
    invited = models.BooleanField(default=False)
    # The iCalendar SEQUENCE: bumped each time an invitation for it is re-sent.
    sequence = models.PositiveSmallIntegerField(default=0)
    from_note = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["staff", "status", "starts_at"], name="appointment_staff_when"),
            models.Index(fields=["enrollment", "starts_at"], name="appointment_enrollment"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5) & Q(minutes__lte=720), name="appointment_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.starts_at:%Y-%m-%d %H:%M})"


class Commitment(models.Model):
    """Something staff promised the participant, tracked until it is kept."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        KEPT = "kept", _("Kept")
        RELEASED = "released", _("No longer needed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="commitments"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="commitments"
    )
    what = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commitments"
    )
    note = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.CharField(max_length=500, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["due_on", "created_at", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="commitment_owner_open")]
        constraints = [
            models.CheckConstraint(condition=Q(what__regex=r"\S"), name="commitment_not_blank"),
        ]

    def __str__(self) -> str:
        return self.what


class CoachPhrase(models.Model):
    """A word or phrase the writing coach points out, and what to write instead.

    Each organization keeps its own list (administrators edit it); new organizations
    start from the default list in ``notes.coach_defaults``.
    """

    class Kind(models.TextChoices):
        LABEL = "label", _("Labelling or judgmental word")
        OPINION = "opinion", _("Opinion in the objective account")
        SHORTHAND = "shorthand", _("Shorthand or slang")

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="coach_phrases"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The language the phrase, its suggestion and why are written in (notes are
    # checked against every language's phrases: a note may be written in any).
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    phrase = models.CharField(max_length=100)
    suggestion = models.CharField(max_length=300, blank=True)
    why = models.CharField(max_length=300, blank=True)
    sections = models.JSONField(default=list, blank=True)
    not_after = models.JSONField(default=list, blank=True)
    not_before = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "phrase"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "phrase"], name="coach_phrase_unique"
            ),
            models.CheckConstraint(condition=Q(phrase__regex=r"\S"), name="coach_phrase_not_blank"),
        ]

    def __str__(self) -> str:
        return self.phrase
