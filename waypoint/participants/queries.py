"""Reading participants: the one funnel every page and API call goes through.

``participant_for`` asks the access core (``waypoint.access``) whether the user may see
the person, records the read in the audit trail, and raises 404 for anyone who may not
know the person exists. ``visible_participants`` is the same rule as a queryset filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from waypoint.access import participant_filter
from waypoint.accounts.models import PROGRAM_WIDE_ROLES
from waypoint.accounts.queries import StaffAccess, access_for
from waypoint.audit.actions import Entry, record
from waypoint.participants import search_index
from waypoint.participants.models import ContactMethod, Participant
from waypoint.participants.normalize import contact_key, name_key
from waypoint.participants.search_index import name_contains


def visibility_filter(access: StaffAccess, *, one: bool = False) -> Q:
    """Which participants ``access`` may see: the access core's person rule."""
    return participant_filter(access, one=one)


def visible_participants(user: Any) -> QuerySet[Participant]:
    return Participant.objects.filter(participant_filter(access_for(user)))


def writable_program_ids(access: StaffAccess, participant: Participant) -> set[int]:
    programs = {e.program_id for e in participant.enrollments.all()}
    return {pid for pid in programs if access.can_write(pid)}


def participant_for(
    user: Any, public_id: Any, *, write: bool = False, audit: bool = True
) -> Participant:
    """The participant, if ``user`` may see them (and change them, with ``write``)."""
    access = access_for(user)
    participant = (
        Participant.objects.filter(visibility_filter(access, one=True), public_id=public_id)
        .prefetch_related("contacts", "enrollments")
        .first()
    )
    if participant is None:
        raise Http404("No such participant.")
    program_ids = [e.program_id for e in participant.enrollments.all()]
    if write and not (access.is_admin or writable_program_ids(access, participant)):
        raise PermissionDenied("Your role here is read only.")
    if audit:
        record(
            by=user,
            action="view",
            role=access.role_in(program_ids),
            organization_id=participant.organization_id,
            entries=[Entry("participant", str(participant.public_id), participant.pk)],
        )
    return participant


def record_listing(
    user: Any,
    participants: Iterable[Participant],
    action: str,
    *,
    changes: dict[str, Any] | None = None,
) -> None:
    """One audit event per participant a list or search showed (or a download listed:
    ``changes`` then says which list and format)."""
    access = access_for(user)
    record(
        by=user,
        action=action,
        role=access.primary_role,
        organization_id=access.organization_id,
        entries=[
            Entry("participant", str(p.public_id), p.pk, dict(changes or {})) for p in participants
        ],
    )


def search(user: Any, text: str, *, limit: int = 20) -> list[Participant]:
    """Participants whose names contain every word typed (accents and case ignored)."""
    words = name_key(text).split()
    if not words:
        return []
    access = access_for(user)
    # Someone who sees whole programs: check each person found rather than list them
    # all (SQLite); a navigator's own few people are the shorter list to start from.
    one = bool(access.programs_with(PROGRAM_WIDE_ROLES)) and search_index.checks_each_found(
        words[:6]
    )
    found = Participant.objects.filter(participant_filter(access, one=one))
    for word in words[:6]:
        found = found.filter(name_contains(word))
    results = list(found.order_by("preferred_name", "pk")[:limit])
    record_listing(user, results, "search")
    return results


@dataclass(frozen=True)
class Match:
    participant: Participant
    score: int
    reasons: tuple[str, ...]


MATCH_THRESHOLD = 70
CANDIDATE_LIMIT = 400


def possible_matches(
    user: Any,
    *,
    name: str,
    date_of_birth: date | None = None,
    phones: Sequence[str] = (),
    emails: Sequence[str] = (),
    limit: int = 10,
) -> list[Match]:
    """People who may already be here, best first, each with the reasons it matched.

    Only people the user may see are considered.
    """
    key = name_key(name)
    words = [w for w in key.split() if len(w) >= 2]
    contact_keys = [contact_key("phone", p) for p in phones if p.strip()]
    contact_keys += [contact_key("email", e) for e in emails if e.strip()]
    contact_keys = [k for k in contact_keys if k]
    # Each clue is its own indexed lookup (a name piece, the date of birth, a contact),
    # joined by UNION: an OR of them in one WHERE would scan every person.
    clues: list[QuerySet[Any]] = [
        Participant.objects.filter(name_contains(piece)).values("pk").order_by()
        for piece in dict.fromkeys(p for word in words for p in (word[:3], word[-3:]))
    ]
    if date_of_birth:
        organization_id = access_for(user).organization_id or -1  # none: nobody visible
        clues.append(
            Participant.objects.filter(organization_id=organization_id, date_of_birth=date_of_birth)
            .values("pk")
            .order_by()
        )
    if contact_keys:
        clues.append(
            ContactMethod.objects.filter(normalized__in=contact_keys)
            .values("participant_id")
            .order_by()
        )
    if not clues:
        return []
    candidates = list(
        visible_participants(user)
        .filter(pk__in=clues[0].union(*clues[1:]))
        .prefetch_related("contacts")[:CANDIDATE_LIMIT]
    )
    matches = []
    for person in candidates:
        reasons: list[str] = []
        score = 0
        similarity = int(fuzz.token_set_ratio(key, person.name_key)) if key else 0
        if similarity >= 85:
            reasons.append(
                _("Name is very similar (%(similarity)s%%)") % {"similarity": similarity}
            )
        elif similarity >= 65:
            reasons.append(
                _("Name is somewhat similar (%(similarity)s%%)") % {"similarity": similarity}
            )
        score = similarity
        if date_of_birth and person.date_of_birth == date_of_birth:
            reasons.append(_("Same date of birth"))
            score += 30
        shared = {c.normalized for c in person.contacts.all()} & set(contact_keys)
        if shared:
            reasons.append(_("Same phone number or email"))
            score += 50
        if score >= MATCH_THRESHOLD and reasons:
            matches.append(Match(person, min(score, 100), tuple(reasons)))
    matches.sort(key=lambda m: (-m.score, m.participant.preferred_name))
    shown = matches[:limit]
    if shown:
        record_listing(user, [m.participant for m in shown], "search")
    return shown
