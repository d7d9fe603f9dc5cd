"""/api/v1/ for the service plan: goals traced to needs, steps and services, sharing,
acknowledgement, revision, comparison and progress, under the same rules, privacy and
audit as the pages; acknowledged versions never change."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from waypoint.assessments.actions import add_need
from waypoint.audit.models import AuditEvent
from waypoint.enrollments.models import Enrollment
from waypoint.plans import actions
from waypoint.plans.models import (
    Goal,
    GoalNeed,
    LongTermGoal,
    Plan,
    PlanVersion,
    Progress,
    Service,
    Step,
)
from waypoint.tests.helpers import Api, snapshot, three_needs

TODAY = timezone.localdate
PLAN_MODELS = [Plan, PlanVersion, LongTermGoal, Goal, GoalNeed, Step, Service, Progress]


def everything(*, audit: bool = True):
    """The shared snapshot plus every plan table."""
    state = snapshot(audit=audit)
    for model in PLAN_MODELS:
        state[model.__name__] = sorted(
            tuple(sorted((k, str(v)) for k, v in row.items()))
            for row in model._default_manager.values()
        )
    return state


def goal_body(edit_version, **extra):
    return {
        "edit_version": edit_version,
        "text": "Apply to 3 warehouse jobs near the 12 bus line",
        "needs": [2],
        "measure": "3 applications sent",
        "target_date": (TODAY() + timedelta(days=21)).isoformat(),
        "strengths": "Reliable, on time",
        "achievable_confirmed": True,
        "realistic_confirmed": True,
        "steps": [
            {
                "what": "Update my résumé with Ms. Ortiz",
                "who": "participant",
                "due_on": (TODAY() + timedelta(days=7)).isoformat(),
            },
            {"what": "Send two job leads", "who": "navigator"},
        ],
        "services": [
            {"what": "Job search coaching", "provider": "navigator", "how_often": "weekly"}
        ],
        **extra,
    }


def fresh(version):
    return PlanVersion.objects.get(pk=version.pk)


def test_a_plan_from_start_to_acknowledged_revised_and_compared(world):
    three_needs(world, world.amara)
    nia = Api(world.navigator)
    started = nia.call("POST", f"/enrollments/{world.amara.public_id}/plan")
    assert started.status_code == 201, started.content
    plan = started.json()
    vid = plan["id"]
    assert (plan["number"], plan["status"], plan["edit_version"]) == (1, "draft", 1)
    assert (plan["goals"], plan["long_term_goals"], plan["unlinked_needs"]) == ([], [], [1, 2, 3])
    assert plan["enrollment_id"] == str(world.amara.public_id)
    assert [(n["number"], n["description"], n["private"]) for n in plan["needs"]] == [
        (1, "A safe place to sleep", False),
        (2, "A job with steady hours", False),
        (3, "A way to get to work", False),
    ]
    again = nia.call("POST", f"/enrollments/{world.amara.public_id}/plan")
    assert (again.status_code, again.json()["id"]) == (200, vid)
    listed = nia.call("GET", f"/enrollments/{world.amara.public_id}/plan").json()
    assert [(v["id"], v["number"], v["status"]) for v in listed] == [(vid, 1, "draft")]

    long_term = nia.call(
        "POST",
        f"/plan-versions/{vid}/long-term-goals",
        {"edit_version": 1, "goals": [{"words": " I want my own place to live "}]},
    )
    assert long_term.status_code == 200, long_term.content
    assert long_term.json()["edit_version"] == 2
    [lt] = long_term.json()["long_term_goals"]
    assert lt["words"] == "I want my own place to live"

    added = nia.call("POST", f"/plan-versions/{vid}/goals", goal_body(2, long_term_key=lt["key"]))
    assert added.status_code == 201, added.content
    goal = added.json()
    steps = goal["steps"]
    assert goal == {
        "id": goal["id"],
        "key": goal["key"],
        "number": 1,
        "private": False,
        "needs": [2],
        "text": "Apply to 3 warehouse jobs near the 12 bus line",
        "measure": "3 applications sent",
        "target_date": (TODAY() + timedelta(days=21)).isoformat(),
        "strengths": "Reliable, on time",
        "achievable_confirmed": True,
        "realistic_confirmed": True,
        "long_term_key": lt["key"],
        "status": "not_started",
        "status_reason": "",
        "smarts": goal["smarts"],
        "steps": [
            {
                "key": steps[0]["key"],
                "what": "Update my résumé with Ms. Ortiz",
                "who": "participant",
                "who_name": "",
                "due_on": (TODAY() + timedelta(days=7)).isoformat(),
                "status": "not_started",
            },
            {
                "key": steps[1]["key"],
                "what": "Send two job leads",
                "who": "navigator",
                "who_name": "",
                "due_on": None,
                "status": "not_started",
            },
        ],
        "services": [
            {
                "key": goal["services"][0]["key"],
                "what": "Job search coaching",
                "provider": "navigator",
                "how_often": "weekly",
            }
        ],
    }
    assert [(v["letter"], v["name"], v["passes"]) for v in goal["smarts"]] == [
        ("S", "Specific", True),
        ("M", "Measurable", True),
        ("A", "Achievable", True),
        ("R", "Realistic", True),
        ("T", "Time-framed", True),
        ("S", "Strengths-based", True),
    ]
    assert all(v["reason"] for v in goal["smarts"])

    # A PATCH changes only what it names; steps keep their keys.
    patched = nia.call(
        "PATCH", f"/goals/{goal['id']}", {"edit_version": 3, "measure": "5 applications sent"}
    )
    assert patched.status_code == 200, patched.content
    assert patched.json() == {
        **goal,
        "measure": "5 applications sent",
        "smarts": patched.json()["smarts"],
    }
    assert "5 applications sent" in patched.json()["smarts"][1]["reason"]
    reordered = nia.call(
        "PATCH",
        f"/goals/{goal['id']}",
        {
            "edit_version": 4,
            "steps": [
                {"key": steps[1]["key"], "what": "Send three job leads", "who": "navigator"},
                {"what": "Buy interview shoes", "who": "family", "who_name": "Aunt Ify"},
            ],
        },
    )
    assert reordered.status_code == 200, reordered.content
    new_steps = reordered.json()["steps"]
    assert [(s["key"] == steps[1]["key"], s["what"], s["who_name"]) for s in new_steps] == [
        (True, "Send three job leads", ""),
        (False, "Buy interview shoes", "Aunt Ify"),
    ]

    progress = nia.call(
        "POST",
        f"/plan-versions/{vid}/progress",
        {"kind": "goal", "key": goal["key"], "status": "in_progress"},
    )
    assert progress.status_code == 201, progress.content
    assert {k: progress.json()[k] for k in ("kind", "key", "status", "reason")} == {
        "kind": "goal",
        "key": goal["key"],
        "status": "in_progress",
        "reason": "",
    }
    done = nia.call(
        "POST",
        f"/plan-versions/{vid}/progress",
        {"kind": "step", "key": steps[1]["key"], "status": "done"},
    )
    assert done.status_code == 201
    read = nia.call("GET", f"/plan-versions/{vid}").json()
    assert read["goals"][0]["status"] == "in_progress"
    assert [s["status"] for s in read["goals"][0]["steps"]] == ["done", "not_started"]
    assert read["unlinked_needs"] == [1, 3]

    shared = nia.call("POST", f"/plan-versions/{vid}/share", {"edit_version": 5})
    assert (shared.status_code, shared.json()["status"]) == (200, "shared")
    assert shared.json()["shared_at"] is not None
    back = nia.call("POST", f"/plan-versions/{vid}/back-to-draft")
    assert (back.status_code, back.json()["status"], back.json()["edit_version"]) == (
        200,
        "draft",
        6,
    )
    nia.call("POST", f"/plan-versions/{vid}/share", {"edit_version": 6})
    acknowledged = nia.call(
        "POST",
        f"/plan-versions/{vid}/acknowledge",
        {"name": "Amara Okafor", "on": TODAY().isoformat()},
    )
    assert acknowledged.status_code == 200, acknowledged.content
    body = acknowledged.json()
    assert (body["status"], body["acknowledged_name"], body["acknowledged_on"]) == (
        "acknowledged",
        "Amara Okafor",
        TODAY().isoformat(),
    )
    assert Enrollment.objects.get(pk=world.amara.pk).isp_done_on == TODAY()

    revised = nia.call(
        "POST", f"/plan-versions/{vid}/revise", {"reason": "Amara found a room; new focus"}
    )
    assert revised.status_code == 201, revised.content
    second = revised.json()
    assert (second["number"], second["status"], second["revision_reason"]) == (
        2,
        "draft",
        "Amara found a room; new focus",
    )
    copy = second["goals"][0]
    assert (copy["key"], copy["text"]) == (goal["key"], goal["text"])
    assert copy["id"] != goal["id"]
    changed = nia.call(
        "PATCH",
        f"/goals/{copy['id']}",
        {"edit_version": second["edit_version"], "measure": "6 applications sent"},
    )
    assert changed.status_code == 200
    compared = nia.call("GET", f"/plan-versions/{second['id']}/compare/{vid}")
    assert compared.status_code == 200
    assert compared.json() == [
        {"what": "Goal 1: measure", "before": "5 applications sent", "after": "6 applications sent"}
    ]
    # Version 1 stays exactly as acknowledged.
    assert Goal.objects.get(public_id=goal["id"]).measure == "5 applications sent"
    listed = nia.call("GET", f"/enrollments/{world.amara.public_id}/plan").json()
    assert [(v["number"], v["status"]) for v in listed] == [(2, "draft"), (1, "acknowledged")]

    # Removing a goal from the draft.
    extra = nia.call(
        "POST",
        f"/plan-versions/{second['id']}/goals",
        goal_body(fresh_edit(second["id"]), text="Get a monthly bus pass", needs=[3]),
    )
    assert extra.status_code == 201
    assert extra.json()["number"] == 2
    removed = nia.call(
        "POST", f"/goals/{extra.json()['id']}/remove", {"edit_version": fresh_edit(second["id"])}
    )
    assert removed.status_code == 200
    assert [g["number"] for g in removed.json()["goals"]] == [1]

    events = set(
        AuditEvent.objects.filter(object_type="plan_version").values_list("object_id", "action")
    )
    assert {(vid, "create"), (vid, "update"), (vid, "view")} <= events
    assert {(second["id"], "create"), (second["id"], "update")} <= events
    assert AuditEvent.objects.filter(object_type="plan_goal", object_id=goal["key"]).exists()
    assert AuditEvent.objects.filter(object_type="plan_step", object_id=steps[1]["key"]).exists()


def fresh_edit(version_id):
    return PlanVersion.objects.get(public_id=version_id).edit_version


@pytest.fixture
def acknowledged(world):
    needs = three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    actions.save_long_term_goals(
        by=world.navigator, version=version, goals=[(None, "A place of my own")], expected=1
    )
    goal = actions.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=actions.GoalData(
            text="Open a savings account",
            needs=[needs[1]],
            steps=[actions.StepData(what="Bring my ID to the bank")],
        ),
        expected=2,
    )
    version = actions.share(by=world.navigator, version=version, expected=3)
    actions.acknowledge(
        by=world.navigator, version=version, typed_name="Amara", on=timezone.localdate()
    )
    return fresh(version), goal


ACKNOWLEDGED = (
    "This version was acknowledged by the participant and never changes. "
    "Revise the plan to make a new version."
)


def test_an_acknowledged_version_never_changes_through_the_api(world, acknowledged):
    version, goal = acknowledged
    nia = Api(world.navigator)
    before = everything(audit=False)
    v, e = version.public_id, version.edit_version
    for method, path, body, says in [
        (
            "POST",
            f"/plan-versions/{v}/long-term-goals",
            {"edit_version": e, "goals": [{"words": "Forged"}]},
            ACKNOWLEDGED,
        ),
        ("POST", f"/plan-versions/{v}/goals", goal_body(e), ACKNOWLEDGED),
        ("PATCH", f"/goals/{goal.public_id}", {"edit_version": e, "text": "Forged"}, ACKNOWLEDGED),
        ("PATCH", f"/goals/{goal.public_id}", goal_body(e), ACKNOWLEDGED),
        ("POST", f"/goals/{goal.public_id}/remove", {"edit_version": e}, ACKNOWLEDGED),
        ("POST", f"/plan-versions/{v}/share", {"edit_version": e}, ACKNOWLEDGED),
        (
            "POST",
            f"/plan-versions/{v}/back-to-draft",
            None,
            "Only a shared version, not yet acknowledged, goes back to draft.",
        ),
        (
            "POST",
            f"/plan-versions/{v}/acknowledge",
            {"name": "Someone", "on": TODAY().isoformat()},
            "Share this version with the participant before they acknowledge it.",
        ),
    ]:
        response = nia.call(method, path, body)
        assert response.status_code == 400, (path, response.content)
        assert response.json()["detail"] == says, path
    assert everything(audit=False) == before
    assert Goal.objects.get(pk=goal.pk).text == "Open a savings account"


def test_a_shared_version_changes_only_after_going_back_to_draft(world):
    needs = three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    actions.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=actions.GoalData(text="Open a savings account", needs=[needs[1]]),
        expected=1,
    )
    version = actions.share(by=world.navigator, version=version, expected=2)
    nia = Api(world.navigator)
    before = everything(audit=False)
    response = nia.call("POST", f"/plan-versions/{version.public_id}/goals", goal_body(2))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("This version is with the participant")
    assert everything(audit=False) == before


def test_a_stale_edit_version_is_409_with_what_changed(world):
    three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    actions.save_long_term_goals(
        by=world.supervisor, version=version, goals=[(None, "A place of my own")], expected=1
    )
    nia = Api(world.navigator)
    before = everything(audit=False)
    for path, body in [
        (f"/plan-versions/{version.public_id}/goals", goal_body(1)),
        (f"/plan-versions/{version.public_id}/share", {"edit_version": 1}),
        (
            f"/plan-versions/{version.public_id}/long-term-goals",
            {"edit_version": 1, "goals": [{"words": "Mine"}]},
        ),
    ]:
        response = nia.call("POST", path, body)
        assert response.status_code == 409, path
        assert response.json()["changed"] == ["long-term goals"]
        assert response.json()["detail"].startswith("Sam Supervisor saved changes")
    assert everything(audit=False) == before


@pytest.fixture
def draft(world):
    needs = three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    goal = actions.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=actions.GoalData(
            text="Open a savings account",
            needs=[needs[1]],
            steps=[actions.StepData(what="Bring my ID")],
        ),
        expected=1,
    )
    return fresh(version), goal


@pytest.mark.parametrize(
    ("where", "body", "status", "says"),
    [
        (
            "goals",
            {"needs": []},
            400,
            "Choose at least one numbered need this goal answers: numbers correspond.",
        ),
        ("goals", {"needs": [9]}, 400, "This enrollment has no need numbered 9."),
        ("goals", {"needs": [0]}, 422, "greater than or equal to 1"),
        ("goals", {"text": "   "}, 400, "Write the goal, in words you both agree on."),
        ("goals", {"text": "x" * 1001}, 422, "1000 characters"),
        ("goals", {"target_date": "next friday"}, 422, "target_date"),
        ("goals", {"steps": [{"what": "Call", "who": "robot"}]}, 422, "who"),
        ("goals", {"steps": [{"what": "  "}]}, 400, "Say what the step is."),
        (
            "goals",
            {"steps": [{"what": "Call", "key": "00000000-0000-0000-0000-000000000001"}]},
            400,
            "Each step key must be one this goal already has",
        ),
        ("goals", {"services": [{"what": "Rides", "provider": "robot"}]}, 422, "provider"),
        (
            "long-term-goals",
            {"goals": [{"words": "A", "key": "00000000-0000-0000-0000-000000000001"}]},
            400,
            "Each key must be one of this version's long-term goals",
        ),
        ("long-term-goals", {"goals": [{"words": "x" * 1001}]}, 422, "1000 characters"),
        (
            "progress",
            {"kind": "goal", "key": "GOAL", "status": "flying"},
            400,
            "Choose how the goal is going.",
        ),
        (
            "progress",
            {"kind": "goal", "key": "GOAL", "status": "set_aside"},
            400,
            "Note the participant's reason for setting the goal aside.",
        ),
        (
            "progress",
            {"kind": "step", "key": "GOAL", "status": "done"},
            400,
            "That is not part of this version of the plan.",
        ),
        ("progress", {"kind": "plan", "key": "GOAL", "status": "done"}, 422, "kind"),
        ("share", {"edit_version": "two"}, 422, "edit_version"),
        ("revise", {"reason": "  "}, 400, "Only an acknowledged version is revised"),
        ("acknowledge", {"name": "Amara", "on": "2026-02-30"}, 422, "on"),
    ],
)
def test_bad_input_gets_a_clear_4xx_and_nothing_changes(world, draft, where, body, status, says):
    version, goal = draft
    nia = Api(world.navigator)
    if where == "goals":
        body = {**goal_body(version.edit_version, needs=[1]), **body}
    elif where in ("long-term-goals", "share"):
        body = {"edit_version": version.edit_version, **body}
    body = {k: (str(goal.key) if v == "GOAL" else v) for k, v in body.items()}
    before = everything(audit=False)
    response = nia.call("POST", f"/plan-versions/{version.public_id}/{where}", body)
    assert response.status_code == status, response.content
    assert says in json.dumps(response.json(), ensure_ascii=False)
    assert everything(audit=False) == before


def test_revising_needs_a_reason_and_comparing_needs_one_plan(world, acknowledged):
    version, _ = acknowledged
    other = actions.start_plan(by=world.navigator2, enrollment=world.bo)
    sam = Api(world.supervisor)
    before = everything(audit=False)
    blank = sam.call("POST", f"/plan-versions/{version.public_id}/revise", {"reason": "  "})
    assert blank.status_code == 400
    assert blank.json() == {"detail": "Say why the plan is changing.", "field": "reason"}
    mixed = sam.call("GET", f"/plan-versions/{version.public_id}/compare/{other.public_id}")
    assert mixed.status_code == 400
    assert mixed.json() == {"detail": "Compare two versions of the same plan.", "field": "other_id"}
    assert everything(audit=False) == before


def test_acknowledgement_dates_are_checked(world):
    needs = three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    actions.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=actions.GoalData(text="Open a savings account", needs=[needs[1]]),
        expected=1,
    )
    version = actions.share(by=world.navigator, version=version, expected=2)
    nia = Api(world.navigator)
    before = everything(audit=False)
    response = nia.call(
        "POST",
        f"/plan-versions/{version.public_id}/acknowledge",
        {"name": "Amara", "on": (TODAY() + timedelta(days=1)).isoformat()},
    )
    assert response.json() == {"detail": "The date cannot be in the future.", "field": "on"}
    blank = nia.call(
        "POST",
        f"/plan-versions/{version.public_id}/acknowledge",
        {"name": " ", "on": TODAY().isoformat()},
    )
    assert blank.json() == {
        "detail": "They type their name to acknowledge the plan.",
        "field": "name",
    }
    assert everything(audit=False) == before


@pytest.fixture
def private_plan(world):
    """Chen (Home Base) has a goal answering a mental-health need; v1 acknowledged, v2 draft."""
    need = add_need(
        by=world.navigator2,
        enrollment=world.chen,
        domain="mental_health",
        description="CANARY-NEED sleep and worry",
    )
    housing = add_need(
        by=world.navigator2, enrollment=world.chen, domain="housing", description="A flat"
    )
    version = actions.start_plan(by=world.navigator2, enrollment=world.chen)
    goal = actions.save_goal(
        by=world.navigator2,
        version=version,
        goal=None,
        data=actions.GoalData(
            text="CANARY-GOAL see Dr. Lee about sleep",
            needs=[need],
            measure="CANARY-MEASURE",
            strengths="CANARY-STRENGTH",
            steps=[actions.StepData(what="CANARY-STEP book the visit")],
            services=[actions.ServiceData(what="CANARY-SERVICE rides")],
        ),
        expected=1,
    )
    actions.save_goal(
        by=world.navigator2,
        version=version,
        goal=None,
        data=actions.GoalData(text="Visit 2 flats on Elm St", needs=[housing]),
        expected=2,
    )
    actions.record_progress(
        by=world.navigator2,
        plan=version.plan,
        kind="goal",
        key=goal.key,
        status="set_aside",
        reason="CANARY-REASON",
    )
    version = actions.share(by=world.navigator2, version=version, expected=3)
    actions.acknowledge(by=world.navigator2, version=version, typed_name="Fang", on=TODAY())
    second = actions.revise(by=world.navigator2, version=version, reason="New season")
    copy = Goal.objects.get(version=second, key=goal.key)
    actions.save_goal(
        by=world.navigator2,
        version=second,
        goal=copy,
        data=actions.GoalData(text="CANARY-GOAL2 see Dr. Lee monthly", needs=[need]),
        expected=second.edit_version,
    )
    return fresh(version), fresh(second), goal, copy


def test_private_goals_never_reach_staff_without_access(world, private_plan):
    first, second, goal, copy = private_plan
    pat, noor = Api(world.staff), Api(world.navigator2)
    paths = [
        f"/enrollments/{world.chen.public_id}/plan",
        f"/plan-versions/{first.public_id}",
        f"/plan-versions/{second.public_id}",
        f"/plan-versions/{second.public_id}/compare/{first.public_id}",
    ]
    for path in paths:
        response = pat.call("GET", path)
        assert response.status_code == 200, path
        assert b"CANARY" not in response.content, path
    for path in paths[1:]:
        assert "CANARY" in noor.call("GET", path).content.decode(), path
    body = pat.call("GET", f"/plan-versions/{first.public_id}").json()
    assert body["goals"][0] == {
        "id": str(goal.public_id),
        "key": str(goal.key),
        "number": 1,
        "private": True,
        "needs": [1],
    }
    assert body["goals"][1]["text"] == "Visit 2 flats on Elm St"
    assert body["needs"][0]["private"] is True
    assert body["needs"][0]["description"] is None
    noor_goal = noor.call("GET", f"/plan-versions/{first.public_id}").json()["goals"][0]
    assert (noor_goal["text"], noor_goal["status_reason"]) == (
        "CANARY-GOAL see Dr. Lee about sleep",
        "CANARY-REASON",
    )
    assert noor.call("GET", f"/plan-versions/{second.public_id}/compare/{first.public_id}").json()[
        0
    ] == {
        "what": "Goal 1: goal",
        "before": "CANARY-GOAL see Dr. Lee about sleep",
        "after": "CANARY-GOAL2 see Dr. Lee monthly",
    }

    # Nor can they change what they cannot read.
    before = everything(audit=False)
    e = second.edit_version
    for method, path, body in [
        ("PATCH", f"/goals/{copy.public_id}", {"edit_version": e, "text": "Forged"}),
        ("POST", f"/goals/{copy.public_id}/remove", {"edit_version": e}),
        (
            "POST",
            f"/plan-versions/{second.public_id}/progress",
            {"kind": "goal", "key": str(copy.key), "status": "achieved"},
        ),
    ]:
        response = pat.call(method, path, body)
        assert response.status_code == 400, path
        assert response.json() == {
            "detail": "Only the roles this program allows can change a goal that answers "
            "a private need."
        }
        assert b"CANARY" not in response.content
    assert everything(audit=False) == before


def test_outsider_gets_404_everywhere_and_nothing_changes(world, acknowledged):
    version, goal = acknowledged
    second = actions.revise(by=world.navigator, version=version, reason="New job")
    olga = Api(world.outsider)
    before = everything()
    e, v, s = world.amara.public_id, version.public_id, second.public_id
    for method, path, body in [
        ("GET", f"/enrollments/{e}/plan", None),
        ("POST", f"/enrollments/{e}/plan", None),
        ("GET", f"/plan-versions/{v}", None),
        ("POST", f"/plan-versions/{s}/long-term-goals", {"edit_version": 1, "goals": []}),
        ("POST", f"/plan-versions/{s}/goals", goal_body(1, needs=[1])),
        ("PATCH", f"/goals/{goal.public_id}", {"edit_version": 1, "text": "Forged"}),
        ("POST", f"/goals/{goal.public_id}/remove", {"edit_version": 1}),
        ("POST", f"/plan-versions/{s}/share", {"edit_version": 1}),
        ("POST", f"/plan-versions/{s}/back-to-draft", None),
        ("POST", f"/plan-versions/{s}/acknowledge", {"name": "Olga", "on": TODAY().isoformat()}),
        ("POST", f"/plan-versions/{v}/revise", {"reason": "Forged"}),
        ("GET", f"/plan-versions/{s}/compare/{v}", None),
        (
            "POST",
            f"/plan-versions/{v}/progress",
            {"kind": "goal", "key": str(goal.key), "status": "achieved"},
        ),
    ]:
        response = olga.call(method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
        assert b"savings" not in response.content
    assert everything() == before


def test_auditor_reads_but_cannot_write(world, acknowledged):
    version, goal = acknowledged
    aud = Api(world.auditor)
    e, v = world.amara.public_id, version.public_id
    for path in (
        f"/enrollments/{e}/plan",
        f"/plan-versions/{v}",
        f"/plan-versions/{v}/compare/{v}",
    ):
        assert aud.call("GET", path).status_code == 200, path
    before = everything(audit=False)
    for method, path, body in [
        ("POST", f"/enrollments/{e}/plan", None),
        ("POST", f"/plan-versions/{v}/goals", goal_body(1, needs=[1])),
        ("PATCH", f"/goals/{goal.public_id}", {"edit_version": 1, "text": "Forged"}),
        ("POST", f"/plan-versions/{v}/revise", {"reason": "Forged"}),
        (
            "POST",
            f"/plan-versions/{v}/progress",
            {"kind": "goal", "key": str(goal.key), "status": "achieved"},
        ),
    ]:
        assert aud.call(method, path, body).status_code == 404, (method, path)
    assert everything(audit=False) == before
