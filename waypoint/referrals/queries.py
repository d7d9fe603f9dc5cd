"""Reading referrals through the participant funnel; the packet a partner may see (what
the consent in force allows, at this moment); loop-closure figures."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import bounds
from waypoint.access import sees_enrollment
from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Need
from waypoint.audit.actions import Entry, record
from waypoint.consent import queries as consent_queries
from waypoint.consent.models import SENSITIVE, Category, Consent
from waypoint.referrals.models import CLOSED, OPEN, DeclineReason, Referral, Status

if TYPE_CHECKING:
    from waypoint.accounts.models import User

CROWDED = 2  # more open referrals than this prompts a gentle word


def referral_for(user: User, public_id: Any, *, write: bool = False) -> Referral:
    """A referral of a participant the user may see, in one of the user's programs; 404
    otherwise. Records the read."""
    access = access_for(user)
    found: Referral | None = (
        Referral.objects.filter(public_id=public_id)
        .select_related(
            "enrollment__program",
            "enrollment__navigator",
            "participant",
            "service__organization",
            "provider",
            "consent__recipient_provider",
            "referred_by",
            "follow_up",
            "need",
            "to_program",
            "to_staff",
            "enrollment_made",
        )
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    # Staff of the program a referral inside the organization was sent to see it; on the
    # referring side, the access core decides, as for every record of an enrollment.
    receiving = found.to_program_id is not None and found.to_program_id in access.roles_by_program
    referring = sees_enrollment(access, found.enrollment)
    if not (referring or receiving):
        raise Http404("Not found.")
    if write and not (
        access.can_write(found.enrollment.program_id)
        or (receiving and access.can_write(found.to_program_id))  # type: ignore[arg-type]
    ):
        raise PermissionDenied("Your role in this program is read only.")
    record(
        by=user,
        action="view",
        role=access.role_in([found.enrollment.program_id]),
        organization_id=found.organization_id,
        entries=[Entry("referral", str(found.public_id), found.participant_id)],
    )
    return found


def partner_provider_id(user: User) -> int:
    """The directory organization a partner-organization user works at; 404 for anyone
    else (staff, signed-out)."""
    provider_id = access_for(user).partner_provider_id
    if provider_id is None:
        raise Http404("Not found.")
    return provider_id


def partner_referral_for(user: User, public_id: Any) -> Referral:
    """A referral sent to the partner organization ``user`` works at; 404 otherwise (a
    draft was never sent, so it does not exist for them). What of the person they may
    read is ``packet``'s job, asked afresh each time."""
    found: Referral | None = (
        Referral.objects.filter(public_id=public_id, provider_id=partner_provider_id(user))
        .exclude(status=Status.DRAFT)
        .select_related(
            "participant",
            "service",
            "provider",
            "enrollment__program",
            "enrollment__navigator",
            "referred_by",
            "organization",
        )
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def open_count(participant_id: int) -> int:
    return Referral.objects.filter(participant_id=participant_id, status__in=OPEN).count()


def referrals_of(enrollment_id: int) -> QuerySet[Referral]:
    return Referral.objects.filter(enrollment_id=enrollment_id).select_related(
        "service", "provider"
    )


@dataclass
class Packet:
    """What the recipient may read about a referral now, and under which consents."""

    referral: Referral
    consents: list[Consent]
    categories: list[str]
    contacts: list[Any] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    goals: list[Any] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories]

    @property
    def redisclosure_notice(self) -> bool:
        return Category.SUBSTANCE_USE in self.categories


def packet(referral: Referral, at: datetime | None = None) -> Packet | None:
    """The referral packet as consent allows at ``at`` (now): the categories the referral
    carries that a consent in force for the recipient covers. None when no consent for
    them is in force: nothing about the participant may be shown."""
    if referral.provider_id is None:
        return None  # inside the organization there is no packet: staff see it by role
    consents = consent_queries.in_force(
        referral.participant_id, provider_id=referral.provider_id, at=at
    )
    if not consents:
        return None
    allowed = consent_queries.allowed(consents)
    categories = [c for c in Category.values if c in referral.categories and c in allowed]
    found = Packet(referral=referral, consents=consents, categories=categories)
    participant = referral.participant
    sensitive_ok = {c for c in categories if c in SENSITIVE}
    if Category.CONTACT in categories:
        found.contacts = [c for c in participant.contacts.all() if c.safe_to_contact != "no"]
    if Category.ASSESSMENT in categories or sensitive_ok:
        needs = Need.objects.filter(enrollment_id=referral.enrollment_id).order_by("priority")
        found.needs = [
            n
            for n in needs
            if (n.domain in SENSITIVE and n.domain in sensitive_ok)
            or (n.domain not in SENSITIVE and Category.ASSESSMENT in categories)
        ]
    if Category.PLAN in categories:
        found.goals = _plan_goals(referral, sensitive_ok)
    if Category.NOTES in categories:
        found.notes = _signed_notes(referral, sensitive_ok)
    return found


