"""Organizations, their programs, the staff who work there and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from waypoint.accounts.terminology import BASE_LANGUAGE, words_in


class Organization(models.Model):
    name = models.CharField(max_length=200)
    second_factor_required = models.BooleanField(
        default=True,
        help_text=gettext_lazy(
            "Everyone who can see participant data signs in with a code from an "
            "authenticator app as well as their password."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


DEFAULT_PHASES = ["Recruitment", "Enrollment", "Training", "Placement", "Follow-up"]


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", gettext_lazy("In person")
    VIRTUAL = "virtual", gettext_lazy("Virtual")
    HYBRID = "hybrid", gettext_lazy("Hybrid")


def default_sensitive_roles() -> list[str]:
    return ["manager", "supervisor", "navigator"]


class Program(models.Model):
    """A funded service with its own flow, standards and words."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="programs"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    phases = models.JSONField(default=list, help_text=gettext_lazy("Service phases, in order."))
    delivery_modes = models.JSONField(default=list, blank=True)
    caseload_cap = models.PositiveSmallIntegerField(default=25)
    assessment_due_days = models.PositiveSmallIntegerField(default=14)
    isp_due_days = models.PositiveSmallIntegerField(default=30)
    reassess_every_days = models.PositiveSmallIntegerField(
        default=90,
        help_text=gettext_lazy("Days between assessments once the first is done; 0 for none."),
    )
    note_due_hours = models.PositiveSmallIntegerField(default=48)
    contact_every_days = models.PositiveSmallIntegerField(default=14)
    referral_response_days = models.PositiveSmallIntegerField(
        default=7,
        help_text=gettext_lazy("Days a partner has to answer a referral before it is flagged."),
    )
    team_visibility = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Navigators may see every participant of this program, not only their own."
        ),
    )
    terminology = models.JSONField(default=dict, blank=True)
    sensitive_roles = models.JSONField(
        default=default_sensitive_roles,
        blank=True,
        help_text=gettext_lazy(
            "Roles that see health, mental health, substance use, legal and justice "
            "details; everyone else sees that they exist."
        ),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="program_name_unique"),
            models.CheckConstraint(condition=Q(caseload_cap__gte=1), name="program_cap_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def words_here(self) -> dict[str, str]:
        """The words this program renamed, in the language being spoken."""
        return words_in(self.terminology, (get_language() or BASE_LANGUAGE).split("-")[0])

    def clean(self) -> None:
        if not self.phases:
            raise ValidationError({"phases": _("A program needs at least one phase.")})
        if len(set(p.casefold() for p in self.phases)) != len(self.phases):
            raise ValidationError({"phases": _("Each phase needs a different name.")})


class Role(models.TextChoices):
    ADMIN = "admin", gettext_lazy("Administrator")
    MANAGER = "manager", gettext_lazy("Program manager")
    SUPERVISOR = "supervisor", gettext_lazy("Supervisor")
    NAVIGATOR = "navigator", gettext_lazy("Navigator")
    STAFF = "staff", gettext_lazy("Program staff")
    AUDITOR = "auditor", gettext_lazy("Auditor (read only)")


# Roles that may change participant records in their scope.
WRITE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR, Role.NAVIGATOR, Role.STAFF})
# Roles that see every participant of their programs.
PROGRAM_WIDE_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.AUDITOR})
# Roles that may assign navigators and override the caseload cap.
SUPERVISING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR})


# The languages staff can work in: the whole staff UI is translated into these.
STAFF_LANGUAGES = [("en", "English"), ("es", "Español")]


class User(AbstractUser):
    """Someone who signs in: a staff member, someone at a partner organization
    (``partner_of``) or a participant using their own Waypoint (``participant``)."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    display_name = models.CharField(max_length=150, blank=True)
    pronouns = models.CharField(max_length=50, blank=True)
    partner_of = models.ForeignKey(
        "directory.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_users",
        help_text=gettext_lazy(
            "Someone at a partner organization: they see only the referrals sent there."
        ),
    )
    participant = models.OneToOneField(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_account",
        help_text=gettext_lazy("A participant's own sign-in: they see only their own Waypoint."),
    )
    # The language Waypoint's pages speak to this staff member (blank: the site's own).
    language = models.CharField(max_length=8, blank=True, choices=STAFF_LANGUAGES)

    # Keeps AbstractUser's options (its names); the stubs do not declare its Meta.
    class Meta(AbstractUser.Meta):  # type: ignore[name-defined,misc]
        # Lists of staff by name (supervision's "not met") walk this index.
        indexes = [models.Index(fields=["display_name", "id"], name="user_display_name")]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def label(self) -> str:
        return str(self)


class Membership(models.Model):
    """A role a staff member holds: in one program, or organization-wide for administrators."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "role"], name="membership_unique_program_role"
            ),
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(role="admin"),
                name="membership_unique_admin",
            ),
            models.CheckConstraint(
                condition=(Q(role="admin") & Q(program__isnull=True))
                | (~Q(role="admin") & Q(program__isnull=False)),
                name="membership_admin_is_org_wide",
            ),
        ]

    def __str__(self) -> str:
        where = self.program.name if self.program else "organization"
        return f"{self.user} — {self.get_role_display()} ({where})"

    def clean(self) -> None:
        if self.program and self.program.organization_id != self.organization_id:
            raise ValidationError(_("The program belongs to another organization."))


class ApiToken(models.Model):
    """A personal token for /api/v1/. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
