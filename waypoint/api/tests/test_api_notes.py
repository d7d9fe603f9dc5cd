"""/api/v1/ for contacts, progress notes, addenda, appointments and commitments: the
same rules, privacy and audit as the pages; a signed note never changes; outsiders and
read-only roles change nothing."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from waypoint.audit.models import AuditEvent
from waypoint.enrollments.models import Enrollment
from waypoint.notes import actions
from waypoint.notes.models import Addendum, Appointment, Commitment, Contact, Note, NoteLink
from waypoint.participants.models import ContactMethod
from waypoint.plans.actions import GoalData, StepData, save_goal, start_plan
from waypoint.tests.helpers import Api, snapshot, three_needs


def ago(**delta) -> datetime:
    """A moment in the past, to the second (the API's answers keep milliseconds)."""
    return (timezone.now() - timedelta(**delta)).replace(microsecond=0)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def log(world, enrollment=None, by=None, outcome="completed", **extra):
    return actions.log_contact(
        by=by or world.navigator,
        enrollment=enrollment or world.amara,
        outcome=outcome,
        data={
            "method": "in_person" if outcome == "completed" else "phone",
            "happened_at": extra.pop("happened_at", ago(hours=1)),
            "minutes": 30,
            "attempt_result": "no_answer" if outcome == "attempted" else "",
            **extra,
        },
    )


def note_of(contact) -> Note:
    return Note.objects.select_related("contact").get(contact=contact)


def signed_note(world) -> Note:
    note = note_of(log(world))
    note = actions.save_note(
        by=world.navigator,
        note=note,
        expected_version=1,
        sections={"objective": "Met at the library and read two job postings together."},
    )
    return actions.sign_note(by=world.navigator, note=note, expected_version=2)


def row(note: Note) -> dict[str, Any]:
    return dict(Note.objects.filter(pk=note.pk).values().get())


def plan_with_goal(world):
    needs = three_needs(world, world.amara)
    version = start_plan(by=world.navigator, enrollment=world.amara)
    goal = save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=GoalData(
            text="Apply to 3 warehouse jobs", needs=[needs[1]], steps=[StepData(what="Update CV")]
        ),
        expected=version.edit_version,
    )
    return goal, goal.steps.get()


SECTIONS = {
    "strengths": "Brought her updated CV; asked sharp questions.",
    "objective": "Met at the library for 45 minutes and read two job postings together.",
    "assessment": "Two applications sent this week; getting there is still hard.",
    "participant_view": "She said: “I feel ready for interviews.”",
    "plan": "Amara applies to the warehouse job by Friday; Nia sends two more leads.",
    "data": "Started a weekend shift at the café.",
}
TITLES = {
    "strengths": "Strengths observed",
    "objective": "Objective account",
    "assessment": "Assessment",
    "participant_view": "In their words",
    "plan": "Plan",
    "data": "Data: new information",
}


