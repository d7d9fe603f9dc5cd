"""Reading for the participant's own Waypoint, and what staff see of it.

The participant's funnels (``me``, ``my_version``, ``my_appointment``, ``my_own_step``)
hand a signed-in participant only their own records: anything else answers 404, as
every staff route does for them (the permission matrix). Each record opened is written
to the audit trail, with the role "participant".
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from waypoint.access import enrollment_scope
from waypoint.accounts.models import User
from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.notes.models import Appointment
from waypoint.participants.models import Participant
from waypoint.plans.models import PlanVersion
from waypoint.portal.models import Ask, Invitation, OwnStep

ROLE = "participant"


def _seen(user: User, participant: Participant, kind: str, public_id: Any) -> None:
    record(
        by=user,
        action="view",
        role=ROLE,
        organization_id=participant.organization_id,
        entries=[Entry(kind, str(public_id), participant.pk)],
    )


def me(user: User) -> Participant:
    """The signed-in participant; 404 for anyone else."""
    access = access_for(user)
    if access.participant_id is None:
        raise Http404("Not found.")
    found = Participant.objects.filter(
        pk=access.participant_id, organization_id=access.organization_id or -1
    ).first()
    if found is None:
        raise Http404("Not found.")
    return found


@dataclass
class MyPlan:
    program: str
    version: PlanVersion | None  # the newest version they may read (never a draft)
    to_acknowledge: bool


def my_plans(user: User, participant: Participant) -> list[MyPlan]:
    """Each of their enrollments' plans: the newest shared or acknowledged version."""
    versions = (
        PlanVersion.objects.filter(plan__participant=participant)
        .exclude(status=PlanVersion.Status.DRAFT)
        .select_related("plan__enrollment__program")
        .order_by("plan_id", "-number")
    )
    newest: dict[int, PlanVersion] = {}
    for version in versions:
        newest.setdefault(version.plan_id, version)
    return [
        MyPlan(
            program=v.plan.enrollment.program.name,
            version=v,
            to_acknowledge=v.status == PlanVersion.Status.SHARED,
        )
        for v in sorted(newest.values(), key=lambda v: v.plan.enrollment.program.name)
    ]


def my_version(user: User, public_id: Any) -> PlanVersion:
    """One version of their own plan (shared or acknowledged); 404 otherwise."""
    participant = me(user)
    version = (
        PlanVersion.objects.filter(public_id=public_id, plan__participant=participant)
        .exclude(status=PlanVersion.Status.DRAFT)
        .select_related("plan__enrollment__program", "plan__participant")
        .first()
    )
    if version is None:
        raise Http404("Not found.")
    _seen(user, participant, "plan_version", version.public_id)
    return version


def my_versions(version: PlanVersion) -> list[PlanVersion]:
    return list(version.plan.versions.exclude(status=PlanVersion.Status.DRAFT).order_by("-number"))


def my_post_plans(participant: Participant) -> list[Any]:
    """Their plans for what comes next: the newest shared or acknowledged one of each
    enrollment."""
    from waypoint.closure.models import PostProgramPlan

    found = (
        PostProgramPlan.objects.filter(participant=participant)
        .exclude(status=PostProgramPlan.Status.DRAFT)
        .select_related("enrollment__program")
        .order_by("enrollment_id", "-cycle", "-number")
    )
    newest: dict[int, Any] = {}
    for plan in found:
        newest.setdefault(plan.enrollment_id, plan)
    return list(newest.values())


