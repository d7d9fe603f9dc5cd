"""The Individualized Service Plan (ISP): goals written together, traced to numbered needs.

A plan belongs to one enrollment and lives as numbered versions. Only a draft's
content changes; a version shared with the participant waits for their
acknowledgement (or goes back to draft), and an acknowledged version never
changes again: revising makes a new draft that starts as a copy. The database
enforces this with triggers (migration 0002).

Goals, steps and services carry a ``key`` that stays the same across versions,
so two versions can be compared item by item and progress (``Progress``) follows
a goal from one version to the next. Progress is recorded beside the plan, not
in it: how a goal is going changes every week; what was agreed does not.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.OneToOneField(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="plan"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="plans"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Service plan for {self.enrollment}"


class PlanVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SHARED = "shared", _("Shared with the participant")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the participant")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    revision_reason = models.TextField(blank=True, max_length=1000)
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
    # Bumped by every saved change to a draft: a stale form is refused.
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["draft", "shared"]),
                name="plan_one_open_version",
            ),
            models.CheckConstraint(
                condition=~Q(status="acknowledged")
                | (Q(acknowledged_on__isnull=False) & ~Q(acknowledged_name="")),
                name="plan_acknowledged_has_name_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class LongTermGoal(models.Model):
    """Where the participant wants to get to, in their own words."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="long_term")
    key = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveSmallIntegerField()
    words = models.TextField(max_length=1000)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="long_term_key_unique")
        ]

    def __str__(self) -> str:
        return self.words


class Who(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    NAVIGATOR = "navigator", _("Navigator")
    STAFF = "staff", _("Other program staff")
    PARTNER = "partner", _("Partner organization")
    FAMILY = "family", _("Family member or friend")


class Goal(models.Model):
    """A short-term goal: SMARTS, traced to one or more numbered needs."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="goals")
    key = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveSmallIntegerField()
    long_term_key = models.UUIDField(null=True, blank=True)
    text = models.TextField(max_length=1000)
    measure = models.CharField(max_length=500, blank=True)
    target_date = models.DateField(null=True, blank=True)
    strengths = models.CharField(max_length=500, blank=True)
    achievable_confirmed = models.BooleanField(default=False)
    realistic_confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="goal_key_unique")]

    def __str__(self) -> str:
        return self.text


class GoalNeed(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="need_links")
    need = models.ForeignKey("assessments.Need", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["goal", "need"], name="goal_need_unique")]

    def __str__(self) -> str:
        return f"{self.goal} → {self.need}"


class Step(models.Model):
    """An action step under a goal: what, who, by when."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="steps")
    key = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveSmallIntegerField()
    what = models.CharField(max_length=500)
    who = models.CharField(max_length=12, choices=Who.choices, default=Who.PARTICIPANT)
    who_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.what


class Service(models.Model):
    """What the program and navigator will do to support a goal, and how often."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="services")
    key = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveSmallIntegerField()
    what = models.CharField(max_length=500)
    provider = models.CharField(max_length=12, choices=Who.choices, default=Who.NAVIGATOR)
    how_often = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.what


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    CHANGED = "changed", _("Changed")
    SET_ASIDE = "set_aside", _("Set aside")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


class Progress(models.Model):
    """How a goal or step is going, over time. Only ever added to."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Goal")
        STEP = "step", _("Step")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="progress")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    item_key = models.UUIDField()
    status = models.CharField(max_length=12)
    reason = models.TextField(blank=True, max_length=1000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["plan", "item_key", "at"], name="plan_progress_item")]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"