def _plan_goals(referral: Referral, sensitive_ok: set[str]) -> list[Any]:
    from waypoint.plans.models import Goal, PlanVersion

    version = (
        PlanVersion.objects.filter(plan__enrollment_id=referral.enrollment_id)
        .exclude(status=PlanVersion.Status.DRAFT)
        .order_by("-number")
        .first()
    )
    if version is None:
        return []
    goals = Goal.objects.filter(version=version).prefetch_related("need_links__need", "steps")
    shown = []
    for goal in goals:
        domains = {link.need.domain for link in goal.need_links.all()}
        if all(d not in SENSITIVE or d in sensitive_ok for d in domains):
            shown.append(goal)
    return shown


def _signed_notes(referral: Referral, sensitive_ok: set[str]) -> list[Any]:
    from waypoint.notes.models import Note

    notes = (
        Note.objects.filter(enrollment_id=referral.enrollment_id, status=Note.Status.SIGNED)
        .select_related("contact", "author")
        .order_by("-contact__happened_at")[:10]
    )
    return [n for n in notes if all(c in sensitive_ok for c in (n.sensitive_categories or []))]


@dataclass
class Figures:
    """Loop closure for one program or one partner."""

    label: str
    sent: int = 0
    closed: int = 0
    connected: int = 0
    no_response: int = 0
    days_to_connection: list[float] = field(default_factory=list)
    declined: Counter[str] = field(default_factory=Counter)

    @property
    def closed_share(self) -> int | None:
        return round(100 * self.closed / self.sent) if self.sent else None

    @property
    def median_days(self) -> float | None:
        if not self.days_to_connection:
            return None
        return round(statistics.median(self.days_to_connection), 1)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        return [(str(DeclineReason(r).label), n) for r, n in self.declined.most_common() if r]


def figures(
    organization_id: int, program_ids: set[int] | None = None
) -> tuple[list[Figures], list[Figures]]:
    """Loop-closure figures per program and per partner: the share of sent referrals
    closed, the median days from sending to connection, and why referrals were declined.
    One query."""
    rows = Referral.objects.filter(organization_id=organization_id).exclude(status=Status.DRAFT)
    if program_ids is not None:
        rows = rows.filter(enrollment__program_id__in=program_ids)
    by_program: dict[int, Figures] = {}
    values = rows.values_list(
        "status",
        "reason",
        "sent_at",
        "connected_at",
        "enrollment__program_id",
        "enrollment__program__name",
        "provider_id",
        "provider__name",
        "to_program__name",
    )
    by_partner_key: dict[str, Figures] = {}
    for row in values:
        status, reason, sent_at, connected_at, pid, pname, prov_id, prov_name, inside = row
        partner_key = f"provider:{prov_id}" if prov_id else f"inside:{inside}"
        partner_label = prov_name if prov_id else _("%(program)s (inside)") % {"program": inside}
        for bucket in (
            by_program.setdefault(pid, Figures(pname)),
            by_partner_key.setdefault(partner_key, Figures(partner_label)),
        ):
            bucket.sent += 1
            if status in CLOSED:
                bucket.closed += 1
            if status == Status.NO_RESPONSE:
                bucket.no_response += 1
            if connected_at is not None and sent_at is not None:
                bucket.connected += 1
                bucket.days_to_connection.append((connected_at - sent_at).total_seconds() / 86400)
            if status in (Status.DECLINED, Status.NOT_ELIGIBLE):
                bucket.declined[reason] += 1
    order = lambda f: f.label.casefold()  # noqa: E731
    return sorted(by_program.values(), key=order), sorted(by_partner_key.values(), key=order)


def days_waiting(referral: Referral, now: datetime | None = None) -> int | None:
    if referral.sent_at is None or referral.status not in OPEN:
        return None
    waited: int = (
        timezone.localdate(now or timezone.now()) - bounds.local(referral.sent_at).date()
    ).days
    return waited


def sent_to_my_programs_filter(user: User) -> QuerySet[Referral]:
    """Which referrals ``sent_to_my_programs`` lists, unordered and unjoined."""
    access = access_for(user)
    programs = [p for p in access.roles_by_program if access.can_write(p)]
    if not programs:
        return Referral.objects.none()
    return Referral.objects.filter(
        organization_id=access.organization_id or -1,
        to_program_id__in=programs,
        status__in=OPEN - {Status.DRAFT},
    )


def sent_to_my_programs(user: User) -> list[Referral]:
    """Open referrals other programs sent to the programs where the user can write (for
    their home page). One query."""
    return list(
        sent_to_my_programs_filter(user)
        .select_related("participant", "to_program", "to_staff", "enrollment__program")
        .order_by("sent_at", "pk")[:50]
    )
