"""Setting up organizations, programs and staff, and changing program settings."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.language import speaking_to
from waypoint.accounts.models import (
    STAFF_LANGUAGES,
    ApiToken,
    Membership,
    Organization,
    Program,
    Role,
    User,
)
from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, open_chain, record
from waypoint.errors import ActionRefused, StaleEdit

PROGRAM_SETTINGS = (
    "name",
    "description",
    "phases",
    "delivery_modes",
    "caseload_cap",
    "assessment_due_days",
    "isp_due_days",
    "reassess_every_days",
    "note_due_hours",
    "contact_every_days",
    "referral_response_days",
    "team_visibility",
    "terminology",
    "sensitive_roles",
)
STANDARD_FIELDS = (
    "assessment_due_days",
    "isp_due_days",
    "reassess_every_days",
    "contact_every_days",
)


@transaction.atomic
def create_organization(*, name: str) -> Organization:
    organization = Organization.objects.create(name=name)
    open_chain(organization.pk)
    return organization


@transaction.atomic
def create_program(*, by: User | None, organization: Organization, **settings: Any) -> Program:
    from waypoint.closure.actions import install_default_reasons
    from waypoint.quality.actions import install_default_items

    program = Program(organization=organization, **settings)
    program.full_clean()
    program.save()
    install_default_reasons(program)  # its closure reasons start from the default list
    install_default_items(program)  # and its file-review checklist from the default items
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
    # The role's choice and the program's organization (``clean``); the keys and the
    # constraints were just checked by the database itself.
    membership.full_clean(
        exclude=["user", "organization", "program"],
        validate_unique=False,
        validate_constraints=False,
    )
    return membership


@transaction.atomic
def update_program_settings(
    *, by: User, program: Program, changes: dict[str, Any], expected_version: int
) -> Program:
    """Save a manager's program settings; due dates follow new time standards at once."""
    if not access_for(by).can_manage(program.pk):
        raise ActionRefused(_("Only the program's manager or an administrator can change this."))
    current = Program.objects.select_for_update().get(pk=program.pk)
    if current.version != expected_version:
        raise StaleEdit([_("program settings")], [])
    before = {name: getattr(current, name) for name in PROGRAM_SETTINGS}
    for name, value in changes.items():
        if name not in PROGRAM_SETTINGS:
            raise ActionRefused(_("%(name)s is not a program setting.") % {"name": name})
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
        raise ActionRefused(_("Give the token a name, such as the tool that will use it."))
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
def send_password_reset(*, user: User, send: Callable[[], None]) -> None:
    """Send the password reset email Django's reset form wrote (``send`` renders and
    sends it) in the account holder's language, once the transaction commits."""

    def deliver() -> None:
        with speaking_to(user):
            send()

    transaction.on_commit(deliver)


def use_api_token(key: str) -> User | None:
    """The active account a live token belongs to, noting when it was last used; None
    for an unknown, revoked or deactivated one."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True)
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user


def revoke_api_token(*, by: User, token: ApiToken) -> None:
    if token.user_id != by.pk:
        raise ActionRefused(_("That token is not yours."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record(
        by=by,
        action="token",
        entries=[Entry("api_token", str(token.pk), None, {"revoked": token.name})],
    )


@transaction.atomic
def choose_language(*, by: User, language: str) -> User:
    """A staff member (or a partner) picks the language Waypoint's pages speak to them in."""
    if access_for(by).participant_id is not None:
        raise ActionRefused(_("Choose your language on your own Waypoint's pages."))
    if language not in {code for code, _name in STAFF_LANGUAGES}:
        raise ActionRefused(_("Choose one of the languages listed."), field="language")
    user = User.objects.select_for_update().get(pk=by.pk)
    if user.language != language:
        record(
            by=by,
            action="update",
            entries=[_staff_entry(user, {"language": [user.language, language]})],
        )
        user.language = language
        user.save(update_fields=["language"])
        by.language = language
    return user


def _staff_entry(user: User, changes: dict[str, Any]) -> Entry:
    return Entry("staff", str(user.pk), None, changes)


@transaction.atomic
def invite_staff(
    *,
    by: User,
    username: str,
    display_name: str,
    email: str,
    pronouns: str = "",
    set_password_url: Any = None,
    partner_of: Any = None,
) -> User:
    """Add a staff member to the administrator's organization and email them a link
    to choose their own password (sent once the transaction commits). With
    ``partner_of`` (a directory organization), they are someone at that partner: they
    see only the referrals sent there."""
    if not access_for(by).is_admin or by.organization is None:
        raise ActionRefused(_("Only an administrator can add staff."))
    if partner_of is not None and partner_of.owner_id != by.organization_id:
        raise ActionRefused(_("Choose an organization from your directory."))
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ActionRefused(_("That username is taken; choose another."), field="username")
    if email and User.objects.filter(email__iexact=email.strip()).exists():
        raise ActionRefused(_("Someone already uses that email address."), field="email")
    user = create_staff(
        organization=by.organization,
        username=username,
        email=email.strip(),
        display_name=display_name.strip(),
        password=None,
        pronouns=pronouns.strip(),
    )
    changes: dict[str, Any] = {"added": user.username}
    if partner_of is not None:
        user.partner_of = partner_of
        user.save(update_fields=["partner_of"])
        changes["partner_of"] = str(partner_of.hsds_id)
    record(
        by=by,
        action="staff",
        role="admin",
        entries=[_staff_entry(user, changes)],
    )
    if set_password_url is not None:
        transaction.on_commit(lambda: send_welcome(user, set_password_url(user)))
    return user


