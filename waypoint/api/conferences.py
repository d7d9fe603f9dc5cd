"""/api/v1/ for case conferences and family conferences: the set-up, who attends, the
participants discussed, what each attendee brought, the action items and the minutes as
read. The same funnels, actions and audit as the pages.

Reads go through ``conference_for`` / ``discussion_for`` / ``action_item_for`` (404 for
anyone who may not know the conference or the participant's enrollment; the read is
audited). Inside a conference, only the participants whose enrollment the caller may open
are shown (``visible_discussions``), and each shown discussion is audited. What was
recorded under a sensitive category (a contribution, a summary, an action item) comes
back only to roles the participant's program lets read sensitive details; everyone else
gets a count of what was held back. Writes go through the actions: once the minutes are
signed (or the meeting cancelled) nothing of the meeting changes, and any write answers
409. Partner people have no API access to conferences.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.params.functions import Query
from ninja.responses import Status as Reply
from pydantic import Field, field_validator

from waypoint.access import visible_enrollments
from waypoint.accounts.models import Program, User
from waypoint.accounts.queries import access_for, writable_programs
from waypoint.api.assessments import Refusal
from waypoint.api.inputs import (
    AheadDate,
    AttendeeKind,
    AwareAheadMoment,
    ConferenceKind,
    SensitiveCategory,
    SeriesEvery,
)
from waypoint.assessments.models import Need
from waypoint.conferences import actions
from waypoint.conferences.models import (
    ActionItem,
    Agreement,
    Attendee,
    Conference,
    Contribution,
    Discussion,
    MinutesAddendum,
)
from waypoint.conferences.queries import (
    action_item_for,
    conference_for,
    conferences_for,
    discussion_for,
    record_discussions_read,
    visible_discussions,
)
from waypoint.directory.models import DirectoryContact, Provider
from waypoint.directory.models import Service as DirectoryService
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.http import AuthedRequest
from waypoint.participants.queries import participant_for

router = Router(tags=["case conferences"])

T = TypeVar("T")
MAX_CONFERENCES = 200
MAX_RULES = 20
HELD_BACK = (
    "Recorded under a sensitive category your role in the participant's program may not "
    "read: only counted."
)


# Schemas ---------------------------------------------------------------------------


class ConferenceOut(Schema):
    id: uuid.UUID
    program_id: int
    program: str
    kind: str
    title: str
    starts_at: datetime
    minutes: int = Field(description="How long the meeting is, in minutes.")
    place: str
    video_link: str
    status: str = Field(description="scheduled or cancelled.")
    cancelled_reason: str
    series_id: uuid.UUID | None = Field(description="The series a repeating meeting is one of.")
    repeats: str = Field(description="How often the series meets, or empty.")
    follows_id: uuid.UUID | None = Field(description="The meeting this one follows up.")
    ground_rules: list[str]
    rules_agreed_at: datetime | None
    invited_at: datetime | None
    version: int
    signed: bool = Field(description="Signed minutes never change.")
    signed_by_id: int | None
    signed_by: str
    signed_at: datetime | None
    created_by_id: int | None
    created_at: datetime


class ConferenceIn(Schema):
    program_id: int
    kind: ConferenceKind
    title: str = Field(max_length=1000)
    starts_at: AwareAheadMoment = Field(description="When it starts, with its time zone.")
    minutes: int = Field(60, description="15 to 480.")
    place: str = Field("", max_length=1000, description="Where it is held (or a video link).")
    video_link: str = Field("", max_length=1000, description="Starting with https://")
    every: SeriesEvery | None = Field(
        None, description="For a series: how often it meets; each meeting is its own record."
    )
    meetings: int = Field(1, description="For a series: how many meetings to plan, 1 to 26.")
    creation_key: uuid.UUID | None = Field(
        None, description="Send the same key again to get the same conference, not a second one."
    )


class ConferencePatch(Schema):
    """Only what you send changes; ``null`` clears the place or the video link."""

    version: int = Field(description="The version you read.")
    title: str | None = Field(None, max_length=1000)
    starts_at: AwareAheadMoment | None = None
    minutes: int | None = None
    place: str | None = Field(None, max_length=1000)
    video_link: str | None = Field(None, max_length=1000)
    ground_rules: list[str] | None = Field(
        None, max_length=MAX_RULES, description="A family conference's ground rules."
    )

    @field_validator("ground_rules")
    @classmethod
    def short_rules(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(len(rule) > 1000 for rule in value):
            raise ValueError("Keep each ground rule under 300 characters.")
        return value


class AttendeeOut(Schema):
    id: uuid.UUID
    kind: str
    name: str
    relationship: str
    email: str
    user_id: int | None
    provider_id: uuid.UUID | None = Field(description="Their organization in the directory.")
    provider: str
    directory_contact_id: uuid.UUID | None
    participant_id: uuid.UUID | None
    facilitator: bool
    timekeeper: bool
    notetaker: bool
    attendance: str = Field(description="invited, attended or absent.")
    invited_at: datetime | None
    added_at: datetime


class AttendeeIn(Schema):
    """Staff: ``user_id``. A partner person: ``user_id`` of their account, or
    ``directory_contact_id``. The participant: ``participant_id``. A family member or a
    resource person: ``name`` and ``email`` (and ``provider_id`` if they come from an
    organization in the directory)."""

    kind: AttendeeKind
    user_id: int | None = None
    directory_contact_id: uuid.UUID | None = Field(None, description="A directory contact.")
    participant_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = Field(None, description="A directory organization.")
    name: str = Field("", max_length=1000)
    email: str = Field("", max_length=254)
    relationship: str = Field("", max_length=1000)
    creation_key: uuid.UUID | None = None

    @field_validator("email")
    @classmethod
    def an_address(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as error:
                raise ValueError("Enter an email address such as name@example.org.") from error
        return value


class DiscussionOut(Schema):
    """The summary of a participant discussed under a sensitive category your role may not
    read comes back as ``"summary_private": true`` with ``strengths``, ``barriers``,
    ``service_needs`` and ``sensitive_categories`` null."""

    id: uuid.UUID
    conference_id: uuid.UUID
    enrollment_id: uuid.UUID
    participant_id: uuid.UUID
    participant: str = Field(description="The name they go by.")
    program_id: int
    reason: str
    position: int
    budget_minutes: int
    staff_only: bool = Field(description="Discussed with staff only; others step out.")
    timer_running: bool
    elapsed_seconds: int
    summary_confirmed: bool
    summary_private: bool
    strengths: str | None
    barriers: str | None
    service_needs: str | None
    sensitive_categories: list[str] | None
    version: int
    added_at: datetime


class DiscussionList(Schema):
    discussions: list[DiscussionOut]
    not_shown: int = Field(
        description="Others on the agenda whose enrollment you do not work with."
    )


class DiscussionIn(Schema):
    enrollment_id: uuid.UUID = Field(description="The enrollment of the participant discussed.")
    reason: str = Field(max_length=1000, description="Why they are discussed, in a few words.")
    budget_minutes: int = Field(10, description="Their time on the agenda, 1 to 240 minutes.")
    staff_only: bool = False
    creation_key: uuid.UUID | None = None


class DiscussionPatch(Schema):
    """Only what you send changes: why they are discussed, their time, a staff-only part,
    and the facilitator's summary."""

    version: int = Field(description="The version you read.")
    reason: str | None = Field(None, max_length=1000)
    budget_minutes: int | None = None
    staff_only: bool | None = None
    strengths: str | None = Field(None, max_length=6000)
    barriers: str | None = Field(None, max_length=6000)
    service_needs: str | None = Field(None, max_length=6000)
    summary_confirmed: bool | None = None
    sensitive_categories: list[SensitiveCategory] | None = Field(None, max_length=10)


