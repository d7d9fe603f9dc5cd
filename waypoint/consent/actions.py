"""Recording and revoking consents, and recording each disclosure made under them.
Audited in the same transaction; the audit trail names categories, never contents."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.consent.models import SENSITIVE, Category, Consent, Disclosure
from waypoint.errors import ActionRefused
from waypoint.participants.models import Participant
from waypoint.toolkit import audit, check_person_writer, earlier, saved_once

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_FORM_BYTES = 10 * 1024 * 1024
FORM_TYPES = {b"%PDF-": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}
REDISCLOSURE_NOTICE = gettext_lazy(
    "This information comes from records protected by the federal rules on the "
    "confidentiality of substance use disorder records (42 CFR part 2). Those rules do not "
    "allow you to share it further unless the person it is about agrees in writing, or "
    "the rules otherwise allow it. A general authorization to release medical or other "
    "information is not enough. The rules also restrict using it to investigate or "
    "prosecute the person for a crime."
)


def _audit(
    by: User, action: str, kind: str, public_id: Any, participant: Participant, **changes: Any
) -> None:
    audit(
        by,
        action,
        kind,
        public_id,
        participant_id=participant.pk,
        organization_id=participant.organization_id,
        changes=changes,
    )


def form_type(head: bytes) -> str | None:
    for magic, kind in FORM_TYPES.items():
        if head.startswith(magic):
            return kind
    return None


def check_terms(data: dict[str, Any], *, has_form: bool) -> None:
    """Refuse terms the law or the practice would not accept, naming the field."""
    categories = [c for c in data.get("categories", []) if c in Category.values]
    if not categories:
        raise ActionRefused(_("Choose at least one kind of information."), field="categories")
    provider, name = data.get("recipient_provider"), (data.get("recipient_name") or "").strip()
    if bool(provider) == bool(name):
        raise ActionRefused(
            _("Name who may receive it: an organization from the directory or a person."),
            field="recipient_name",
        )
    if not (data.get("purpose") or "").strip():
        raise ActionRefused(_("Say what it is for."), field="purpose")
    starts: date | None = data.get("starts_on")
    ends: date | None = data.get("ends_on")
    if starts is None:
        raise ActionRefused(_("Give the date it starts."), field="starts_on")
    if ends is not None and ends < starts:
        raise ActionRefused(_("It ends before it starts."), field="ends_on")
    if Category.SUBSTANCE_USE in categories and ends is None:
        raise ActionRefused(
            _(
                "Sharing substance use information needs an end date "
                "(federal rules: 42 CFR part 2)."
            ),
            field="ends_on",
        )
    how = data.get("how")
    if how == Consent.How.VERBAL and not (data.get("witness_name") or "").strip():
        raise ActionRefused(_("Name the witness who heard them agree."), field="witness_name")
    if how == Consent.How.TYPED and not (data.get("typed_name") or "").strip():
        raise ActionRefused(_("They type their name to agree."), field="typed_name")
    if how == Consent.How.SIGNED_FORM and not has_form:
        raise ActionRefused(_("Upload the signed form (PDF, PNG or JPEG)."), field="form_file")
    if how not in Consent.How.values:
        raise ActionRefused(_("Say how they gave it."), field="how")


@transaction.atomic
def give_consent(
    *,
    by: User,
    participant: Participant,
    data: dict[str, Any],
    form_file: Any = None,
    creation_key: uuid.UUID | None = None,
) -> Consent:
    """Record a release of information the participant gave."""
    check_person_writer(by, participant)
    done = earlier(Consent, creation_key, participant=participant)
    if done is not None:
        return done  # type: ignore[no-any-return]
    check_terms(data, has_form=form_file is not None)
    provider = data.get("recipient_provider")
    if provider is not None and provider.owner_id != participant.organization_id:
        raise ActionRefused(
            _("Choose an organization from your directory."), field="recipient_provider"
        )
    content_type = ""
    if data["how"] == Consent.How.SIGNED_FORM:
        head = form_file.read(8)
        form_file.seek(0)
        content_type = form_type(head) or ""
        if not content_type:
            raise ActionRefused(_("The form must be a PDF, PNG or JPEG file."), field="form_file")
        if form_file.size > MAX_FORM_BYTES:
            raise ActionRefused(_("The form file is larger than 10 MB."), field="form_file")
    consent = Consent(
        organization_id=participant.organization_id,
        participant=participant,
        creation_key=creation_key,
        recipient_provider=provider,
        recipient_name="" if provider else data["recipient_name"].strip(),
        recipient_detail="" if provider else (data.get("recipient_detail") or "").strip(),
        categories=[c for c in Category.values if c in set(data["categories"])],
        purpose=data["purpose"].strip(),
        starts_on=data["starts_on"],
        ends_on=data.get("ends_on"),
        how=data["how"],
        witness_name=(data.get("witness_name") or "").strip()
        if data["how"] == Consent.How.VERBAL
        else "",
        typed_name=(data.get("typed_name") or "").strip()
        if data["how"] == Consent.How.TYPED
        else "",
        form_content_type=content_type,
        recorded_by=by,
    )
    if content_type:
        consent.form_file.save(form_file.name or "form", form_file, save=False)
    consent, made = saved_once(consent, creation_key, participant=participant)
    if not made:
        return consent
    _audit(
        by,
        "create",
        "consent",
        consent.public_id,
        participant,
        categories=consent.categories,
        how=consent.how,
        ends_on=consent.ends_on,
    )
    return consent


@transaction.atomic
def revoke_consent(*, by: User, consent: Consent, note: str = "") -> Consent:
    """End a consent now. It takes effect on the next request anyone makes."""
    check_person_writer(by, consent.participant)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = timezone.now()
    consent.revoked_by = by
    consent.revoked_note = note.strip()[:500]
    consent.save(update_fields=["revoked_at", "revoked_by", "revoked_note"])
    _audit(by, "revoke", "consent", consent.public_id, consent.participant)
    return consent


def _shares(
    *,
    by: User,
    participant: Participant,
    consents: Iterable[Consent],
    categories: Iterable[str],
    channel: str,
    about: str,
    at: datetime | None,
) -> list[Disclosure]:
    """The disclosure rows (not yet saved) for one share: one per consent, with the
    categories it covered. Refuses a category no consent covers."""
    wanted = set(categories)
    consents = list(consents)
    made: list[Disclosure] = []
    for i, consent in enumerate(consents):
        covered = [c for c in Category.values if c in wanted and c in consent.categories]
        # Their name always goes with a share: with no category, record it once.
        if not covered and (wanted or i > 0 or made):
            continue
        wanted -= set(covered)
        made.append(
            Disclosure(
                organization_id=participant.organization_id,
                participant=participant,
                consent=consent,
                recipient=consent.recipient,
                categories=covered,
                purpose=consent.purpose,
                channel=channel,
                about=about[:200],
                redisclosure_notice=Category.SUBSTANCE_USE in covered,
                disclosed_at=at or timezone.now(),
                disclosed_by=by,
            )
        )
    if wanted:
        raise ActionRefused(_("Some of this information has no consent to be shared."))
    return made


def _record_disclosures(by: User, made: list[Disclosure]) -> None:
    if made:
        record(
            by=by,
            action="disclose",
            role=access_for(by).primary_role if by is not None else "",
            organization_id=made[0].organization_id,
            entries=[
                Entry(
                    "disclosure",
                    str(d.public_id),
                    d.participant_id,
                    {"consent": str(d.consent.public_id), "categories": d.categories},
                )
                for d in made
            ],
        )


@transaction.atomic
def disclose(
    *,
    by: User,
    participant: Participant,
    consents: Iterable[Consent],
    categories: Iterable[str],
    channel: str,
    about: str = "",
    at: datetime | None = None,
) -> list[Disclosure]:
    """Record that ``categories`` of ``participant``'s information were shared under
    ``consents`` (one row per consent, with the categories it covered)."""
    made = _shares(
        by=by,
        participant=participant,
        consents=consents,
        categories=categories,
        channel=channel,
        about=about,
        at=at,
    )
    for row in made:
        row.save()
    _record_disclosures(by, made)
    return made


@transaction.atomic
def disclose_many(
    *,
    by: User,
    shares: Iterable[tuple[Participant, Iterable[Consent], Iterable[str]]],
    channel: str,
    about: str = "",
    at: datetime | None = None,
) -> list[Disclosure]:
    """``disclose`` for several participants shown at once (participant, consents,
    categories), in a fixed number of queries whatever their number."""
    made: list[Disclosure] = []
    for participant, consents, categories in shares:
        made += _shares(
            by=by,
            participant=participant,
            consents=consents,
            categories=categories,
            channel=channel,
            about=about,
            at=at,
        )
    Disclosure.objects.bulk_create(made)
    _record_disclosures(by, made)
    return made


def sensitive(categories: Iterable[str]) -> list[str]:
    return [c for c in categories if c in SENSITIVE]