def test_a_contact_logged_written_signed_and_added_to(world):
    goal, step = plan_with_goal(world)
    nia = Api(world.navigator)
    e = world.amara.public_id
    happened = ago(hours=3)
    key = str(uuid.uuid4())
    body = {
        "outcome": "completed",
        "method": "in_person",
        "happened_at": happened.isoformat(),
        "minutes": 45,
        "place": "community",
        "place_detail": "Central library",
        "present": "Amara",
        "creation_key": key,
    }
    logged = nia.call("POST", f"/enrollments/{e}/contacts", body)
    assert logged.status_code == 201, logged.content
    contact = Contact.objects.get()
    note = Note.objects.get()
    out = logged.json()
    assert out == {
        "id": str(contact.public_id),
        "enrollment_id": str(e),
        "outcome": "completed",
        "method": "in_person",
        "happened_at": out["happened_at"],
        "minutes": 45,
        "place": "community",
        "place_detail": "Central library",
        "present": "Amara",
        "attempt_result": "",
        "appointment_id": None,
        "logged_by_id": world.navigator.pk,
        "logged_by": "Nia Navigator",
        "logged_at": out["logged_at"],
        "note_id": str(note.public_id),
        "note_status": "draft",
        "note_edit_version": 1,
    }
    assert at(out["happened_at"]) == happened == contact.happened_at
    assert note.due_at == happened + timedelta(hours=48)
    assert Enrollment.objects.get(pk=world.amara.pk).last_contact_at == happened

    # The same creation key again is the same contact, not a second one.
    again = nia.call("POST", f"/enrollments/{e}/contacts", body)
    assert (again.status_code, again.json()) == (201, out)
    assert Contact.objects.count() == Note.objects.count() == 1
    listed = nia.call("GET", f"/enrollments/{e}/contacts")
    assert (listed.status_code, listed.json()) == (200, [out])

    n = f"/notes/{note.public_id}"
    read = nia.call("GET", n).json()
    assert (read["status"], read["edit_version"], read["private"]) == ("draft", 1, False)
    assert read["sections"] == [{"key": k, "title": TITLES[k], "text": ""} for k in SECTIONS]
    assert (read["links"], read["link_labels"], read["addenda"]) == ([], [], [])
    assert read["contact"] == {k: v for k, v in out.items() if not k.startswith("note_")}

    meeting = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    patched = nia.call(
        "PATCH",
        n,
        {
            "edit_version": 1,
            **SECTIONS,
            "next_meeting_at": meeting.isoformat(),
            "links": [str(goal.key), str(step.key)],
            "minutes": 50,
        },
    )
    assert patched.status_code == 200, patched.content
    saved = patched.json()
    assert saved["edit_version"] == 2
    assert saved["sections"] == [
        {"key": k, "title": TITLES[k], "text": text} for k, text in SECTIONS.items()
    ]
    assert at(saved["next_meeting_at"]) == meeting
    assert sorted(saved["links"], key=lambda link: link["kind"]) == [
        {
            "kind": "goal",
            "goal_key": str(goal.key),
            "item_key": str(goal.key),
            "label": "Goal 1: Apply to 3 warehouse jobs",
        },
        {
            "kind": "step",
            "goal_key": str(goal.key),
            "item_key": str(step.key),
            "label": "Step: Update CV",
        },
    ]
    assert sorted(saved["link_labels"]) == ["Goal 1: Apply to 3 warehouse jobs", "Step: Update CV"]
    assert (saved["contact"]["minutes"], saved["contact"]["place_detail"]) == (
        50,
        "Central library",
    )
    assert saved["sensitive_categories"] == []
    stored = Note.objects.get()
    assert {k: getattr(stored, k) for k in SECTIONS} == SECTIONS
    assert stored.next_meeting_at == meeting
    assert Contact.objects.get().minutes == 50
    assert NoteLink.objects.filter(note=stored).count() == 2

    # Left out, the next meeting stays; null clears it; only what is sent changes.
    kept = nia.call("PATCH", n, {"edit_version": 2, "data": "  "})
    assert kept.status_code == 200
    assert at(kept.json()["next_meeting_at"]) == meeting
    assert kept.json()["sections"][-1] == {"key": "data", "title": TITLES["data"], "text": ""}
    assert kept.json()["sections"][0]["text"] == SECTIONS["strengths"]
    cleared = nia.call("PATCH", n, {"edit_version": 3, "next_meeting_at": None})
    assert (cleared.json()["next_meeting_at"], cleared.json()["edit_version"]) == (None, 4)
    assert len(cleared.json()["links"]) == 2

    signed = nia.call("POST", f"{n}/sign", {"edit_version": 4})
    assert signed.status_code == 200, signed.content
    s = signed.json()
    assert (s["status"], s["signed_by_id"], s["signed_by"], s["signed_late"]) == (
        "signed",
        world.navigator.pk,
        "Nia Navigator",
        False,
    )
    signed_at = Note.objects.get().signed_at
    assert signed_at is not None
    assert at(s["signed_at"]) == signed_at.replace(microsecond=signed_at.microsecond // 1000 * 1000)
    assert s["hours_to_sign"] == 3.0
    assert Enrollment.objects.get(pk=world.amara.pk).note_due_at is None

    addendum_key = str(uuid.uuid4())
    added = nia.call(
        "POST",
        f"{n}/addenda",
        {"text": "  She also asked about evening classes.  ", "creation_key": addendum_key},
    )
    assert added.status_code == 201, added.content
    addendum = Addendum.objects.get()
    assert added.json() == {
        "id": str(addendum.public_id),
        "note_id": str(note.public_id),
        "text": "She also asked about evening classes.",
        "written_by_id": world.navigator.pk,
        "written_by": "Nia Navigator",
        "written_at": added.json()["written_at"],
    }
    # Sent again with the same key (a double click), it makes no second addendum.
    replay = nia.call("POST", f"{n}/addenda", {"text": "Again", "creation_key": addendum_key})
    assert (replay.status_code, replay.json()["id"]) == (201, str(addendum.public_id))
    assert Addendum.objects.count() == 1
    final = nia.call("GET", n).json()
    assert [a["text"] for a in final["addenda"]] == ["She also asked about evening classes."]
    assert final["sections"][1]["text"] == SECTIONS["objective"]

    events = list(
        AuditEvent.objects.filter(object_type__in=["contact", "note", "addendum"]).values_list(
            "object_type", "action"
        )
    )
    for expected in [
        ("contact", "create"),
        ("note", "view"),
        ("note", "update"),
        ("note", "sign"),
        ("addendum", "create"),
    ]:
        assert expected in events
    # The audit trail names what changed, never the words.
    assert "library" not in json.dumps(
        list(AuditEvent.objects.values_list("changes", flat=True)), ensure_ascii=False
    )


def test_an_attempt_has_a_short_note(world):
    nia = Api(world.navigator)
    logged = nia.call(
        "POST",
        f"/enrollments/{world.amara.public_id}/contacts",
        {
            "outcome": "attempted",
            "method": "phone",
            "happened_at": ago(hours=1).isoformat(),
            "attempt_result": "message",
        },
    )
    assert logged.status_code == 201, logged.content
    assert (logged.json()["outcome"], logged.json()["attempt_result"]) == ("attempted", "message")
    n = f"/notes/{logged.json()['note_id']}"
    assert [s["key"] for s in nia.call("GET", n).json()["sections"]] == ["objective", "plan"]
    before = snapshot(audit=False)
    attempts: list[tuple[dict[str, Any], str, str]] = [
        ({"strengths": "Kind"}, "strengths", "A note about an attempt has only the objective"),
        ({"links": [str(uuid.uuid4())]}, "links", "A note about an attempt links no goals."),
        (
            {"next_meeting_at": (timezone.now() + timedelta(days=1)).isoformat()},
            "next_meeting_at",
            "A note about an attempt has no next meeting",
        ),
    ]
    for body, field, says in attempts:
        response = nia.call("PATCH", n, {"edit_version": 1, **body})
        assert response.status_code == 400, response.content
        assert response.json()["field"] == field
        assert response.json()["detail"].startswith(says)
    assert snapshot(audit=False) == before
    refused = nia.call("POST", f"{n}/sign", {"edit_version": 1})
    assert (refused.status_code, refused.json()) == (
        400,
        {"detail": "Before signing, write the objective account and the plan."},
    )
    done = nia.call(
        "PATCH",
        n,
        {"edit_version": 1, "objective": "Called at 6 pm; left a message.", "plan": "Try Monday."},
    )
    assert done.status_code == 200
    assert nia.call("POST", f"{n}/sign", {"edit_version": 2}).json()["status"] == "signed"


def test_a_stale_edit_version_is_409_and_nothing_changes(world):
    note = note_of(log(world))
    actions.save_note(
        by=world.supervisor,
        note=note,
        expected_version=1,
        sections={"objective": "Sam's words."},
    )
    nia = Api(world.navigator)
    before = snapshot(audit=False)
    for method, path, body in [
        ("PATCH", f"/notes/{note.public_id}", {"edit_version": 1, "objective": "Nia's words."}),
        ("PATCH", f"/notes/{note.public_id}", {"edit_version": 1, "minutes": 90}),
        ("POST", f"/notes/{note.public_id}/sign", {"edit_version": 1}),
    ]:
        response = nia.call(method, path, body)
        assert response.status_code == 409, response.content
        assert response.json() == {
            "detail": "Sam Supervisor saved changes since you opened this page (Objective "
            "account). Your changes were not saved; they are still in the form. Review the "
            "current record, then save again.",
            "changed": ["Objective account"],
        }
    assert snapshot(audit=False) == before
    assert Note.objects.get().objective == "Sam's words."


def test_a_signed_note_never_changes_through_the_api(world):
    note = signed_note(world)
    n = f"/notes/{note.public_id}"
    nia = Api(world.navigator)
    before, saved = snapshot(audit=False), row(note)
    signed = "This note is signed and can no longer change. Add an addendum."
    for method, path, body, says in [
        ("PATCH", n, {"edit_version": 2, "objective": "Forged"}, signed),
        ("PATCH", n, {"edit_version": 1, "objective": "Forged"}, signed),
        ("PATCH", n, {"edit_version": 2}, signed),
        ("PATCH", n, {"edit_version": 2, "sensitive_categories": ["justice"]}, signed),
        ("PATCH", n, {"edit_version": 2, "links": []}, signed),
        ("PATCH", n, {"edit_version": 2, "next_meeting_at": None}, signed),
        ("PATCH", n, {"edit_version": 2, "happened_at": None, "method": "fax"}, signed),
        ("PATCH", n, {"edit_version": 2, "minutes": 5}, signed),
        ("POST", f"{n}/sign", {"edit_version": 2}, "This note is already signed."),
    ]:
        response = nia.call(method, path, body)
        assert response.status_code == 409, (body, response.content)
        assert response.json() == {"detail": says}
    assert row(note) == saved
    assert snapshot(audit=False) == before
    # Even someone else who may write (a supervisor) cannot.
    sam = Api(world.supervisor)
    response = sam.call("PATCH", n, {"edit_version": 2, "objective": "Forged"})
    assert (response.status_code, response.json()) == (409, {"detail": signed})
    assert row(note) == saved


def test_an_addendum_needs_a_signed_note_and_only_the_author_signs(world):
    note = note_of(log(world))
    n = f"/notes/{note.public_id}"
    nia, sam = Api(world.navigator), Api(world.supervisor)
    before = snapshot(audit=False)
    draft = nia.call("POST", f"{n}/addenda", {"text": "More"})
    assert (draft.status_code, draft.json()) == (
        409,
        {"detail": "While the note is a draft, change the note itself."},
    )
    nia.call("PATCH", n, {"edit_version": 1, "objective": "We met."})
    after_patch = snapshot(audit=False)
    other = sam.call("POST", f"{n}/sign", {"edit_version": 2})
    assert (other.status_code, other.json()) == (
        400,
        {"detail": "Only Nia Navigator, who wrote this note, can sign it."},
    )
    assert snapshot(audit=False) == after_patch != before
    assert Note.objects.get().status == "draft"


def test_outsider_gets_404_everywhere_and_nothing_changes(world):
    goal, _ = plan_with_goal(world)
    note = note_of(log(world))
    done = signed_note(world)
    appointment = actions.schedule_appointment(
        by=world.navigator,
        enrollment=world.amara,
        data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "Résumé review"},
    )
    commitment = actions.make_commitment(
        by=world.navigator, enrollment=world.amara, what="Call the landlord"
    )
    olga = Api(world.outsider)
    e, n = world.amara.public_id, note.public_id
    before = snapshot()
    for method, path, body in [
        ("GET", f"/enrollments/{e}/contacts", None),
        (
            "POST",
            f"/enrollments/{e}/contacts",
            {"outcome": "completed", "method": "phone", "happened_at": ago(hours=1).isoformat()},
        ),
        ("GET", f"/notes/{n}", None),
        ("GET", f"/notes/{done.public_id}", None),
        ("PATCH", f"/notes/{n}", {"edit_version": 1, "objective": "Forged"}),
        ("PATCH", f"/notes/{n}", {"edit_version": 1, "links": [str(goal.key)]}),
        ("POST", f"/notes/{n}/sign", {"edit_version": 1}),
        ("POST", f"/notes/{done.public_id}/addenda", {"text": "Forged"}),
        ("GET", f"/enrollments/{e}/appointments", None),
        (
            "POST",
            f"/enrollments/{e}/appointments",
            {"starts_at": (timezone.now() + timedelta(days=2)).isoformat(), "purpose": "Forged"},
        ),
        ("POST", f"/appointments/{appointment.public_id}/cancel", {"reason": "Forged"}),
        ("GET", f"/enrollments/{e}/commitments", None),
        ("POST", f"/enrollments/{e}/commitments", {"what": "Forged"}),
        ("POST", f"/commitments/{commitment.public_id}/close", {"status": "kept"}),
    ]:
        response = olga.call(method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
        assert b"Amara" not in response.content
        assert b"landlord" not in response.content
    assert snapshot() == before


def test_auditor_reads_but_cannot_write(world):
    note = note_of(log(world))
    done = signed_note(world)
    appointment = actions.schedule_appointment(
        by=world.navigator,
        enrollment=world.amara,
        data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "Résumé review"},
    )
    commitment = actions.make_commitment(
        by=world.navigator, enrollment=world.amara, what="Call the landlord"
    )
    aud = Api(world.auditor)
    e, n = world.amara.public_id, note.public_id
    assert len(aud.call("GET", f"/enrollments/{e}/contacts").json()) == 2
    assert (
        aud.call("GET", f"/notes/{done.public_id}")
        .json()["sections"][1]["text"]
        .startswith("Met at the library")
    )
    assert [a["purpose"] for a in aud.call("GET", f"/enrollments/{e}/appointments").json()] == [
        "Résumé review"
    ]
    assert [c["what"] for c in aud.call("GET", f"/enrollments/{e}/commitments").json()] == [
        "Call the landlord"
    ]
    before = snapshot(audit=False)
    for method, path, body in [
        (
            "POST",
            f"/enrollments/{e}/contacts",
            {"outcome": "completed", "method": "phone", "happened_at": ago(hours=1).isoformat()},
        ),
        ("PATCH", f"/notes/{n}", {"edit_version": 1, "objective": "Forged"}),
        ("POST", f"/notes/{n}/sign", {"edit_version": 1}),
        ("POST", f"/notes/{done.public_id}/addenda", {"text": "Forged"}),
        (
            "POST",
            f"/enrollments/{e}/appointments",
            {"starts_at": (timezone.now() + timedelta(days=2)).isoformat(), "purpose": "Forged"},
        ),
        ("POST", f"/appointments/{appointment.public_id}/cancel", {}),
        ("POST", f"/enrollments/{e}/commitments", {"what": "Forged"}),
        ("POST", f"/commitments/{commitment.public_id}/close", {"status": "kept"}),
    ]:
        response = aud.call(method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
    assert snapshot(audit=False) == before


def contact_body(**extra):
    return {
        "outcome": "completed",
        "method": "in_person",
        "happened_at": ago(hours=2).isoformat(),
        **extra,
    }


@pytest.mark.parametrize(
    ("path", "body", "status", "detail", "field"),
    [
        (
            "contacts",
            contact_body(happened_at=(timezone.now() + timedelta(hours=2)).isoformat()),
            400,
            "That time is still to come. Log contacts after they happen; schedule an "
            "appointment for a meeting ahead.",
            "happened_at",
        ),
        (
            "contacts",
            contact_body(happened_at=(timezone.now() - timedelta(days=400)).isoformat()),
            400,
            "That is more than a year ago. Check the date; older history is imported, not logged.",
            "happened_at",
        ),
        (
            "contacts",
            contact_body(happened_at="2025-03-01T10:00:00"),
            400,
            "Give the date and time of the contact.",
            "happened_at",
        ),
        (
            "contacts",
            contact_body(method="carrier pigeon"),
            400,
            "Choose how, from the list.",
            "method",
        ),
        (
            "contacts",
            contact_body(outcome="maybe"),
            400,
            "Choose whether you met or tried to reach them.",
            "outcome",
        ),
        (
            "contacts",
            contact_body(place="moon"),
            400,
            "Choose the kind of place from the list.",
            "place",
        ),
        (
            "contacts",
            contact_body(minutes=2000),
            400,
            "Give the length in minutes, up to a day (1440).",
            "minutes",
        ),
        ("contacts", contact_body(place_detail="Room\x00 4"), 422, "null character", None),
        ("contacts", contact_body(happened_at="yesterday"), 422, "happened_at", None),
        (
            "appointments",
            {"starts_at": (timezone.now() - timedelta(days=1)).isoformat(), "purpose": "Catch up"},
            400,
            "That time has passed. Log a meeting that already happened as a contact.",
            "starts_at",
        ),
        (
            "appointments",
            {"starts_at": (timezone.now() + timedelta(days=1)).isoformat(), "purpose": "  "},
            400,
            "Say what the meeting is for.",
            "purpose",
        ),
        (
            "appointments",
            {
                "starts_at": (timezone.now() + timedelta(days=1)).isoformat(),
                "purpose": "Meet",
                "invite": True,
            },
            400,
            "Amara has no email address marked safe to use, so no invitation can be sent. "
            "Add one on their profile, or leave this unticked.",
            "invite",
        ),
        (
            "appointments",
            {"starts_at": "9999-12-31T23:00:00-05:00", "purpose": "Meet"},
            422,
            "Give a date from",
            None,
        ),
        ("commitments", {"what": "   "}, 400, "Write what you promised, in a few words.", "what"),
        ("commitments", {"what": "x" * 301}, 400, "Keep it under 300 characters.", "what"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_made(world, path, body, status, detail, field):
    nia = Api(world.navigator)
    before = snapshot(audit=False)
    response = nia.call("POST", f"/enrollments/{world.amara.public_id}/{path}", body)
    assert response.status_code == status, response.content
    if status == 400:
        expected = {"detail": detail, "field": field} if field else {"detail": detail}
        assert response.json() == expected
    else:
        assert detail in json.dumps(response.json())
    assert snapshot(audit=False) == before
    assert mail.outbox == []


def test_bad_note_changes_and_addenda_are_explained_and_change_nothing(world):
    plan_with_goal(world)  # so a key from outside the plan is refused as such
    note = note_of(log(world))
    done = signed_note(world)
    nia = Api(world.navigator)
    n = f"/notes/{note.public_id}"
    before = snapshot(audit=False)
    for path, body, status, expected in [
        (
            n,
            {"edit_version": 1, "happened_at": (timezone.now() + timedelta(hours=3)).isoformat()},
            400,
            {
                "detail": "That time is still to come. Log contacts after they happen; "
                "schedule an appointment for a meeting ahead.",
                "field": "happened_at",
            },
        ),
        (
            n,
            {"edit_version": 1, "happened_at": None},
            400,
            {"detail": "Give the date and time of the contact.", "field": "happened_at"},
        ),
        (
            n,
            {"edit_version": 1, "method": "fax"},
            400,
            {"detail": "Choose how, from the list.", "field": "method"},
        ),
        (
            n,
            {"edit_version": 1, "links": [str(uuid.uuid4())]},
            400,
            {"detail": "Link goals and steps from this plan.", "field": "links"},
        ),
        (
            n,
            {"edit_version": 1, "sensitive_categories": ["gossip"]},
            400,
            {
                "detail": "Choose private categories from the list.",
                "field": "sensitive_categories",
            },
        ),
        (
            n,
            {"edit_version": 1, "objective": "x" * 20001},
            400,
            {
                "detail": "Objective account is too long; keep it under 20000 characters.",
                "field": "objective",
            },
        ),
        (n, {"edit_version": 1, "next_meeting_at": "2030-01-01T10:00:00"}, 422, None),
        (n, {"objective": "No version"}, 422, None),
        (
            f"/notes/{done.public_id}/addenda",
            {"text": "  \n "},
            400,
            {"detail": "Write the correction or addition.", "field": "text"},
        ),
        (
            f"/notes/{done.public_id}/addenda",
            {"text": "y" * 5001},
            400,
            {"detail": "Keep an addendum under 5000 characters.", "field": "text"},
        ),
    ]:
        response = nia.call("POST" if path.endswith("addenda") else "PATCH", path, body)
        assert response.status_code == status, (body, response.content)
        if expected is not None:
            assert response.json() == expected
    assert snapshot(audit=False) == before


@pytest.fixture
def private_note(world):
    """Noor writes a note about Chen (Home Base) that touches on substance use."""
    contact = log(world, enrollment=world.chen, by=world.navigator2, present="Chen")
    noor = Api(world.navigator2)
    response = noor.call(
        "PATCH",
        f"/notes/{contact.note.public_id}",
        {
            "edit_version": 1,
            "objective": "Talked about the CANARY-RECOVERY meeting she started attending.",
            "next_meeting_at": (timezone.now() + timedelta(days=3)).isoformat(),
            "sensitive_categories": ["substance_use"],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["sensitive_categories"] == ["substance_use"]
    return Note.objects.get(pk=contact.note.pk)


def test_a_private_note_shows_staff_without_access_only_its_facts(world, private_note):
    note = private_note
    pat, noor = Api(world.staff), Api(world.navigator2)
    n = f"/notes/{note.public_id}"
    read = pat.call("GET", n)
    assert read.status_code == 200
    assert b"CANARY" not in read.content
    assert b"substance" not in read.content
    facts = read.json()
    assert facts == {
        "id": str(note.public_id),
        "enrollment_id": str(world.chen.public_id),
        "participant_id": str(world.chen.participant.public_id),
        "contact": facts["contact"],
        "status": "draft",
        "edit_version": 2,
        "author_id": world.navigator2.pk,
        "author": "Noor Navigator",
        "created_at": facts["created_at"],
        "updated_at": facts["updated_at"],
        "due_at": facts["due_at"],
        "overdue": False,
        "signed_by_id": None,
        "signed_by": "",
        "signed_at": None,
        "signed_late": False,
        "hours_to_sign": None,
        "private": True,
    }
    assert (facts["contact"]["present"], facts["contact"]["method"]) == ("Chen", "in_person")
    listed = pat.call("GET", f"/enrollments/{world.chen.public_id}/contacts")
    assert listed.status_code == 200
    assert b"CANARY" not in listed.content
    assert [c["note_id"] for c in listed.json()] == [str(note.public_id)]

    before = snapshot(audit=False)
    for method, path, body in [
        ("PATCH", n, {"edit_version": 2, "objective": "Blank it"}),
        ("PATCH", n, {"edit_version": 2, "sensitive_categories": []}),
        ("PATCH", n, {"edit_version": 2, "minutes": 10}),
        ("POST", f"{n}/sign", {"edit_version": 2}),
        ("POST", f"{n}/addenda", {"text": "Mine"}),
    ]:
        response = pat.call(method, path, body)
        assert response.status_code == 404, (method, path, response.content)
        assert b"CANARY" not in response.content
    response = pat.call(
        "POST",
        f"/enrollments/{world.chen.public_id}/commitments",
        {"what": "Call back", "note_id": str(note.public_id)},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Only the roles this program allows can read or change a private note.",
        "field": "note_id",
    }
    assert snapshot(audit=False) == before

    mine = noor.call("GET", n).json()
    assert mine["private"] is False
    assert mine["sensitive_categories"] == ["substance_use"]
    assert "CANARY-RECOVERY" in mine["sections"][1]["text"]
    signed = noor.call("POST", f"{n}/sign", {"edit_version": 2})
    assert signed.status_code == 200
    assert b"CANARY" not in pat.call("GET", n).content
    assert pat.call("POST", f"{n}/addenda", {"text": "Mine"}).status_code == 404
    assert noor.call("POST", f"{n}/addenda", {"text": "CANARY-2"}).status_code == 201
    assert b"CANARY" not in pat.call("GET", n).content


def add_email(world, safe="yes"):
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.net",
        normalized="amara@example.net",
        safe_to_contact=safe,
    )


def test_an_appointment_with_an_invitation_then_kept_or_cancelled(
    world, django_capture_on_commit_callbacks
):
    add_email(world)
    note = note_of(log(world))
    nia = Api(world.navigator)
    e = world.amara.public_id
    starts = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    key = str(uuid.uuid4())
    body = {
        "starts_at": starts.isoformat(),
        "minutes": 45,
        "method": "in_person",
        "place": "office",
        "place_detail": "Room 4",
        "purpose": "Check in about the substance use program",
        "others": "Her aunt",
        "invite": True,
        "from_note_id": str(note.public_id),
        "creation_key": key,
    }
    with django_capture_on_commit_callbacks(execute=True):
        made = nia.call("POST", f"/enrollments/{e}/appointments", body)
    assert made.status_code == 201, made.content
    appointment = Appointment.objects.get()
    out = made.json()
    assert out == {
        "id": str(appointment.public_id),
        "enrollment_id": str(e),
        "starts_at": out["starts_at"],
        "minutes": 45,
        "method": "in_person",
        "place": "office",
        "place_detail": "Room 4",
        "purpose": "Check in about the substance use program",
        "others": "Her aunt",
        "staff_id": world.navigator.pk,
        "staff": "Nia Navigator",
        "status": "scheduled",
        "status_reason": "",
        "invited": True,
        "private": False,
        "from_note_id": str(note.public_id),
        "created_at": out["created_at"],
    }
    assert at(out["starts_at"]) == starts == appointment.starts_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amara@example.net"]
    assert "substance" not in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("invitation.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == starts + timedelta(minutes=45)
    assert str(event["UID"]) == f"{appointment.public_id}@waypoint"
    assert "substance" not in str(content).lower()

    with django_capture_on_commit_callbacks(execute=True):
        again = nia.call("POST", f"/enrollments/{e}/appointments", body)
    assert (again.status_code, again.json()["id"]) == (201, out["id"])
    assert Appointment.objects.count() == 1
    assert len(mail.outbox) == 1
    listed = nia.call("GET", f"/enrollments/{e}/appointments")
    assert listed.json() == [out]

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = nia.call(
            "POST", f"/appointments/{appointment.public_id}/cancel", {"reason": " Her interview "}
        )
    assert cancelled.status_code == 200, cancelled.content
    assert (cancelled.json()["status"], cancelled.json()["status_reason"]) == (
        "cancelled",
        "Her interview",
    )
    assert len(mail.outbox) == 2
    cancel = Calendar.from_ical(mail.outbox[1].attachments[0][1])
    assert str(cancel["METHOD"]) == "CANCEL"
    assert nia.call("GET", f"/enrollments/{e}/appointments").json() == []
    before = snapshot(audit=False)
    twice = nia.call("POST", f"/appointments/{appointment.public_id}/cancel", {})
    assert (twice.status_code, twice.json()) == (
        400,
        {"detail": "This appointment is already cancelled."},
    )
    assert snapshot(audit=False) == before
    assert len(mail.outbox) == 2


def test_logging_a_contact_for_an_appointment_records_it_kept(world):
    appointment = actions.schedule_appointment(
        by=world.navigator,
        enrollment=world.amara,
        data={"starts_at": timezone.now() + timedelta(minutes=30), "purpose": "Résumé review"},
    )
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=ago(hours=1))
    other = actions.schedule_appointment(
        by=world.navigator2,
        enrollment=world.bo,
        data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "Meet Bo"},
    )
    sam = Api(world.supervisor)
    e = world.amara.public_id
    before = snapshot(audit=False)
    wrong = sam.call(
        "POST", f"/enrollments/{e}/contacts", contact_body(appointment_id=str(other.public_id))
    )
    assert (wrong.status_code, wrong.json()) == (
        400,
        {"detail": "That appointment belongs to another enrollment.", "field": "appointment_id"},
    )
    assert snapshot(audit=False) == before
    logged = sam.call(
        "POST",
        f"/enrollments/{e}/contacts",
        contact_body(appointment_id=str(appointment.public_id)),
    )
    assert logged.status_code == 201, logged.content
    assert logged.json()["appointment_id"] == str(appointment.public_id)
    assert Appointment.objects.get(pk=appointment.pk).status == "kept"
    listed = sam.call("GET", f"/enrollments/{e}/contacts").json()
    assert listed[0]["appointment_id"] == str(appointment.public_id)


def test_commitments_are_made_listed_and_closed(world):
    note = note_of(log(world))
    nia = Api(world.navigator)
    e = world.amara.public_id
    due = timezone.localdate() + timedelta(days=2)
    key = str(uuid.uuid4())
    body = {
        "what": " Call the landlord about the deposit ",
        "due_on": due.isoformat(),
        "note_id": str(note.public_id),
        "creation_key": key,
    }
    made = nia.call("POST", f"/enrollments/{e}/commitments", body)
    assert made.status_code == 201, made.content
    commitment = Commitment.objects.get()
    out = made.json()
    assert out == {
        "id": str(commitment.public_id),
        "enrollment_id": str(e),
        "what": "Call the landlord about the deposit",
        "due_on": due.isoformat(),
        "owner_id": world.navigator.pk,
        "owner": "Nia Navigator",
        "note_id": str(note.public_id),
        "status": "open",
        "closed_reason": "",
        "closed_at": None,
        "private": False,
        "created_at": out["created_at"],
    }
    assert nia.call("POST", f"/enrollments/{e}/commitments", body).json() == out
    assert Commitment.objects.count() == 1
    assert nia.call("GET", f"/enrollments/{e}/commitments").json() == [out]
    c = f"/commitments/{commitment.public_id}/close"
    before = snapshot(audit=False)
    released = nia.call("POST", c, {"status": "released"})
    assert (released.status_code, released.json()) == (
        400,
        {"detail": "Say why it is no longer needed.", "field": "reason"},
    )
    assert nia.call("POST", c, {"status": "lost"}).status_code == 422
    assert snapshot(audit=False) == before
    kept = nia.call("POST", c, {"status": "kept"})
    assert kept.status_code == 200
    assert (kept.json()["status"], kept.json()["owner"]) == ("kept", "Nia Navigator")
    assert kept.json()["closed_at"] is not None
    assert nia.call("GET", f"/enrollments/{e}/commitments").json() == []
    again = nia.call("POST", c, {"status": "kept"})
    assert (again.status_code, again.json()) == (400, {"detail": "This is already marked kept."})


def test_a_creation_key_used_elsewhere_is_refused_not_followed(world):
    """Another enrollment's record is never returned for a reused creation key."""
    key = uuid.uuid4()
    log(world, enrollment=world.chen, by=world.navigator2)
    actions.log_contact(
        by=world.navigator2,
        enrollment=world.bo,
        outcome="completed",
        data={"method": "phone", "happened_at": ago(hours=1)},
        creation_key=key,
    )
    commitment_key = uuid.uuid4()
    actions.make_commitment(
        by=world.navigator2, enrollment=world.bo, what="Bo's secret", creation_key=commitment_key
    )
    sam = Api(world.supervisor)
    before = snapshot(audit=False)
    for path, body in [
        ("contacts", contact_body(creation_key=str(key))),
        ("commitments", {"what": "Mine", "creation_key": str(commitment_key)}),
    ]:
        response = sam.call("POST", f"/enrollments/{world.amara.public_id}/{path}", body)
        assert (response.status_code, response.json()) == (
            400,
            {
                "detail": "This form was already sent for something else. "
                "Reload the page and try again.",
                "field": "creation_key",
            },
        )
        assert b"secret" not in response.content
    assert snapshot(audit=False) == before


def test_the_contact_list_is_newest_first_limited_and_its_queries_do_not_grow(world):
    nia = Api(world.navigator)
    path = f"/enrollments/{world.amara.public_id}/contacts"
    appointment = actions.schedule_appointment(
        by=world.navigator,
        enrollment=world.amara,
        data={"starts_at": timezone.now() + timedelta(minutes=30), "purpose": "Meet"},
    )
    actions.log_contact(
        by=world.navigator,
        enrollment=world.amara,
        outcome="completed",
        data={"method": "phone", "happened_at": ago(hours=1)},
        appointment=appointment,
    )
    with CaptureQueriesContext(connection) as few:
        assert len(nia.call("GET", path).json()) == 1
    for hours in (30, 20, 10, 5, 2):
        log(world, happened_at=ago(hours=hours))
    with CaptureQueriesContext(connection) as many:
        listed = nia.call("GET", path).json()
    assert len(many) == len(few)
    times = [at(c["happened_at"]) for c in listed]
    assert times == sorted(times, reverse=True) and len(times) == 6
    assert listed[0]["appointment_id"] == str(appointment.public_id)
    assert len(nia.call("GET", f"{path}?limit=2").json()) == 2
    assert nia.call("GET", f"{path}?limit=201").status_code == 422
    assert nia.call("GET", f"{path}?limit=0").status_code == 422


def test_staff_in_another_program_cannot_reach_amaras_notes(world):
    """Pat works in Home Base only: Amara's notes (Youth Works) do not exist for Pat."""
    note = note_of(log(world))
    pat = Api(world.staff)
    before = snapshot(audit=False)
    assert pat.call("GET", f"/notes/{note.public_id}").status_code == 404
    assert pat.call("GET", f"/enrollments/{world.amara.public_id}/contacts").status_code == 404
    response = pat.call("PATCH", f"/notes/{note.public_id}", {"edit_version": 1, "plan": "x"})
    assert response.status_code == 404
    assert snapshot(audit=False) == before
