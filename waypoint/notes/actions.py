"""Logging contacts and attempts, writing and signing notes, addenda, appointments with
calendar invitations, commitments, and the writing coach's list. Every change is
audited; the audit trail names what changed, never what a note says."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import Organization
from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.standards import apply_due_dates
from waypoint.errors import ActionRefused
from waypoint.notes.models import (
    ATTEMPT_SECTIONS,
    SECTION_TITLES,
    Addendum,
    Appointment,
    CoachPhrase,
    Commitment,
    Contact,
    Method,
    Note,
    NoteLink,
    Place,
)
from waypoint.notes.queries import SENSITIVE_CATEGORIES, hours_between, private_goal_keys
from waypoint.toolkit import (
    audit_enrollment_record,
    changed_since,
    check_writer,
    created_once,
    earlier,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import User

MAX_TEXT = 20000
MAX_ADDENDUM = 5000
CLOSED = ("exited",)
OTHER_PARTS = {
    "contact": gettext_lazy("Contact details"),
    "goals": gettext_lazy("Goals linked"),
    "private": gettext_lazy("Private details"),
    "next_meeting": gettext_lazy("Next meeting"),
}
PRIVATE_NOTE = gettext_lazy("Only the roles this program allows can read or change a private note.")


class Unset:
    """Marks an argument that was not given (so ``None`` can mean "clear it")."""


UNSET = Unset()


def refresh_signals(enrollment: Enrollment) -> Enrollment:
    """Recompute an enrollment's relationship signals and due dates from its contacts,
    appointments and notes (call under the enrollment's row lock)."""
    contacts = Contact.objects.filter(enrollment=enrollment)
    last = contacts.filter(outcome=Contact.Outcome.COMPLETED).aggregate(at=Max("happened_at"))["at"]
    attempts = contacts.filter(outcome=Contact.Outcome.ATTEMPTED)
    missed = Appointment.objects.filter(enrollment=enrollment, status=Appointment.Status.MISSED)
    if last is not None:
        attempts = attempts.filter(happened_at__gt=last)
        missed = missed.filter(starts_at__gt=last)
    enrollment.last_contact_at = last
    enrollment.attempts_in_row = min(attempts.count(), 999)
    enrollment.missed_appointment_at = missed.aggregate(at=Max("starts_at"))["at"]
    enrollment.note_due_at = Note.objects.filter(
        enrollment=enrollment, status=Note.Status.DRAFT
    ).aggregate(at=Min("due_at"))["at"]
    fields = ["last_contact_at", "attempts_in_row", "missed_appointment_at", "note_due_at"]
    fields += apply_due_dates(enrollment, enrollment.program)
    enrollment.save(update_fields=fields)
    return enrollment


def note_due(happened_at: datetime, hours: int) -> datetime:
    """When a note's window closes: real hours after the contact. (Adding to a local
    time would add wall-clock hours, one too many or too few across a clock change.)"""
    return happened_at.astimezone(UTC) + timedelta(hours=hours)


def _lock(enrollment: Enrollment) -> Enrollment:
    locked = Enrollment.objects.select_for_update().select_related("program", "participant")
    return locked.get(pk=enrollment.pk)


def _check_when(happened_at: datetime, enrollment: Enrollment) -> None:
    if timezone.is_naive(happened_at):
        raise ActionRefused(_("Give the date and time of the contact."), field="happened_at")
    if happened_at > timezone.now() + timedelta(minutes=5):
        raise ActionRefused(
            _(
                "That time is still to come. Log contacts after they happen; schedule an "
                "appointment for a meeting ahead."
            ),
            field="happened_at",
        )
    if happened_at < timezone.now() - timedelta(days=366):
        raise ActionRefused(
            _(
                "That is more than a year ago. Check the date; older history is imported, "
                "not logged."
            ),
            field="happened_at",
        )


def _check_lengths(data: dict[str, Any], limits: dict[str, int]) -> None:
    for key, most in limits.items():
        if len(str(data.get(key) or "").strip()) > most:
            raise ActionRefused(_("Keep it under %(most)s characters.") % {"most": most}, field=key)


def _method_and_place(method: Any, place: Any) -> tuple[str, str]:
    if method not in Method.values:
        raise ActionRefused(_("Choose how, from the list."), field="method")
    if place and place not in Place.values:
        raise ActionRefused(_("Choose the kind of place from the list."), field="place")
    return str(method), str(place or "")


def _contact_fields(data: dict[str, Any], outcome: str) -> dict[str, Any]:
    """Check the facts of a contact; returns the model fields to set."""
    method, place = _method_and_place(data.get("method", ""), data.get("place", ""))
    minutes = data.get("minutes")
    if minutes is not None and not 0 < int(minutes) <= 1440:
        raise ActionRefused(_("Give the length in minutes, up to a day (1440)."), field="minutes")
    result = data.get("attempt_result", "") if outcome == Contact.Outcome.ATTEMPTED else ""
    if result and result not in Contact.AttemptResult.values:
        raise ActionRefused(_("Choose what happened from the list."), field="attempt_result")
    _check_lengths(data, {"place_detail": 200, "present": 300})
    if not isinstance(data.get("happened_at"), datetime):
        raise ActionRefused(_("Give the date and time of the contact."), field="happened_at")
    fields = {
        "method": method,
        "happened_at": data["happened_at"],
        "minutes": minutes,
        "place": place,
        "place_detail": str(data.get("place_detail") or "").strip(),
        "present": str(data.get("present") or "").strip(),
        "attempt_result": result,
    }
    return fields


@transaction.atomic
def log_contact(
    *,
    by: User,
    enrollment: Enrollment,
    outcome: str,
    data: dict[str, Any],
    appointment: Appointment | None = None,
    creation_key: uuid.UUID | None = None,
    after_exit: bool = False,
) -> Contact:
    """Log a contact or an attempt, with a draft note due within the program's window.

    ``data`` holds method, happened_at, minutes, place, place_detail, present and
    attempt_result. Logging it for an appointment records the appointment as kept
    (a completed contact) or missed (an attempt). ``after_exit`` allows a contact on an
    enrollment that has ended: only a follow-up check-in after the exit passes it
    (``waypoint.closure.actions.record_check_in``).
    """
    check_writer(by, enrollment.program_id)
    if outcome not in Contact.Outcome.values:
        raise ActionRefused(_("Choose whether you met or tried to reach them."), field="outcome")
    # Under the enrollment's lock, so a simultaneous submit of the same form finds the
    # contact the first one made instead of making a second.
    locked = _lock(enrollment)
    done = earlier(Contact, creation_key, enrollment=enrollment)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if locked.status in CLOSED and not after_exit:
        raise ActionRefused(
            _("This enrollment has ended. Move it to follow-up or reopen it to log contacts.")
        )
    fields = _contact_fields(data, outcome)
    _check_when(fields["happened_at"], locked)
    if appointment is not None:
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.enrollment_id != locked.pk:
            raise ActionRefused(_("That appointment belongs to another enrollment."))
        if appointment.status != Appointment.Status.SCHEDULED:
            raise ActionRefused(
                _("That appointment is already recorded as %(status)s.")
                % {"status": appointment.get_status_display()}
            )
    now = timezone.now()
    contact = Contact.objects.create(
        organization_id=locked.organization_id,
        enrollment=locked,
        participant_id=locked.participant_id,
        outcome=outcome,
        appointment=appointment,
        logged_by=by,
        logged_at=now,
        creation_key=creation_key,
        **fields,
    )
    note = Note.objects.create(
        organization_id=locked.organization_id,
        contact=contact,
        enrollment=locked,
        participant_id=locked.participant_id,
        author=by,
        created_at=now,
        updated_by=by,
        updated_at=now,
        due_at=note_due(contact.happened_at, locked.program.note_due_hours),
    )
    if appointment is not None:
        appointment.status = (
            Appointment.Status.KEPT
            if outcome == Contact.Outcome.COMPLETED
            else Appointment.Status.MISSED
        )
        appointment.status_by, appointment.status_at = by, now
        appointment.save(update_fields=["status", "status_by", "status_at"])
        audit_enrollment_record(
            by, "update", "appointment", appointment, locked, {"status": appointment.status}
        )
    refresh_signals(locked)
    audit_enrollment_record(
        by,
        "create",
        "contact",
        contact,
        locked,
        {
            "outcome": outcome,
            "method": contact.method,
            "happened_at": contact.happened_at.isoformat(),
            "note": str(note.public_id),
        },
    )
    contact.enrollment = locked
    return contact


def _check_fresh(by: User, note: Note, expected_version: int) -> None:
    """Refuse a save made from an out-of-date page, naming who changed what since.

    Saves since then by the same person are not a conflict: their own autosave that
    landed a moment before the Sign button, say. The form they send holds it all."""
    if note.edit_version == expected_version:
        return
    since = changed_since(
        "note",
        note.public_id,
        expected_version,
        by=by,
        parts=lambda changes: changes.get("sections", []),
        titles=lambda key: str(SECTION_TITLES.get(key) or OTHER_PARTS.get(key, key)),
    )
    if since.others or expected_version > note.edit_version:
        raise since.refusal()


def _plan_items(enrollment: Enrollment) -> tuple[int | None, dict[uuid.UUID, uuid.UUID]]:
    """The enrollment's plan, and every goal and step key in any of its versions
    mapped to the goal it belongs to."""
    from waypoint.plans.models import Goal, Plan, Step

    plan = Plan.objects.filter(enrollment=enrollment).first()
    if plan is None:
        return None, {}
    items: dict[uuid.UUID, uuid.UUID] = {}
    for key in Goal.objects.filter(version__plan=plan).values_list("key", flat=True):
        items[key] = key
    for key, goal_key in Step.objects.filter(version__plan=plan).values_list("key", "goal__key"):
        items[key] = goal_key
    return plan.pk, items


@transaction.atomic
def save_note(
    *,
    by: User,
    note: Note,
    expected_version: int,
    sections: dict[str, str],
    contact: dict[str, Any] | None = None,
    links: list[uuid.UUID] | None = None,
    sensitive_categories: list[str] | None = None,
    next_meeting_at: datetime | Unset | None = UNSET,
) -> Note:
    """Save a draft. Sections given replace the saved ones; ``links`` (goal and step
    keys) replace the links this person can see; ``None`` leaves a part as it was."""
    locked = Note.objects.select_for_update().select_related("contact").get(pk=note.pk)
    enrollment = _lock(note.enrollment)
    check_writer(by, enrollment.program_id)
    if not locked.is_draft:
        raise ActionRefused(_("This note is signed and can no longer change. Add an addendum."))
    _check_fresh(by, locked, expected_version)
    sees_private = access_for(by).sees_sensitive(enrollment.program)
    if locked.sensitive and not sees_private:
        raise ActionRefused(str(PRIVATE_NOTE))
    attempt = locked.contact.attempted
    changed: list[str] = []
    for key, text in sections.items():
        if key not in SECTION_TITLES or (attempt and key not in ATTEMPT_SECTIONS):
            raise ActionRefused(_("That section is not part of this note."))
        text = text.strip()
        if len(text) > MAX_TEXT:
            raise ActionRefused(
                _("%(section)s is too long; keep it under %(most)s characters.")
                % {"section": SECTION_TITLES[key], "most": MAX_TEXT},
                field=key,
            )
        if getattr(locked, key) != text:
            setattr(locked, key, text)
            changed.append(key)
    if sensitive_categories is not None:
        if not sees_private:
            raise ActionRefused(str(PRIVATE_NOTE))
        unknown = set(sensitive_categories) - set(SENSITIVE_CATEGORIES)
        if unknown:
            raise ActionRefused(_("Choose private categories from the list."), field="sensitive")
        wanted = [c for c in SENSITIVE_CATEGORIES if c in sensitive_categories]
        if wanted != locked.sensitive_categories:
            locked.sensitive_categories = wanted
            changed.append("private")
    if isinstance(next_meeting_at, datetime) and timezone.is_naive(next_meeting_at):
        raise ActionRefused(_("Give the next meeting's date and time."), field="next_meeting_at")
    if attempt and (links or not isinstance(next_meeting_at, Unset | type(None))):
        raise ActionRefused(
            _("A note on an attempt has no goals or next meeting; plan the next try.")
        )
    if not isinstance(next_meeting_at, Unset) and next_meeting_at != locked.next_meeting_at:
        locked.next_meeting_at = next_meeting_at
        changed.append("next_meeting")
    if links is not None:
        plan_id, items = _plan_items(enrollment)
        hidden = private_goal_keys(by, enrollment)
        for item in links:
            if item not in items:
                raise ActionRefused(_("Link goals and steps from this plan."), field="links")
            if items[item] in hidden:
                raise ActionRefused(str(PRIVATE_NOTE), field="links")
        current = {link.item_key: link for link in locked.links.all()}
        keep = {k for k, link in current.items() if link.goal_key in hidden}
        wanted_keys = set(links) | keep
        if wanted_keys != set(current):
            assert plan_id is not None
            NoteLink.objects.filter(note=locked).exclude(item_key__in=wanted_keys).delete()
            NoteLink.objects.bulk_create(
                NoteLink(
                    note=locked,
                    plan_id=plan_id,
                    kind=NoteLink.Kind.GOAL if items[item] == item else NoteLink.Kind.STEP,
                    goal_key=items[item],
                    item_key=item,
                )
                for item in wanted_keys - set(current)
            )
            changed.append("goals")
    if contact is not None:
        fields = _contact_fields(contact, locked.contact.outcome)
        saved_at = locked.contact.happened_at
        if fields["happened_at"] in (saved_at, saved_at.replace(second=0, microsecond=0)):
            fields["happened_at"] = saved_at  # the form shows minutes; nothing moved
        else:
            _check_when(fields["happened_at"], enrollment)
        moved = [k for k, v in fields.items() if getattr(locked.contact, k) != v]
        if moved:
            Contact.objects.filter(pk=locked.contact_id).update(**fields)
            for key, value in fields.items():
                setattr(locked.contact, key, value)
            changed.append("contact")
            if "happened_at" in moved:
                locked.due_at = note_due(fields["happened_at"], enrollment.program.note_due_hours)
    if not changed:
        return locked
    locked.edit_version += 1
    locked.updated_by = by
    locked.updated_at = timezone.now()
    locked.save()
    if "contact" in changed:
        refresh_signals(enrollment)
    audit_enrollment_record(
        by,
        "update",
        "note",
        locked,
        enrollment,
        {"sections": changed, "version": locked.edit_version},
    )
    locked.enrollment = enrollment
    return locked


def missing_for_signing(note: Note) -> list[str]:
    """What a note needs before it can be signed (the coach's advice is only advice)."""
    needed = ATTEMPT_SECTIONS if note.contact.attempted else ("objective",)
    return [str(SECTION_TITLES[key]) for key in needed if not getattr(note, key).strip()]


def _before_signing(missing: list[str]) -> str:
    """What a note still needs before signing, as one sentence ("Before signing, write
    the objective account and the plan.")."""
    if len(missing) == 1:
        return _("Before signing, write the %(section)s.") % {"section": missing[0]}
    listed = missing[0]
    for later in missing[1:-1]:
        listed = _("%(earlier)s and the %(later)s") % {"earlier": listed, "later": later}
    return _("Before signing, write the %(sections)s and the %(last)s.") % {
        "sections": listed,
        "last": missing[-1],
    }


@transaction.atomic
def sign_note(*, by: User, note: Note, expected_version: int) -> Note:
    """Sign a draft: from now on it never changes. Late if signed after its window."""
    locked = Note.objects.select_for_update().select_related("contact").get(pk=note.pk)
    enrollment = _lock(note.enrollment)
    check_writer(by, enrollment.program_id)
    if not locked.is_draft:
        raise ActionRefused(_("This note is already signed."))
    _check_fresh(by, locked, expected_version)
    if locked.author_id != by.pk:
        raise ActionRefused(
            _("Only %(author)s, who wrote this note, can sign it.") % {"author": locked.author}
        )
    missing = missing_for_signing(locked)
    if missing:
        raise ActionRefused(_before_signing([m.lower() for m in missing]))
    now = timezone.now()
    locked.status = Note.Status.SIGNED
    locked.signed_by, locked.signed_at = by, now
    locked.signed_late = now > locked.due_at
    locked.save(update_fields=["status", "signed_by", "signed_at", "signed_late"])
    refresh_signals(enrollment)
    audit_enrollment_record(
        by,
        "sign",
        "note",
        locked,
        enrollment,
        {
            "late": locked.signed_late,
            "hours": hours_between(locked.contact.happened_at, now),
        },
    )
    locked.enrollment = enrollment
    return locked


@transaction.atomic
def add_addendum(
    *, by: User, note: Note, text: str, creation_key: uuid.UUID | None = None
) -> Addendum:
    """A dated, signed correction or addition to a signed note."""
    check_writer(by, note.enrollment.program_id)
    done = earlier(Addendum, creation_key, note=note)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if note.is_draft:
        raise ActionRefused(_("While the note is a draft, change the note itself."))
    if note.sensitive and not access_for(by).sees_sensitive(note.enrollment.program):
        raise ActionRefused(str(PRIVATE_NOTE))
    text = text.strip()
    if not text:
        raise ActionRefused(_("Write the correction or addition."), field="text")
    if len(text) > MAX_ADDENDUM:
        raise ActionRefused(
            _("Keep an addendum under %(most)s characters.") % {"most": MAX_ADDENDUM}, field="text"
        )
    addendum, made = created_once(
        Addendum,
        creation_key,
        lambda: Addendum.objects.create(
            note=note,
            text=text,
            written_by=by,
            written_at=timezone.now(),
            creation_key=creation_key,
        ),
        note=note,
    )
    if not made:
        return addendum
    audit_enrollment_record(
        by, "create", "addendum", addendum, note.enrollment, {"note": str(note.public_id)}
    )
    return addendum


@transaction.atomic
def remove_contact(*, by: User, contact: Contact) -> None:
    """Remove a contact logged by mistake, while its note is an unsigned draft."""
    enrollment = _lock(contact.enrollment)
    check_writer(by, enrollment.program_id)
    note = Note.objects.select_for_update().get(contact=contact)
    if not note.is_draft:
        raise ActionRefused(_("This note is signed; the contact stays. Add an addendum instead."))
    if note.author_id != by.pk:
        raise ActionRefused(
            _("Only %(author)s, who logged it, can remove this contact.") % {"author": note.author}
        )
    if note.sensitive and not access_for(by).sees_sensitive(enrollment.program):
        raise ActionRefused(str(PRIVATE_NOTE))
    if contact.appointment_id is not None:
        Appointment.objects.filter(pk=contact.appointment_id).update(
            status=Appointment.Status.SCHEDULED, status_by=None, status_at=None
        )
    Commitment.objects.filter(note=note).update(note=None)
    Appointment.objects.filter(from_note=note).update(from_note=None)
    NoteLink.objects.filter(note=note).delete()
    note.delete()
    public_id = contact.public_id
    contact.delete()
    contact.public_id = public_id
    refresh_signals(enrollment)
    audit_enrollment_record(
        by, "delete", "contact", contact, enrollment, {"reason": "logged by mistake"}
    )


# --- Appointments ------------------------------------------------------------------


@transaction.atomic
def schedule_appointment(
    *,
    by: User,
    enrollment: Enrollment,
    data: dict[str, Any],
    invite: bool = False,
    from_note: Note | None = None,
    creation_key: uuid.UUID | None = None,
) -> Appointment:
    """Plan a meeting; with ``invite``, email the participant a calendar invitation."""
    from waypoint.notes import calendar

    check_writer(by, enrollment.program_id)
    locked = _lock(enrollment)  # first: a simultaneous same submit then finds this one's
    done = earlier(Appointment, creation_key, enrollment=enrollment)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if locked.status in CLOSED:
        raise ActionRefused(_("This enrollment has ended. Reopen it to schedule meetings."))
    starts_at = data.get("starts_at")
    if not isinstance(starts_at, datetime) or timezone.is_naive(starts_at):
        raise ActionRefused(_("Give the date and time of the meeting."), field="starts_at")
    if starts_at < timezone.now():
        raise ActionRefused(
            _("That time has passed. Log a meeting that already happened as a contact."),
            field="starts_at",
        )
    minutes = 60 if data.get("minutes") is None else int(data["minutes"])
    if not 5 <= minutes <= 720:
        raise ActionRefused(_("Give a length between 5 minutes and 12 hours."), field="minutes")
    method, place = _method_and_place(data.get("method") or Method.IN_PERSON, data.get("place", ""))
    purpose = str(data.get("purpose", "")).strip()
    if not purpose:
        raise ActionRefused(_("Say what the meeting is for."), field="purpose")
    _check_lengths(data, {"purpose": 300, "others": 300, "place_detail": 200})
    address = calendar.invitation_address(locked.participant) if invite else None
    if invite and address is None:
        raise ActionRefused(
            _(
                "%(name)s has no email address marked safe to use, so no invitation can be "
                "sent. Add one on their profile, or leave this unticked."
            )
            % {"name": locked.participant},
            field="invite",
        )
    if from_note is not None and from_note.enrollment_id != locked.pk:
        raise ActionRefused(_("That note belongs to another enrollment."))
    appointment = Appointment.objects.create(
        organization_id=locked.organization_id,
        enrollment=locked,
        participant_id=locked.participant_id,
        starts_at=starts_at,
        minutes=minutes,
        method=method,
        place=place,
        place_detail=str(data.get("place_detail", "")).strip(),
        purpose=purpose,
        others=str(data.get("others", "")).strip(),
        staff=by,
        invited=address is not None,
        from_note=from_note,
        created_by=by,
        created_at=timezone.now(),
        creation_key=creation_key,
    )
    appointment.enrollment = locked
    audit_enrollment_record(
        by,
        "create",
        "appointment",
        appointment,
        locked,
        {"starts_at": starts_at.isoformat(), "invited": appointment.invited},
    )
    if address is not None:
        transaction.on_commit(lambda: calendar.send_invitation(appointment, address))
    return appointment


@transaction.atomic
def cancel_appointment(*, by: User, appointment: Appointment, reason: str = "") -> Appointment:
    """Cancel a scheduled meeting; an invited participant is sent the cancellation."""
    from waypoint.notes import calendar

    check_writer(by, appointment.enrollment.program_id)
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != Appointment.Status.SCHEDULED:
        raise ActionRefused(
            _("This appointment is already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    if len(reason.strip()) > 500:
        raise ActionRefused(_("Keep the reason under 500 characters."), field="reason")
    locked.status = Appointment.Status.CANCELLED
    locked.status_reason = reason.strip()
    locked.status_by, locked.status_at = by, timezone.now()
    locked.sequence += 1
    locked.save()
    locked.enrollment = appointment.enrollment
    locked.participant = appointment.enrollment.participant
    audit_enrollment_record(
        by, "update", "appointment", locked, locked.enrollment, {"status": "cancelled"}
    )
    if locked.invited:
        address = calendar.invitation_address(locked.participant)
        if address is not None:
            transaction.on_commit(lambda: calendar.send_invitation(locked, address))
    return locked


# --- Commitments -------------------------------------------------------------------


@transaction.atomic
def make_commitment(
    *,
    by: User,
    enrollment: Enrollment,
    what: str,
    due_on: Any = None,
    note: Note | None = None,
    creation_key: uuid.UUID | None = None,
) -> Commitment:
    """Record something staff promised the participant, to track until it is kept."""
    check_writer(by, enrollment.program_id)
    done = earlier(Commitment, creation_key, enrollment=enrollment)
    if done is not None:
        return done  # type: ignore[no-any-return]
    what = what.strip()
    if not what:
        raise ActionRefused(_("Write what you promised, in a few words."), field="what")
    if len(what) > 300:
        raise ActionRefused(_("Keep it under %(most)s characters.") % {"most": 300}, field="what")
    if note is not None and note.enrollment_id != enrollment.pk:
        raise ActionRefused(_("That note belongs to another enrollment."))
    commitment, made = created_once(
        Commitment,
        creation_key,
        lambda: Commitment.objects.create(
            organization_id=enrollment.organization_id,
            enrollment=enrollment,
            participant_id=enrollment.participant_id,
            what=what,
            due_on=due_on,
            owner=by,
            note=note,
            created_by=by,
            created_at=timezone.now(),
            creation_key=creation_key,
        ),
        enrollment=enrollment,
    )
    if not made:
        return commitment
    audit_enrollment_record(
        by, "create", "commitment", commitment, enrollment, {"due_on": str(due_on or "")}
    )
    return commitment


@transaction.atomic
def close_commitment(
    *, by: User, commitment: Commitment, status: str, reason: str = ""
) -> Commitment:
    """Mark a commitment kept, or no longer needed (with a reason)."""
    check_writer(by, commitment.enrollment.program_id)
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if status not in (Commitment.Status.KEPT, Commitment.Status.RELEASED):
        raise ActionRefused(_("Mark it kept or no longer needed."))
    if locked.status != Commitment.Status.OPEN:
        raise ActionRefused(
            _("This is already marked %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    if len(reason.strip()) > 500:
        raise ActionRefused(_("Keep the reason under 500 characters."), field="reason")
    reason = reason.strip()
    if status == Commitment.Status.RELEASED and not reason:
        raise ActionRefused(_("Say why it is no longer needed."), field="reason")
    locked.status = status
    locked.closed_reason = reason[:500]
    locked.closed_by, locked.closed_at = by, timezone.now()
    locked.save()
    locked.enrollment = commitment.enrollment
    audit_enrollment_record(
        by, "update", "commitment", locked, commitment.enrollment, {"status": status}
    )
    return locked


@transaction.atomic
def add_follow_up(
    *, enrollment: Enrollment, owner: Any, what: str, due_on: Any, by: User | None = None
) -> Commitment:
    """A follow-up task Waypoint sets for staff (a referral's next step, say): on the
    owner's "What I promised" list until kept or settled."""
    commitment = Commitment.objects.create(
        organization_id=enrollment.organization_id,
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        what=what.strip()[:300],
        due_on=due_on,
        owner=owner,
        created_by=by,
        created_at=timezone.now(),
    )
    audit_enrollment_record(by, "create", "commitment", commitment, enrollment, {"follow_up": True})
    return commitment


@transaction.atomic
def settle_follow_up(
    *, commitment: Commitment, kept: bool, reason: str, by: User | None = None
) -> None:
    """Close a follow-up task Waypoint set, when what it waited for has happened."""
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.status != Commitment.Status.OPEN:
        return
    locked.status = Commitment.Status.KEPT if kept else Commitment.Status.RELEASED
    locked.closed_reason = reason[:500]
    locked.closed_by, locked.closed_at = by, timezone.now()
    locked.save()
    audit_enrollment_record(
        by, "update", "commitment", locked, commitment.enrollment, {"status": locked.status}
    )


# --- The writing coach's list ------------------------------------------------------


@transaction.atomic
def install_default_phrases(*, by: User, organization: Organization) -> int:
    """Add the default phrases an organization does not have yet; returns how many."""
    from waypoint.notes.coach import default_rules

    if by is not None and (not access_for(by).is_admin or by.organization_id != organization.pk):
        raise ActionRefused(_("Only administrators can change the writing coach's list."))

    have = set(CoachPhrase.objects.filter(organization=organization).values_list("kind", "phrase"))
    made = CoachPhrase.objects.bulk_create(
        CoachPhrase(
            organization=organization,
            kind=rule.kind,
            language=rule.language,
            phrase=rule.phrase,
            suggestion=rule.suggestion,
            why=rule.why,
            sections=list(rule.sections),
            not_after=list(rule.not_after),
            not_before=list(rule.not_before),
        )
        for rule in default_rules()
        if (rule.kind, rule.phrase) not in have
    )
    if made:
        record(
            by=by,
            action="create",
            role="admin" if by is not None else "",
            organization_id=organization.pk,
            entries=[Entry("coach_phrase", "defaults", None, {"added": len(made)})],
        )
    return len(made)


def _words(raw: str) -> list[str]:
    return [w.strip().lower() for w in raw.replace("\n", ",").split(",") if w.strip()][:30]


@transaction.atomic
def save_phrase(
    *, by: User, organization: Organization, phrase: CoachPhrase | None, data: dict[str, Any]
) -> CoachPhrase:
    """Add a phrase to the coach's list, or change one. Administrators only."""
    if not access_for(by).is_admin or by.organization_id != organization.pk:
        raise ActionRefused(_("Only administrators can change the writing coach's list."))
    kind = data.get("kind", "")
    if kind not in CoachPhrase.Kind.values:
        raise ActionRefused(_("Choose what kind of advice this is."), field="kind")
    language = data.get("language") or "en"
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ActionRefused(_("Choose one of the languages listed."), field="language")
    words = " ".join(str(data.get("phrase", "")).split())
    if not words:
        raise ActionRefused(_("Write the word or phrase to look for."), field="phrase")
    sections = [s for s in data.get("sections", []) if s]
    from waypoint.notes.coach import SECTIONS as COACHED

    unknown = set(sections) - set(COACHED)
    if unknown:
        raise ActionRefused(_("Choose sections from the list."), field="sections")
    clash = CoachPhrase.objects.filter(organization=organization, kind=kind, phrase__iexact=words)
    if phrase is not None:
        clash = clash.exclude(pk=phrase.pk)
    if clash.exists():
        raise ActionRefused(_("That phrase is already on the list."), field="phrase")
    if phrase is None and not CoachPhrase.objects.filter(organization=organization).exists():
        # Still on the default list: make it the organization's own first, so adding
        # one phrase adds to the defaults instead of replacing them.
        install_default_phrases(by=by, organization=organization)
    target = phrase or CoachPhrase(organization=organization)
    before = {"phrase": target.phrase, "active": target.active} if phrase else {}
    target.kind = kind
    target.language = language
    target.phrase = words[:100]
    target.suggestion = str(data.get("suggestion", "")).strip()[:300]
    target.why = str(data.get("why", "")).strip()[:300]
    target.sections = sections
    target.not_after = _words(str(data.get("not_after", "")))
    target.not_before = _words(str(data.get("not_before", "")))
    target.active = bool(data.get("active", True))
    target.updated_by = by
    target.save()
    record(
        by=by,
        action="update" if phrase else "create",
        role="admin",
        organization_id=organization.pk,
        entries=[
            Entry(
                "coach_phrase",
                str(target.pk),
                None,
                {"phrase": [before.get("phrase", ""), target.phrase], "active": target.active},
            )
        ],
    )
    return target
