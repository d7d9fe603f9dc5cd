"""/api/v1/ for case conferences: the same funnels, actions, privacy and audit as the
pages. Outsiders and other programs' staff see nothing and change nothing, bad input
stores nothing, a double POST makes one row, a stale change is refused with who changed
what, signed minutes never change, and what was recorded under a sensitive category
never reaches a role the program keeps it from."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_staff
from waypoint.accounts import actions as accounts
from waypoint.accounts.models import Program
from waypoint.assessments.actions import add_need
from waypoint.audit.models import AuditEvent
from waypoint.conferences import actions
from waypoint.conferences.models import (
    ActionItem,
    Attendee,
    Conference,
    Contribution,
    Discussion,
    Series,
)
from waypoint.conferences.tests.conftest import Meeting, give_consent, set_up
from waypoint.directory.models import DirectoryContact
from waypoint.enrollments import actions as enrollments
from waypoint.tests.helpers import Api, snapshot

SENSITIVE = ["physical_health", "mental_health", "substance_use", "legal_documents", "justice"]


@pytest.fixture
def meeting(world: Any) -> Meeting:
    return set_up(world)


def ahead(days: int = 2) -> str:
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0).isoformat()


def due(days: int = 7) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def conference_body(world: Any, **more: Any) -> dict[str, Any]:
    return {
        "program_id": world.youth.pk,
        "kind": "team",
        "title": "Youth Works weekly team",
        "starts_at": ahead(),
        "minutes": 60,
        "place": "Room 1",
        **more,
    }


def hold_and_sign(world: Any, m: Meeting) -> ActionItem:
    """Amara discussed with Pia cleared, one contribution and one item; Nia signs."""
    give_consent(world, world.amara, ["assessment"])
    actions.record_attendance(
        by=world.supervisor,
        conference=m.conference,
        attendance={m.sam.pk: "attended", m.nia.pk: "attended", m.pia.pk: "attended"},
    )
    actions.add_contribution(
        by=world.supervisor, discussion=m.amara, attendee=m.nia, strengths="Steady at work"
    )
    item = actions.add_action_item(
        by=world.supervisor,
        discussion=m.amara,
        what="Call the shift manager about Tuesdays",
        due_on=timezone.localdate() + timedelta(days=7),
        owner_user=world.navigator,
    )
    actions.sign_minutes(by=world.navigator, conference=m.conference)
    return item


# Conferences ---------------------------------------------------------------------------


def test_a_conference_planned_read_listed_and_changed(world):
    sam = Api(world.supervisor)
    key = str(uuid.uuid4())
    body = conference_body(world, creation_key=key)
    made = sam.call("POST", "/conferences", body)
    assert made.status_code == 201, made.content
    out = made.json()
    conference = Conference.objects.get()
    assert out["id"] == str(conference.public_id)
    assert (out["kind"], out["title"], out["place"], out["version"]) == (
        "team",
        "Youth Works weekly team",
        "Room 1",
        1,
    )
    assert out["program"] == "Youth Works" and out["signed"] is False
    # The same key again: the same conference, not a second one.
    again = sam.call("POST", "/conferences", body)
    assert (again.status_code, again.json()["id"]) == (201, out["id"])
    assert Conference.objects.count() == 1
    assert Attendee.objects.get().facilitator  # Sam attends and facilitates

    listed = sam.call("GET", "/conferences")
    assert [c["id"] for c in listed.json()] == [out["id"]]
    assert Api(world.navigator).call("GET", "/conferences").json() == []  # not invited

    path = f"/conferences/{out['id']}"
    mark = AuditEvent.objects.count()
    read = sam.call("GET", path)
    assert read.status_code == 200 and read.json() == out
    assert AuditEvent.objects.filter(
        pk__gt=0, object_type="conference", action="view", object_id=out["id"]
    ).exists()
    assert AuditEvent.objects.count() > mark

    changed = sam.call("PATCH", path, {"version": 1, "place": "Room 3, Riverside office"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["place"] == "Room 3, Riverside office"
    assert changed.json()["version"] == 2
    assert changed.json()["title"] == "Youth Works weekly team"  # left out: stays


def test_a_stale_change_answers_409_with_who_changed_what(world, meeting):
    sam, nia = Api(world.supervisor), Api(world.navigator)
    path = f"/conferences/{meeting.conference.public_id}"
    version = nia.call("GET", path).json()["version"]
    assert sam.call("PATCH", path, {"version": version, "place": "Room 4"}).status_code == 200
    before = snapshot(audit=False)
    stale = nia.call("PATCH", path, {"version": version, "title": "Mine"})
    assert stale.status_code == 409
    answer = stale.json()
    assert answer["changed"] == ["Place"]
    assert "Sam Supervisor" in answer["detail"]
    assert snapshot(audit=False) == before
    assert Conference.objects.get(pk=meeting.conference.pk).title == "Youth Works and partners"


def test_a_series_is_one_record_per_meeting(world):
    sam = Api(world.supervisor)
    made = sam.call("POST", "/conferences", conference_body(world, every="week", meetings=3))
    assert made.status_code == 201, made.content
    assert made.json()["repeats"] == "week"
    assert Conference.objects.count() == 3 and Series.objects.count() == 1
    assert len(sam.call("GET", "/conferences").json()) == 3
    assert len(sam.call("GET", "/conferences?limit=2").json()) == 2
    assert sam.call("GET", "/conferences?limit=0").status_code == 422


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"title": "  "}, 400, "title"),
        ({"minutes": 5}, 400, "minutes"),
        ({"place": "", "video_link": ""}, 400, "place"),
        ({"video_link": "http://meet.example/x"}, 400, "video_link"),
        ({"kind": "party"}, 422, None),
        ({"starts_at": "9999-12-31T10:00:00-05:00"}, 422, None),
        ({"starts_at": "2030-01-01T10:00:00"}, 422, None),  # no time zone
        ({"program_id": 999999}, 400, "program_id"),
        ({"every": "week", "meetings": 40}, 400, "meetings"),
    ],
)
def test_a_bad_conference_is_refused_and_nothing_stored(world, change, status, field):
    client = Api(world.supervisor)
    before = snapshot(audit=False)
    answer = client.call("POST", "/conferences", conference_body(world, **change))
    assert answer.status_code == status, answer.content
    if field:
        assert answer.json()["field"] == field
        assert answer.json()["detail"]
    assert snapshot(audit=False) == before


def test_a_conference_in_a_program_the_caller_does_not_write_in_is_refused(world):
    client = Api(world.navigator)
    before = snapshot(audit=False)
    body = conference_body(world, program_id=world.home.pk)
    answer = client.call("POST", "/conferences", body)  # Nia: Youth Works only
    assert (answer.status_code, answer.json()["field"]) == (400, "program_id")
    assert snapshot(audit=False) == before


# Attendees -----------------------------------------------------------------------------


def test_attendees_invited_every_way(world, meeting):
    sam = Api(world.supervisor)
    path = f"/conferences/{meeting.conference.public_id}/attendees"
    contact = DirectoryContact.objects.create(
        owner=world.org, organization=world.partner_org, name="Dee Harbor", email="dee@hfb.example"
    )
    key = str(uuid.uuid4())
    bodies = [
        {"kind": "staff", "user_id": world.manager.pk, "creation_key": key},
        {"kind": "partner", "directory_contact_id": str(contact.hsds_id)},
        {"kind": "family", "name": "Ngozi", "email": "ngozi@example.org", "relationship": "Aunt"},
        {"kind": "participant", "participant_id": str(world.amara.participant.public_id)},
        {"kind": "resource", "name": "Ray", "provider_id": str(world.partner_org.hsds_id)},
    ]
    made = []
    for body in bodies:
        answer = sam.call("POST", path, body)
        assert answer.status_code == 201, (body, answer.content)
        made.append(answer.json())
    assert made[0]["name"] == "Mo Manager" and made[0]["user_id"] == world.manager.pk
    assert made[1]["provider"] == "Harbor Food Bank"
    assert made[1]["directory_contact_id"] == str(contact.hsds_id)
    assert (made[1]["name"], made[1]["email"]) == ("Dee Harbor", "dee@hfb.example")
    assert (made[2]["kind"], made[2]["relationship"]) == ("family", "Aunt")
    assert made[3]["participant_id"] == str(world.amara.participant.public_id)
    assert made[3]["name"] == "Amara"
    assert made[4]["provider_id"] == str(world.partner_org.hsds_id)
    # The same key again: the same attendee.
    again = sam.call("POST", path, bodies[0])
    assert (again.status_code, again.json()["id"]) == (201, made[0]["id"])
    listed = sam.call("GET", path).json()
    assert len(listed) == 8 == Attendee.objects.filter(conference=meeting.conference).count()
    sam_row = next(a for a in listed if a["user_id"] == world.supervisor.pk)
    assert (sam_row["facilitator"], sam_row["timekeeper"], sam_row["notetaker"]) == (
        True,
        True,
        False,
    )


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "staff"}, 400, "user_id"),
        ({"kind": "staff", "user_id": 999999}, 400, "user_id"),
        ({"kind": "partner", "name": "Someone"}, 400, "user_id"),
        ({"kind": "family", "name": " "}, 400, "name"),
        ({"kind": "family", "name": "Ngozi", "email": "not an address"}, 422, None),
        ({"kind": "participant", "participant_id": str(uuid.uuid4())}, 400, "participant_id"),
        ({"kind": "partner", "directory_contact_id": str(uuid.uuid4())}, 400, None),
        ({"kind": "guest", "name": "Someone"}, 422, None),
    ],
)
def test_a_bad_attendee_is_refused_and_nothing_stored(world, meeting, body, status, field):
    client = Api(world.supervisor)
    before = snapshot(audit=False)
    path = f"/conferences/{meeting.conference.public_id}/attendees"
    answer = client.call("POST", path, body)
    assert answer.status_code == status, answer.content
    if field:
        assert answer.json()["field"] == field
    assert snapshot(audit=False) == before


def test_staff_of_another_organization_is_not_invited(world, meeting):
    client = Api(world.supervisor)
    before = snapshot(audit=False)
    path = f"/conferences/{meeting.conference.public_id}/attendees"
    body = {"kind": "staff", "user_id": world.outsider.pk}
    answer = client.call("POST", path, body)
    assert (answer.status_code, answer.json()["field"]) == (400, "user_id")
    assert snapshot(audit=False) == before


# Participants discussed ------------------------------------------------------------------


def test_each_reader_sees_only_the_participants_they_work_with(world, meeting):
    path = f"/conferences/{meeting.conference.public_id}/discussions"
    mark = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    mine = Api(world.navigator).call("GET", path).json()
    assert [d["participant"] for d in mine["discussions"]] == ["Amara"]
    assert mine["not_shown"] == 1  # Chen is Home Base's
    read = AuditEvent.objects.filter(pk__gt=mark, object_type="conference_discussion")
    assert list(read.values_list("object_id", "participant_id")) == [
        (str(meeting.amara.public_id), world.amara.participant_id)
    ]
    everyone = Api(world.supervisor).call("GET", path).json()
    assert [d["participant"] for d in everyone["discussions"]] == ["Amara", "王芳"]
    assert everyone["not_shown"] == 0
    amara = everyone["discussions"][0]
    assert amara["reason"] == "New barriers since the plan"
    assert amara["enrollment_id"] == str(world.amara.public_id)
    assert (amara["budget_minutes"], amara["staff_only"], amara["summary_private"]) == (
        10,
        False,
        False,
    )


def test_a_participant_put_on_the_agenda_once(world, meeting):
    sam = Api(world.supervisor)
    path = f"/conferences/{meeting.conference.public_id}/discussions"
    body = {
        "enrollment_id": str(world.bo.public_id),
        "reason": "Three missed appointments",
        "budget_minutes": 12,
        "staff_only": True,
        "creation_key": str(uuid.uuid4()),
    }
    made = sam.call("POST", path, body)
    assert made.status_code == 201, made.content
    out = made.json()
    assert (out["participant"], out["position"], out["staff_only"]) == ("Bo Nguyễn", 3, True)
    again = sam.call("POST", path, body)
    assert (again.status_code, again.json()["id"]) == (201, out["id"])
    assert Discussion.objects.filter(conference=meeting.conference).count() == 3
    # Without the key, the same enrollment twice is refused.
    twice = sam.call("POST", path, {**body, "creation_key": None})
    assert (twice.status_code, twice.json()["field"]) == (400, "enrollment_id")
    assert "already on this agenda" in twice.json()["detail"]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"reason": "  "}, 400, "reason"),
        ({"budget_minutes": 0}, 400, "budget_minutes"),
        ({"enrollment_id": str(uuid.uuid4())}, 400, "enrollment_id"),
        ({"enrollment_id": "not-an-id"}, 422, None),
    ],
)
def test_a_bad_discussion_is_refused_and_nothing_stored(world, meeting, change, status, field):
    client = Api(world.supervisor)
    before = snapshot(audit=False)
    path = f"/conferences/{meeting.conference.public_id}/discussions"
    body = {"enrollment_id": str(world.bo.public_id), "reason": "Missed meetings", **change}
    answer = client.call("POST", path, body)
    assert answer.status_code == status, answer.content
    if field:
        assert answer.json()["field"] == field
    assert snapshot(audit=False) == before


def test_nobody_puts_someone_they_do_not_work_with_on_the_agenda(world, meeting):
    # Nia runs the meeting with Sam, but Bo is Noor's, in a program without team visibility.
    client = Api(world.navigator)
    before = snapshot(audit=False)
    path = f"/conferences/{meeting.conference.public_id}/discussions"
    body = {"enrollment_id": str(world.bo.public_id), "reason": "Missed meetings"}
    answer = client.call("POST", path, body)
    assert (answer.status_code, answer.json()["field"]) == (400, "enrollment_id")
    assert snapshot(audit=False) == before


# Contributions and action items ----------------------------------------------------------


def test_contributions_and_action_items_recorded_listed_and_closed(world, meeting):
    give_consent(world, world.amara, ["assessment"])
    sam, nia = Api(world.supervisor), Api(world.navigator)
    d = meeting.amara.public_id
    key = str(uuid.uuid4())
    said = {
        "attendee_id": str(meeting.pia.public_id),
        "strengths": "Comes every week",
        "ideas": "Evening pantry hours",
        "creation_key": key,
    }
    made = sam.call("POST", f"/discussions/{d}/contributions", said)
    assert made.status_code == 201, made.content
    out = made.json()
    assert (out["attendee"], out["attendee_kind"], out["ahead"]) == (
        "Pia Partner",
        "partner",
        False,
    )
    assert out["written_by_id"] == world.supervisor.pk
    again = sam.call("POST", f"/discussions/{d}/contributions", said)
    assert (again.status_code, again.json()["id"]) == (201, out["id"])
    assert Contribution.objects.count() == 1
    listed = nia.call("GET", f"/discussions/{d}/contributions").json()
    assert listed == {"contributions": [out], "held_back": 0}

    need = add_need(
        by=world.navigator, enrollment=world.amara, domain="food", description="Weekend food"
    )
    item_key = str(uuid.uuid4())
    staff_item = {
        "what": "Call the shift manager about Tuesdays",
        "due_on": due(),
        "owner_user_id": world.navigator.pk,
        "need_number": need.number,
        "creation_key": item_key,
    }
    first = sam.call("POST", f"/discussions/{d}/action-items", staff_item)
    assert first.status_code == 201, first.content
    mine = first.json()
    assert (mine["owner"], mine["need_number"], mine["status"], mine["private"]) == (
        "Nia Navigator",
        need.number,
        "open",
        False,
    )
    assert sam.call("POST", f"/discussions/{d}/action-items", staff_item).json()["id"] == mine["id"]
    partner_item = {
        "what": "Hold a Saturday box",
        "due_on": due(3),
        "owner_attendee_id": str(meeting.pia.public_id),
    }
    theirs = sam.call("POST", f"/discussions/{d}/action-items", partner_item)
    assert theirs.status_code == 201, theirs.content
    assert theirs.json()["owner_attendee_id"] == str(meeting.pia.public_id)
    assert ActionItem.objects.count() == 2
    items = nia.call("GET", f"/discussions/{d}/action-items").json()
    assert [i["what"] for i in items["action_items"]] == [
        "Hold a Saturday box",
        "Call the shift manager about Tuesdays",
    ]
    assert items["held_back"] == 0

    # Nia, its owner, marks hers done; a second PATCH with the version she read is stale.
    closed = nia.call("PATCH", f"/action-items/{mine['id']}", {"version": 1, "status": "done"})
    assert closed.status_code == 200, closed.content
    assert (closed.json()["status"], closed.json()["version"]) == ("done", 2)
    before = snapshot(audit=False)
    stale = sam.call(
        "PATCH", f"/action-items/{mine['id']}", {"version": 1, "status": "released", "reason": "x"}
    )
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["Status"] and "Nia Navigator" in stale.json()["detail"]
    repeat = nia.call("PATCH", f"/action-items/{mine['id']}", {"version": 2, "status": "done"})
    assert repeat.status_code == 409 and "already marked done" in repeat.json()["detail"]
    assert snapshot(audit=False) == before
    # Releasing one needs a reason.
    item = theirs.json()["id"]
    bare = sam.call("PATCH", f"/action-items/{item}", {"version": 1, "status": "released"})
    assert (bare.status_code, bare.json()["field"]) == (400, "reason")
    assert snapshot(audit=False) == before
    wrong = sam.call("PATCH", f"/action-items/{item}", {"version": 1, "status": "open"})
    assert wrong.status_code == 422
    released = sam.call(
        "PATCH",
        f"/action-items/{item}",
        {"version": 1, "status": "released", "reason": "The pantry delivers now"},
    )
    assert released.status_code == 200
    assert released.json()["closed_reason"] == "The pantry delivers now"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"strengths": " ", "barriers": "", "ideas": ""}, 400, "strengths"),
        ({"attendee_id": str(uuid.uuid4()), "strengths": "Kind"}, 400, "attendee_id"),
        ({"strengths": "Kind", "sensitive_categories": ["assessment"]}, 422, None),
        ({"strengths": "x" * 601}, 400, "strengths"),
        ({"strengths": "Kind\x00"}, 422, None),
    ],
)
def test_a_bad_contribution_is_refused_and_nothing_stored(world, meeting, body, status, field):
    give_consent(world, world.amara, ["assessment"])
    client = Api(world.supervisor)
    before = snapshot(audit=False)
    sent = {"attendee_id": str(meeting.sam.public_id), **body}
    answer = client.call("POST", f"/discussions/{meeting.amara.public_id}/contributions", sent)
    assert answer.status_code == status, answer.content
    if field:
        assert answer.json()["field"] == field
    assert snapshot(audit=False) == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"what": " "}, 400, "what"),
        ({"owner_user_id": None}, 400, "owner_user_id"),
        ({"owner_user_id": 999999}, 400, "owner_user_id"),
        ({"owner_user_id": None, "owner_attendee_id": str(uuid.uuid4())}, 400, None),
        ({"due_on": "9999-12-31"}, 422, None),
        ({"need_number": 7}, 400, "need_number"),
        ({"goal_key": str(uuid.uuid4())}, 400, "goal_key"),
        ({"service_id": str(uuid.uuid4())}, 400, "service_id"),
    ],
)
def test_a_bad_action_item_is_refused_and_nothing_stored(world, meeting, body, status, field):
    give_consent(world, world.amara, ["assessment"])
    client = Api(world.supervisor)
    before = snapshot(audit=False)
    sent = {"what": "Call", "due_on": due(), "owner_user_id": world.navigator.pk, **body}
    answer = client.call("POST", f"/discussions/{meeting.amara.public_id}/action-items", sent)
    assert answer.status_code == status, answer.content
    if field:
        assert answer.json()["field"] == field
    assert snapshot(audit=False) == before


def test_a_participant_not_cleared_for_someone_present_is_not_discussed(world, meeting):
    # No consent names Harbor Food Bank, and Pia is there: nothing is recorded about Amara.
    sam = Api(world.supervisor)
    before = snapshot(audit=False)
    d = meeting.amara.public_id
    said = sam.call(
        "POST",
        f"/discussions/{d}/contributions",
        {"attendee_id": str(meeting.sam.public_id), "strengths": "Kind"},
    )
    assert said.status_code == 400
    assert "Amara cannot be discussed while Pia Partner is there" in said.json()["detail"]
    owned = sam.call(
        "POST",
        f"/discussions/{d}/action-items",
        {"what": "Hold a box", "due_on": due(), "owner_attendee_id": str(meeting.pia.public_id)},
    )
    assert owned.status_code == 400
    assert snapshot(audit=False) == before


# Minutes ------------------------------------------------------------------------------


def test_the_minutes_as_read(world, meeting):
    item = hold_and_sign(world, meeting)
    actions.add_minutes_addendum(
        by=world.navigator, conference=meeting.conference, text="Pia's pantry opens at 5."
    )
    actions.add_minutes_addendum(
        by=world.navigator,
        conference=meeting.conference,
        discussion=meeting.amara,
        text="Amara starts the new shift on Monday.",
    )
    path = f"/conferences/{meeting.conference.public_id}/minutes"
    mark = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    minutes = Api(world.navigator).call("GET", path)
    assert minutes.status_code == 200, minutes.content
    out = minutes.json()
    assert out["signed"] is True and out["signed_by"] == "Nia Navigator"
    assert out["signed_at"] is not None and out["signed_by_id"] == world.navigator.pk
    assert [(a["name"], a["roles"], a["attendance"]) for a in out["attendance"]] == [
        ("Sam Supervisor", ["facilitator", "timekeeper"], "attended"),
        ("Nia Navigator", ["notetaker"], "attended"),
        ("Pia Partner", [], "attended"),
    ]
    assert out["discussions_not_shown"] == 1
    (amara,) = out["discussions"]
    assert amara["participant"] == "Amara"
    assert [c["strengths"] for c in amara["contributions"]] == ["Steady at work"]
    assert [i["id"] for i in amara["action_items"]] == [str(item.public_id)]
    assert amara["action_items"][0]["sent_at"] is not None
    assert [a["text"] for a in amara["addenda"]] == ["Amara starts the new shift on Monday."]
    assert [a["text"] for a in out["addenda"]] == ["Pia's pantry opens at 5."]
    assert (amara["contributions_held_back"], amara["action_items_held_back"]) == (0, 0)
    # The reads are in the audit trail: the conference and the participant shown.
    read = AuditEvent.objects.filter(pk__gt=mark, action="view")
    assert set(read.values_list("object_type", flat=True)) == {
        "conference",
        "conference_discussion",
    }
    assert "王芳" not in minutes.content.decode()


def test_signed_minutes_never_change_through_the_api(world, meeting):
    item = hold_and_sign(world, meeting)
    sam = Api(world.supervisor)
    c, d = meeting.conference.public_id, meeting.amara.public_id
    version = sam.call("GET", f"/conferences/{c}").json()["version"]
    client = Api(world.navigator)
    before = snapshot(audit=False)
    tries = [
        ("PATCH", f"/conferences/{c}", {"version": version, "title": "Changed"}),
        ("POST", f"/conferences/{c}/attendees", {"kind": "staff", "user_id": world.manager.pk}),
        (
            "POST",
            f"/conferences/{c}/discussions",
            {"enrollment_id": str(world.bo.public_id), "reason": "Later"},
        ),
        (
            "POST",
            f"/discussions/{d}/contributions",
            {"attendee_id": str(meeting.sam.public_id), "strengths": "Changed"},
        ),
        (
            "POST",
            f"/discussions/{d}/action-items",
            {"what": "One more", "due_on": due(), "owner_user_id": world.navigator.pk},
        ),
    ]
    for method, path, body in tries:
        answer = sam.call(method, path, body)
        assert answer.status_code == 409, (path, answer.content)
        assert "minutes are signed" in answer.json()["detail"]
    assert snapshot(audit=False) == before
    # Progress on an item still moves: it is done, not changed.
    done = client.call("PATCH", f"/action-items/{item.public_id}", {"version": 1, "status": "done"})
    assert done.status_code == 200
    assert ActionItem.objects.get(pk=item.pk).what == "Call the shift manager about Tuesdays"


def test_a_cancelled_meeting_changes_no_more(world, meeting):
    actions.cancel_conference(by=world.supervisor, conference=meeting.conference)
    client = Api(world.supervisor)
    before = snapshot(audit=False)
    path = f"/conferences/{meeting.conference.public_id}"
    version = Conference.objects.get(pk=meeting.conference.pk).version
    answer = client.call("PATCH", path, {"version": version, "place": "Room 9"})
    assert answer.status_code == 409 and answer.json()["detail"] == actions.CANCELLED
    assert snapshot(audit=False) == before


# Who may -------------------------------------------------------------------------------


def every_route(m: Meeting, item: ActionItem) -> list[tuple[str, str, Any]]:
    c, d = m.conference.public_id, m.amara.public_id
    return [
        ("GET", f"/conferences/{c}", None),
        ("PATCH", f"/conferences/{c}", {"version": 1, "title": "Mine now"}),
        ("GET", f"/conferences/{c}/attendees", None),
        ("POST", f"/conferences/{c}/attendees", {"kind": "family", "name": "Someone"}),
        ("GET", f"/conferences/{c}/discussions", None),
        (
            "POST",
            f"/conferences/{c}/discussions",
            {"enrollment_id": str(m.amara.public_id), "reason": "x"},
        ),
        ("GET", f"/conferences/{c}/minutes", None),
        ("PATCH", f"/discussions/{d}", {"version": 1, "reason": "Mine now"}),
        ("GET", f"/discussions/{d}/contributions", None),
        (
            "POST",
            f"/discussions/{d}/contributions",
            {"attendee_id": str(m.sam.public_id), "strengths": "Mine"},
        ),
        ("GET", f"/discussions/{d}/action-items", None),
        ("POST", f"/discussions/{d}/action-items", {"what": "Mine", "due_on": due()}),
        ("PATCH", f"/action-items/{item.public_id}", {"version": 1, "status": "done"}),
    ]


def open_item(world: Any, m: Meeting) -> ActionItem:
    give_consent(world, world.amara, ["assessment"])
    return actions.add_action_item(
        by=world.supervisor,
        discussion=m.amara,
        what="Call the shift manager",
        due_on=timezone.localdate() + timedelta(days=7),
        owner_user=world.navigator,
    )


@pytest.mark.parametrize("who", ["outsider", "other_program", "partner", "navigator2"])
def test_those_outside_see_nothing_and_change_nothing(world, meeting, who):
    """The outsider (another organization), Hana (Home Base only), Pia (a partner: no API
    access to conferences) and Noor (Youth Works, neither invited nor Amara's navigator)."""
    item = open_item(world, meeting)
    if who == "other_program":
        user = make_staff(world.org, "hana", "Hana Home")
        accounts.grant_role(user=user, role="navigator", program=world.home)
        accounts.grant_role(user=user, role="manager", program=world.home)
    else:
        user = getattr(world, who)
    client = Api(user)
    before = snapshot(audit=False)
    for method, path, body in every_route(meeting, item):
        answer = client.call(method, path, body)
        assert answer.status_code == 404, (who, method, path, answer.status_code)
    listed = client.call("GET", "/conferences")
    assert listed.status_code == 404 if who == "partner" else listed.json() == []
    if who != "navigator2":  # Noor works in Youth Works: she may plan her own conferences
        planned = client.call("POST", "/conferences", conference_body(world))
        assert planned.status_code in (400, 404)
    assert snapshot(audit=False) == before


def test_a_read_only_attendee_reads_but_changes_nothing(world, meeting):
    """Pat works in Home Base only: invited to the Youth Works conference, Pat may open it
    (and Chen, whom Pat's team sees), not change it (403)."""
    actions.add_attendee(
        by=world.supervisor, conference=meeting.conference, kind="staff", user=world.staff
    )
    pat = Api(world.staff)
    c = meeting.conference.public_id
    assert pat.call("GET", f"/conferences/{c}").status_code == 200
    shown = pat.call("GET", f"/conferences/{c}/discussions").json()
    assert [d["participant"] for d in shown["discussions"]] == ["王芳"]
    assert pat.call("GET", f"/discussions/{meeting.amara.public_id}/contributions").status_code == (
        404
    )
    before = snapshot(audit=False)
    for method, path, body in [
        ("PATCH", f"/conferences/{c}", {"version": 1, "title": "Mine now"}),
        ("POST", f"/conferences/{c}/attendees", {"kind": "family", "name": "Someone"}),
        (
            "POST",
            f"/conferences/{c}/discussions",
            {"enrollment_id": str(world.chen.public_id), "reason": "x"},
        ),
        (
            "POST",
            f"/discussions/{meeting.chen.public_id}/contributions",
            {"attendee_id": str(meeting.sam.public_id), "strengths": "Mine"},
        ),
    ]:
        answer = pat.call(method, path, body)
        assert answer.status_code == 403, (path, answer.content)
    assert snapshot(audit=False) == before


def test_the_auditor_reads_and_writes_nothing(world, meeting):
    audrey = Api(world.auditor)
    c = meeting.conference.public_id
    assert [x["id"] for x in audrey.call("GET", "/conferences").json()] == [str(c)]
    assert audrey.call("GET", f"/conferences/{c}/minutes").status_code == 200
    before = snapshot(audit=False)
    answer = audrey.call("PATCH", f"/conferences/{c}", {"version": 1, "title": "Mine now"})
    assert answer.status_code == 404  # the matrix: no write role at all
    assert snapshot(audit=False) == before


# Privacy ----------------------------------------------------------------------------------


def test_sensitive_details_never_reach_a_role_the_program_keeps_them_from(world, meeting):
    """A canary in each sensitive category, in a contribution, an action item and the
    summary: Nia's role (navigator) may not read sensitive details in Youth Works here, so
    none reaches her, whatever she asks; she is told how many were held back."""
    Program.objects.filter(pk=world.youth.pk).update(sensitive_roles=["manager", "supervisor"])
    give_consent(world, world.amara, ["assessment"])
    sam, nia = Api(world.supervisor), Api(world.navigator)
    c, d = meeting.conference.public_id, meeting.amara.public_id
    for category in SENSITIVE:
        said = sam.call(
            "POST",
            f"/discussions/{d}/contributions",
            {
                "attendee_id": str(meeting.sam.public_id),
                "barriers": f"Canary-{category}-said",
                "sensitive_categories": [category],
            },
        )
        assert said.status_code == 201, said.content
        item = sam.call(
            "POST",
            f"/discussions/{d}/action-items",
            {
                "what": f"Canary-{category}-item",
                "due_on": due(),
                "owner_user_id": world.navigator.pk,
                "sensitive_categories": [category],
            },
        )
        assert item.status_code == 201, item.content
    plain = {"attendee_id": str(meeting.nia.public_id), "strengths": "Comes every week"}
    assert sam.call("POST", f"/discussions/{d}/contributions", plain).status_code == 201
    plain_item = {
        "what": "Send two job leads",
        "due_on": due(),
        "owner_user_id": world.navigator.pk,
    }
    assert sam.call("POST", f"/discussions/{d}/action-items", plain_item).status_code == 201
    actions.save_summary(
        by=world.supervisor,
        discussion=meeting.amara,
        expected_version=1,
        strengths="Canary-summary",
        barriers="",
        service_needs="",
        confirmed=False,
        sensitive=["mental_health"],
    )

    answers = {
        path: nia.call("GET", path)
        for path in [
            f"/conferences/{c}/discussions",
            f"/conferences/{c}/minutes",
            f"/discussions/{d}/contributions",
            f"/discussions/{d}/action-items",
        ]
    }
    for path, answer in answers.items():
        assert answer.status_code == 200, path
        assert "Canary" not in answer.content.decode(), path
    contributions = answers[f"/discussions/{d}/contributions"].json()
    assert [x["strengths"] for x in contributions["contributions"]] == ["Comes every week"]
    assert contributions["held_back"] == 5
    items = answers[f"/discussions/{d}/action-items"].json()
    assert [x["what"] for x in items["action_items"]] == ["Send two job leads"]
    assert items["held_back"] == 5
    (amara,) = answers[f"/conferences/{c}/minutes"].json()["discussions"]
    assert (amara["contributions_held_back"], amara["action_items_held_back"]) == (5, 5)
    assert amara["summary_private"] is True and amara["strengths"] is None
    listed = answers[f"/conferences/{c}/discussions"].json()["discussions"][0]
    assert listed["summary_private"] is True and listed["sensitive_categories"] is None

    # Nia owns the items: closing one tells her it is closed, and nothing of what it says.
    hidden = ActionItem.objects.filter(what__startswith="Canary-justice").get()
    closed = nia.call(
        "PATCH", f"/action-items/{hidden.public_id}", {"version": 1, "status": "done"}
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["private"] is True and closed.json()["status"] == "done"
    assert "Canary" not in closed.content.decode() and "what" not in closed.json()

    # Sam's role reads them all.
    everything = sam.call("GET", f"/conferences/{c}/minutes")
    text = everything.content.decode()
    assert text.count("Canary-") == 11
    assert all(f"Canary-{category}-said" in text for category in SENSITIVE)


def test_only_roles_that_read_sensitive_details_record_them(world, meeting):
    Program.objects.filter(pk=world.youth.pk).update(sensitive_roles=["manager", "supervisor"])
    give_consent(world, world.amara, ["assessment"])
    client = Api(world.navigator)
    before = snapshot(audit=False)
    answer = client.call(
        "POST",
        f"/discussions/{meeting.amara.public_id}/contributions",
        {
            "attendee_id": str(meeting.nia.public_id),
            "barriers": "Canary",
            "sensitive_categories": ["justice"],
        },
    )
    assert (answer.status_code, answer.json()["field"]) == (400, "sensitive_categories")
    assert snapshot(audit=False) == before


# Queries ---------------------------------------------------------------------------------


def family_conference_with(world: Any, people: int) -> Conference:
    """A family conference in Youth Works about ``people`` participants, each with two
    contributions, an agreement, two action items and an addendum; signed."""
    sam = world.supervisor
    conference = actions.create_conference(
        by=sam,
        program=world.youth,
        kind="family",
        title=f"Family conference {people}",
        starts_at=timezone.now() + timedelta(days=1),
        place="Community room",
    )
    me = conference.attendees.get(user=sam)
    actions.assign_roles(by=sam, conference=conference, facilitator=me, timekeeper=me, notetaker=me)
    actions.record_attendance(by=sam, conference=conference, attendance={me.pk: "attended"})
    talks = []
    for n in range(people):
        enrollment = enrollments.enroll_new_participant(
            by=sam,
            program=world.youth,
            data={"preferred_name": f"Person {people}-{n}"},
            status="enrolled",
        )
        talk = actions.add_discussion(
            by=sam, conference=conference, enrollment=enrollment, reason="Planning together"
        )
        talks.append(talk)
        for words in ("Kind", "Patient"):
            actions.add_contribution(by=sam, discussion=talk, attendee=me, strengths=words)
        actions.record_agreement(by=sam, discussion=talk, attendee=me, answer="agrees")
        for what in ("Call", "Write"):
            actions.add_action_item(
                by=sam,
                discussion=talk,
                what=what,
                due_on=timezone.localdate() + timedelta(days=5),
                owner_user=sam,
            )
    actions.sign_minutes(by=sam, conference=conference)
    for talk in talks:
        actions.add_minutes_addendum(by=sam, conference=conference, discussion=talk, text="More")
    return conference


def test_the_minutes_take_as_many_queries_for_one_participant_as_for_four(world):
    small, large = family_conference_with(world, 1), family_conference_with(world, 4)
    sam = Api(world.supervisor)
    counts = {}
    for path in ("minutes", "discussions"):
        with CaptureQueriesContext(connection) as few:
            one = sam.call("GET", f"/conferences/{small.public_id}/{path}")
        with CaptureQueriesContext(connection) as many:
            four = sam.call("GET", f"/conferences/{large.public_id}/{path}")
        assert one.status_code == four.status_code == 200
        assert len(many) == len(few), path
        counts[path] = len(few)
    minutes = sam.call("GET", f"/conferences/{large.public_id}/minutes").json()
    assert len(minutes["discussions"]) == 4
    first = minutes["discussions"][0]
    assert len(first["contributions"]) == 2 and len(first["action_items"]) == 2
    assert [a["answer"] for a in first["agreements"]] == ["agrees"]
    assert [a["text"] for a in first["addenda"]] == ["More"]
    # Each discussion's contributions and items take their own list queries, too.
    talk = Discussion.objects.filter(conference=large).first()
    assert talk is not None
    with CaptureQueriesContext(connection) as listed:
        assert sam.call("GET", f"/discussions/{talk.public_id}/action-items").status_code == 200
    assert len(listed) <= counts["minutes"]


def test_a_discussion_and_its_summary_changed(world, meeting):
    give_consent(world, world.amara, ["assessment"])
    sam = Api(world.supervisor)
    path = f"/discussions/{meeting.amara.public_id}"
    done = sam.call("PATCH", path, {"version": 1, "budget_minutes": 15, "strengths": "Steady"})
    assert done.status_code == 200, done.content
    out = done.json()
    assert (out["budget_minutes"], out["strengths"], out["version"]) == (15, "Steady", 3)
    assert out["reason"] == "New barriers since the plan"
    stale = sam.call("PATCH", path, {"version": 1, "barriers": "Shifts"})
    assert stale.status_code == 409
    assert Discussion.objects.get(pk=meeting.amara.pk).barriers == ""
    bad = sam.call("PATCH", path, {"version": 3, "budget_minutes": 0})
    assert (bad.status_code, bad.json()["field"]) == (400, "budget_minutes")
    assert Discussion.objects.get(pk=meeting.amara.pk).budget_minutes == 15
    confirmed = sam.call("PATCH", path, {"version": 3, "summary_confirmed": True})
    assert confirmed.json()["summary_confirmed"] is True