def send_welcome(user: User, link: str) -> None:
    from django.core.mail import send_mail

    with speaking_to(user):
        subject = _("Welcome to Waypoint")
        body = "{}\n\n{}\n{}\n\n{}\n".format(
            _("Hello %(name)s,") % {"name": user},
            _("An administrator added you to Waypoint as %(username)s.")
            % {"username": user.username},
            _("Choose your password here (the link works once):"),
            link,
        )
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def assign_role(*, by: User, user: User, role: str, program: Program | None) -> Membership:
    if not access_for(by).is_admin or user.organization_id != by.organization_id:
        raise ActionRefused(_("Only an administrator of this organization can give roles."))
    if program is not None and program.organization_id != by.organization_id:
        raise ActionRefused(_("Choose one of your organization's programs."), field="program")
    if (role == Role.ADMIN) != (program is None):
        raise ActionRefused(
            _("Administrators work across the organization; every other role is for one program."),
            field="program",
        )
    existing = Membership.objects.filter(user=user, role=role, program=program).first()
    if existing is not None:
        raise ActionRefused(_("%(user)s already has that role.") % {"user": user}, field="role")
    membership = grant_role(user=user, role=role, program=program)
    record(
        by=by,
        action="staff",
        role="admin",
        entries=[
            _staff_entry(user, {"granted": role, "program": program.name if program else None})
        ],
    )
    return membership


@transaction.atomic
def revoke_role(*, by: User, membership: Membership) -> None:
    if not access_for(by).is_admin or membership.organization_id != by.organization_id:
        raise ActionRefused(_("Only an administrator of this organization can remove roles."))
    if membership.user_id == by.pk and membership.role == Role.ADMIN:
        raise ActionRefused(_("You can't remove your own administrator role."))
    program = membership.program
    membership.delete()
    record(
        by=by,
        action="staff",
        role="admin",
        entries=[
            _staff_entry(
                membership.user,
                {"revoked": membership.role, "program": program.name if program else None},
            )
        ],
    )


@transaction.atomic
def set_staff_active(*, by: User, user: User, active: bool) -> User:
    if not access_for(by).is_admin or user.organization_id != by.organization_id:
        raise ActionRefused(_("Only an administrator of this organization can do this."))
    if user.pk == by.pk and not active:
        raise ActionRefused(_("You can't deactivate your own account."))
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        record(
            by=by,
            action="staff",
            role="admin",
            entries=[_staff_entry(user, {"active": active})],
        )
    return user


# -- The second sign-in step ---------------------------------------------------
# django-otp checks every code. A check that fails records the failure on the device
# (django-otp's back-off), so checks run before, never inside, a transaction that a
# refusal would roll back.


def check_code(*, user: User, code: str) -> str | None:
    """Check a code from the person's app or one of their recovery codes (which then
    stops working): "app", "recovery", or None when it is wrong. A recovery code used
    is audited, with how many are left."""
    from waypoint.accounts import second_factor as sf

    code = sf.clean_code(code)
    if not code:
        return None
    if sf.is_app_code(code):
        app = sf.app_of(user)
        return "app" if app is not None and app.verify_token(code) else None
    recovery = sf.recovery_of(user)
    if recovery is None:
        return None
    with transaction.atomic():  # a code used and its audit event, together
        if not recovery.verify_token(code):
            return None
        record(
            by=user,
            action="mfa_recovery_used",
            entries=[_staff_entry(user, {"recovery_codes_left": sf.recovery_left(user)})],
        )
    return "recovery"


def _new_recovery_codes(user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from waypoint.accounts import second_factor as sf

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    tokens: set[str] = set()
    while len(tokens) < sf.RECOVERY_CODES:
        tokens.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in sorted(tokens))
    return [sf.show_recovery_code(t) for t in sorted(tokens)]


