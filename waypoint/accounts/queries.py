"""Who a staff member is in Waypoint: their roles per program, computed once per request."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim

from waypoint.accounts.models import (
    PROGRAM_WIDE_ROLES,
    SUPERVISING_ROLES,
    WRITE_ROLES,
    Membership,
    Program,
    Role,
    User,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

PARTNER = "partner"
PARTICIPANT = "participant"
ROLE_ORDER = [Role.ADMIN, Role.MANAGER, Role.SUPERVISOR, Role.NAVIGATOR, Role.STAFF, Role.AUDITOR]


@dataclass(frozen=True)
class StaffAccess:
    user_id: int | None
    organization_id: int | None
    is_admin: bool = False
    roles_by_program: dict[int, frozenset[str]] = field(default_factory=dict)
    # The programs among ``roles_by_program`` that turn on team visibility.
    team_visible: frozenset[int] = frozenset()
    partner_provider_id: int | None = None
    # A participant signed in to their own Waypoint: no staff role, only their records.
    participant_id: int | None = None

    @property
    def outside(self) -> bool:
        """Someone at a partner or a participant: no staff funnel lets them in."""
        return self.partner_provider_id is not None or self.participant_id is not None

    @property
    def roles(self) -> frozenset[str]:
        if self.partner_provider_id is not None:
            return frozenset({PARTNER})
        if self.participant_id is not None:
            return frozenset({PARTICIPANT})
        found: set[str] = {Role.ADMIN} if self.is_admin else set()
        for roles in self.roles_by_program.values():
            found |= roles
        return frozenset(found)

    def programs_with(self, roles: Iterable[str]) -> set[int]:
        wanted = set(roles)
        return {pid for pid, held in self.roles_by_program.items() if held & wanted}

    def has_role(self, program_id: int, roles: Iterable[str]) -> bool:
        if self.is_admin and Role.ADMIN in set(roles):
            return True
        return bool(self.roles_by_program.get(program_id, frozenset()) & set(roles))

    def can_write(self, program_id: int) -> bool:
        return self.is_admin or self.has_role(program_id, WRITE_ROLES)

    def can_supervise(self, program_id: int) -> bool:
        return self.is_admin or self.has_role(program_id, SUPERVISING_ROLES - {Role.ADMIN})

    def can_manage(self, program_id: int) -> bool:
        return self.is_admin or self.has_role(program_id, {Role.MANAGER})

    def sees_whole_program(self, program_id: int) -> bool:
        return self.is_admin or self.has_role(program_id, PROGRAM_WIDE_ROLES)

    def sees_sensitive(self, program: Any) -> bool:
        """Whether the program lets this person's roles read sensitive details. A
        participant reads everything about themselves: the portal's funnels only ever
        hand them their own records."""
        if self.participant_id is not None:
            return True
        allowed = set(program.sensitive_roles or [])
        if self.is_admin and Role.ADMIN in allowed:
            return True
        return bool(self.roles_by_program.get(program.pk, frozenset()) & allowed)

    def role_in(self, program_ids: Iterable[int]) -> str:
        """The strongest role held across ``program_ids`` (for the audit trail)."""
        if self.participant_id is not None:
            return PARTICIPANT
        held: set[str] = {Role.ADMIN} if self.is_admin else set()
        for pid in program_ids:
            held |= self.roles_by_program.get(pid, frozenset())
        for role in ROLE_ORDER:
            if role in held:
                return str(role)
        return ""

    @property
    def primary_role(self) -> str:
        return self.role_in(self.roles_by_program)


def access_for(user: User) -> StaffAccess:
    """The user's roles, cached on the user object for the rest of the request."""
    cached = getattr(user, "_waypoint_access", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        access = StaffAccess(user_id=None, organization_id=None)
    elif user.participant_id is not None:
        # A participant's own sign-in: their own records only, whatever else is on record.
        access = StaffAccess(
            user_id=user.pk,
            organization_id=user.organization_id,
            participant_id=user.participant_id,
        )
    elif user.partner_of_id is not None:
        # Someone at a partner organization: no staff role, whatever else is on record.
        access = StaffAccess(
            user_id=user.pk,
            organization_id=user.organization_id,
            partner_provider_id=user.partner_of_id,
        )
    else:
        by_program: dict[int, set[str]] = {}
        shared: set[int] = set()
        is_admin = False
        memberships = Membership.objects.filter(
            user_id=user.pk, organization_id=user.organization_id or -1
        ).values_list("program_id", "role", "program__team_visibility")
        for program_id, role, team_visibility in memberships:
            if role == Role.ADMIN:
                is_admin = True
            elif program_id is not None:
                by_program.setdefault(program_id, set()).add(role)
                if team_visibility:
                    shared.add(program_id)
        access = StaffAccess(
            user_id=user.pk,
            organization_id=user.organization_id,
            is_admin=is_admin,
            roles_by_program={pid: frozenset(r) for pid, r in by_program.items()},
            team_visible=frozenset(shared),
        )
    user._waypoint_access = access  # type: ignore[attr-defined]
    return access


def visible_programs(user: User) -> QuerySet[Program]:
    access = access_for(user)
    programs = Program.objects.filter(organization_id=access.organization_id or -1)
    if access.is_admin:
        return programs
    return programs.filter(pk__in=access.roles_by_program)


def program_for(user: User, pk: int, *, manage: bool = False) -> Program:
    """A program the user works in (or manages, with ``manage``); 404 otherwise."""
    from django.http import Http404

    access = access_for(user)
    program = Program.objects.filter(pk=pk, organization_id=access.organization_id or -1).first()
    if program is None or not (access.is_admin or program.pk in access.roles_by_program):
        raise Http404("No such program.")
    if manage and not access.can_manage(program.pk):
        raise Http404("No such program.")
    return program


def staff_in_program(program_id: int, roles: Iterable[str]) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, memberships__program_id=program_id, memberships__role__in=list(roles)
        )
        .distinct()
        .order_by("display_name", "username")
    )


