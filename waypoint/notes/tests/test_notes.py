"""Contacts, SOAP-D notes, addenda, appointments and commitments through real requests:
the happy path, the refused outsider with nothing changed, bad input kept and explained,
and signed notes that no route and no raw update can change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django.utils import timezone
from icalendar import Calendar

from waypoint.audit.models import AuditEvent
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused
from waypoint.notes import actions
from waypoint.notes.models import Addendum, Appointment, Commitment, Contact, Note, NoteLink
from waypoint.participants.models import ContactMethod
from waypoint.plans.models import Plan
from waypoint.tests.helpers import snapshot, three_needs


def local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def contact_post(outcome="completed", ago=timedelta(hours=2), **extra):
    data = {
        "outcome": outcome,
        "method": "in_person" if outcome == "completed" else "phone",
        "happened_at": local(timezone.now() - ago),
        "minutes": "45" if outcome == "completed" else "",
        "place": "community",
        "place_detail": "",
        "present": "Amara",
        "attempt_result": "no_answer" if outcome == "attempted" else "",
    }
    data.update(extra)
    return data


def note_post(note, **extra):
    contact = note.contact
    data = {
        "edit_version": note.edit_version,
        "method": contact.method,
        "happened_at": local(contact.happened_at),
        "minutes": contact.minutes or "",
        "place": contact.place,
        "place_detail": contact.place_detail,
        "present": contact.present,
        "objective": "Met at the library for 45 minutes and reviewed two job postings.",
    }
    if contact.attempted:
        data["attempt_result"] = contact.attempt_result
        data["plan"] = "Try again on Thursday evening, when she said phones are easiest."
    else:
        data.update(
            strengths="Brought her updated résumé; asked sharp questions.",
            assessment="Two applications sent this week; transport is still a barrier.",
            participant_view="She said: “I feel ready for interviews.”",
            plan="Amara applies to the warehouse job by Friday; Nia sends two more leads.",
            data="Started a weekend shift at the café.",
        )
    data.update(extra)
    return data


def log(world, client=None, outcome="completed", **extra):
    client = client or None
    return actions.log_contact(
        by=world.navigator,
        enrollment=world.amara,
        outcome=outcome,
        data={
            "method": "in_person" if outcome == "completed" else "phone",
            "happened_at": extra.pop("happened_at", timezone.now() - timedelta(hours=1)),
            "minutes": 30,
            "attempt_result": "no_answer" if outcome == "attempted" else "",
            **extra,
        },
    )


def fresh_note(contact):
    return Note.objects.select_related("contact").get(contact=contact)


def plan_with_goal(world):
    from waypoint.plans.actions import GoalData, StepData, save_goal, start_plan

    needs = three_needs(world, world.amara)
    version = start_plan(by=world.navigator, enrollment=world.amara)
    goal = save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=GoalData(
            text="Apply to 3 warehouse jobs",
            needs=[needs[1]],
            steps=[StepData(what="Update résumé")],
        ),
        expected=version.edit_version,
    )
    return version, goal


# --- Contacts and attempts ---------------------------------------------------------


def test_an_attempt_then_a_meeting_with_notes_signed_on_time(world, as_user):
    client = as_user(world.navigator)
    url = f"/enrollments/{world.amara.public_id}/contacts/new/"
    assert client.get(url).status_code == 200

    response = client.post(url, contact_post("attempted", ago=timedelta(hours=5)))
    attempt = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/notes/{attempt.note.public_id}/"
    assert (attempt.outcome, attempt.method, attempt.attempt_result) == (
        "attempted",
        "phone",
        "no_answer",
    )
    e = Enrollment.objects.get(pk=world.amara.pk)
    assert (e.attempts_in_row, e.last_contact_at) == (1, None)
    assert e.note_due_at == attempt.note.due_at == attempt.happened_at + timedelta(hours=48)

    page = client.get(response["Location"]).content.decode()
    assert "Attempt to reach Amara" in page
    assert 'name="strengths"' not in page  # an attempt gets a short note
    note = attempt.note
    response = client.post(f"/notes/{note.public_id}/sign/", note_post(note))
    assert response.status_code == 302
    note = Note.objects.get(pk=note.pk)
    assert (note.status, note.signed_by, note.signed_late) == ("signed", world.navigator, False)
    assert note.plan.startswith("Try again on Thursday")

    response = client.post(url, contact_post("completed"))
    meeting = Contact.objects.get(outcome="completed")
    e = Enrollment.objects.get(pk=world.amara.pk)
    assert (e.attempts_in_row, e.last_contact_at) == (0, meeting.happened_at)
    assert e.contact_due_on == timezone.localtime(meeting.happened_at).date() + timedelta(days=14)
    note = meeting.note
    response = client.post(f"/notes/{note.public_id}/sign/", note_post(note))
    assert response.status_code == 302
    note = Note.objects.get(pk=note.pk)
    assert note.status == "signed"
    assert note.data == "Started a weekend shift at the café."
    assert Enrollment.objects.get(pk=world.amara.pk).note_due_at is None

    listing = client.get(f"/enrollments/{world.amara.public_id}/contacts/").content.decode()
    assert listing.count("Signed") == 2
    events = AuditEvent.objects.filter(object_type="note", action="sign")
    assert events.count() == 2
    # The audit trail says what changed, never what the note says.
    assert not AuditEvent.objects.filter(changes__icontains="café").exists()


def test_logging_refuses_bad_input_and_keeps_what_was_typed(world, as_user):
    client = as_user(world.navigator)
    url = f"/enrollments/{world.amara.public_id}/contacts/new/"
    before = snapshot(audit=False)
    response = client.post(
        url, contact_post(happened_at=local(timezone.now() + timedelta(days=1)), present="Aunt")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "That time is still to come" in page
    assert 'value="Aunt"' in page
    response = client.post(url, contact_post(method="", happened_at="yesterday-ish"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the date and time, for example" in page
    response = client.post(url, contact_post(happened_at="2001-01-01T10:00"))
    assert "That is more than a year ago" in response.content.decode()
    assert snapshot(audit=False) == before


def test_a_double_submit_logs_one_contact(world, as_user):
    client = as_user(world.navigator)
    url = f"/enrollments/{world.amara.public_id}/contacts/new/"
    data = contact_post(creation_key="6b1e8c1e-4a57-4f6b-9d60-0f1f3b1c2d3e")
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Contact.objects.count() == Note.objects.count() == 1


def test_outsiders_and_other_navigators_cannot_log_or_read(world, as_user):
    contact = log(world)
    note = contact.note
    before = snapshot()
    for user in (world.outsider, world.navigator2):
        client = as_user(user)
        assert client.get(f"/notes/{note.public_id}/").status_code == 404
        assert client.post(f"/notes/{note.public_id}/", note_post(note)).status_code == 404
        assert client.post(f"/notes/{note.public_id}/sign/", note_post(note)).status_code == 404
        response = client.post(
            f"/enrollments/{world.amara.public_id}/contacts/new/", contact_post()
        )
        assert response.status_code == 404
    auditor = as_user(world.auditor)
    assert auditor.get(f"/notes/{note.public_id}/").status_code == 200
    assert auditor.post(f"/notes/{note.public_id}/", note_post(note)).status_code == 404
    assert snapshot(audit=False) == {
        k: v for k, v in before.items() if k not in ("AuditEvent", "Disclosure")
    }


# --- Writing, autosave, the coach -------------------------------------------------


def test_autosave_returns_the_coach_and_refuses_a_stale_save(world, as_user):
    contact = log(world)
    note = fresh_note(contact)
    client = as_user(world.navigator)
    url = f"/notes/{note.public_id}/"
    response = client.post(
        url,
        note_post(note, objective="She refused to sign and seems upset."),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saved at" in page
    assert "“refused” → try “chose not to”" in page
    assert "“seems”" in page
    assert 'id="note-version" value="2"' in page
    assert "Link this note to one of" not in page  # Amara has no plan goals yet
    saved = fresh_note(contact)
    assert saved.edit_version == 2
    assert saved.objective == "She refused to sign and seems upset."

    # A second tab still holding version 1 is refused with who saved, and nothing changes.
    noor_note = note_post(note, objective="Something else entirely.")
    other = as_user(world.supervisor)
    response = other.post(url, noor_note, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nia Navigator saved changes since you opened this page (Strengths observed, " in page
    assert "Contact details" not in page  # the form shows minutes; the time did not move
    assert fresh_note(contact).objective == "She refused to sign and seems upset."
    # The author's own page holding version 1 is not in conflict with their own autosave.
    client = as_user(world.navigator)
    response = client.post(url, note_post(note, objective="She chose not to sign."))
    assert response.status_code == 302
    assert fresh_note(contact).objective == "She chose not to sign."

    # Without JavaScript: the page comes back with the coach beside it.
    client.post(
        url, note_post(fresh_note(contact), objective="Amara said: “I refused to go back.”")
    )
    page = client.get(url).content.decode()
    assert "refused” → try" not in page
    assert "Writing coach" in page


def test_a_note_links_to_goals_and_steps_and_the_plan_shows_its_notes(world, as_user):
    version, goal = plan_with_goal(world)
    step = goal.steps.get()
    contact = log(world)
    note = fresh_note(contact)
    client = as_user(world.navigator)
    page = client.get(f"/notes/{note.public_id}/").content.decode()
    assert "Goal 1: Apply to 3 warehouse jobs" in page
    assert "Step: Update résumé" in page
    assert "Link this note to one of" in page  # goals exist and none is ticked yet
    response = client.post(
        f"/notes/{note.public_id}/sign/",
        note_post(note, links=[str(goal.key), str(step.key)]),
    )
    assert response.status_code == 302
    links = NoteLink.objects.filter(note=note)
    assert sorted(link.kind for link in links) == ["goal", "step"]
    assert {link.goal_key for link in links} == {goal.key}
    page = client.get(f"/notes/{note.public_id}/").content.decode()
    assert "Goal 1: Apply to 3 warehouse jobs" in page
    plan_page = client.get(f"/plans/{version.public_id}/").content.decode()
    assert f"/notes/{note.public_id}/" in plan_page

    other = log(world)
    bad = note_post(fresh_note(other), links=["0d8f5c1e-0000-4000-8000-000000000000"])
    response = client.post(f"/notes/{other.note.public_id}/", bad)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_signing_needs_an_objective_account_and_only_the_author_signs(world, as_user):
    contact = log(world)
    note = fresh_note(contact)
    supervisor = as_user(world.supervisor)
    response = supervisor.post(f"/notes/{note.public_id}/sign/", note_post(note))
    assert response.status_code == 400
    assert "Only Nia Navigator, who wrote this note, can sign it." in response.content.decode()
    client = as_user(world.navigator)
    note = fresh_note(contact)
    response = client.post(f"/notes/{note.public_id}/sign/", note_post(note, objective=""))
    assert response.status_code == 400
    assert "Before signing, write the objective account." in response.content.decode()
    assert fresh_note(contact).status == "draft"


# --- Signed means signed -------------------------------------------------------------


def signed_note(world):
    contact = log(world)
    note = fresh_note(contact)
    note = actions.save_note(
        by=world.navigator,
        note=note,
        expected_version=note.edit_version,
        sections={"objective": "Met at the library."},
    )
    return actions.sign_note(by=world.navigator, note=note, expected_version=note.edit_version)


def test_no_route_changes_a_signed_note_and_addenda_are_dated_and_signed(world, as_user):
    note = signed_note(world)
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    url = f"/notes/{note.public_id}/"
    response = client.post(url, note_post(note, objective="Rewritten."))
    assert response.status_code == 302
    response = client.post(f"{url}sign/", note_post(note, objective="Rewritten."))
    assert response.status_code == 302
    response = client.post(f"{url}remove/")
    assert response.status_code == 302
    admin = as_user(world.admin)
    admin.post(url, note_post(note, objective="Admin rewrite."))
    assert snapshot(audit=False) == before
    assert Note.objects.get(pk=note.pk).objective == "Met at the library."
    client = as_user(world.navigator)

    response = client.post(f"{url}addenda/", {"text": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(f"{url}addenda/", {"text": "Correction: we met at 3 pm, not 2 pm."})
    assert response.status_code == 302
    addendum = Addendum.objects.get()
    assert (addendum.note_id, addendum.written_by) == (note.pk, world.navigator)
    page = client.get(url).content.decode()
    assert "Correction: we met at 3 pm, not 2 pm." in page
    assert "Signed by Nia Navigator" in page


@pytest.mark.parametrize(
    "change",
    [
        lambda n: Note.objects.filter(pk=n.pk).update(objective="Tampered"),
        lambda n: Note.objects.filter(pk=n.pk).delete(),
        lambda n: Contact.objects.filter(pk=n.contact_id).update(minutes=1),
        lambda n: NoteLink.objects.create(
            note=n, plan=Plan.objects.get(), kind="goal", goal_key=n.public_id, item_key=n.public_id
        ),
        lambda n: Addendum.objects.filter(note=n).update(text="Tampered"),
        lambda n: Addendum.objects.filter(note=n).delete(),
    ],
    ids=["update", "delete", "contact", "link", "addendum-update", "addendum-delete"],
)
def test_the_database_refuses_to_change_a_signed_note(world, change):
    plan_with_goal(world)
    note = signed_note(world)
    actions.add_addendum(by=world.navigator, note=note, text="Added later.")
    with pytest.raises(DatabaseError), transaction.atomic():
        change(note)
    assert Note.objects.get(pk=note.pk).objective == "Met at the library."
    assert Addendum.objects.get().text == "Added later."


def test_an_addendum_cannot_go_on_a_draft(world):
    contact = log(world)
    with pytest.raises(ActionRefused, match="While the note is a draft"):
        actions.add_addendum(by=world.navigator, note=fresh_note(contact), text="x")


def test_a_contact_logged_by_mistake_can_be_removed_while_its_note_is_a_draft(world, as_user):
    contact = log(world, outcome="attempted")
    client = as_user(world.navigator)
    assert Enrollment.objects.get(pk=world.amara.pk).attempts_in_row == 1
    response = client.post(f"/notes/{contact.note.public_id}/remove/")
    assert response.status_code == 302
    assert Contact.objects.count() == Note.objects.count() == 0
    e = Enrollment.objects.get(pk=world.amara.pk)
    assert (e.attempts_in_row, e.note_due_at) == (0, None)
    assert AuditEvent.objects.filter(object_type="contact", action="delete").count() == 1


# --- Timeliness ---------------------------------------------------------------------


def test_a_note_signed_after_its_window_is_flagged_late_and_shows_overdue_before(world, as_user):
    contact = log(world, happened_at=timezone.now() - timedelta(hours=50))
    client = as_user(world.navigator)
    caseload = client.get("/caseload/").content.decode()
    assert "Note overdue since" in caseload
    assert "Notes to finish" in caseload
    note = fresh_note(contact)
    response = client.post(f"/notes/{note.public_id}/sign/", note_post(note))
    assert response.status_code == 302
    note = Note.objects.get(pk=note.pk)
    assert note.signed_late is True
    page = client.get(f"/notes/{note.public_id}/").content.decode()
    assert "Signed late" in page
    assert "Note overdue since" not in client.get("/caseload/").content.decode()
    supervision = as_user(world.supervisor).get("/supervision/").content.decode()
    assert '<td data-label="Notes late (30 days)">1 of 1</td>' in supervision
    assert "1 late; 0% on time" in supervision


def test_timeliness_is_counted_in_real_hours_across_a_clock_change(world, settings, monkeypatch):
    """Contact at 10:00 on the Saturday before clocks go forward; the 48-hour window
    closes at 11:00 on Monday by the wall clock. Signed at 10:30 Monday: on time."""
    settings.TIME_ZONE = "America/New_York"
    zone = ZoneInfo("America/New_York")
    with timezone.override(zone):
        met = datetime(2026, 3, 7, 10, 0, tzinfo=zone)
        monkeypatch.setattr(timezone, "now", lambda: met + timedelta(hours=1))
        contact = log(world, happened_at=met)
        note = fresh_note(contact)
        assert timezone.localtime(note.due_at).strftime("%a %H:%M") == "Mon 11:00"
        note = actions.save_note(
            by=world.navigator,
            note=note,
            expected_version=1,
            sections={"objective": "Met at the office."},
        )
        signed_at = datetime(2026, 3, 9, 10, 30, tzinfo=zone)
        monkeypatch.setattr(timezone, "now", lambda: signed_at)
        note = actions.sign_note(by=world.navigator, note=note, expected_version=2)
        assert note.signed_late is False
        assert note.signed_at is not None
        elapsed = note.signed_at.astimezone(UTC) - contact.happened_at.astimezone(UTC)
        assert elapsed == timedelta(hours=47, minutes=30)


# --- Appointments and invitations ----------------------------------------------------


def add_email(world, safe="yes"):
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.net",
        normalized="amara@example.net",
        safe_to_contact=safe,
    )


def test_scheduling_from_a_notes_plan_emails_a_real_invitation(
    world, as_user, django_capture_on_commit_callbacks
):
    add_email(world)
    contact = log(world)
    note = fresh_note(contact)
    client = as_user(world.navigator)
    when = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=0, second=0)
    response = client.post(
        f"/notes/{note.public_id}/",
        note_post(note, next_meeting_at=local(when), then="schedule"),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?note={note.public_id}")
    form = client.get(response["Location"]).content.decode()
    assert local(when) in form
    assert "Email them a calendar invitation" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/enrollments/{world.amara.public_id}/appointments/new/",
            {
                "starts_at": local(when),
                "minutes": "60",
                "method": "in_person",
                "place": "office",
                "purpose": "Check in about the substance use program",
                "invite": "on",
                "note": str(note.public_id),
                "creation_key": "1d5c2b1a-4a57-4f6b-9d60-0f1f3b1c2d3e",
            },
        )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.from_note, appointment.invited, appointment.staff) == (
        note,
        True,
        world.navigator,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amara@example.net"]
    assert "substance" not in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("invitation.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == appointment.starts_at
    assert event.decoded("DTEND") == appointment.starts_at + timedelta(hours=1)
    assert str(event["UID"]) == f"{appointment.public_id}@waypoint"
    assert str(event["SUMMARY"]) == "Meeting with Nia Navigator"
    assert "substance" not in str(content).lower()
    assert "mailto:amara@example.net" in str(event["ATTENDEE"])

    caseload = as_user(world.navigator).get("/caseload/").content.decode()
    assert "Appointments this week" in caseload
    assert "Check in about the substance use program" in caseload

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/appointments/{appointment.public_id}/cancel/", {"reason": "Amara has an interview"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    cancelled = Calendar.from_ical(mail.outbox[1].attachments[0][1])
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert cancelled.walk("VEVENT")[0]["SEQUENCE"] == 1
    assert Appointment.objects.get().status == "cancelled"


def test_the_invitation_comes_in_the_participants_language(
    world, as_user, django_capture_on_commit_callbacks
):
    from waypoint.participants.models import Participant

    add_email(world)
    Participant.objects.filter(pk=world.amara.participant_id).update(written_language="es")
    starts = datetime(2031, 3, 14, 15, 30, tzinfo=timezone.get_current_timezone())
    with django_capture_on_commit_callbacks(execute=True):
        appointment = actions.schedule_appointment(
            by=world.navigator,
            enrollment=world.amara,
            data={
                "starts_at": starts,
                "minutes": 45,
                "method": "in_person",
                "place": "office",
                "purpose": "Check in",
            },
            invite=True,
        )
    message = mail.outbox[0]
    assert message.subject == "Reunión con Nia Navigator"
    assert message.body.splitlines()[:6] == [
        "Hola, Amara:",
        "",
        "Esta es tu reunión con Nia Navigator:",
        f"Cuándo: viernes, 14 de marzo de 2031 a las 15:30 ({starts.tzname()}), durante 45 minutos",
        "Cómo: En persona",
        "Dónde: Oficina del programa",
    ]
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Reunión con Nia Navigator"
    assert str(event["DESCRIPTION"]).startswith("En persona con Nia Navigator (")
    # The .ics the navigator downloads says the same.
    client = as_user(world.navigator)
    download = client.get(f"/appointments/{appointment.public_id}/calendar.ics")
    assert download.status_code == 200
    assert "Reunión con Nia Navigator" in download.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_appointment(by=world.navigator, appointment=appointment)
    assert mail.outbox[1].subject == "Cancelada: reunión con Nia Navigator"


def test_no_invitation_without_an_email_marked_safe(world, as_user):
    add_email(world, safe="no")
    client = as_user(world.navigator)
    page = client.get(f"/enrollments/{world.amara.public_id}/appointments/new/").content.decode()
    assert "Email them a calendar invitation" not in page
    assert "No email address on Amara’s profile is marked safe to use" in page
    with pytest.raises(ActionRefused, match="no email address marked safe"):
        actions.schedule_appointment(
            by=world.navigator,
            enrollment=world.amara,
            data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "Meet"},
            invite=True,
        )
    before = snapshot(audit=False)
    response = client.post(
        f"/enrollments/{world.amara.public_id}/appointments/new/",
        {
            "starts_at": local(timezone.now() - timedelta(days=1)),
            "minutes": "60",
            "method": "in_person",
            "purpose": "Catch up",
        },
    )
    assert response.status_code == 400
    assert "That time has passed" in response.content.decode()
    assert snapshot(audit=False) == before
    assert mail.outbox == []


def test_a_missed_appointment_is_recorded_and_noticed_until_the_next_contact(world, as_user):
    appointment = actions.schedule_appointment(
        by=world.navigator,
        enrollment=world.amara,
        data={"starts_at": timezone.now() + timedelta(hours=1), "purpose": "Résumé review"},
    )
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=timezone.now() - timedelta(hours=3)
    )
    client = as_user(world.navigator)
    assert "Did it happen? Record it" in client.get("/caseload/").content.decode()
    page = client.get(
        f"/enrollments/{world.amara.public_id}/contacts/new/"
        f"?appointment={appointment.public_id}&outcome=attempted"
    ).content.decode()
    assert 'value="not_there" selected' in page
    response = client.post(
        f"/enrollments/{world.amara.public_id}/contacts/new/",
        contact_post(
            "attempted",
            ago=timedelta(hours=3),
            attempt_result="not_there",
            appointment=str(appointment.public_id),
        ),
    )
    assert response.status_code == 302
    assert Appointment.objects.get().status == "missed"
    e = Enrollment.objects.get(pk=world.amara.pk)
    assert e.missed_appointment_at == Appointment.objects.get().starts_at
    assert "Missed appointment on" in client.get("/caseload/").content.decode()
    detail = client.get(f"/participants/{world.amara.participant.public_id}/").content.decode()
    assert "Missed appointment on" in detail
    log(world)
    e = Enrollment.objects.get(pk=world.amara.pk)
    assert e.missed_appointment_at is None
    assert "Missed appointment on" not in client.get("/caseload/").content.decode()


def test_three_attempts_in_a_row_are_noticed(world, as_user):
    for hours in (30, 20, 10):
        log(world, outcome="attempted", happened_at=timezone.now() - timedelta(hours=hours))
    client = as_user(world.navigator)
    assert "3 attempts in a row without reaching them" in client.get("/caseload/").content.decode()


# --- Commitments ---------------------------------------------------------------------


def test_a_commitment_stays_on_the_navigators_home_until_kept(world, as_user):
    client = as_user(world.navigator)
    due = timezone.localdate() + timedelta(days=2)
    response = client.post(
        f"/enrollments/{world.amara.public_id}/commitments/",
        {"what": "Call the landlord about the deposit", "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.owner, commitment.due_on, commitment.status) == (
        world.navigator,
        due,
        "open",
    )
    home = client.get("/caseload/").content.decode()
    assert "Call the landlord about the deposit" in home
    response = client.post(
        f"/commitments/{commitment.public_id}/close/", {"status": "released", "reason": ""}
    )
    assert Commitment.objects.get().status == "open"
    response = client.post(
        f"/commitments/{commitment.public_id}/close/", {"status": "kept", "back": "home"}
    )
    assert response["Location"] == "/caseload/"
    assert Commitment.objects.get().status == "kept"
    home = client.get("/caseload/").content.decode()
    assert "“Call the landlord about the deposit” marked kept." in home
    assert "No open commitments." in home
    assert "<strong>Call the landlord about the deposit</strong>" not in home

    before = snapshot()
    outsider = as_user(world.outsider)
    response = outsider.post(
        f"/enrollments/{world.amara.public_id}/commitments/", {"what": "Anything"}
    )
    assert response.status_code == 404
    assert snapshot() == before


# --- Private notes -------------------------------------------------------------------


def test_a_private_note_hides_its_words_from_roles_the_program_does_not_allow(world, as_user):
    contact = actions.log_contact(
        by=world.navigator2,
        enrollment=world.chen,
        outcome="completed",
        data={"method": "in_person", "happened_at": timezone.now() - timedelta(hours=1)},
    )
    note = fresh_note(contact)
    noor = as_user(world.navigator2)
    response = noor.post(
        f"/notes/{note.public_id}/",
        note_post(
            note,
            objective="Talked about the CANARY-RECOVERY meeting she started attending.",
            sensitive=["substance_use"],
        ),
    )
    assert response.status_code == 302
    note = Note.objects.get(pk=note.pk)
    assert note.sensitive_categories == ["substance_use"]
    actions.make_commitment(
        by=world.navigator2, enrollment=world.chen, what="CANARY-PROMISE call", note=note
    )
    actions.schedule_appointment(
        by=world.navigator2,
        enrollment=world.chen,
        data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "CANARY-PURPOSE"},
        from_note=note,
    )
    before = snapshot(audit=False)
    pat = as_user(world.staff)
    page = pat.get(f"/notes/{note.public_id}/").content.decode()
    assert "CANARY" not in page
    assert "This note is private" in page
    assert "Substance use" not in page
    response = pat.post(f"/notes/{note.public_id}/", note_post(note, objective="Blank it"))
    assert response.status_code == 404
    detail = pat.get(f"/participants/{world.chen.participant.public_id}/").content.decode()
    assert "CANARY" not in detail
    assert "A private commitment" in detail
    assert "Private appointment" in detail
    appointment = Appointment.objects.get()
    assert "CANARY" not in pat.get(f"/appointments/{appointment.public_id}/").content.decode()
    assert snapshot(audit=False) == before
    noor = as_user(world.navigator2)
    assert "CANARY-RECOVERY" in noor.get(f"/notes/{note.public_id}/").content.decode()
    detail = noor.get(f"/participants/{world.chen.participant.public_id}/").content.decode()
    assert "CANARY-PROMISE" in detail
    assert "CANARY-PURPOSE" in detail


def test_a_second_click_on_sign_and_a_late_background_save_change_nothing(world, as_user):
    note = signed_note(world)
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(f"/notes/{note.public_id}/sign/", note_post(note), follow=True)
    assert "Note signed. It is now locked." in response.content.decode()
    response = client.post(
        f"/notes/{note.public_id}/", note_post(note, objective="Late"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "This note is signed and can no longer change." in response.content.decode()
    other = as_user(world.supervisor)
    response = other.post(f"/notes/{note.public_id}/sign/", note_post(note), follow=True)
    assert "This note is already signed." in response.content.decode()
    assert snapshot(audit=False) == before
