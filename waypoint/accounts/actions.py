"""Setting up organizations, programs and staff, and changing program settings."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from waypoint.accounts.models import ApiToken, Membership, Organization, Program, User
from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.audit.models import AuditChain
from waypoint.errors import ActionRefused, StaleEdit

PROGRAM_SETTINGS = (
    "name",
    "description",
    "phases",
    "delivery_modes",
    "caseload_cap",
    "assessment_due_days",
    "isp_due_days",
    "note_due_hours",
    "contact_every_days",
    "team_visibility",
    "terminology",
)
STANDARD_FIELDS = ("assessment_due_days", "isp_due_days", "contact_every_days")


@transaction.atomic
def create_organization(*, name: str) -> Organization:
    organization = Organization.objects.create(name=name)
    AuditChain.objects.get_or_create(chain=organization.pk)
    return organization


@transaction.atomic
def create_program(*, by: Any, organization: Organization, **settings: Any) -> Program:
    program = Program(organization=organization, **settings)
    program.full_clean()
    program.save()
    record(
        by=by,
        action="settings",
        organization_id=organization.pk,
        role="admin",
        entries=[Entry("program", str(program.pk), None, {"created": program.name})],
    )
    return program


@transaction.atomic
def create_staff(
    *,
    organization: Organization,
    username: str,
    email: str,
    display_name: str,
    password: str | None,
    pronouns: str = "",
) -> User:
    user = User(
        organization=organization,
        username=username,
        email=email,
        display_name=display_name,
        pronouns=pronouns,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def grant_role(*, user: User, role: str, program: Program | None = None) -> Membership:
    assert user.organization_id is not None
    membership, _ = Membership.objects.get_or_create(
        user=user, organization_id=user.organization_id, program=program, role=role
    )
    membership.full_clean()
    return membership


@transaction.atomic
def update_program_settings(
    *, by: Any, program: Program, changes: dict[str, Any], expected_version: int
) -> Program:
    """Save a manager's program settings; due dates follow new time standards at once."""
    if not access_for(by).can_manage(program.pk):
        raise ActionRefused("Only the program's manager or an administrator can change this.")
    current = Program.objects.select_for_update().get(pk=program.pk)
    if current.version != expected_version:
        raise StaleEdit(["program settings"], [])
    before = {name: getattr(current, name) for name in PROGRAM_SETTINGS}
    for name, value in changes.items():
        if name not in PROGRAM_SETTINGS:
            raise ActionRefused(f"{name} is not a program setting.")
        setattr(current, name, value)
    current.full_clean()
    diff = {
        name: [before[name], getattr(current, name)]
        for name in PROGRAM_SETTINGS
        if before[name] != getattr(current, name)
    }
    if not diff:
        return current
    current.version = F("version") + 1
    current.save(update_fields=[*diff, "version"])
    current.refresh_from_db()
    record(
        by=by,
        action="settings",
        role=access_for(by).role_in([current.pk]),
        organization_id=current.organization_id,
        entries=[Entry("program", str(current.pk), None, diff)],
    )
    if any(name in diff for name in STANDARD_FIELDS):
        from waypoint.enrollments.actions import refresh_due_dates

        refresh_due_dates(current)
    return current


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, by: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the key is returned once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise ActionRefused("Give the token a name, such as the tool that will use it.")
    key = "wp_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=by, name=name[:100], prefix=key[3:11], key_hash=hash_token(key)
    )
    record(
        by=by,
        action="token",
        entries=[Entry("api_token", str(token.pk), None, {"created": token.name})],
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, by: User, token: ApiToken) -> None:
    if token.user_id != by.pk:
        raise ActionRefused("That token is not yours.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record(
        by=by,
        action="token",
        entries=[Entry("api_token", str(token.pk), None, {"revoked": token.name})],
    )
