"""Exit planning, closure, the post-program plan, and follow-up after the goodbye.

An enrollment's ending is a small project of its own, done with the participant:

- a ``Forecast``: the planned transition date, set weeks ahead and talked through with
  them (the enrollment keeps a copy of the date so the caseload stays one query);
- an ``ExitInterview``: scheduled as an appointment, held, and recorded in their words;
- a ``PostProgramPlan``: the participant's own copy of what comes next, built from the
  service plan, shared and acknowledged like a plan version; once acknowledged it
  never changes (the database refuses, migration 0002);
- a ``Closure``: the reason from the program's list (``ClosureReason``, each mapped to
  HUD's destination and completion codes), checks that explain themselves, and a
  supervisor's approval where the program asks for one (``ClosureEvent`` keeps the
  history);
- ``CheckIn`` rows after the exit, on the program's schedule, each logged as a
  post-exit contact with a short outcome.

Every record carries the enrollment's ``cycle``: reopening starts a new cycle, so the
closure, the plans and the check-ins of an earlier ending stay as history.
``ClosureSettings`` holds a program's choices (how far ahead to forecast, the
check-in schedule, which checks block, whether a closure needs approval).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_REMINDER_DAYS = [28, 14, 7, 1]
DEFAULT_CHECK_IN_DAYS = [30, 90, 180]
DEFAULT_CELEBRATION_IDEAS = [
    "A letter to their future self, opened at a check-in",
    "A meal together with the people who helped along the way",
    "A wall of appreciation: notes from staff and peers",
    "A toast or a small gathering with family and friends",
    "A certificate or keepsake of what they achieved",
    "Something of their own choosing",
]


class Check(models.TextChoices):
    """What is looked at before an enrollment closes. Each explains itself."""

    EXIT_DATE = "exit_date", _("Exit date")
    REFERRALS = "referrals", _("Open referrals")
    COMMITMENTS = "commitments", _("Open commitments")
    NOTES = "notes", _("Unsigned notes")
    INTERVIEW = "interview", _("Exit interview")
    POST_PLAN = "post_plan", _("Post-program plan")


class Rule(models.TextChoices):
    BLOCK = "block", _("Stops the closure")
    WARN = "warn", _("Warns only")
    OFF = "off", _("Not checked")


def default_check_rules() -> dict[str, str]:
    return {
        Check.EXIT_DATE: Rule.BLOCK,
        Check.REFERRALS: Rule.WARN,
        Check.COMMITMENTS: Rule.WARN,
        Check.NOTES: Rule.BLOCK,
        Check.INTERVIEW: Rule.WARN,
        Check.POST_PLAN: Rule.WARN,
    }


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


def default_check_in_days() -> list[int]:
    return list(DEFAULT_CHECK_IN_DAYS)


def default_celebration_ideas() -> list[str]:
    return list(DEFAULT_CELEBRATION_IDEAS)


class ClosureSettings(models.Model):
    """A program's choices for endings. Made with the defaults the first time it is read."""

    program = models.OneToOneField(
        "accounts.Program", on_delete=models.CASCADE, related_name="closure_settings"
    )
    notice_weeks = models.PositiveSmallIntegerField(
        default=4, help_text=_("Weeks ahead of the transition date it should be set.")
    )
    reminder_days = models.JSONField(default=default_reminder_days, blank=True)
    check_in_days = models.JSONField(default=default_check_in_days, blank=True)
    silence_days = models.PositiveSmallIntegerField(
        default=0, help_text=_("No contact for this many days lists the enrollment; 0 is off.")
    )
    return_window_days = models.PositiveSmallIntegerField(default=90)
    needs_approval = models.BooleanField(default=False)
    check_rules = models.JSONField(default=default_check_rules, blank=True)
    celebration_ideas = models.JSONField(default=default_celebration_ideas, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_weeks__lte=52), name="closure_notice_weeks_range"
            ),
            models.CheckConstraint(
                condition=Q(silence_days__lte=730), name="closure_silence_days_range"
            ),
            models.CheckConstraint(
                condition=Q(return_window_days__lte=730), name="closure_return_window_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Closure settings for {self.program}"

    def rule(self, check: str) -> str:
        return str(self.check_rules.get(check) or default_check_rules().get(check, Rule.WARN))


class ClosureReason(models.Model):
    """One reason on a program's list, with the HUD codes it usually means."""

    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="closure_reasons"
    )
    label = models.CharField(max_length=200)
    destination = models.PositiveSmallIntegerField(
        help_text=_("HUD 3.12 destination usually meant by this reason.")
    )
    completion = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("HUD R17.1 project completion status.")
    )
    needs_approval = models.BooleanField(
        default=False, help_text=_("A supervisor approves closures for this reason.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(label__regex=r"\S"), name="closure_reason_label"),
            models.UniqueConstraint(
                fields=["program", "label"], name="closure_reason_label_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Forecast(models.Model):
    """The planned transition date for one ending, and when it was talked through."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="forecasts"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    transition_on = models.DateField()
    discussed_on = models.DateField(null=True, blank=True)
    discussed_how = models.CharField(max_length=500, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    # The reminders already emailed for this date (days before it); a new date clears it.
    reminded = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "cycle"], name="forecast_one_per_cycle")
        ]

    def __str__(self) -> str:
        return f"Transition on {self.transition_on}"


class ExitInterview(models.Model):
    """The conversation before leaving: scheduled, held and written in their words."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        DECLINED = "declined", _("They chose not to have one")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="exit_interviews"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    appointment = models.ForeignKey(
        "notes.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(null=True, blank=True)
    helped = models.TextField(blank=True, max_length=2000)
    better = models.TextField(blank=True, max_length=2000)
    next_feelings = models.TextField(blank=True, max_length=2000)
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    declined_words = models.TextField(blank=True, max_length=2000)
    # The program's own exit questions, as asked, and the answers {key: answer}.
    questions = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "cycle"], name="exit_interview_one_per_cycle"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | (Q(satisfaction__gte=1) & Q(satisfaction__lte=5)),
                name="exit_interview_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False),
                name="exit_interview_held_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Exit interview ({self.get_status_display()})"


class PostProgramPlan(models.Model):
    """The participant's copy of what comes next. Numbered versions, like the service
    plan: a draft changes, a shared one waits for them, an acknowledged one is frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SHARED = "shared", _("Shared with the participant")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the participant")

    class Stage(models.TextChoices):
        JOB = "job", _("A job")
        SCHOOL = "school", _("School")
        TRAINING = "training", _("Training")
        HOUSING = "housing", _("A home")
        OTHER = "other", _("Something else")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="post_plans"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    source_version = models.ForeignKey(
        "plans.PlanVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    next_stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    next_stage_words = models.TextField(blank=True, max_length=2000)
    still_help = models.TextField(blank=True, max_length=2000)
    stay_in_touch = models.TextField(blank=True, max_length=1000)
    check_ins_words = models.TextField(blank=True, max_length=1000)
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_name = models.CharField(max_length=200, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    edit_version = models.PositiveIntegerField(default=1)
    # Unique through a conditional constraint: SQLite adds it as an index, without
    # rebuilding the table (which would drop the freezing triggers of migration 0002).
    creation_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-cycle", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "cycle", "number"], name="post_plan_number_unique"
            ),
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status__in=["draft", "shared"]),
                name="post_plan_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(status="acknowledged")
                | (Q(acknowledged_on__isnull=False) & ~Q(acknowledged_name="")),
                name="post_plan_acknowledged_has_name_and_date",
            ),
            models.UniqueConstraint(
                fields=["creation_key"],
                condition=Q(creation_key__isnull=False),
                name="post_plan_creation_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Post-program plan, version {self.number} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class PostPlanGoal(models.Model):
    """A goal of the service plan, as it stands at the end."""

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        CONTINUING = "continuing", _("Continuing")
        SET_ASIDE = "set_aside", _("Set aside")

    post_plan = models.ForeignKey(PostProgramPlan, on_delete=models.PROTECT, related_name="goals")
    goal_key = models.UUIDField()
    position = models.PositiveSmallIntegerField()
    text = models.TextField(max_length=1000)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.CONTINUING)
    next_steps = models.TextField(blank=True, max_length=2000)
    words = models.TextField(blank=True, max_length=1000)
    sensitive = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["post_plan", "goal_key"], name="post_plan_goal_once")
        ]

    def __str__(self) -> str:
        return self.text


class PostPlanSupport(models.Model):
    """Someone they can turn to after the program."""

    class Kind(models.TextChoices):
        EMOTIONAL = "emotional", _("Emotional support")
        FINANCIAL = "financial", _("Money")
        EDUCATIONAL = "educational", _("School and learning")
        VOCATIONAL = "vocational", _("Work")
        HOUSING = "housing", _("A place to live")
        OTHER = "other", _("Other help")

    post_plan = models.ForeignKey(
        PostProgramPlan, on_delete=models.PROTECT, related_name="supports"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.EMOTIONAL)
    who = models.CharField(max_length=200)
    how = models.CharField(max_length=500, blank=True)
    reach = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.who


class PostPlanResource(models.Model):
    """A service from the directory (or a referral already made), with what to expect."""

    post_plan = models.ForeignKey(
        PostProgramPlan, on_delete=models.PROTECT, related_name="resources"
    )
    position = models.PositiveSmallIntegerField()
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=300)
    expect = models.TextField(blank=True, max_length=1000)
    reach = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Closure(models.Model):
    """One ending: requested, perhaps returned and approved, then closed; kept as history
    when the enrollment is reopened."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        RETURNED = "returned", _("Returned with a comment")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="closures"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.ForeignKey(ClosureReason, on_delete=models.PROTECT, related_name="+")
    reason_label = models.CharField(max_length=200)
    destination = models.PositiveSmallIntegerField()
    # HUD 3.12.A: which ongoing subsidy, when the destination is a rental with one.
    destination_subsidy = models.PositiveSmallIntegerField(null=True, blank=True)
    completion = models.PositiveSmallIntegerField(null=True, blank=True)
    exit_on = models.DateField()
    note = models.TextField(max_length=5000)
    # The checks as they stood when it was asked for: [{check, rule, passed, reason}].
    checks = models.JSONField(default=list, blank=True)
    celebration = models.JSONField(default=list, blank=True)
    celebration_words = models.TextField(blank=True, max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status__in=["requested", "returned"]),
                name="closure_one_pending",
            ),
            models.UniqueConstraint(
                fields=["enrollment", "cycle"],
                condition=Q(status="closed"),
                name="closure_one_closed_per_cycle",
            ),
            models.CheckConstraint(condition=Q(note__regex=r"\S"), name="closure_note_required"),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="closure_closed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="closure_pending")]

    def __str__(self) -> str:
        return f"{self.reason_label} ({self.get_status_display()})"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.RETURNED)