def my_post_plan(user: User, public_id: Any) -> Any:
    from waypoint.closure.models import PostProgramPlan

    participant = me(user)
    found = (
        PostProgramPlan.objects.filter(public_id=public_id, participant=participant)
        .exclude(status=PostProgramPlan.Status.DRAFT)
        .select_related("enrollment__program", "enrollment__participant")
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    _seen(user, participant, "post_plan", found.public_id)
    return found


def my_forms(participant: Participant) -> list[Any]:
    """Questions sent to them that wait for their answers (their assessment still open)."""
    from waypoint.portal.models import SentForm

    return list(
        SentForm.objects.filter(
            participant=participant,
            done_at__isnull=True,
            withdrawn_at__isnull=True,
            assessment__status="draft",
        ).select_related("enrollment__program")
    )


def my_form(user: User, public_id: Any) -> Any:
    from waypoint.portal.models import SentForm

    participant = me(user)
    found = (
        SentForm.objects.filter(public_id=public_id, participant=participant)
        .select_related("assessment", "enrollment__program")
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    _seen(user, participant, "assessment", found.assessment.public_id)
    return found


def my_own_step(user: User, public_id: Any) -> OwnStep:
    participant = me(user)
    step = (
        OwnStep.objects.filter(public_id=public_id, plan__participant=participant)
        .select_related("plan__enrollment")
        .first()
    )
    if step is None:
        raise Http404("Not found.")
    return step


def my_appointments(user: User, participant: Participant) -> tuple[list[Any], list[Any]]:
    """Their appointments still to come, and the last ten that have passed."""
    now = timezone.now()
    mine = Appointment.objects.filter(
        participant=participant, organization_id=participant.organization_id
    ).select_related("staff", "enrollment__program")
    coming = list(mine.filter(starts_at__gte=now).order_by("starts_at")[:50])
    past = list(mine.filter(starts_at__lt=now).order_by("-starts_at")[:10])
    if coming or past:
        record(
            by=user,
            action="list",
            role=ROLE,
            organization_id=participant.organization_id,
            entries=[Entry("appointment", str(a.public_id), participant.pk) for a in coming + past],
        )
    return coming, past


def my_appointment(user: User, public_id: Any) -> Any:
    participant = me(user)
    found = (
        Appointment.objects.filter(public_id=public_id, participant=participant)
        .select_related("staff", "participant", "enrollment__program")
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    _seen(user, participant, "appointment", found.public_id)
    return found


@dataclass
class Sharing:
    consents: list[Any]
    disclosures: list[Any]
    waiting: set[int]  # consents they asked to stop, not answered yet


def my_sharing(user: User, participant: Participant) -> Sharing:
    """Their agreements to share and the accounting of what was shared under them."""
    from waypoint.consent.models import Consent, Disclosure

    consents = list(
        Consent.objects.filter(participant=participant).select_related("recipient_provider")
    )
    disclosures = list(
        Disclosure.objects.filter(participant=participant).order_by("-disclosed_at", "-pk")[:200]
    )
    entries = [Entry("consent", str(c.public_id), participant.pk) for c in consents]
    entries += [Entry("disclosure", str(d.public_id), participant.pk) for d in disclosures]
    if entries:
        record(
            by=user,
            action="list",
            role=ROLE,
            organization_id=participant.organization_id,
            entries=entries,
        )
    waiting = set(
        Ask.objects.filter(
            participant=participant, kind=Ask.Kind.WITHDRAW, status=Ask.Status.OPEN
        ).values_list("consent_id", flat=True)
    )
    return Sharing(consents=consents, disclosures=disclosures, waiting=waiting)


def my_consent(user: User, public_id: Any) -> Any:
    from waypoint.consent.models import Consent

    participant = me(user)
    found = (
        Consent.objects.filter(public_id=public_id, participant=participant)
        .select_related("recipient_provider")
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    _seen(user, participant, "consent", found.public_id)
    return found


def my_actions(user: User, participant: Participant) -> list[Any]:
    """What they agreed to do themselves in case conferences whose minutes are signed:
    the open ones by date, then the ten last done."""
    from waypoint.conferences.models import ActionItem, Attendee

    theirs = ActionItem.objects.filter(
        participant=participant,
        owner_attendee__kind=Attendee.Kind.PARTICIPANT,
        conference__signed_at__isnull=False,
    ).select_related("conference")
    found = list(theirs.filter(status=ActionItem.Status.OPEN).order_by("due_on", "pk")[:50])
    found += list(theirs.filter(status=ActionItem.Status.DONE).order_by("-closed_at", "-pk")[:10])
    if found:
        record(
            by=user,
            action="list",
            role=ROLE,
            organization_id=participant.organization_id,
            entries=[Entry("action_item", str(a.public_id), participant.pk) for a in found],
        )
    return found


def my_asks(participant: Participant) -> list[Ask]:
    """What they sent their navigator lately, newest first."""
    return list(
        Ask.objects.filter(participant=participant)
        .select_related("answered_by")
        .order_by("-created_at", "-pk")[:20]
    )


# --- Beside the plan ------------------------------------------------------------------------


def own_steps_by_goal(plan_id: int) -> dict[uuid.UUID, list[OwnStep]]:
    found: dict[uuid.UUID, list[OwnStep]] = defaultdict(list)
    for step in OwnStep.objects.filter(plan_id=plan_id):
        found[step.goal_key].append(step)
    return dict(found)


def claims_by_step(plan_id: int) -> dict[uuid.UUID, Ask]:
    """The newest "I did this" for each step of the plan."""
    found: dict[uuid.UUID, Ask] = {}
    for ask in Ask.objects.filter(plan_id=plan_id, kind=Ask.Kind.DONE).order_by("created_at", "pk"):
        if ask.item_key is not None:
            found[ask.item_key] = ask
    return found


# --- What staff see -------------------------------------------------------------------------


def open_asks_filter(user: User) -> QuerySet[Ask]:
    """Which requests ``open_asks`` lists, unordered and unjoined."""
    access = access_for(user)
    if access.outside or access.organization_id is None:
        return Ask.objects.none()
    return Ask.objects.filter(
        enrollment_scope(access, via="enrollment__"),
        status=Ask.Status.OPEN,
        enrollment__navigator_id=user.pk,
    )


def open_asks(user: User) -> list[Ask]:
    """Requests from participants on the user's own caseload that wait for an answer."""
    return list(
        open_asks_filter(user)
        .select_related("participant", "enrollment__program", "own_step")
        .order_by("created_at", "pk")[:100]
    )


def asks_of(enrollment_ids: list[int], *, open_only: bool = False) -> QuerySet[Ask]:
    found = Ask.objects.filter(enrollment_id__in=enrollment_ids).select_related(
        "participant", "answered_by", "own_step"
    )
    if open_only:
        found = found.filter(status=Ask.Status.OPEN)
    return found.order_by("-created_at", "-pk")


def ask_for(user: User, public_id: Any, *, write: bool = False) -> Ask:
    from waypoint.access import enrollment_record

    ask: Ask = enrollment_record(user, Ask, public_id, kind="portal_ask", write=write)
    return ask


@dataclass
class Standing:
    """Where a participant is with their own Waypoint, for the staff's view of them."""

    account: User | None
    invitation: Invitation | None

    @property
    def active(self) -> bool:
        return self.account is not None and self.account.is_active

    @property
    def invited(self) -> bool:
        return (
            self.invitation is not None
            and self.invitation.used_at is None
            and self.invitation.revoked_at is None
            and self.invitation.expires_at > timezone.now()
        )


def uses_own_waypoint(participant: Any) -> bool:
    return User.objects.filter(participant=participant, is_active=True).exists()


def standing(participant: Participant) -> Standing:
    return Standing(
        account=User.objects.filter(participant=participant).first(),
        invitation=Invitation.objects.filter(participant=participant)
        .order_by("-created_at")
        .first(),
    )