def writable_programs(user: User) -> QuerySet[Program]:
    access = access_for(user)
    programs = Program.objects.filter(organization_id=access.organization_id or -1)
    if access.is_admin:
        return programs
    from waypoint.accounts.models import WRITE_ROLES

    return programs.filter(pk__in=access.programs_with(WRITE_ROLES))


def assignable_staff(program_ids: Iterable[int]) -> QuerySet[User]:
    """Staff who can hold a caseload in any of these programs."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__program_id__in=list(program_ids),
            memberships__role__in=[Role.NAVIGATOR, Role.STAFF, Role.SUPERVISOR, Role.MANAGER],
        )
        .distinct()
        .order_by("display_name", "username")
    )


def shown_name(prefix: str = "") -> Any:
    """The name a user is shown with (``str(user)``: the display name, else the full
    name, else the username), computed by the database; ``prefix`` reaches the user
    through a relation ("navigator__")."""
    full = Trim(Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name")))
    return Coalesce(
        NullIf(F(f"{prefix}display_name"), Value("")),
        NullIf(full, Value("")),
        F(f"{prefix}username"),
    )


def name_order(prefix: str = "") -> Any:
    """An ordering of users by the name they are shown with (see ``shown_name``)."""
    return Lower(shown_name(prefix))


def staff_member(user: User, pk: int) -> User:
    """Someone on ``user``'s organization's staff list (not a participant's own sign-in),
    or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        User, pk=pk, organization_id=user.organization_id or -1, participant=None
    )


def set_password_link(request: HttpRequest) -> Callable[[User], str]:
    """What makes the choose-a-password link a new account's welcome email carries, on
    the site ``request`` came to (``invite_staff(set_password_url=...)``)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    def link(user: User) -> str:
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        return request.build_absolute_uri(path)

    return link
