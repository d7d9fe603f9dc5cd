"""Referrals: make one from a need or a goal, follow it step by step, the packet as the
partner sees it (and printed, as a disclosure), and loop-closure figures."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.access import sees_participant
from waypoint.accounts.queries import access_for
from waypoint.approvals import queries as approval_queries
from waypoint.assessments.models import Need
from waypoint.consent import actions as consent_actions
from waypoint.consent import queries as consent_queries
from waypoint.consent.models import Disclosure
from waypoint.directory import queries as directory
from waypoint.directory.models import Service
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.referrals import actions, queries
from waypoint.referrals.forms import InsideForm, MoveForm, ReferralForm
from waypoint.referrals.models import Referral


def _uuid(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def referral_new(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Step 1 chooses the service (suggestions for the need first); step 2 the consent,
    what goes in the packet, their agreement and a message."""
    enrollment = enrollment_for(request.user, public_id, write=True)
    participant = enrollment.participant
    source = request.POST if request.method == "POST" else request.GET
    need = None
    if (key := _uuid(source.get("need"))) is not None:
        need = Need.objects.filter(public_id=key, enrollment=enrollment).first()
    goal_key = _uuid(source.get("goal"))
    service = None
    if (key := _uuid(source.get("service"))) is not None:
        service = (
            Service.objects.filter(owner_id=enrollment.organization_id, hsds_id=key)
            .exclude(status__in=(Service.Status.DEFUNCT, Service.Status.INACTIVE))
            .select_related("organization")
            .first()
        )
    context: dict[str, Any] = {
        "enrollment": enrollment,
        "participant": participant,
        "need": need,
        "goal_key": goal_key,
        "open_count": queries.open_count(participant.pk),
        "crowded": queries.CROWDED,
    }
    if service is None:
        context["inside_form"] = _inside_form(enrollment)
        domain = need.domain if need is not None else ""
        _page, suggested = directory.search(
            enrollment.organization_id, directory.Filters(domain=domain), 1
        )
        context["suggested"] = suggested if domain else []
        context["services"] = (
            Service.objects.filter(owner_id=enrollment.organization_id)
            .exclude(status__in=(Service.Status.DEFUNCT, Service.Status.INACTIVE))
            .select_related("organization")
            .order_by("name")
        )
        return render(request, "referrals/choose.html", context)
    consents = consent_queries.in_force(participant.pk, provider_id=service.organization_id)
    form = ReferralForm(request.POST or None, consents=consents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = actions.make_referral(
                by=request.user,
                enrollment=enrollment,
                service=service,
                consent=data["consent"],
                categories=data["categories"],
                participant_agreed=data["participant_agreed"],
                message=data["message"],
                need=need,
                goal_key=goal_key,
                send="send" in request.POST,
                creation_key=data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            if data["email_participant"]:
                actions.send_what_to_expect(referral=referral)
            if referral.status != "draft":
                done = _("Sent: referral to %(service)s.")
            elif "send" in request.POST:
                done = _(
                    "Sent to a supervisor for approval, then it goes out: referral to %(service)s."
                )
            else:
                done = _("Saved as a draft: referral to %(service)s.")
            messages.success(request, done % {"service": service.name})
            return redirect("referral_detail", public_id=referral.public_id)
    context.update(
        service=service,
        form=form,
        consents=consents,
        has_safe_email=any(
            c.kind == "email" and c.safe_to_contact == "yes" for c in participant.contacts.all()
        ),
    )
    return render(request, "referrals/new.html", context)


def _inside_form(enrollment: Any, data: Any = None) -> InsideForm:
    """Other programs of the organization, and the people who work in them."""
    from waypoint.accounts.models import Program, User

    programs = Program.objects.filter(organization_id=enrollment.organization_id).exclude(
        pk=enrollment.program_id
    )
    staff = (
        User.objects.filter(
            is_active=True,
            partner_of=None,
            memberships__program__in=programs,
            memberships__role__in=["manager", "supervisor", "navigator", "staff"],
        )
        .distinct()
        .order_by("display_name", "username")
    )
    return InsideForm(data, programs=programs, staff=staff)


@require_http_methods(["POST"])
def referral_inside(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Refer to another program of the organization."""
    enrollment = enrollment_for(request.user, public_id, write=True)
    form = _inside_form(enrollment, request.POST)
    need = None
    if (key := _uuid(request.POST.get("need"))) is not None:
        need = Need.objects.filter(public_id=key, enrollment=enrollment).first()
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral = actions.refer_inside(
                by=request.user,
                enrollment=enrollment,
                program=data["program"],
                staff=data["staff"],
                participant_agreed=data["participant_agreed"],
                message=data["message"],
                need=need,
                goal_key=_uuid(request.POST.get("goal")),
                creation_key=data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, _("Sent to %(recipient)s.") % {"recipient": referral.recipient}
            )
            return redirect("referral_detail", public_id=referral.public_id)
    return render(
        request,
        "referrals/choose.html",
        {
            "enrollment": enrollment,
            "participant": enrollment.participant,
            "need": need,
            "goal_key": _uuid(request.POST.get("goal")),
            "open_count": queries.open_count(enrollment.participant_id),
            "crowded": queries.CROWDED,
            "inside_form": form,
            "suggested": [],
            "services": Service.objects.filter(owner_id=enrollment.organization_id)
            .exclude(status__in=(Service.Status.DEFUNCT, Service.Status.INACTIVE))
            .select_related("organization")
            .order_by("name"),
        },
    )


def _move_form(
    referral: Referral, data: Any = None, *, partner_steps_only: bool = False
) -> MoveForm | None:
    allowed = tuple(s for s in referral.next_statuses if s != "sent" or referral.status != "draft")
    if partner_steps_only:
        allowed = tuple(s for s in allowed if s in actions.PARTNER_STEPS)
    if not allowed:
        return None
    return MoveForm(data, allowed=allowed, initial={"version": referral.version})


@require_http_methods(["GET"])
def referral_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    referral = queries.referral_for(request.user, public_id)
    return _render_detail(request, referral)


def _render_detail(
    request: AuthedRequest, referral: Referral, form: MoveForm | None = None, status: int = 200
) -> HttpResponse:
    access = access_for(request.user)
    referring = access.can_write(referral.enrollment.program_id)
    receiving = actions.receives(request.user, referral)
    can_write = referring or receiving
    if form is None and can_write:
        form = _move_form(referral, partner_steps_only=not referring)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "participant": referral.participant,
            "sees_participant": sees_participant(request.user, referral.participant_id),
            "events": referral.events.select_related("by"),
            "can_write": referring,
            "move_form": form if can_write else None,
            "days_waiting": queries.days_waiting(referral),
            "approval": approval_queries.latest_for("referral", referral.pk),
            "in_force": bool(
                consent_queries.in_force(referral.participant_id, provider_id=referral.provider_id)
            ),
        },
        status=status,
    )


@require_http_methods(["POST"])
def referral_move(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    referral = queries.referral_for(request.user, public_id, write=True)
    referring = access_for(request.user).can_write(referral.enrollment.program_id)
    form = _move_form(referral, request.POST, partner_steps_only=not referring)
    if form is None:
        messages.error(request, _("This referral's loop is closed; nothing more to record."))
        return redirect("referral_detail", public_id=referral.public_id)
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
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Recorded."))
            return redirect("referral_detail", public_id=referral.public_id)
    return _render_detail(request, referral, form, status=200)


@require_http_methods(["POST"])
def referral_send(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    referral = queries.referral_for(request.user, public_id, write=True)
    try:
        sent = actions.send_referral(by=request.user, referral=referral)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        if sent.status == "draft":
            messages.success(request, _("Sent to a supervisor for approval, then it goes out."))
        else:
            messages.success(
                request, _("Sent to %(recipient)s.") % {"recipient": referral.recipient}
            )
    return redirect("referral_detail", public_id=referral.public_id)


@require_http_methods(["GET", "POST"])
def referral_packet(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """GET: the packet as the partner would see it now (a preview; nothing is shared).
    POST: print it to hand over, recorded as a disclosure under the consents used."""
    referral = queries.referral_for(request.user, public_id, write=request.method == "POST")
    if referral.is_internal:
        raise Http404("A referral inside the organization has no packet.")
    packet = queries.packet(referral)
    printing = request.method == "POST"
    if printing and packet is not None:
        consent_actions.disclose(
            by=request.user,
            participant=referral.participant,
            consents=packet.consents,
            categories=packet.categories,
            channel=Disclosure.Channel.PRINT,
            # Stored with the disclosure: data, not translated.
            about=f"Referral to {referral.target}",
        )
    return render(
        request,
        "referrals/packet.html",
        {
            "referral": referral,
            "packet": packet,
            "printing": printing,
            "notice": consent_actions.REDISCLOSURE_NOTICE,
        },
    )


@require_http_methods(["GET"])
def referral_figures(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    programs = (
        None if access.is_admin else access.programs_with({"manager", "supervisor", "auditor"})
    )
    by_program, by_partner = queries.figures(access.organization_id or -1, programs)
    return render(
        request,
        "referrals/figures.html",
        {
            "tables": [
                (_("By program"), _("Program"), by_program),
                (_("By partner"), _("Partner"), by_partner),
            ]
        },
    )