class ContributionOut(Schema):
    id: uuid.UUID
    discussion_id: uuid.UUID
    attendee_id: uuid.UUID
    attendee: str
    attendee_kind: str
    strengths: str
    barriers: str
    ideas: str
    sensitive_categories: list[str]
    ahead: bool = Field(description="Written by the attendee before the meeting.")
    written_by_id: int | None
    written_by: str
    written_at: datetime


class ContributionList(Schema):
    contributions: list[ContributionOut]
    held_back: int = Field(description=HELD_BACK)


class ContributionIn(Schema):
    attendee_id: uuid.UUID = Field(description="Who said it: an attendee of this conference.")
    strengths: str = Field("", max_length=2000)
    barriers: str = Field("", max_length=2000)
    ideas: str = Field("", max_length=2000)
    sensitive_categories: list[SensitiveCategory] = Field(default_factory=list, max_length=10)
    creation_key: uuid.UUID | None = None


class ActionItemOut(Schema):
    """An item recorded under a sensitive category your role may not read comes back (to
    its owner closing it) as ``"private": true`` with its facts only."""

    id: uuid.UUID
    conference_id: uuid.UUID
    discussion_id: uuid.UUID
    enrollment_id: uuid.UUID
    participant_id: uuid.UUID
    private: bool
    owner_user_id: int | None
    owner_attendee_id: uuid.UUID | None
    owner: str
    due_on: date
    status: str = Field(description="open, done or released (no longer needed).")
    closed_by_id: int | None
    closed_at: datetime | None
    sent_at: datetime | None = Field(description="When its owner was told (after signing).")
    version: int
    created_at: datetime
    what: str | None = None
    need_number: int | None = None
    goal_key: uuid.UUID | None = None
    service_id: uuid.UUID | None = None
    service: str | None = None
    sensitive_categories: list[str] | None = None
    closed_reason: str | None = None


