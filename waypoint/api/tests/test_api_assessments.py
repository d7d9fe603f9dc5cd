"""/api/v1/ for assessments and needs: the same funnels, actions, privacy and audit as
the pages; completed assessments never change; 4xx for bad input."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from waypoint.assessments.actions import (
    add_need,
    add_question,
    complete_assessment,
    save_answers,
    start_assessment,
)
from waypoint.assessments.models import Assessment, Need
from waypoint.audit.models import AuditEvent
from waypoint.enrollments.models import Enrollment
from waypoint.tests.helpers import Api, snapshot

TODAY = timezone.localdate


def fresh(assessment):
    return Assessment.objects.get(pk=assessment.pk)


def section(body, key):
    return next(s for s in body["sections"] if s["key"] == key)


WHY_NOW = {"why_now": "Lost my room", "hopes": "A place of my own"}


def test_start_save_complete_and_reassess(world):
    nia = Api(world.navigator)
    started = nia.call("POST", f"/enrollments/{world.amara.public_id}/assessments")
    assert started.status_code == 201, started.content
    body = started.json()
    aid = body["id"]
    assert (body["number"], body["kind"], body["status"], body["version"]) == (
        1,
        "intake",
        "draft",
        1,
    )
    assert [s["key"] for s in body["sections"]] == [
        "why_now",
        "inner_strengths",
        "outer_strengths",
        "supports",
        "life",
        "health",
        "legal",
        "concerns",
    ]
    assert section(body, "why_now") == {
        "key": "why_now",
        "title": "Why now, and what they hope for",
        "private": False,
        "declined": False,
        "by_participant": False,
        "hidden_questions": 0,
        "answers": {"why_now": None, "hopes": None},
    }
    assert body["changes_since_previous"] is None
    # Starting again returns the open draft.
    again = nia.call("POST", f"/enrollments/{world.amara.public_id}/assessments")
    assert (again.status_code, again.json()["id"]) == (200, aid)

    saved = nia.call(
        "PATCH",
        f"/assessments/{aid}",
        {
            "version": 1,
            "sections": ["why_now", "supports", "concerns"],
            "answers": {
                "why_now": "  Lost my room ",
                "hopes": "A place of my own",
                "supports": [
                    {"who": "Aunt Ify", "kind": "person", "how": "Lets me stay"},
                    {"who": "", "how": ""},
                ],
            },
            "declined": ["concerns"],
        },
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["version"] == 2
    assert section(body, "why_now")["answers"] == WHY_NOW
    assert section(body, "supports")["answers"] == {
        "supports": [{"who": "Aunt Ify", "kind": "person", "how": "Lets me stay"}]
    }
    assert body["declined"] == ["concerns"]
    assert section(body, "concerns")["declined"] is True
    stored = Assessment.objects.get(public_id=aid)
    assert stored.answers == {
        **WHY_NOW,
        "supports": [{"who": "Aunt Ify", "kind": "person", "how": "Lets me stay"}],
    }
    # The audit trail names the sections, never what was said.
    event = AuditEvent.objects.filter(
        object_type="assessment", object_id=aid, action="update"
    ).get()
    assert event.changes == {"sections": ["why_now", "supports", "concerns"], "version": 2}
    assert event.actor_id == world.navigator.pk

    done = nia.call("POST", f"/assessments/{aid}/complete", {"version": 2})
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["version"]) == ("complete", 3)
    assert done.json()["completed_on"] == TODAY().isoformat()
    assert Enrollment.objects.get(pk=world.amara.pk).assessment_done_on == TODAY()

    second = nia.call("POST", f"/enrollments/{world.amara.public_id}/assessments")
    assert second.status_code == 201
    sid = second.json()["id"]
    assert (second.json()["number"], second.json()["kind"]) == (2, "reassessment")
    assert section(second.json(), "why_now")["answers"] == WHY_NOW  # starts from the last one
    nia.call(
        "PATCH",
        f"/assessments/{sid}",
        {"version": 1, "sections": ["why_now"], "answers": {**WHY_NOW, "why_now": "Found a room"}},
    )
    read = nia.call("GET", f"/assessments/{sid}").json()
    assert read["changes_since_previous"] == [
        {
            "section": "Why now, and what they hope for",
            "label": "What brings them here now",
            "before": "Lost my room",
            "after": "Found a room",
        }
    ]
    listed = nia.call("GET", f"/enrollments/{world.amara.public_id}/assessments")
    assert [(a["id"], a["number"], a["status"]) for a in listed.json()] == [
        (sid, 2, "draft"),
        (aid, 1, "complete"),
    ]
    assert AuditEvent.objects.filter(
        object_type="assessment", object_id=sid, action="create"
    ).exists()
    assert AuditEvent.objects.filter(
        object_type="assessment", object_id=sid, action="view"
    ).exists()


def test_a_completed_assessment_never_changes_through_the_api(world):
    draft = start_assessment(by=world.navigator, enrollment=world.amara)
    save_answers(
        by=world.navigator,
        assessment=draft,
        sections=["why_now"],
        answers=WHY_NOW,
        declined=[],
        expected_version=1,
    )
    done = complete_assessment(by=world.navigator, assessment=draft, expected_version=2)
    nia = Api(world.navigator)
    before = snapshot(audit=False)
    response = nia.call(
        "PATCH",
        f"/assessments/{done.public_id}",
        {"version": done.version, "sections": ["why_now"], "answers": {"why_now": "Forged"}},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "This assessment is complete and can no longer change."}
    again = nia.call("POST", f"/assessments/{done.public_id}/complete", {"version": done.version})
    assert again.status_code == 400
    assert again.json() == {"detail": "This assessment is already complete."}
    assert snapshot(audit=False) == before
    assert fresh(done).answers == WHY_NOW


def test_a_stale_version_is_409_with_what_changed(world):
    draft = start_assessment(by=world.navigator, enrollment=world.amara)
    Api(world.navigator).call(
        "PATCH",
        f"/assessments/{draft.public_id}",
        {"version": 1, "sections": ["why_now"], "answers": WHY_NOW},
    )
    sam = Api(world.supervisor)
    before = snapshot(audit=False)
    stale = sam.call(
        "PATCH",
        f"/assessments/{draft.public_id}",
        {"version": 1, "sections": ["why_now"], "answers": {"why_now": "Something else"}},
    )
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["Why now, and what they hope for"]
    assert stale.json()["detail"].startswith("Nia Navigator saved changes since you opened")
    completing = sam.call("POST", f"/assessments/{draft.public_id}/complete", {"version": 1})
    assert completing.status_code == 409
    assert snapshot(audit=False) == before
    assert fresh(draft).answers == WHY_NOW


@pytest.fixture
def household(world):
    return add_question(
        by=world.manager,
        program=world.youth,
        data={"label": "Household size", "kind": "number", "section": "program"},
    )


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"sections": ["shoes"]}, 422, "Unknown sections: shoes."),
        ({"sections": ["why_now"], "declined": ["shoes"]}, 422, "Unknown sections: shoes."),
        ({"sections": ["why_now"], "answers": {"why_now": 7}}, 422, "why_now"),
        ({"sections": ["why_now"], "answers": {"hopes": ["a", "b"]}}, 422, "answer with text"),
        ({"sections": ["why_now"], "answers": {"shoe_size": "9"}}, 422, "Unknown answer"),
        ({"sections": ["why_now"], "answers": {"why_now": "x" * 5001}}, 422, "5000 characters"),
        ({"sections": ["supports"], "answers": {"supports": "Aunt Ify"}}, 422, "supports"),
        ({"sections": ["supports"], "answers": {"supports": ["Aunt Ify"]}}, 422, "who, kind, how"),
        (
            {"sections": ["supports"], "answers": {"supports": [{"who": "A", "kind": "cat"}]}},
            422,
            "kind",
        ),
        (
            {"sections": ["why_now"], "answers": {"housing": "A room"}},
            400,
            "That answer belongs to a section that was not shown.",
        ),
        (
            {"sections": ["program"], "answers": {"q:00000000-0000-0000-0000-000000000000": "1"}},
            400,
            "That question is not part of this assessment.",
        ),
        ({"sections": ["program"], "answers": {"QUESTION": "many"}}, 400, "“Household size”: use"),
        (
            {"sections": ["program"], "answers": {"QUESTION": ["3", "4"]}},
            400,
            "“Household size”: send one answer, not a list.",
        ),
    ],
)
def test_bad_answers_get_a_clear_4xx_and_nothing_changes(world, household, body, status, says):
    draft = start_assessment(by=world.navigator, enrollment=world.amara)
    answers = {
        (household.key if key == "QUESTION" else key): value
        for key, value in body.get("answers", {}).items()
    }
    nia = Api(world.navigator)
    before = snapshot(audit=False)
    response = nia.call(
        "PATCH", f"/assessments/{draft.public_id}", {"version": 1, **body, "answers": answers}
    )
    assert response.status_code == status, response.content
    assert says in json.dumps(response.json(), ensure_ascii=False)
    assert snapshot(audit=False) == before


def test_program_questions_are_answered_as_the_page_stores_them(world, household):
    draft = start_assessment(by=world.navigator, enrollment=world.amara)
    response = Api(world.navigator).call(
        "PATCH",
        f"/assessments/{draft.public_id}",
        {"version": 1, "sections": ["program"], "answers": {household.key: "2.50"}},
    )
    assert response.status_code == 200, response.content
    assert section(response.json(), "program")["answers"] == {household.key: "2.5"}
    assert fresh(draft).answers == {household.key: "2.5"}
    refused = Api(world.navigator).call(
        "PATCH",
        f"/assessments/{draft.public_id}",
        {"version": 2, "sections": ["program"], "answers": {household.key: "many"}},
    )
    assert refused.json() == {
        "detail": "“Household size”: use a number, like 3 or 2.5.",
        "field": household.key,
    }


@pytest.fixture
def private_chen(world):
    """Chen (Home Base) with answers only some roles may read, and a reassessment."""
    secret = add_question(
        by=world.manager,
        program=world.home,
        data={"label": "Any diagnoses?", "section": "program", "sensitive": True},
    )
    rooms = add_question(
        by=world.manager, program=world.home, data={"label": "Rooms", "section": "program"}
    )
    first = start_assessment(by=world.navigator2, enrollment=world.chen)
    save_answers(
        by=world.navigator2,
        assessment=first,
        sections=["why_now", "health", "legal", "program"],
        answers={
            "why_now": "Evicted in May",
            "mental_health": "CANARY-MH low mood",
            "justice": "CANARY-LEGAL probation",
            secret.key: "CANARY-Q",
            rooms.key: "One room",
        },
        declined=["legal"],
        expected_version=1,
    )
    complete_assessment(by=world.navigator2, assessment=first, expected_version=2)
    second = start_assessment(by=world.navigator2, enrollment=world.chen)
    save_answers(
        by=world.navigator2,
        assessment=second,
        sections=["health", "program"],
        answers={
            "mental_health": "CANARY-MH2 sleeping better",
            secret.key: "CANARY-Q2",
            rooms.key: "One room",
        },
        declined=[],
        expected_version=1,
    )
    add_need(
        by=world.navigator2,
        enrollment=world.chen,
        domain="mental_health",
        description="CANARY-NEED someone to talk to",
    )
    add_need(
        by=world.navigator2, enrollment=world.chen, domain="housing", description="A flat of my own"
    )
    return first, fresh(second), secret, rooms


def reads(enrollment, first, second):
    return [
        f"/enrollments/{enrollment.public_id}/assessments",
        f"/assessments/{first.public_id}",
        f"/assessments/{second.public_id}",
        f"/enrollments/{enrollment.public_id}/needs",
    ]


def test_private_details_never_reach_staff_without_access(world, private_chen):
    first, second, _, rooms = private_chen
    pat, noor = Api(world.staff), Api(world.navigator2)
    for path in reads(world.chen, first, second):
        response = pat.call("GET", path)
        assert response.status_code == 200, path
        assert b"CANARY" not in response.content, path
        assert b"diagnoses" not in response.content, path
        if not path.endswith("/assessments"):  # the list holds no answers for anyone
            assert "CANARY" in noor.call("GET", path).content.decode(), path

    body = pat.call("GET", f"/assessments/{first.public_id}").json()
    assert section(body, "health") == {
        "key": "health",
        "title": "Needs and barriers: health",
        "private": True,
        "declined": None,
        "by_participant": None,
        "hidden_questions": 0,
        "answers": None,
    }
    assert section(body, "legal")["declined"] is None
    assert body["declined"] == []  # "prefer not to say" on a private section is private too
    assert section(body, "program")["answers"] == {rooms.key: "One room"}
    assert section(body, "program")["hidden_questions"] == 1
    assert section(body, "why_now")["answers"] == {"why_now": "Evicted in May", "hopes": None}
    changes = pat.call("GET", f"/assessments/{second.public_id}").json()["changes_since_previous"]
    assert changes == [
        {
            "section": "Needs and barriers: health",
            "label": "Private section",
            "before": "",
            "after": "Changed",
        },
        {
            "section": "Program questions",
            "label": "A private question",
            "before": "",
            "after": "Changed",
        },
    ]
    needs = pat.call("GET", f"/enrollments/{world.chen.public_id}/needs").json()
    assert [(n["number"], n["domain"], n["private"], n["description"]) for n in needs] == [
        (1, "mental_health", True, None),
        (2, "housing", False, "A flat of my own"),
    ]
    noor_body = noor.call("GET", f"/assessments/{first.public_id}").json()
    assert section(noor_body, "health")["answers"] == {
        "physical_health": None,
        "mental_health": "CANARY-MH low mood",
        "substance_use": None,
    }
    assert noor_body["declined"] == ["legal"]


def test_staff_without_access_save_what_they_see_and_never_blank_the_rest(world, private_chen):
    _, second, secret, rooms = private_chen
    pat = Api(world.staff)
    saved = pat.call(
        "PATCH",
        f"/assessments/{second.public_id}",
        {
            "version": second.version,
            "sections": ["life", "program"],
            "answers": {"housing": "Staying with a friend", rooms.key: "Two rooms"},
        },
    )
    assert saved.status_code == 200, saved.content
    assert b"CANARY" not in saved.content
    stored = fresh(second).answers
    assert stored["mental_health"] == "CANARY-MH2 sleeping better"
    assert stored[secret.key] == "CANARY-Q2"
    assert (stored["housing"], stored[rooms.key]) == ("Staying with a friend", "Two rooms")
    before = snapshot(audit=False)
    version = fresh(second).version
    for body, says in [
        (
            {"sections": ["health"], "answers": {"mental_health": "x"}},
            "Only the roles this program allows can answer that section.",
        ),
        (
            {"sections": ["program"], "answers": {secret.key: "x"}},
            "Only the roles this program allows can answer that question.",
        ),
    ]:
        response = pat.call(
            "PATCH", f"/assessments/{second.public_id}", {"version": version, **body}
        )
        assert response.status_code == 400
        assert response.json() == {"detail": says}
    assert snapshot(audit=False) == before


def test_needs_add_order_status_and_audit(world):
    nia = Api(world.navigator)
    path = f"/enrollments/{world.amara.public_id}/needs"
    draft = start_assessment(by=world.navigator, enrollment=world.amara)
    first = nia.call(
        "POST",
        path,
        {
            "domain": "housing",
            "description": " A safe place to sleep ",
            "assessment_id": str(draft.public_id),
        },
    )
    assert first.status_code == 201, first.content
    nid = first.json()["id"]
    assert first.json() == {
        "id": nid,
        "number": 1,
        "priority": 1,
        "domain": "housing",
        "status": "open",
        "private": False,
        "description": "A safe place to sleep",
    }
    assert Need.objects.get(public_id=nid).assessment_id == draft.pk
    second = nia.call("POST", path, {"domain": "food", "description": "Groceries this week"})
    moved = nia.call("POST", f"/needs/{second.json()['id']}/move", {"direction": "up"})
    assert moved.status_code == 200
    assert (moved.json()["number"], moved.json()["priority"]) == (2, 1)
    assert [n["number"] for n in nia.call("GET", path).json()] == [2, 1]
    met = nia.call("POST", f"/needs/{nid}/status", {"status": "met"})
    assert (met.status_code, met.json()["status"]) == (200, "met")
    assert AuditEvent.objects.filter(object_type="need", object_id=nid, action="create").exists()
    assert AuditEvent.objects.filter(object_type="need", object_id=nid, action="update").exists()

    before = snapshot(audit=False)
    for method, where, body, status, expected in [
        ("POST", path, {"domain": "pets", "description": "A vet"}, 422, None),
        (
            "POST",
            path,
            {"domain": "food", "description": "   "},
            400,
            {"detail": "Write the need, in their words if you can.", "field": "description"},
        ),
        (
            "POST",
            f"/needs/{second.json()['id']}/move",
            {"direction": "up"},
            400,
            {"detail": "Need 2 is already first."},
        ),
        ("POST", f"/needs/{nid}/move", {"direction": "sideways"}, 422, None),
        ("POST", f"/needs/{nid}/status", {"status": "solved"}, 422, None),
    ]:
        response = nia.call(method, where, body)
        assert response.status_code == status, (where, body, response.content)
        if expected is not None:
            assert response.json() == expected
        else:
            assert "detail" in response.json()
    assert snapshot(audit=False) == before


def test_a_need_links_only_to_a_draft_of_the_same_enrollment(world):
    other = start_assessment(by=world.navigator2, enrollment=world.bo)
    noor = Api(world.navigator2)
    before = snapshot(audit=False)
    response = noor.call(
        "POST",
        f"/enrollments/{world.chen.public_id}/needs",
        {"domain": "food", "description": "Groceries", "assessment_id": str(other.public_id)},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "assessment_id"
    assert snapshot(audit=False) == before


def test_outsider_gets_404_everywhere_and_nothing_changes(world):
    draft = start_assessment(by=world.navigator, enrollment=world.amara)
    need = add_need(by=world.navigator, enrollment=world.amara, domain="food", description="Meals")
    olga = Api(world.outsider)
    before = snapshot()
    e, a, n = world.amara.public_id, draft.public_id, need.public_id
    for method, path, body in [
        ("GET", f"/enrollments/{e}/assessments", None),
        ("POST", f"/enrollments/{e}/assessments", None),
        ("GET", f"/assessments/{a}", None),
        ("PATCH", f"/assessments/{a}", {"version": 1, "sections": ["why_now"], "answers": WHY_NOW}),
        ("POST", f"/assessments/{a}/complete", {"version": 1}),
        ("GET", f"/enrollments/{e}/needs", None),
        ("POST", f"/enrollments/{e}/needs", {"domain": "food", "description": "Meals"}),
        ("POST", f"/needs/{n}/move", {"direction": "down"}),
        ("POST", f"/needs/{n}/status", {"status": "met"}),
    ]:
        response = olga.call(method, path, body)
        assert response.status_code == 404, (method, path)
        assert b"Meals" not in response.content
    assert snapshot() == before


def test_auditor_reads_but_cannot_write(world):
    draft = start_assessment(by=world.navigator, enrollment=world.amara)
    need = add_need(by=world.navigator, enrollment=world.amara, domain="food", description="Meals")
    aud = Api(world.auditor)
    e, a, n = world.amara.public_id, draft.public_id, need.public_id
    for path in (f"/enrollments/{e}/assessments", f"/assessments/{a}", f"/enrollments/{e}/needs"):
        assert aud.call("GET", path).status_code == 200, path
    before = snapshot(audit=False)
    for method, path, body in [
        ("POST", f"/enrollments/{e}/assessments", None),
        ("PATCH", f"/assessments/{a}", {"version": 1, "sections": ["why_now"], "answers": WHY_NOW}),
        ("POST", f"/assessments/{a}/complete", {"version": 1}),
        ("POST", f"/enrollments/{e}/needs", {"domain": "food", "description": "Meals"}),
        ("POST", f"/needs/{n}/move", {"direction": "down"}),
        ("POST", f"/needs/{n}/status", {"status": "met"}),
    ]:
        assert aud.call(method, path, body).status_code == 404, (method, path)
    assert snapshot(audit=False) == before
