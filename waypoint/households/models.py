"""Households: the lasting group of people a participant lives with (each member a
participant or a family member who is not enrolled), who heads it, and who joined and
left when.

An enrollment can be part of a household's stay in a program
(``enrollments.Enrollment.household_stay``, HUD's HouseholdID): the members enrolled
together share one stay id, each with their relationship to the head of household.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Relationship(models.IntegerChoices):
    """HUD 3.15.1 Relationship to head of household: HUD's codes, our words."""

    HEAD = 1, _("Head of household")
    CHILD = 2, _("Child of the head of household")
    PARTNER = 3, _("Spouse or partner of the head of household")
    RELATIVE = 4, _("Another relative")
    UNRELATED = 5, _("Part of the household, not related")
    NOT_COLLECTED = 99, _("Not recorded")


class Household(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="households"
    )
    name = models.CharField(_("What the household is called"), max_length=200, blank=True)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name or str(_("Household"))


class Member(models.Model):
    """One person's time in a household: a participant, or someone not enrolled (a name
    and perhaps a date of birth). Leaving sets ``left_on``; the row stays as history."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="household_memberships",
    )
    name = models.CharField(_("Name they go by"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("Date of birth"), null=True, blank=True)
    relationship = models.PositiveSmallIntegerField(
        _("Relationship to the head of household"),
        choices=Relationship.choices,
        default=Relationship.NOT_COLLECTED,
    )
    relationship_words = models.CharField(_("In their own words"), max_length=100, blank=True)
    is_head = models.BooleanField(default=False)
    # The member agreed that their name and relationship show on the other members'
    # pages to staff who cannot open their own record.
    shown_to_household = models.BooleanField(default=False)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    left_reason = models.CharField(_("Why they left"), max_length=300, blank=True)
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-is_head", "joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(participant__isnull=False, name="") | Q(participant__isnull=True))
                & (Q(participant__isnull=False) | Q(name__regex=r"\S")),
                name="household_member_who",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(is_head=True, left_on__isnull=True),
                name="household_one_head",
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(participant__isnull=False, left_on__isnull=True),
                name="household_one_current_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="household_left_after_joined",
            ),
            models.CheckConstraint(
                condition=~Q(is_head=True) | Q(relationship=Relationship.HEAD),
                name="household_head_is_self",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.participant)

    @property
    def is_current(self) -> bool:
        return self.left_on is None
