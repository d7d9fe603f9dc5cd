"""The partner view: people at a partner organization see the referrals sent there, and
of each only what a consent in force allows at that moment; they record its answer,
connection and outcome; the navigator is told by email. Every packet they open is a
recorded disclosure."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.consent import actions as consent_actions
from waypoint.consent import queries as consent_queries
from waypoint.consent.models import Disclosure
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.referrals import actions, queries
from waypoint.referrals.forms import MoveForm
from waypoint.referrals.models import Referral, Status


def _closed(request: AuthedRequest) -> HttpResponse:
    return render(request, "referrals/partner_closed.html", status=403)


@require_http_methods(["GET"])
def partner_home(request: AuthedRequest) -> HttpResponse:
    """Referrals sent to this partner. A name shows only while a consent is in force."""
    provider_id = queries.partner_provider_id(request.user)
    referrals = list(
        Referral.objects.filter(provider_id=provider_id)
        .exclude(status=Status.DRAFT)
        .select_related("participant", "service", "organization")
        .order_by("-sent_at", "-pk")[:200]
    )
    in_force = consent_queries.participants_in_force(
        [r.participant_id for r in referrals], provider_id=provider_id
    )
    rows = [(r, r.participant_id in in_force) for r in referrals]
    return render(request, "referrals/partner_home.html", {"rows": rows})


def _partner_form(referral: Referral, data: Any = None) -> MoveForm | None:
    allowed = tuple(s for s in referral.next_statuses if s in actions.PARTNER_STEPS)
    if not allowed:
        return None
    return MoveForm(data, allowed=allowed, initial={"version": referral.version})


@require_http_methods(["GET"])
def partner_referral(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    referral = queries.partner_referral_for(request.user, public_id)
    return _show(request, referral, _partner_form(referral))


def _show(request: AuthedRequest, referral: Referral, form: MoveForm | None) -> HttpResponse:
    packet = queries.packet(referral)
    if packet is None:
        return _closed(request)
    consent_actions.disclose(
        by=request.user,
        participant=referral.participant,
        consents=packet.consents,
        categories=packet.categories,
        channel=Disclosure.Channel.PARTNER_VIEW,
        # Stored with the disclosure: data, not translated.
        about=f"Referral to {referral.target}",
    )
    record(
        by=request.user,
        action="view",
        role="partner",
        organization_id=referral.organization_id,
        entries=[Entry("referral", str(referral.public_id), referral.participant_id)],
    )
    return render(
        request,
        "referrals/partner_referral.html",
        {
            "referral": referral,
            "packet": packet,
            "form": form,
            "notice": consent_actions.REDISCLOSURE_NOTICE,
        },
    )


@require_http_methods(["POST"])
def partner_referral_move(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    referral = queries.partner_referral_for(request.user, public_id)
    if queries.packet(referral) is None:
        return _closed(request)
    form = _partner_form(referral, request.POST)
    if form is None:
        messages.error(request, _("This referral is settled; nothing more to record."))
        return redirect("partner_referral", public_id=referral.public_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.move_referral(
                by=request.user,
                referral=referral,
                to=data["to"],
                reason=data["reason"],
                note=data["note"],
                version=data["version"],
                by_partner=True,
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Recorded. The referring navigator has been told."))
            return redirect("partner_referral", public_id=referral.public_id)
    return _show(request, referral, form)


@require_http_methods(["GET", "POST"])
def partner_users(request: AuthedRequest, pk: int) -> HttpResponse:
    """Administrators give people at a partner organization a sign-in."""
    from waypoint.accounts import actions as accounts
    from waypoint.accounts.forms import StaffForm
    from waypoint.accounts.models import User
    from waypoint.accounts.queries import set_password_link
    from waypoint.directory.models import Provider

    provider = Provider.objects.filter(
        pk=pk, owner_id=access_for(request.user).organization_id or -1
    ).first()
    if provider is None:
        raise Http404("Not found.")
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = accounts.invite_staff(
                by=request.user,
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                email=form.cleaned_data["email"],
                pronouns=form.cleaned_data["pronouns"],
                set_password_url=set_password_link(request),
                partner_of=provider,
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request,
                _("%(person)s can now sign in to see referrals to %(provider)s.")
                % {"person": person, "provider": provider},
            )
            return redirect("partner_users", pk=provider.pk)
    people = User.objects.filter(partner_of=provider).order_by("-is_active", "display_name")
    return render(
        request,
        "referrals/partner_users.html",
        {"provider": provider, "people": people, "form": form},
    )