class ActionItemList(Schema):
    action_items: list[ActionItemOut]
    held_back: int = Field(description=HELD_BACK)


class ActionItemIn(Schema):
    """Give the owner as ``owner_user_id`` (staff) or ``owner_attendee_id`` (anyone
    invited and cleared to hear about the participant)."""

    what: str = Field(max_length=1000, description="What will be done, in a few words.")
    due_on: AheadDate
    owner_user_id: int | None = None
    owner_attendee_id: uuid.UUID | None = None
    need_number: int | None = Field(None, ge=1, le=32767, description="One of their needs.")
    goal_key: uuid.UUID | None = Field(None, description="A goal of their plan.")
    service_id: uuid.UUID | None = Field(None, description="A service in your directory.")
    sensitive_categories: list[SensitiveCategory] = Field(default_factory=list, max_length=10)
    creation_key: uuid.UUID | None = None


class ActionItemClose(Schema):
    version: int = Field(description="The version you read.")
    status: Literal["done", "released"]
    reason: str = Field("", max_length=1000, description="Needed when it is released.")


class AgreementOut(Schema):
    attendee_id: uuid.UUID
    attendee: str
    answer: str
    words: str
    recorded_at: datetime


class AddendumOut(Schema):
    id: uuid.UUID
    discussion_id: uuid.UUID | None
    text: str
    written_by_id: int | None
    written_by: str
    written_at: datetime


class MinutesAttendee(Schema):
    id: uuid.UUID
    kind: str
    name: str
    relationship: str
    roles: list[str] = Field(description="facilitator, timekeeper, notetaker.")
    attendance: str = Field(description="invited, attended or absent.")


class MinutesDiscussion(DiscussionOut):
    contributions: list[ContributionOut]
    contributions_held_back: int
    agreements: list[AgreementOut]
    action_items: list[ActionItemOut]
    action_items_held_back: int
    addenda: list[AddendumOut]


class MinutesOut(ConferenceOut):
    attendance: list[MinutesAttendee]
    discussions: list[MinutesDiscussion]
    discussions_not_shown: int = Field(
        description="Others on the agenda whose enrollment you do not work with."
    )
    addenda: list[AddendumOut] = Field(description="Addenda about the whole meeting.")


# Shaping answers -------------------------------------------------------------------


def _name(user: User | None) -> str:
    return str(user) if user is not None else ""


def conference_out(c: Conference) -> dict[str, Any]:
    return {
        "id": c.public_id,
        "program_id": c.program_id,
        "program": c.program.name,
        "kind": c.kind,
        "title": c.title,
        "starts_at": c.starts_at,
        "minutes": c.minutes,
        "place": c.place,
        "video_link": c.video_link,
        "status": c.status,
        "cancelled_reason": c.cancelled_reason,
        "series_id": c.series.public_id if c.series else None,
        "repeats": c.series.every if c.series else "",
        "follows_id": c.follows.public_id if c.follows else None,
        "ground_rules": list(c.ground_rules or []),
        "rules_agreed_at": c.rules_agreed_at,
        "invited_at": c.invited_at,
        "version": c.version,
        "signed": c.signed,
        "signed_by_id": c.signed_by_id,
        "signed_by": _name(c.signed_by),
        "signed_at": c.signed_at,
        "created_by_id": c.created_by_id,
        "created_at": c.created_at,
    }


def attendee_out(a: Attendee) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "kind": a.kind,
        "name": a.name,
        "relationship": a.relationship,
        "email": a.email,
        "user_id": a.user_id,
        "provider_id": a.provider.hsds_id if a.provider else None,
        "provider": a.provider.name if a.provider else "",
        "directory_contact_id": a.directory_contact.hsds_id if a.directory_contact else None,
        "participant_id": a.participant.public_id if a.participant else None,
        "facilitator": a.facilitator,
        "timekeeper": a.timekeeper,
        "notetaker": a.notetaker,
        "attendance": a.attendance,
        "invited_at": a.invited_at,
        "added_at": a.added_at,
    }