def enrol_app(*, by: User, key: str, code: str, current_code: str = "") -> list[str]:
    """Confirm an authenticator app from the first code it shows; returns new recovery
    codes, shown once. Replacing an app asks for a code from the current one (or a
    recovery code) first."""
    from waypoint.accounts import second_factor as sf

    step = sf.check_new_key(key, sf.clean_code(code))
    if step is None:
        raise ActionRefused(
            _(
                "That code doesn't match. Type the 6 digits the app shows for Waypoint now; "
                "if they just changed, use the new ones."
            ),
            field="code",
        )
    replacing = sf.app_of(by) is not None
    if replacing and check_code(user=by, code=current_code) is None:
        raise ActionRefused(
            _(
                "Type a code from the app you use now, or one of your recovery codes, "
                "to replace it."
            ),
            field="current_code",
        )
    return _confirm_app(by=by, key=key, step=step, replacing=replacing)


@transaction.atomic
def _confirm_app(*, by: User, key: str, step: int, replacing: bool) -> list[str]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=by).delete()
    # last_t: the code just typed cannot be used again to sign in.
    TOTPDevice.objects.create(
        user=by, name="Authenticator app", key=key, confirmed=True, last_t=step
    )
    codes = _new_recovery_codes(by)
    record(
        by=by,
        action="mfa_enrol",
        entries=[_staff_entry(by, {"second_factor": "app", "replaced": replacing})],
    )
    return codes


def renew_recovery_codes(*, by: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), after a code from the app."""
    from waypoint.accounts import second_factor as sf

    app = sf.app_of(by)
    if app is None:
        raise ActionRefused(_("Set up an authenticator app first."))
    if not (sf.is_app_code(sf.clean_code(code)) and app.verify_token(sf.clean_code(code))):
        raise ActionRefused(_("That code doesn't match. Type the 6 digits the app shows now."))
    return _renew_recovery_codes(by=by)


@transaction.atomic
def _renew_recovery_codes(*, by: User) -> list[str]:
    codes = _new_recovery_codes(by)
    record(
        by=by,
        action="mfa_recovery_codes",
        entries=[_staff_entry(by, {"recovery_codes": len(codes)})],
    )
    return codes


def turn_off_second_factor(*, by: User, code: str) -> None:
    """Remove one's own app and recovery codes, after a code from either, when the
    organization does not require a second step."""
    from waypoint.accounts import second_factor as sf

    if sf.required_for(by):
        raise ActionRefused(
            _(
                "Your organization asks everyone for a second step, so it stays on. "
                "You can replace the app instead."
            )
        )
    if sf.app_of(by) is None:
        raise ActionRefused(_("There is no authenticator app to turn off."))
    if check_code(user=by, code=code) is None:
        raise ActionRefused(_("That code doesn't match. Type the 6 digits the app shows now."))
    _remove_devices(by=by, user=by, action="mfa_remove")


@transaction.atomic
def _remove_devices(*, by: User, user: User, action: str) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(
        by=by,
        action=action,
        role="admin" if by.pk != user.pk else "",
        entries=[_staff_entry(user, {"second_factor": "removed"})],
    )


@transaction.atomic
def reset_second_factor(*, by: User, user: User) -> None:
    """An administrator removes someone's app and recovery codes (a lost phone): they
    set up a new app at their next sign-in. They are told by email, with no secret in it."""
    from waypoint.accounts import second_factor as sf

    if not access_for(by).is_admin or user.organization_id != by.organization_id:
        raise ActionRefused(_("Only an administrator of this organization can do this."))
    if user.pk == by.pk:
        raise ActionRefused(
            _(
                "You can't reset your own second step here; replace your app from your "
                "account page, or ask another administrator."
            )
        )
    if sf.app_of(user) is None and sf.recovery_of(user) is None:
        raise ActionRefused(_("%(user)s has no second step to reset.") % {"user": user})
    _remove_devices(by=by, user=user, action="mfa_reset")
    if user.email:
        transaction.on_commit(lambda: send_second_factor_reset(user))


def send_second_factor_reset(user: User) -> None:
    from django.core.mail import send_mail

    with speaking_to(user):
        subject = _("Your Waypoint sign-in was reset")
        body = "{}\n\n{}\n{}\n\n{}\n".format(
            _("Hello %(name)s,") % {"name": user},
            _(
                "An administrator reset the second sign-in step (the authenticator app and "
                "recovery codes) on your Waypoint account %(username)s."
            )
            % {"username": user.username},
            _("The next time you sign in, you will set up an authenticator app again."),
            _("If you did not ask for this, tell your administrator."),
        )
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def set_second_factor_required(*, by: User, required: bool) -> Organization:
    """Whether everyone who can see participant data signs in with a second step."""
    if not access_for(by).is_admin or by.organization_id is None:
        raise ActionRefused(_("Only an administrator can change sign-in settings."))
    organization = Organization.objects.select_for_update().get(pk=by.organization_id)
    if organization.second_factor_required != required:
        before = organization.second_factor_required
        organization.second_factor_required = required
        organization.save(update_fields=["second_factor_required"])
        record(
            by=by,
            action="settings",
            role="admin",
            entries=[
                Entry(
                    "organization",
                    str(organization.pk),
                    None,
                    {"second_factor_required": [before, required]},
                )
            ],
        )
    return organization
