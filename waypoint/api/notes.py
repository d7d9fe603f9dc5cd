"""/api/v1/ for contacts, progress notes, addenda, appointments and commitments: the same
funnels, actions and audit as the pages.

Reads go through ``note_for`` / ``appointment_for`` / ``commitment_for`` /
``enrollment_for`` (404 for anyone who may not know the record; the read is audited).
A private note whose words the caller may not read comes back with its facts only, and
every write to it answers 404, as on the page. A signed note never changes: no route
here updates one (an addendum is a new row), and a change sent to a signed note answers
409 with the action's words.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import prefetch_related_objects
from django.http import Http404
from ninja import Router, Schema
from ninja.params.functions import Query
from ninja.responses import Status as Reply
from pydantic import Field

from waypoint.api.assessments import Refusal
from waypoint.api.inputs import AheadDate, AheadMoment, AwareAheadMoment, PastMoment
from waypoint.api.plans import EditVersionIn
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.http import AuthedRequest
from waypoint.notes import actions, queries
from waypoint.notes.models import (
    ATTEMPT_SECTIONS,
    SECTIONS,
    Addendum,
    Appointment,
    Commitment,
    Contact,
    Method,
    Note,
    Place,
)
from waypoint.notes.queries import (
    appointment_for,
    appointments_of,
    commitment_for,
    commitments_of,
    contacts_of,
    from_private_note,
    goal_options,
    hides_words,
    link_labels,
    note_for,
    sections_of,
    timeliness,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

router = Router(tags=["contacts and notes"])

MAX_CONTACTS = 200
MAX_LINKS = 100
SECTION_KEYS = tuple(key for key, _, _ in SECTIONS)
CONTACT_KEYS = (
    "method",
    "happened_at",
    "minutes",
    "place",
    "place_detail",
    "present",
    "attempt_result",
)
ATTEMPT_ONLY = "A note about an attempt has only the objective account and the plan."


def _choices(options: Any) -> str:
    return "One of: " + ", ".join(str(v) for v in options.values) + "."


# Schemas ---------------------------------------------------------------------------


class ContactFacts(Schema):
    id: uuid.UUID
    enrollment_id: uuid.UUID
    outcome: str = Field(description="completed, or attempted (they could not be reached).")
    method: str
    happened_at: datetime
    minutes: int | None
    place: str
    place_detail: str
    present: str
    attempt_result: str
    appointment_id: uuid.UUID | None
    logged_by_id: int | None
    logged_by: str
    logged_at: datetime


class LoggedContact(ContactFacts):
    note_id: uuid.UUID
    note_status: str
    note_edit_version: int


class LogContactIn(Schema):
    outcome: str = Field(max_length=20, description="completed or attempted.")
    method: str = Field(max_length=20, description=_choices(Method))
    happened_at: PastMoment = Field(description="When it happened, with its time zone.")
    minutes: int | None = Field(None, description="How long, 1 to 1440.")
    place: str = Field("", max_length=20, description=_choices(Place) + " Or empty.")
    place_detail: str = Field("", max_length=200)
    present: str = Field("", max_length=300, description="Who was there.")
    attempt_result: str = Field(
        "",
        max_length=20,
        description="For an attempt: " + _choices(Contact.AttemptResult),
    )
    appointment_id: uuid.UUID | None = Field(
        None, description="The appointment this was (it is then recorded as kept or missed)."
    )
    creation_key: uuid.UUID | None = Field(
        None, description="Send the same key again to get the same contact, not a second one."
    )


class NoteSectionOut(Schema):
    key: str
    title: str
    text: str


class LinkOut(Schema):
    kind: str
    goal_key: uuid.UUID
    item_key: uuid.UUID
    label: str


class AddendumOut(Schema):
    id: uuid.UUID
    note_id: uuid.UUID
    text: str
    written_by_id: int | None
    written_by: str
    written_at: datetime


class NoteOut(Schema):
    """A private note whose words you may not read has ``"private": true`` and only its
    facts: no sections, categories, next meeting, links or addenda."""

    id: uuid.UUID
    enrollment_id: uuid.UUID
    participant_id: uuid.UUID
    contact: ContactFacts
    status: str
    edit_version: int
    author_id: int | None
    author: str
    created_at: datetime
    updated_at: datetime
    due_at: datetime
    overdue: bool
    signed_by_id: int | None
    signed_by: str
    signed_at: datetime | None
    signed_late: bool
    hours_to_sign: float | None
    private: bool = Field(description="Its words are private and your role may not read them.")
    sensitive_categories: list[str] | None = None
    sections: list[NoteSectionOut] | None = None
    next_meeting_at: datetime | None = None
    links: list[LinkOut] | None = Field(
        None, description="Goals and steps of the current plan it advances that you may see."
    )
    link_labels: list[str] | None = Field(
        None, description="Everything it advances, in words; private goals are only counted."
    )
    addenda: list[AddendumOut] | None = None


class NotePatch(EditVersionIn):
    """Only what you send changes. ``null`` clears a section, the next meeting, the links
    or the private categories; a section left out stays as it is."""

    strengths: str | None = Field(None, max_length=2 * actions.MAX_TEXT)
    objective: str | None = Field(None, max_length=2 * actions.MAX_TEXT)
    assessment: str | None = Field(None, max_length=2 * actions.MAX_TEXT)
    participant_view: str | None = Field(None, max_length=2 * actions.MAX_TEXT)
    plan: str | None = Field(None, max_length=2 * actions.MAX_TEXT)
    data: str | None = Field(None, max_length=2 * actions.MAX_TEXT)
    next_meeting_at: AwareAheadMoment | None = Field(None, description="With its time zone.")
    links: list[uuid.UUID] | None = Field(
        None,
        max_length=MAX_LINKS,
        description="Goal and step keys; they replace the links you can see.",
    )
    sensitive_categories: list[str] | None = Field(
        None, max_length=10, description=", ".join(queries.SENSITIVE_CATEGORIES)
    )
    method: str | None = Field(None, max_length=20)
    happened_at: PastMoment | None = None
    minutes: int | None = None
    place: str | None = Field(None, max_length=20)
    place_detail: str | None = Field(None, max_length=200)
    present: str | None = Field(None, max_length=300)
    attempt_result: str | None = Field(None, max_length=20)


class AddendumIn(Schema):
    text: str = Field(max_length=2 * actions.MAX_ADDENDUM)
    creation_key: uuid.UUID | None = None


class AppointmentOut(Schema):
    id: uuid.UUID
    enrollment_id: uuid.UUID
    starts_at: datetime
    minutes: int
    method: str
    place: str
    place_detail: str
    purpose: str
    others: str
    staff_id: int | None
    staff: str
    status: str
    status_reason: str
    invited: bool
    from_note_id: uuid.UUID | None
    created_at: datetime
    private: bool = Field(description="Made from a private note you may not read: no words.")


class AppointmentIn(Schema):
    starts_at: AheadMoment = Field(description="When it starts, with its time zone.")
    minutes: int = Field(60, description="5 to 720.")
    method: str = Field(Method.IN_PERSON.value, max_length=20, description=_choices(Method))
    place: str = Field("", max_length=20, description=_choices(Place) + " Or empty.")
    place_detail: str = Field("", max_length=200, description="It goes in the invitation.")
    purpose: str = Field(max_length=300, description="For the team; no invitation says it.")
    others: str = Field("", max_length=300, description="Who else is coming.")
    invite: bool = Field(
        False, description="Email them a calendar invitation (needs an email marked safe)."
    )
    from_note_id: uuid.UUID | None = None
    creation_key: uuid.UUID | None = None


class CancelIn(Schema):
    reason: str = Field("", max_length=500)


class CommitmentOut(Schema):
    id: uuid.UUID
    enrollment_id: uuid.UUID
    what: str
    due_on: date | None
    owner_id: int | None
    owner: str
    note_id: uuid.UUID | None
    status: str
    closed_reason: str
    closed_at: datetime | None
    created_at: datetime
    private: bool = Field(description="Made from a private note you may not read: no words.")


class CommitmentIn(Schema):
    what: str = Field(max_length=1000, description="What you promised, up to 300 characters.")
    due_on: AheadDate | None = None
    note_id: uuid.UUID | None = None
    creation_key: uuid.UUID | None = None


class CloseCommitmentIn(Schema):
    status: Literal["kept", "released"]
    reason: str = Field("", max_length=500, description="Needed when it is released.")


# Shaping answers -------------------------------------------------------------------


def _name(user: User | None) -> str:
    return str(user) if user is not None else ""


def contact_facts(contact: Contact, enrollment: Enrollment) -> dict[str, Any]:
    return {
        "id": contact.public_id,
        "enrollment_id": enrollment.public_id,
        "outcome": contact.outcome,
        "method": contact.method,
        "happened_at": contact.happened_at,
        "minutes": contact.minutes,
        "place": contact.place,
        "place_detail": contact.place_detail,
        "present": contact.present,
        "attempt_result": contact.attempt_result,
        "appointment_id": contact.appointment.public_id if contact.appointment else None,
        "logged_by_id": contact.logged_by_id,
        "logged_by": _name(contact.logged_by),
        "logged_at": contact.logged_at,
    }


def contact_out(contact: Contact, enrollment: Enrollment) -> dict[str, Any]:
    note = contact.note
    return {
        **contact_facts(contact, enrollment),
        "note_id": note.public_id,
        "note_status": note.status,
        "note_edit_version": note.edit_version,
    }


def addendum_out(addendum: Addendum, note: Note) -> dict[str, Any]:
    return {
        "id": addendum.public_id,
        "note_id": note.public_id,
        "text": addendum.text,
        "written_by_id": addendum.written_by_id,
        "written_by": _name(addendum.written_by),
        "written_at": addendum.written_at,
    }


def _links(user: User, note: Note) -> list[dict[str, Any]]:
    """The links this person may see and change: goals and steps of the current plan."""
    labels: dict[uuid.UUID, str] = {}
    for option in goal_options(user, note.enrollment):
        labels[option.key] = option.label
        labels.update({key: f"Step: {what}" for key, what in option.steps})
    return [
        {
            "kind": link.kind,
            "goal_key": link.goal_key,
            "item_key": link.item_key,
            "label": labels[link.item_key],
        }
        for link in note.links.all()
        if link.item_key in labels
    ]


def note_out(user: User, note: Note) -> dict[str, Any]:
    enrollment = note.enrollment
    when = timeliness(note)
    hidden = hides_words(user, note)
    out: dict[str, Any] = {
        "id": note.public_id,
        "enrollment_id": enrollment.public_id,
        "participant_id": enrollment.participant.public_id,
        "contact": contact_facts(note.contact, enrollment),
        "status": note.status,
        "edit_version": note.edit_version,
        "author_id": note.author_id,
        "author": _name(note.author),
        "created_at": note.created_at,
        "updated_at": note.updated_at,
        "due_at": note.due_at,
        "overdue": when.overdue,
        "signed_by_id": note.signed_by_id,
        "signed_by": _name(note.signed_by),
        "signed_at": note.signed_at,
        "signed_late": note.signed_late,
        "hours_to_sign": when.hours,
        "private": hidden,
    }
    if hidden:
        return out
    return {
        **out,
        "sensitive_categories": list(note.sensitive_categories),
        "sections": [{"key": s.key, "title": s.title, "text": s.text} for s in sections_of(note)],
        "next_meeting_at": note.next_meeting_at,
        "links": _links(user, note),
        "link_labels": link_labels(user, note),
        "addenda": [addendum_out(a, note) for a in note.addenda.select_related("written_by")],
    }


def appointment_out(a: Appointment, enrollment: Enrollment, user: User) -> dict[str, Any]:
    hidden = from_private_note(user, a, enrollment.program)
    return {
        "private": hidden,
        "id": a.public_id,
        "enrollment_id": enrollment.public_id,
        "starts_at": a.starts_at,
        "minutes": a.minutes,
        "method": a.method,
        "place": a.place,
        "place_detail": a.place_detail,
        "purpose": "" if hidden else a.purpose,
        "others": a.others,
        "staff_id": a.staff_id,
        "staff": _name(a.staff),
        "status": a.status,
        "status_reason": "" if hidden else a.status_reason,
        "invited": a.invited,
        "from_note_id": a.from_note.public_id if a.from_note else None,
        "created_at": a.created_at,
    }


def commitment_out(c: Commitment, enrollment: Enrollment, user: User) -> dict[str, Any]:
    hidden = from_private_note(user, c, enrollment.program)
    return {
        "private": hidden,
        "id": c.public_id,
        "enrollment_id": enrollment.public_id,
        "what": "" if hidden else c.what,
        "due_on": c.due_on,
        "owner_id": c.owner_id,
        "owner": _name(c.owner),
        "note_id": c.note.public_id if c.note else None,
        "status": c.status,
        "closed_reason": "" if hidden else c.closed_reason,
        "closed_at": c.closed_at,
        "created_at": c.created_at,
    }


def _refusal(refused: ActionRefused) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": refused.message}
    if refused.field:
        body["field"] = refused.field
    if isinstance(refused, StaleEdit):
        body["changed"] = refused.changed
    return body


def _reload(note: Note) -> Note:
    """The note as saved, with what the answer shows (the funnel has already let it in)."""
    return Note.objects.select_related(
        "contact__logged_by",
        "contact__appointment",
        "author",
        "signed_by",
        "enrollment__program",
        "enrollment__participant",
    ).get(pk=note.pk)


def _writable_note(user: User, public_id: uuid.UUID) -> Note:
    """A note this person may change; one whose words they may not read does not exist
    for writing (as on the page)."""
    note = note_for(user, public_id, write=True)
    if hides_words(user, note):
        raise Http404("Not found.")
    return note


def _conflict_if_signed(note: Note, refused: ActionRefused) -> Reply[dict[str, Any]]:
    """A change refused because the note is signed is a conflict with its state: 409."""
    signed = Note.objects.filter(pk=note.pk, status=Note.Status.SIGNED).exists()
    if signed and not isinstance(refused, StaleEdit):
        return Reply(409, _refusal(refused))
    raise refused


def _note_of(
    user: User, enrollment: Enrollment, public_id: uuid.UUID | None, field: str
) -> Note | None:
    if public_id is None:
        return None
    note = note_for(user, public_id)
    if note.enrollment_id != enrollment.pk:
        raise ActionRefused("That note belongs to another enrollment.", field=field)
    if hides_words(user, note):
        raise ActionRefused(actions.PRIVATE_NOTE, field=field)
    return note


def _appointment_of(
    user: User, enrollment: Enrollment, public_id: uuid.UUID | None
) -> Appointment | None:
    if public_id is None:
        return None
    appointment = appointment_for(user, public_id)
    if appointment.enrollment_id != enrollment.pk:
        raise ActionRefused(
            "That appointment belongs to another enrollment.", field="appointment_id"
        )
    return appointment


def _note_changes(note: Note, body: NotePatch) -> dict[str, Any]:
    """The ``save_note`` arguments for what the body sends, checked as the page's form
    checks them: an attempt's note has only the objective account and the plan."""
    given = body.model_fields_set
    attempt = note.contact.attempted
    sections: dict[str, str] = {}
    for key in SECTION_KEYS:
        if key in given:
            if attempt and key not in ATTEMPT_SECTIONS:
                raise ActionRefused(ATTEMPT_ONLY, field=key)
            sections[key] = getattr(body, key) or ""
    changes: dict[str, Any] = {"sections": sections}
    if given & set(CONTACT_KEYS):
        contact = {key: getattr(note.contact, key) for key in CONTACT_KEYS}
        for key in given & set(CONTACT_KEYS):
            value = getattr(body, key)
            if value is None and key == "happened_at":
                raise ActionRefused("Give the date and time of the contact.", field=key)
            if value is None and key != "minutes":
                value = ""
            contact[key] = value
        changes["contact"] = contact
    if "next_meeting_at" in given:
        if attempt and body.next_meeting_at is not None:
            raise ActionRefused(
                "A note about an attempt has no next meeting; schedule an appointment.",
                field="next_meeting_at",
            )
        changes["next_meeting_at"] = body.next_meeting_at
    if "links" in given:
        if attempt and body.links:
            raise ActionRefused("A note about an attempt links no goals.", field="links")
        changes["links"] = body.links or []
    if "sensitive_categories" in given:
        changes["sensitive_categories"] = body.sensitive_categories or []
    return changes