def _reads_sensitive(user: User, discussion: Discussion) -> bool:
    """Whether the participant's program lets the user's role read sensitive details."""
    return access_for(user).sees_sensitive(discussion.enrollment.program)


def _shown(categories: list[str], sensitive: bool) -> bool:
    return sensitive or not categories


def discussion_out(user: User, d: Discussion, conference: Conference) -> dict[str, Any]:
    shown = _shown(d.sensitive_categories, _reads_sensitive(user, d))
    return {
        "id": d.public_id,
        "conference_id": conference.public_id,
        "enrollment_id": d.enrollment.public_id,
        "participant_id": d.enrollment.participant.public_id,
        "participant": d.enrollment.participant.preferred_name,
        "program_id": d.enrollment.program_id,
        "reason": d.reason,
        "position": d.position,
        "budget_minutes": d.budget_minutes,
        "staff_only": d.staff_only,
        "timer_running": d.timer_started_at is not None,
        "elapsed_seconds": d.elapsed_seconds,
        "summary_confirmed": d.summary_confirmed,
        "summary_private": not shown,
        "strengths": d.strengths if shown else None,
        "barriers": d.barriers if shown else None,
        "service_needs": d.service_needs if shown else None,
        "sensitive_categories": list(d.sensitive_categories) if shown else None,
        "version": d.version,
        "added_at": d.added_at,
    }


def contribution_out(c: Contribution, discussion: Discussion) -> dict[str, Any]:
    return {
        "id": c.public_id,
        "discussion_id": discussion.public_id,
        "attendee_id": c.attendee.public_id,
        "attendee": c.attendee.name,
        "attendee_kind": c.attendee.kind,
        "strengths": c.strengths,
        "barriers": c.barriers,
        "ideas": c.ideas,
        "sensitive_categories": list(c.sensitive_categories),
        "ahead": c.ahead,
        "written_by_id": c.written_by_id,
        "written_by": _name(c.written_by),
        "written_at": c.written_at,
    }


def action_item_out(
    item: ActionItem, discussion: Discussion, conference: Conference, *, shown: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.public_id,
        "conference_id": conference.public_id,
        "discussion_id": discussion.public_id,
        "enrollment_id": discussion.enrollment.public_id,
        "participant_id": discussion.enrollment.participant.public_id,
        "private": not shown,
        "owner_user_id": item.owner_user_id,
        "owner_attendee_id": item.owner_attendee.public_id if item.owner_attendee else None,
        "owner": item.owner_name,
        "due_on": item.due_on,
        "status": item.status,
        "closed_by_id": item.closed_by_id,
        "closed_at": item.closed_at,
        "sent_at": item.sent_at,
        "version": item.version,
        "created_at": item.created_at,
    }
    if not shown:
        return out
    return {
        **out,
        "what": item.what,
        "need_number": item.need.number if item.need else None,
        "goal_key": item.goal_key,
        "service_id": item.service.hsds_id if item.service else None,
        "service": item.service.name if item.service else "",
        "sensitive_categories": list(item.sensitive_categories),
        "closed_reason": item.closed_reason,
    }


def addendum_out(a: MinutesAddendum, discussion: Discussion | None) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "discussion_id": discussion.public_id if discussion else None,
        "text": a.text,
        "written_by_id": a.written_by_id,
        "written_by": _name(a.written_by),
        "written_at": a.written_at,
    }


def agreement_out(a: Agreement) -> dict[str, Any]:
    return {
        "attendee_id": a.attendee.public_id,
        "attendee": a.attendee.name,
        "answer": a.answer,
        "words": a.words,
        "recorded_at": a.recorded_at,
    }


def _split(rows: list[Any], sensitive: bool) -> tuple[list[Any], int]:
    """The rows the reader may read, and how many were held back."""
    shown = [r for r in rows if _shown(r.sensitive_categories, sensitive)]
    return shown, len(rows) - len(shown)


