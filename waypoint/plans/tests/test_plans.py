"""The ISP through real requests: goals traced to needs, steps and services, sharing,
acknowledgement, revision with a visible difference, progress and privacy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from waypoint.assessments.actions import add_need
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused
from waypoint.plans import actions
from waypoint.plans.models import Goal, GoalNeed, LongTermGoal, PlanVersion, Progress, Step
from waypoint.tests.helpers import snapshot, three_needs


def goal_post(version, **extra):
    data = {
        "edit_version": version.edit_version,
        "text": "Apply to 3 warehouse jobs near the 12 bus line",
        "needs": ["2"],
        "measure": "3 applications sent",
        "target_date": (timezone.localdate() + timedelta(days=21)).isoformat(),
        "strengths": "Reliable, on time",
        "achievable_confirmed": "on",
        "realistic_confirmed": "on",
        "step-0-what": "Update my résumé with Ms. Ortiz",
        "step-0-who": "participant",
        "step-0-due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "step-1-what": "Send two job leads",
        "step-1-who": "navigator",
        "service-0-what": "Job search coaching",
        "service-0-provider": "navigator",
        "service-0-how_often": "weekly",
    }
    data.update(extra)
    return data


def fresh(version):
    return PlanVersion.objects.get(pk=version.pk)


def test_a_plan_from_start_to_acknowledged_and_revised(world, as_user):
    three_needs(world, world.amara)
    client = as_user(world.navigator)
    response = client.post(f"/enrollments/{world.amara.public_id}/plan/")
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan__enrollment=world.amara)
    assert (version.number, version.status) == (1, "draft")
    plan_url = f"/plans/{version.public_id}/"
    assert response["Location"] == plan_url

    response = client.post(
        f"{plan_url}long-term/",
        {"edit_version": 1, "lt-0-words": "I want my own place to live", "lt-0-key": ""},
    )
    assert response.status_code == 302
    long_term = LongTermGoal.objects.get(version=version)
    response = client.post(
        f"{plan_url}goals/new/", goal_post(fresh(version), long_term=str(long_term.key))
    )
    assert response.status_code == 302, response.content.decode()
    response = client.post(
        f"{plan_url}goals/new/",
        goal_post(
            fresh(version),
            text="Get a monthly bus pass",
            needs=["3"],
            measure="Pass in hand",
            **{"step-0-what": "Ask about the reduced fare card", "step-1-what": ""},
        ),
    )
    assert response.status_code == 302
    goals = list(Goal.objects.filter(version=version).order_by("position"))
    assert [g.text for g in goals] == [
        "Apply to 3 warehouse jobs near the 12 bus line",
        "Get a monthly bus pass",
    ]
    assert goals[0].long_term_key == long_term.key
    assert [s.what for s in goals[0].steps.all()] == [
        "Update my résumé with Ms. Ortiz",
        "Send two job leads",
    ]
    page = client.get(plan_url).content.decode()
    assert "“I want my own place to live”" in page
    assert "SMARTS check: Meets 6 of 6" in page
    # Need 1 has no goal: highlighted, in words too.
    assert "Numbers correspond: need 1 has no goal yet." in page
    assert "No goal yet" in page

    response = client.post(f"{plan_url}share/", {"edit_version": fresh(version).edit_version})
    assert response.status_code == 302
    assert fresh(version).status == "shared"
    # The participant reads it on the focused screen and acknowledges with their name.
    page = client.get(f"{plan_url}acknowledge/").content.decode()
    assert "Amara, this is your plan" in page
    assert "usa-nav" not in page
    response = client.post(f"{plan_url}acknowledge/", {"name": "", "on": "", "agree": ""})
    assert response.status_code == 400
    assert "Type your name to say this plan is yours." in response.content.decode()
    today = timezone.localdate()
    response = client.post(
        f"{plan_url}acknowledge/", {"name": "Amara Okafor", "on": today.isoformat(), "agree": "on"}
    )
    assert response.status_code == 302
    done = fresh(version)
    assert (done.status, done.acknowledged_name, done.acknowledged_on) == (
        "acknowledged",
        "Amara Okafor",
        today,
    )
    assert done.acknowledged_recorded_by == world.navigator
    enrollment = Enrollment.objects.get(pk=world.amara.pk)
    assert enrollment.isp_done_on == today
    assert enrollment.isp_due_on is None

    response = client.post(f"{plan_url}revise/", {"reason": ""})
    assert response.status_code == 400
    assert "Say why the plan is changing." in response.content.decode()
    response = client.post(f"{plan_url}revise/", {"reason": "Amara found a room; new focus"})
    assert response.status_code == 302
    second = PlanVersion.objects.get(plan=version.plan, number=2)
    assert second.status == "draft"
    copy = Goal.objects.get(version=second, position=1)
    assert copy.key == goals[0].key
    response = client.post(
        f"/goals/{copy.public_id}/edit/",
        goal_post(second, long_term=str(long_term.key), measure="5 applications sent"),
    )
    assert response.status_code == 302
    page = client.get(f"/plans/{second.public_id}/compare/?with={version.public_id}")
    text = page.content.decode()
    assert "What changed from version 1 to version 2" in text
    assert "<del>3 applications sent</del>" in text
    assert "<ins>5 applications sent</ins>" in text
    # Version 1 stays exactly as acknowledged.
    assert Goal.objects.get(version=version, position=1).measure == "3 applications sent"


def test_acknowledged_versions_never_change_by_any_route(world, as_user):
    needs = three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    goal = actions.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=actions.GoalData(text="Open a savings account", needs=[needs[1]]),
        expected=1,
    )
    version = actions.share(by=world.navigator, version=version, expected=2)
    actions.acknowledge(
        by=world.navigator, version=version, typed_name="Amara", on=timezone.localdate()
    )
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    plan_url = f"/plans/{version.public_id}/"
    for path, data in [
        (f"{plan_url}long-term/", {"edit_version": 3, "lt-0-words": "Forged"}),
        (f"{plan_url}goals/new/", goal_post(fresh(version))),
        (f"/goals/{goal.public_id}/edit/", goal_post(fresh(version))),
        (f"/goals/{goal.public_id}/remove/", {"edit_version": fresh(version).edit_version}),
        (f"{plan_url}share/", {"edit_version": fresh(version).edit_version}),
        (f"{plan_url}back-to-draft/", {}),
        (f"{plan_url}acknowledge/", {"name": "Someone", "on": "2026-01-01", "agree": "on"}),
    ]:
        response = client.post(path, data)
        assert response.status_code in (302, 400), path
    assert snapshot(audit=False) == before
    with pytest.raises(ActionRefused, match="acknowledged by the participant"):
        actions.save_goal(
            by=world.navigator,
            version=fresh(version),
            goal=goal,
            data=actions.GoalData(text="Forged", needs=[needs[0]]),
            expected=fresh(version).edit_version,
        )
    # And the database refuses whatever gets past the code.
    for query in (
        lambda: PlanVersion.objects.filter(pk=version.pk).update(acknowledged_name="Forged"),
        lambda: Goal.objects.filter(pk=goal.pk).update(text="Forged"),
        lambda: Step.objects.create(version=version, goal=goal, position=9, what="Forged"),
        lambda: GoalNeed.objects.filter(goal=goal).delete(),
        lambda: LongTermGoal.objects.create(version=version, position=1, words="Forged"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            query()
    assert Goal.objects.get(pk=goal.pk).text == "Open a savings account"


def test_two_people_editing_one_draft(world, as_user):
    three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    stale = version.edit_version
    actions.save_long_term_goals(
        by=world.supervisor, version=version, goals=[(None, "A place of my own")], expected=stale
    )
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(f"/plans/{version.public_id}/goals/new/", goal_post(version))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Sam Supervisor saved changes since you opened this page (long-term goals)" in text
    assert "Apply to 3 warehouse jobs" in text  # what they typed is still there
    assert snapshot(audit=False) == before


def test_a_goal_must_name_a_need_and_bad_input_keeps_what_was_typed(world, as_user):
    three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(
        f"/plans/{version.public_id}/goals/new/",
        goal_post(version, needs=[], target_date="next friday"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose at least one numbered need this goal answers." in text
    assert "Use a date like 2027-03-31." in text
    assert "Update my résumé with Ms. Ortiz" in text
    assert snapshot(audit=False) == before


def test_smarts_advises_but_never_blocks(world, as_user):
    three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    client = as_user(world.navigator)
    response = client.post(
        f"/plans/{version.public_id}/goals/new/",
        {"edit_version": 1, "text": "Get a job", "needs": ["2"]},
    )
    assert response.status_code == 302
    page = client.get(f"/plans/{version.public_id}/").content.decode()
    assert "SMARTS check: Meets 0 of 6" in page or "SMARTS check: Meets 1 of 6" in page
    assert "No date" in page
    assert "Only they can confirm it" in page or "only they can" in page.lower()


def test_goal_progress_over_time_and_celebration(world, as_user):
    needs = three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    goal = actions.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=actions.GoalData(
            text="Get a state ID",
            needs=[needs[0]],
            steps=[actions.StepData(what="Gather birth certificate")],
        ),
        expected=1,
    )
    client = as_user(world.navigator)
    url = f"/goals/{goal.public_id}/progress/"
    response = client.post(url, {"status": "set_aside", "reason": ""}, follow=True)
    assert "Note the participant&#x27;s reason for setting the goal aside." in (
        response.content.decode()
    )
    assert Progress.objects.count() == 0
    client.post(url, {"status": "in_progress"})
    step = goal.steps.get()
    client.post(f"/goals/{goal.public_id}/steps/{step.key}/progress/", {"status": "done"})
    response = client.post(url, {"status": "achieved"}, follow=True)
    page = response.content.decode()
    assert "Goal 1 achieved. Celebrate it with Amara!" in page
    assert "Well done, Amara!" in page
    assert list(Progress.objects.order_by("pk").values_list("kind", "status")) == [
        ("goal", "in_progress"),
        ("step", "done"),
        ("goal", "achieved"),
    ]
    with pytest.raises(DatabaseError), transaction.atomic():
        Progress.objects.all().delete()


def test_private_goals_are_hidden_on_page_and_print(world, as_user):
    """Pat (staff in Home Base) may not read mental-health details; Noor may."""
    need = add_need(
        by=world.navigator2,
        enrollment=world.chen,
        domain="mental_health",
        description="CANARY-NEED sleep and worry",
    )
    version = actions.start_plan(by=world.navigator2, enrollment=world.chen)
    actions.save_goal(
        by=world.navigator2,
        version=version,
        goal=None,
        data=actions.GoalData(
            text="CANARY-GOAL see Dr. Lee about sleep",
            needs=[need],
            steps=[actions.StepData(what="CANARY-STEP book the visit")],
        ),
        expected=1,
    )
    for path in (f"/plans/{version.public_id}/", f"/plans/{version.public_id}/print/"):
        page = as_user(world.staff).get(path).content.decode()
        assert "CANARY" not in page, path
        assert "Private: this goal answers a private need" in page
        page = as_user(world.navigator2).get(path).content.decode()
        assert "CANARY-GOAL" in page


def test_outsiders_and_read_only_roles_change_nothing(world, as_user):
    three_needs(world, world.amara)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    before = snapshot(audit=False)
    outsider = as_user(world.outsider)
    assert outsider.get(f"/plans/{version.public_id}/").status_code == 404
    assert (
        outsider.post(f"/plans/{version.public_id}/goals/new/", goal_post(version)).status_code
        == 404
    )
    auditor = as_user(world.auditor)
    assert auditor.get(f"/plans/{version.public_id}/").status_code == 200
    assert (
        auditor.post(f"/plans/{version.public_id}/share/", {"edit_version": 1}).status_code == 404
    )
    assert snapshot(audit=False) == before


def test_the_participant_page_shows_the_plan_and_its_deadline(world, as_user):
    client = as_user(world.navigator)
    page = client.get(f"/participants/{world.amara.participant.public_id}/").content.decode()
    assert "Write the service plan together" in page
    assert f"Due: acknowledged by {world.amara.isp_due_on:%b} " in page
    actions.start_plan(by=world.navigator, enrollment=world.amara)
    page = client.get(f"/participants/{world.amara.participant.public_id}/").content.decode()
    assert "Version 1</a>: draft" in page


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
    with pytest.raises(ActionRefused, match="future"):
        actions.acknowledge(
            by=world.navigator,
            version=version,
            typed_name="Amara",
            on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(ActionRefused, match="before the plan was shared"):
        actions.acknowledge(
            by=world.navigator, version=version, typed_name="Amara", on=date(2020, 1, 1)
        )
    assert fresh(version).status == "shared"


def test_private_goals_cannot_be_opened_or_changed_by_roles_without_access(world, as_user):
    need = add_need(
        by=world.navigator2, enrollment=world.chen, domain="mental_health", description="Sleep"
    )
    version = actions.start_plan(by=world.navigator2, enrollment=world.chen)
    goal = actions.save_goal(
        by=world.navigator2,
        version=version,
        goal=None,
        data=actions.GoalData(text="CANARY see Dr. Lee", needs=[need, need]),
        expected=1,
    )
    assert GoalNeed.objects.filter(goal=goal).count() == 1  # a need named twice counts once
    client = as_user(world.staff)
    before = snapshot(audit=False)
    response = client.get(f"/goals/{goal.public_id}/edit/", follow=True)
    assert "CANARY" not in response.content.decode()
    assert actions.PRIVATE_GOAL in response.content.decode()
    client.post(f"/goals/{goal.public_id}/remove/", {"edit_version": fresh(version).edit_version})
    client.post(f"/goals/{goal.public_id}/progress/", {"status": "achieved"})
    assert snapshot(audit=False) == before
    assert Goal.objects.filter(pk=goal.pk).exists()