class ClosureEvent(models.Model):
    """The history of a closure: each request, return, approval, closing and reopening."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Asked for approval")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REOPENED = "reopened", _("Reopened")

    closure = models.ForeignKey(Closure, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    comment = models.TextField(blank=True, max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class CheckIn(models.Model):
    """A follow-up after the exit, on the program's schedule (30, 90, 180 days ...)."""

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        REACHED = "reached", _("Reached")
        NOT_REACHED = "not_reached", _("Could not reach them")
        SKIPPED = "skipped", _("Not needed")

    class Outcome(models.TextChoices):
        EMPLOYED = "employed", _("Working")
        HOUSED = "housed", _("Housed")
        SCHOOL = "school", _("In school or training")
        NEEDS_HELP = "needs_help", _("Needs help again")

    # Outcomes that count as stable at a check-in.
    STABLE = ("employed", "housed", "school")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="check_ins"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    closure = models.ForeignKey(Closure, on_delete=models.PROTECT, related_name="check_ins")
    cycle = models.PositiveSmallIntegerField(default=1)
    days_after = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DUE)
    attempts = models.PositiveSmallIntegerField(default=0)
    contact = models.ForeignKey(
        "notes.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcomes = models.JSONField(default=list, blank=True)
    words = models.CharField(max_length=500, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["closure", "days_after"], name="check_in_once_per_day_offset"
            ),
        ]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="check_in_owner_due")]

    def __str__(self) -> str:
        return f"{self.days_after}-day check-in ({self.get_status_display()})"

    @property
    def stable(self) -> bool:
        return (
            self.status == self.Status.REACHED
            and bool(set(self.outcomes) & set(self.STABLE))
            and self.Outcome.NEEDS_HELP not in self.outcomes
        )


class SilenceNotice(models.Model):
    """The daily sweep told one supervisor, on one day, how many of a program's open
    enrollments have gone quiet (never who): one row a day at most, so a second run of the
    sweep sends nothing more."""

    program = models.ForeignKey("accounts.Program", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    candidates = models.PositiveIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user", "sent_on"], name="silence_notice_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidates} quiet, told on {self.sent_on}"