def minutes_discussion(user: User, d: Discussion, conference: Conference) -> dict[str, Any]:
    """One discussion as the minutes show it (its related rows already prefetched)."""
    sensitive = _reads_sensitive(user, d)
    contributions, contributions_held = _split(list(d.contributions.all()), sensitive)
    items, items_held = _split(list(d.action_items.all()), sensitive)
    return {
        **discussion_out(user, d, conference),
        "contributions": [contribution_out(c, d) for c in contributions],
        "contributions_held_back": contributions_held,
        "agreements": [agreement_out(a) for a in d.agreements.all()],
        "action_items": [action_item_out(i, d, conference, shown=True) for i in items],
        "action_items_held_back": items_held,
        "addenda": [addendum_out(a, d) for a in d.addenda.all()],
    }


# Refusals --------------------------------------------------------------------------

CLOSED = (actions.SIGNED, actions.CANCELLED)


def _act(call: Callable[[], T], fields: dict[str, str] | None = None) -> T:
    """Run an action: a change to a meeting that no longer changes (signed minutes, a
    cancelled meeting) is a conflict with its state (409); the action's field names are
    given as the body's."""
    try:
        return call()
    except StaleEdit:
        raise
    except ActionRefused as refused:
        if refused.message in {str(message) for message in CLOSED}:
            raise HttpError(409, refused.message) from refused
        if fields and refused.field in fields:
            refused.field = fields[refused.field]
        raise


def _program(user: User, program_id: int) -> Program:
    program = writable_programs(user).filter(pk=program_id).first()
    if program is None:
        raise ActionRefused("Choose a program you work in.", field="program_id")
    return program


def _attendee_of(conference_id: int, public_id: uuid.UUID | None, field: str) -> Attendee | None:
    if public_id is None:
        return None
    found = (
        Attendee.objects.filter(conference_id=conference_id, public_id=public_id)
        .select_related("user", "provider")
        .first()
    )
    if found is None:
        raise ActionRefused("Choose someone invited to this conference.", field=field)
    return found


def _reload_attendee(attendee: Attendee) -> Attendee:
    return Attendee.objects.select_related("provider", "directory_contact", "participant").get(
        pk=attendee.pk
    )


def _item_rows() -> Any:
    return ActionItem.objects.select_related("owner_user", "owner_attendee", "need", "service")


# Conferences --------------------------------------------------------------------------


@router.get(
    "/conferences",
    response=list[ConferenceOut],
    url_name="conference_list",
    summary="Conferences you may open (you attend or set them up, or oversee the program)",
)
def conference_list(
    request: AuthedRequest,
    limit: int = Query(50, ge=1, le=MAX_CONFERENCES, description="How many, up to 200."),
) -> list[dict[str, Any]]:
    found = conferences_for(request.user).select_related("series", "follows", "signed_by")
    return [conference_out(c) for c in found[:limit]]


@router.post(
    "/conferences",
    response={201: ConferenceOut, 400: Refusal},
    url_name="conference_create",
    summary="Plan a conference, or a series of them; you attend it as its facilitator",
)
def conference_create(request: AuthedRequest, body: ConferenceIn) -> Reply[dict[str, Any]]:
    conference = actions.create_conference(
        by=request.user,
        program=_program(request.user, body.program_id),
        kind=body.kind,
        title=body.title,
        starts_at=body.starts_at,
        minutes=body.minutes,
        place=body.place,
        video_link=body.video_link,
        every=body.every or "",
        meetings=body.meetings,
        creation_key=body.creation_key,
    )
    return Reply(201, conference_out(conference_for(request.user, conference.public_id)))


@router.get(
    "/conferences/{public_id}",
    response=ConferenceOut,
    url_name="conference_read",
    summary="A conference's set-up",
)
def conference_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return conference_out(conference_for(request.user, public_id))


@router.patch(
    "/conferences/{public_id}",
    response={200: ConferenceOut, 400: Refusal, 409: Refusal},
    url_name="conference_update",
    summary="Change when, where, the name or the ground rules; send the version you read",
)
def conference_update(
    request: AuthedRequest, public_id: uuid.UUID, body: ConferencePatch
) -> dict[str, Any]:
    conference = conference_for(request.user, public_id, write=True)
    given = body.model_fields_set
    data: dict[str, Any] = {
        key: getattr(body, key) if key in given else getattr(conference, key)
        for key in ("title", "starts_at", "minutes", "place", "video_link")
    }
    if "ground_rules" in given:
        data["ground_rules"] = body.ground_rules or []
    _act(
        lambda: actions.update_conference(
            by=request.user, conference=conference, expected_version=body.version, data=data
        )
    )
    return conference_out(conference_for(request.user, public_id))


# Attendees ----------------------------------------------------------------------------