# Contacts ---------------------------------------------------------------------------


@router.get(
    "/enrollments/{public_id}/contacts",
    response=list[LoggedContact],
    url_name="contact_list",
    summary="An enrollment's contacts and attempts, newest first, each with its note",
)
def contact_list(
    request: AuthedRequest,
    public_id: uuid.UUID,
    limit: int = Query(50, ge=1, le=MAX_CONTACTS, description="How many, up to 200."),
) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    contacts = contacts_of(enrollment, limit=limit)
    prefetch_related_objects(contacts, "appointment")
    return [contact_out(c, enrollment) for c in contacts]


@router.post(
    "/enrollments/{public_id}/contacts",
    response={201: LoggedContact, 400: Refusal},
    url_name="contact_log",
    summary="Log a contact or an attempt; its draft note comes with it",
)
def contact_log(
    request: AuthedRequest, public_id: uuid.UUID, body: LogContactIn
) -> Reply[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    contact = actions.log_contact(
        by=request.user,
        enrollment=enrollment,
        outcome=body.outcome,
        data=body.dict(include=set(CONTACT_KEYS)),
        appointment=_appointment_of(request.user, enrollment, body.appointment_id),
        creation_key=body.creation_key,
    )
    saved = Contact.objects.select_related("note", "logged_by", "appointment").get(pk=contact.pk)
    return Reply(201, contact_out(saved, enrollment))


# Notes ------------------------------------------------------------------------------


@router.get(
    "/notes/{public_id}",
    response=NoteOut,
    url_name="note_read",
    summary="One progress note: its facts, and its words unless they are private to you",
    exclude_unset=True,
)
def note_read(request: AuthedRequest, public_id: uuid.UUID) -> dict[str, Any]:
    note = note_for(request.user, public_id)
    return note_out(request.user, _reload(note))


@router.patch(
    "/notes/{public_id}",
    response={200: NoteOut, 400: Refusal, 409: Refusal},
    url_name="note_update",
    summary="Change a draft note; send the edit_version you read",
    exclude_unset=True,
)
def note_update(request: AuthedRequest, public_id: uuid.UUID, body: NotePatch) -> Any:
    note = _writable_note(request.user, public_id)
    # A signed note is refused by the action before anything in the body is looked at.
    changes = _note_changes(note, body) if note.is_draft else {"sections": {}}
    try:
        saved = actions.save_note(
            by=request.user, note=note, expected_version=body.edit_version, **changes
        )
    except ActionRefused as refused:
        if refused.field == "sensitive":
            refused.field = "sensitive_categories"
        return _conflict_if_signed(note, refused)
    return note_out(request.user, _reload(saved))


@router.post(
    "/notes/{public_id}/sign",
    response={200: NoteOut, 400: Refusal, 409: Refusal},
    url_name="note_sign",
    summary="Sign a draft (only its author); from then on it never changes",
    exclude_unset=True,
)
def note_sign(request: AuthedRequest, public_id: uuid.UUID, body: EditVersionIn) -> Any:
    note = _writable_note(request.user, public_id)
    try:
        signed = actions.sign_note(by=request.user, note=note, expected_version=body.edit_version)
    except ActionRefused as refused:
        return _conflict_if_signed(note, refused)
    return note_out(request.user, _reload(signed))


@router.post(
    "/notes/{public_id}/addenda",
    response={201: AddendumOut, 400: Refusal, 409: Refusal},
    url_name="note_addendum",
    summary="Add a dated, signed addendum to a signed note",
    exclude_unset=True,
)
def note_addendum(
    request: AuthedRequest, public_id: uuid.UUID, body: AddendumIn
) -> Reply[dict[str, Any]]:
    note = _writable_note(request.user, public_id)
    try:
        addendum = actions.add_addendum(
            by=request.user, note=note, text=body.text, creation_key=body.creation_key
        )
    except ActionRefused as refused:
        if note.is_draft:  # a draft is changed itself, not added to: a conflict with its state
            return Reply(409, _refusal(refused))
        raise
    written = Addendum.objects.select_related("written_by").get(pk=addendum.pk)
    return Reply(201, addendum_out(written, note))


# Appointments -----------------------------------------------------------------------


@router.get(
    "/enrollments/{public_id}/appointments",
    response=list[AppointmentOut],
    url_name="appointment_list",
    summary="An enrollment's scheduled appointments, soonest first (up to 20)",
)
def appointment_list(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    appointments = appointments_of(enrollment)
    prefetch_related_objects(appointments, "from_note")
    return [appointment_out(a, enrollment, request.user) for a in appointments]


@router.post(
    "/enrollments/{public_id}/appointments",
    response={201: AppointmentOut, 400: Refusal},
    url_name="appointment_schedule",
    summary="Schedule a meeting; with invite, email them a calendar invitation",
)
def appointment_schedule(
    request: AuthedRequest, public_id: uuid.UUID, body: AppointmentIn
) -> Reply[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    data = body.dict(
        include={"starts_at", "minutes", "method", "place", "place_detail", "purpose", "others"}
    )
    appointment = actions.schedule_appointment(
        by=request.user,
        enrollment=enrollment,
        data=data,
        invite=body.invite,
        from_note=_note_of(request.user, enrollment, body.from_note_id, "from_note_id"),
        creation_key=body.creation_key,
    )
    return Reply(201, appointment_out(appointment, enrollment, request.user))


@router.post(
    "/appointments/{public_id}/cancel",
    response={200: AppointmentOut, 400: Refusal},
    url_name="appointment_cancel",
    summary="Cancel a scheduled meeting; an invited participant is emailed the cancellation",
)
def appointment_cancel(request: AuthedRequest, public_id: uuid.UUID, body: CancelIn) -> Any:
    appointment = appointment_for(request.user, public_id, write=True)
    cancelled = actions.cancel_appointment(
        by=request.user, appointment=appointment, reason=body.reason
    )
    cancelled.staff = appointment.staff
    return appointment_out(cancelled, appointment.enrollment, request.user)


# Commitments ------------------------------------------------------------------------


@router.get(
    "/enrollments/{public_id}/commitments",
    response=list[CommitmentOut],
    url_name="commitment_list",
    summary="What staff promised and have not yet kept, soonest due first (up to 20)",
)
def commitment_list(request: AuthedRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id)
    commitments = commitments_of(enrollment)
    prefetch_related_objects(commitments, "note")
    return [commitment_out(c, enrollment, request.user) for c in commitments]


@router.post(
    "/enrollments/{public_id}/commitments",
    response={201: CommitmentOut, 400: Refusal},
    url_name="commitment_make",
    summary="Note something you promised them; it stays open until kept",
)
def commitment_make(
    request: AuthedRequest, public_id: uuid.UUID, body: CommitmentIn
) -> Reply[dict[str, Any]]:
    enrollment = enrollment_for(request.user, public_id, write=True)
    commitment = actions.make_commitment(
        by=request.user,
        enrollment=enrollment,
        what=body.what,
        due_on=body.due_on,
        note=_note_of(request.user, enrollment, body.note_id, "note_id"),
        creation_key=body.creation_key,
    )
    return Reply(201, commitment_out(commitment, enrollment, request.user))


@router.post(
    "/commitments/{public_id}/close",
    response={200: CommitmentOut, 400: Refusal},
    url_name="commitment_close",
    summary="Mark a commitment kept, or no longer needed (with a reason)",
)
def commitment_close(
    request: AuthedRequest, public_id: uuid.UUID, body: CloseCommitmentIn
) -> dict[str, Any]:
    commitment = commitment_for(request.user, public_id, write=True)
    closed = actions.close_commitment(
        by=request.user, commitment=commitment, status=body.status, reason=body.reason
    )
    closed.owner = commitment.owner
    return commitment_out(closed, commitment.enrollment, request.user)
