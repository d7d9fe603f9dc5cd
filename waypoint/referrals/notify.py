"""Emails about referrals. They never carry what the participant shared: the partner is
told a referral is waiting (and signs in to read it); the navigator is told its status
changed; the participant, only if they asked, gets the service's "what to expect" (in the
language they get things in writing in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from waypoint.accounts.language import language_of, speaking_to
from waypoint.directory import actions as directory_actions
from waypoint.referrals.models import Referral

if TYPE_CHECKING:
    from waypoint.accounts.models import User


def what_to_expect_text(referral: Referral) -> str:
    assert referral.service is not None
    return directory_actions.what_to_expect_text(referral.service)


def email_participant(referral: Referral, address: str) -> None:
    with translation.override(referral.participant.writing_language):
        subject = _("What to expect at %(service)s") % {"service": referral.target}
        message = (
            _("Hello %(name)s,") % {"name": referral.participant.preferred_name}
            + "\n\n"
            + _("Here is what we talked about, to keep.")
            + "\n\n"
            + what_to_expect_text(referral)
            + "\n"
            + _("Questions? Reply to your navigator or call us.")
            + "\n"
        )
    send_mail(
        subject=subject,
        message=message,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
    )


def safe_email(referral: Referral) -> str | None:
    for contact in referral.participant.contacts.all():
        if contact.kind == "email" and contact.safe_to_contact == "yes":
            return str(contact.value)
    return None


def email_navigator(referral: Referral, *, by: User) -> None:
    """Tell the referring navigator a partner recorded a step (no details in the email),
    in the navigator's own language."""
    to = referral.enrollment.navigator or referral.referred_by
    if not to.email:
        return
    with speaking_to(to):
        status_label = str(referral.get_status_display())
        subject = _("Referral update: %(status)s") % {"status": status_label}
        message = (
            _("%(recipient)s recorded “%(status)s” on a referral you made.")
            % {"recipient": referral.recipient, "status": status_label}
            + "\n"
            + _("Sign in to Waypoint to see it.")
            + "\n"
        )
    send_mail(
        subject=subject,
        message=message,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to.email],
    )


def partner_addresses(referral: Referral) -> list[tuple[str, str]]:
    """Who at the partner organization can sign in, as of now: (address, their language)."""
    if referral.provider is None:
        return []
    people = referral.provider.partner_users.filter(is_active=True).exclude(email="")
    return [(user.email, language_of(user)) for user in people.order_by("pk")]


def email_partner(referral: Referral, addresses: list[tuple[str, str]]) -> None:
    """Tell the people at the partner organization who can sign in that a referral is
    waiting (who it is about stays in Waypoint): one email per language they read."""
    if referral.provider is None or not addresses:
        return
    by_language: dict[str, list[str]] = {}
    for address, language in addresses:
        by_language.setdefault(language, []).append(address)
    for language, recipients in by_language.items():
        with translation.override(language):
            subject = _("A referral from %(organization)s") % {
                "organization": referral.organization
            }
            message = (
                _("%(organization)s sent %(provider)s a referral for %(service)s.")
                % {
                    "organization": referral.organization,
                    "provider": referral.provider.name,
                    "service": referral.target,
                }
                + "\n"
                + _("Sign in to Waypoint to read it and to tell them what happens next.")
                + "\n"
            )
        send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
