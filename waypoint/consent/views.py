"""A participant's consents to share (record, read, revoke, the signed form) and their
accounting of disclosures."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.consent import actions, queries
from waypoint.consent.forms import ConsentForm, RevokeForm
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.participants.queries import participant_for


def _labelled(user: object, participant: object, items: list[object]) -> list[object]:
    sensitive_ok = queries.sees_sensitive(user, participant)  # type: ignore[arg-type]
    for item in items:
        shown, hidden = queries.shown_categories(item, sensitive_ok=sensitive_ok)
        item.shown_categories = shown  # type: ignore[attr-defined]
        item.hidden_categories = hidden  # type: ignore[attr-defined]
    return items


@require_http_methods(["GET"])
def consent_list(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = participant_for(request.user, public_id)
    consents = _labelled(request.user, participant, list(queries.consents_of(participant)))
    return render(request, "consent/list.html", {"participant": participant, "consents": consents})


@require_http_methods(["GET", "POST"])
def consent_new(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = participant_for(request.user, public_id, write=True)
    initial: dict[str, Any] = {"creation_key": uuid.uuid4(), "starts_on": timezone.localdate()}
    provider = request.GET.get("provider", "")
    if provider.isdigit():
        initial.update(recipient_kind="provider", recipient_provider=int(provider))
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        organization_id=participant.organization_id,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent = actions.give_consent(
                by=request.user,
                participant=participant,
                data=form.terms(),
                form_file=form.cleaned_data.get("form_file"),
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request,
                _("Recorded: they agreed to share with %(recipient)s.")
                % {"recipient": consent.recipient},
            )
            return redirect("consent_detail", public_id=consent.public_id)
    return render(request, "consent/new.html", {"participant": participant, "form": form})


@require_http_methods(["GET"])
def consent_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    consent = queries.consent_for(request.user, public_id)
    participant = consent.participant
    _labelled(request.user, participant, [consent])
    disclosures = _labelled(
        request.user, participant, list(consent.disclosures.select_related("disclosed_by"))
    )
    return render(
        request,
        "consent/detail.html",
        {
            "consent": consent,
            "participant": participant,
            "disclosures": disclosures,
            "revoke_form": RevokeForm(),
            "notice": actions.REDISCLOSURE_NOTICE,
        },
    )


@require_http_methods(["POST"])
def consent_revoke(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    consent = queries.consent_for(request.user, public_id)
    form = RevokeForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        actions.revoke_consent(by=request.user, consent=consent, note=note)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Revoked. Nothing more will be shared under it, from now on."))
    return redirect("consent_detail", public_id=consent.public_id)


@require_http_methods(["GET"])
def consent_form(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The signed form, to whoever may see the participant (never cached)."""
    consent = queries.consent_for(request.user, public_id)
    if not consent.form_file:
        raise Http404("No form.")
    with consent.form_file.open("rb") as stored:
        content = stored.read()
    suffix = consent.form_file.name.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=consent.form_content_type)
    filename = f"consent-{consent.starts_on.isoformat()}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET"])
def disclosure_list(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The participant's accounting of disclosures: everything shared, with whom, when,
    why and under which consent."""
    participant = participant_for(request.user, public_id)
    disclosures = _labelled(request.user, participant, list(queries.disclosures_of(participant)))
    return render(
        request,
        "consent/disclosures.html",
        {"participant": participant, "disclosures": disclosures},
    )
