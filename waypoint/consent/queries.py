"""Reading consents and disclosures through the participant funnel, and the one
question every share asks: which consents are in force for this recipient right now?"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from waypoint.access import open_person_record
from waypoint.accounts.queries import access_for
from waypoint.consent.models import SENSITIVE, Category, Consent, Disclosure
from waypoint.enrollments.models import CASELOAD_STATUSES
from waypoint.participants.models import Participant

if TYPE_CHECKING:
    from waypoint.accounts.models import User

ENDING_SOON_DAYS = 30


def consent_for(user: User, public_id: Any) -> Consent:
    """A consent of a person the user may see (the person rule); 404 otherwise. Records
    the read."""
    found: Consent | None = (
        Consent.objects.filter(public_id=public_id)
        .select_related("participant", "recipient_provider", "recorded_by", "revoked_by")
        .first()
    )
    open_person_record(
        user, found, found.participant_id if found is not None else None, kind="consent"
    )
    assert found is not None
    return found


def in_force(
    participant_id: int,
    *,
    provider_id: int | None = None,
    consent_ids: list[int] | None = None,
    at: datetime | None = None,
) -> list[Consent]:
    """Consents of ``participant_id`` in force at ``at`` (now), for a directory
    organization or among ``consent_ids``. Asked afresh on every share: a revocation or
    an end date takes effect on the very next request."""
    moment = at or timezone.now()
    day = timezone.localdate(moment)
    found = Consent.objects.filter(participant_id=participant_id, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=moment),
    )
    if provider_id is not None:
        found = found.filter(recipient_provider_id=provider_id)
    if consent_ids is not None:
        found = found.filter(pk__in=consent_ids)
    return list(found.select_related("recipient_provider").order_by("starts_on", "pk"))


def allowed(consents: list[Consent]) -> set[str]:
    """Every category some consent in force covers."""
    return {c for consent in consents for c in consent.categories}


def sees_sensitive(user: User, participant: Participant) -> bool:
    """Whether the user's roles may read sensitive categories in one of the participant's
    programs (the same rule as private notes)."""
    access = access_for(user)
    return any(access.sees_sensitive(e.program) for e in participant.enrollments.all())


def consents_of(participant: Participant) -> list[Consent]:
    return list(
        Consent.objects.filter(participant=participant).select_related(
            "recipient_provider", "recorded_by"
        )
    )


def disclosures_of(participant: Participant) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(participant=participant).select_related(
        "consent", "disclosed_by"
    )


def shown_categories(consent_or_disclosure: Any, *, sensitive_ok: bool) -> tuple[list[str], int]:
    """The category labels a viewer may read, and how many private ones are hidden."""
    shown, hidden = [], 0
    for code in Category.values:
        if code not in consent_or_disclosure.categories:
            continue
        if code in SENSITIVE and not sensitive_ok:
            hidden += 1
        else:
            shown.append(str(Category(code).label))
    return shown, hidden


def ending_soon_filter(user: User, days: int = ENDING_SOON_DAYS) -> QuerySet[Consent]:
    """Which consents ``ending_soon`` lists, unordered and unjoined (for the home page's
    one question of which of its lists have anything)."""
    today = timezone.localdate()
    return Consent.objects.filter(
        organization_id=user.organization_id or -1,
        participant__enrollments__navigator_id=user.pk,
        participant__enrollments__status__in=CASELOAD_STATUSES,
        revoked_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
        ends_on__lte=today + timedelta(days=days),
    )


def ending_soon(user: User, days: int = ENDING_SOON_DAYS) -> list[Consent]:
    """Consents in force that end within ``days``, for participants on the user's
    caseload: time to ask whether they want to renew. One query."""
    return list(
        ending_soon_filter(user, days)
        .select_related("participant", "recipient_provider")
        .distinct()
        .order_by("ends_on", "pk")[:50]
    )


def participants_in_force(
    participant_ids: list[int], *, provider_id: int, at: datetime | None = None
) -> set[int]:
    """Which of ``participant_ids`` have a consent in force for the provider (one query)."""
    moment = at or timezone.now()
    day = timezone.localdate(moment)
    return set(
        Consent.objects.filter(
            participant_id__in=participant_ids,
            recipient_provider_id=provider_id,
            starts_on__lte=day,
        )
        .filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=moment),
        )
        .values_list("participant_id", flat=True)
    )
