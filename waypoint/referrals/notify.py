"""Emails about referrals. They never carry what the participant shared: the partner is
told a referral is waiting (and signs in to read it); the navigator is told its status
changed; the participant, only if they asked, gets the service's "what to expect"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from waypoint.directory import actions as directory_actions
from waypoint.referrals.models import Referral


def what_to_expect_text(referral: Referral) -> str:
    assert referral.service is not None
    return directory_actions.what_to_expect_text(referral.service)


def email_participant(referral: Referral, address: str) -> None:
    send_mail(
        subject=f"What to expect at {referral.target}",
        message=(
            f"Hello {referral.participant.preferred_name},\n\n"
            "Here is what we talked about, to keep.\n\n"
            f"{what_to_expect_text(referral)}\n"
            "Questions? Reply to your navigator or call us.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
    )


def safe_email(referral: Referral) -> str | None:
    for contact in referral.participant.contacts.all():
        if contact.kind == "email" and contact.safe_to_contact == "yes":
            return str(contact.value)
    return None


def email_navigator(referral: Referral, *, status_label: str, by: Any) -> None:
    """Tell the referring navigator a partner recorded a step (no details in the email)."""
    to = referral.enrollment.navigator or referral.referred_by
    if not to.email:
        return
    send_mail(
        subject=f"Referral update: {status_label}",
        message=(
            f"{referral.recipient} recorded “{status_label}” on a referral you made.\n"
            "Sign in to Waypoint to see it.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to.email],
    )


def partner_addresses(referral: Referral) -> list[str]:
    """Who at the partner organization can sign in, as of now."""
    if referral.provider is None:
        return []
    people = referral.provider.partner_users.filter(is_active=True).exclude(email="")
    return list(people.values_list("email", flat=True))


def email_partner(referral: Referral, addresses: list[str]) -> None:
    """Tell the people at the partner organization who can sign in that a referral is
    waiting (who it is about stays in Waypoint)."""
    if referral.provider is None or not addresses:
        return
    send_mail(
        subject=f"A referral from {referral.organization}",
        message=(
            f"{referral.organization} sent {referral.provider.name} a referral for "
            f"{referral.target}.\nSign in to Waypoint to read it and to tell them what "
            "happens next.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=addresses,
    )