@router.get(
    "/conferences/{public_id}/attendees",
    response=list[AttendeeOut],
    url_name="conference_attendees",
    summary="Who is invited, in which roles, and whether they came",
)
def attendee_list(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    conference = conference_for(request.user, public_id)
    rows = conference.attendees.select_related("provider", "directory_contact", "participant")
    return [attendee_out(a) for a in rows]


@router.post(
    "/conferences/{public_id}/attendees",
    response={201: AttendeeOut, 400: Refusal, 409: Refusal},
    url_name="attendee_add",
    summary="Invite staff, a partner person, a family member, a resource person or the participant",
)
def attendee_add(request: AuthedRequest, public_id: uuid.UUID, body: AttendeeIn) -> Any:
    conference = conference_for(request.user, public_id, write=True)
    org = conference.organization_id
    user = None
    if body.user_id is not None:
        user = (
            User.objects.filter(pk=body.user_id, organization_id=org, is_active=True)
            .select_related("partner_of")
            .first()
        )
        if user is None:
            raise ActionRefused(
                "Choose a staff member of your organization or a partner person's account.",
                field="user_id",
            )
    contact = None
    if body.directory_contact_id is not None:
        contact = (
            DirectoryContact.objects.filter(owner_id=org, hsds_id=body.directory_contact_id)
            .select_related("organization")
            .first()
        )
        if contact is None:
            raise ActionRefused(
                "Choose a contact from your directory.", field="directory_contact_id"
            )
    provider = None
    if body.provider_id is not None:
        provider = Provider.objects.filter(owner_id=org, hsds_id=body.provider_id).first()
        if provider is None:
            raise ActionRefused("Choose an organization from your directory.", field="provider_id")
    participant = None
    if body.participant_id is not None:
        try:
            participant = participant_for(request.user, body.participant_id)
        except Http404:
            raise ActionRefused(
                "Choose a participant you work with.", field="participant_id"
            ) from None
    attendee = _act(
        lambda: actions.add_attendee(
            by=request.user,
            conference=conference,
            kind=body.kind,
            user=user,
            directory_contact=contact,
            participant=participant,
            name=body.name,
            email=body.email,
            relationship=body.relationship,
            provider=provider,
            creation_key=body.creation_key,
        ),
        {
            "user": "user_id",
            "directory_contact": "directory_contact_id",
            "participant": "participant_id",
            "provider": "provider_id",
        },
    )
    return Reply(201, attendee_out(_reload_attendee(attendee)))


# Participants discussed ---------------------------------------------------------------


@router.get(
    "/conferences/{public_id}/discussions",
    response=DiscussionList,
    url_name="conference_discussions",
    summary="The participants discussed whose enrollment you work with, in agenda order",
)
def discussion_list(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    conference = conference_for(request.user, public_id)
    shown, hidden = visible_discussions(request.user, conference)
    record_discussions_read(request.user, conference, shown)
    return {
        "discussions": [discussion_out(request.user, d, conference) for d in shown],
        "not_shown": hidden,
    }


@router.post(
    "/conferences/{public_id}/discussions",
    response={201: DiscussionOut, 400: Refusal, 409: Refusal},
    url_name="discussion_add",
    summary="Put a participant on the agenda, with the reason they are discussed",
)
def discussion_add(request: AuthedRequest, public_id: uuid.UUID, body: DiscussionIn) -> Any:
    conference = conference_for(request.user, public_id, write=True)
    enrollment = (
        visible_enrollments(request.user)
        .filter(public_id=body.enrollment_id)
        .select_related("program", "participant")
        .first()
    )
    if enrollment is None:
        raise ActionRefused("Choose someone whose enrollment you work with.", field="enrollment_id")
    discussion = _act(
        lambda: actions.add_discussion(
            by=request.user,
            conference=conference,
            enrollment=enrollment,
            reason=body.reason,
            budget_minutes=body.budget_minutes,
            staff_only=body.staff_only,
            creation_key=body.creation_key,
        ),
        {"enrollment": "enrollment_id"},
    )
    saved = Discussion.objects.select_related("enrollment__program", "enrollment__participant").get(
        pk=discussion.pk
    )
    return Reply(201, discussion_out(request.user, saved, conference))


@router.patch(
    "/discussions/{public_id}",
    response={200: DiscussionOut, 400: Refusal, 409: Refusal},
    url_name="discussion_update",
    summary="Change why a participant is discussed, their time, or the summary",
    exclude_unset=True,
)
def discussion_update(request: AuthedRequest, public_id: uuid.UUID, body: DiscussionPatch) -> Any:
    discussion = discussion_for(request.user, public_id, write=True)
    given = body.model_fields_set
    version = body.version
    setup = {"reason", "budget_minutes", "staff_only"} & given
    summary = {
        "strengths",
        "barriers",
        "service_needs",
        "summary_confirmed",
        "sensitive_categories",
    } & given
    if (
        summary
        and discussion.sensitive_categories
        and not _reads_sensitive(request.user, discussion)
    ):
        raise ActionRefused(
            "The summary touches private categories your role does not read, so it cannot "
            "change it.",
            field="strengths",
        )
    if setup:
        changed = _act(
            lambda: actions.update_discussion(
                by=request.user,
                discussion=discussion,
                expected_version=version,
                reason=body.reason if body.reason is not None else discussion.reason,
                budget_minutes=body.budget_minutes
                if body.budget_minutes is not None
                else discussion.budget_minutes,
                staff_only=body.staff_only
                if body.staff_only is not None
                else discussion.staff_only,
            )
        )
        version = changed.version
    if summary:
        current = Discussion.objects.get(pk=discussion.pk)
        _act(
            lambda: actions.save_summary(
                by=request.user,
                discussion=discussion,
                expected_version=version,
                strengths=body.strengths if body.strengths is not None else current.strengths,
                barriers=body.barriers if body.barriers is not None else current.barriers,
                service_needs=body.service_needs
                if body.service_needs is not None
                else current.service_needs,
                confirmed=body.summary_confirmed
                if body.summary_confirmed is not None
                else current.summary_confirmed,
                sensitive=[str(c) for c in body.sensitive_categories]
                if body.sensitive_categories is not None
                else current.sensitive_categories,
            ),
            {"sensitive": "sensitive_categories"},
        )
    saved = Discussion.objects.select_related("enrollment__program", "enrollment__participant").get(
        pk=discussion.pk
    )
    return discussion_out(request.user, saved, discussion.conference)


# Contributions ------------------------------------------------------------------------


@router.get(
    "/discussions/{public_id}/contributions",
    response=ContributionList,
    url_name="contribution_list",
    summary="What each attendee brought about this participant: strengths, barriers, ideas",
)
def contribution_list(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    discussion = discussion_for(request.user, public_id)
    rows = list(discussion.contributions.select_related("attendee", "written_by"))
    shown, held = _split(rows, _reads_sensitive(request.user, discussion))
    return {"contributions": [contribution_out(c, discussion) for c in shown], "held_back": held}


@router.post(
    "/discussions/{public_id}/contributions",
    response={201: ContributionOut, 400: Refusal, 409: Refusal},
    url_name="contribution_add",
    summary="Record one attendee's brief word: strengths, barriers, ideas",
)
def contribution_add(request: AuthedRequest, public_id: uuid.UUID, body: ContributionIn) -> Any:
    discussion = discussion_for(request.user, public_id, write=True)
    attendee = _attendee_of(discussion.conference_id, body.attendee_id, "attendee_id")
    assert attendee is not None
    contribution = _act(
        lambda: actions.add_contribution(
            by=request.user,
            discussion=discussion,
            attendee=attendee,
            strengths=body.strengths,
            barriers=body.barriers,
            ideas=body.ideas,
            sensitive=[str(c) for c in body.sensitive_categories],
            creation_key=body.creation_key,
        ),
        {"attendee": "attendee_id", "sensitive": "sensitive_categories"},
    )
    saved = Contribution.objects.select_related("attendee", "written_by").get(pk=contribution.pk)
    return Reply(201, contribution_out(saved, discussion))


# Action items -------------------------------------------------------------------------


@router.get(
    "/discussions/{public_id}/action-items",
    response=ActionItemList,
    url_name="action_item_list",
    summary="The action items agreed for this participant, soonest due first",
)
def action_item_list(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    discussion = discussion_for(request.user, public_id)
    conference = discussion.conference
    rows = list(_item_rows().filter(discussion=discussion))
    shown, held = _split(rows, _reads_sensitive(request.user, discussion))
    return {
        "action_items": [action_item_out(i, discussion, conference, shown=True) for i in shown],
        "held_back": held,
    }


@router.post(
    "/discussions/{public_id}/action-items",
    response={201: ActionItemOut, 400: Refusal, 409: Refusal},
    url_name="action_item_add",
    summary="Agree an action item: what, who (staff or a cleared attendee), by when",
    exclude_unset=True,
)
def action_item_add(request: AuthedRequest, public_id: uuid.UUID, body: ActionItemIn) -> Any:
    discussion = discussion_for(request.user, public_id, write=True)
    org = discussion.organization_id
    owner_user = None
    if body.owner_user_id is not None:
        owner_user = User.objects.filter(
            pk=body.owner_user_id, organization_id=org, is_active=True
        ).first()
        if owner_user is None:
            raise ActionRefused(
                "Choose a staff member of your organization.", field="owner_user_id"
            )
    owner_attendee = _attendee_of(
        discussion.conference_id, body.owner_attendee_id, "owner_attendee_id"
    )
    need = None
    if body.need_number is not None:
        need = Need.objects.filter(
            enrollment_id=discussion.enrollment_id, number=body.need_number
        ).first()
        if need is None:
            raise ActionRefused("Choose one of their needs.", field="need_number")
    service = None
    if body.service_id is not None:
        service = DirectoryService.objects.filter(owner_id=org, hsds_id=body.service_id).first()
        if service is None:
            raise ActionRefused("Choose a service from your directory.", field="service_id")
    owner_field = "owner_attendee_id" if body.owner_attendee_id else "owner_user_id"
    item = _act(
        lambda: actions.add_action_item(
            by=request.user,
            discussion=discussion,
            what=body.what,
            due_on=body.due_on,
            owner_user=owner_user,
            owner_attendee=owner_attendee,
            need=need,
            goal_key=body.goal_key,
            service=service,
            sensitive=[str(c) for c in body.sensitive_categories],
            creation_key=body.creation_key,
        ),
        {
            "owner": owner_field,
            "need": "need_number",
            "goal": "goal_key",
            "service": "service_id",
            "sensitive": "sensitive_categories",
        },
    )
    saved = _item_rows().get(pk=item.pk)
    shown = _shown(saved.sensitive_categories, _reads_sensitive(request.user, discussion))
    return Reply(201, action_item_out(saved, discussion, discussion.conference, shown=shown))


@router.patch(
    "/action-items/{public_id}",
    response={200: ActionItemOut, 400: Refusal, 409: Refusal},
    url_name="action_item_update",
    summary="Close an action item: done, or no longer needed (with a reason)",
    exclude_unset=True,
)
def action_item_update(request: AuthedRequest, public_id: uuid.UUID, body: ActionItemClose) -> Any:
    item = action_item_for(request.user, public_id, write=True)
    if item.version != body.version:
        # Closing is the one change an item takes, so whoever closed it saved first.
        closer = User.objects.filter(pk=item.closed_by_id or 0).first()
        raise StaleEdit(["Status"], [str(closer)] if closer else [])
    try:
        actions.close_action_item(
            by=request.user, item=item, status=body.status, reason=body.reason
        )
    except ActionRefused as refused:
        if ActionItem.objects.filter(pk=item.pk).exclude(status=ActionItem.Status.OPEN).exists():
            raise HttpError(409, refused.message) from refused
        raise
    saved = _item_rows().get(pk=item.pk)
    discussion = item.discussion
    discussion.enrollment = item.enrollment  # loaded by the funnel, with its program
    shown = _shown(saved.sensitive_categories, _reads_sensitive(request.user, discussion))
    return action_item_out(saved, discussion, item.conference, shown=shown)


# Minutes ------------------------------------------------------------------------------


@router.get(
    "/conferences/{public_id}/minutes",
    response=MinutesOut,
    url_name="conference_minutes",
    summary="The minutes as read: attendance, each participant you work with (what was "
    "said, the summary, agreements, action items), addenda and the signature",
)
def conference_minutes(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    conference = conference_for(request.user, public_id)
    shown, hidden = visible_discussions(request.user, conference)
    record_discussions_read(request.user, conference, shown)
    attendees = list(conference.attendees.all())
    addenda = conference.addenda.filter(discussion__isnull=True).select_related("written_by")
    return {
        **conference_out(conference),
        "attendance": [
            {
                "id": a.public_id,
                "kind": a.kind,
                "name": a.name,
                "relationship": a.relationship,
                "roles": [r for r in ("facilitator", "timekeeper", "notetaker") if getattr(a, r)],
                "attendance": a.attendance,
            }
            for a in attendees
        ],
        "discussions": [minutes_discussion(request.user, d, conference) for d in shown],
        "discussions_not_shown": hidden,
        "addenda": [addendum_out(a, None) for a in addenda],
    }
