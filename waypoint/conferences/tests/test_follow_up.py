"""After a conference, for staff: action items on the owner's and the facilitator's home
page, the conference on the participant's timeline, items on the plan's goals, the
printable record of one participant's discussion, and the counts on the supervision
page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.accounts.models import Program
from waypoint.audit.models import AuditEvent
from waypoint.conferences import actions
from waypoint.conferences.models import ActionItem
from waypoint.conferences.tests.conftest import Meeting
from waypoint.conferences.tests.signed import hold
from waypoint.consent.models import SENSITIVE
from waypoint.enrollments.actions import enroll, enroll_new_participant
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db

CANARIES = {str(c): f"Canary-{c}-7Q" for c in SENSITIVE}
TODAY = timezone.localdate


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_of(user: Any, url: str) -> str:
    response = signed_in(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def close_url(item: ActionItem) -> str:
    return f"/conference-actions/{item.public_id}/close/"


def print_url(meeting: Meeting) -> str:
    return f"/discussions/{meeting.amara.public_id}/print/"


def participant_url(world: Any) -> str:
    return f"/participants/{world.amara.participant.public_id}/"


def private_item(world: Any, meeting: Meeting, category: str) -> ActionItem:
    """A private contribution, summary and item about Amara, before signing."""
    canary = CANARIES[category]
    actions.add_contribution(
        by=world.supervisor,
        discussion=meeting.amara,
        attendee=meeting.sam,
        barriers=f"{canary} contribution",
        sensitive=[category],
    )
    actions.save_summary(
        by=world.supervisor,
        discussion=meeting.amara,
        expected_version=meeting.amara.version,
        strengths="Plain strengths",
        barriers=f"{canary} summary",
        service_needs="",
        confirmed=True,
        sensitive=[category],
    )
    return actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what=f"{canary} item",
        due_on=TODAY() - timedelta(days=1),
        owner_user=world.navigator,
        sensitive=[category],
    )


# --- Home -----------------------------------------------------------------------------------


def test_my_open_items_are_on_my_home_with_overdue_in_words(world: Any, meeting: Meeting):
    hold(world, meeting, sign=False)
    assert "Call the shift manager" not in html_of(world.navigator, "/caseload/")
    actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    html = html_of(world.navigator, "/caseload/")
    assert "Call the shift manager about Tuesdays" in html
    assert "Youth Works and partners" in html and "Amara" in html
    assert "Hold a Saturday box" not in html  # Pia's
    assert "Overdue from your conferences" not in html  # Nia did not facilitate


def test_overdue_items_show_on_the_owner_and_the_facilitator_home(world: Any, meeting: Meeting):
    held = hold(world, meeting, due=TODAY() - timedelta(days=2))
    html = html_of(world.navigator, "/caseload/")
    assert "Overdue by 2 days" in html
    sam = html_of(world.supervisor, "/caseload/")
    assert "Overdue from your conferences" in sam
    assert "Call the shift manager about Tuesdays" in sam and "Nia Navigator" in sam
    assert "Hold a Saturday box" in sam and "Pia Partner" in sam
    assert f"/discussions/{meeting.amara.public_id}/print/" in sam
    actions.close_action_item(by=world.navigator, item=held.mine, status="done")
    sam = html_of(world.supervisor, "/caseload/")
    assert "Call the shift manager" not in sam and "Hold a Saturday box" in sam


def test_marking_an_item_done_from_home(world: Any, meeting: Meeting):
    held = hold(world, meeting)
    client = signed_in(world.navigator)
    response = client.post(close_url(held.mine), {"status": "done", "back": "home"})
    assert response.status_code == 302 and response["Location"] == "/caseload/"
    item = ActionItem.objects.get(pk=held.mine.pk)
    assert item.status == "done" and item.closed_by == world.navigator
    assert AuditEvent.objects.filter(
        actor=world.navigator, action="update", object_id=str(item.public_id)
    ).exists()
    html = client.get("/caseload/").content.decode()
    assert "is marked done" in html and "Mark done<" not in html


def test_bad_input_closes_nothing(world: Any, meeting: Meeting):
    held = hold(world, meeting)
    client = signed_in(world.navigator)
    before = snapshot(audit=False)
    for data, words in (
        ({"status": "bogus"}, "Mark it done or no longer needed."),
        ({"status": "released", "reason": "  "}, "Say why it is no longer needed."),
        ({"status": "done", "reason": "x" * 501}, "Keep it under 500 characters."),
    ):
        response = client.post(close_url(held.mine), {**data, "back": "home"}, follow=True)
        assert words in response.content.decode()
    assert snapshot(audit=False) == before
    client.post(close_url(held.mine), {"status": "done"})
    response = client.post(close_url(held.mine), {"status": "done"}, follow=True)
    assert "already marked done" in response.content.decode()


def test_others_may_not_close_or_print_and_nothing_changes(world: Any, meeting: Meeting):
    held = hold(world, meeting)
    # Noor navigates in Youth Works but Amara is not hers; Pat works in Home Base only.
    before = snapshot()
    for user in (world.navigator2, world.staff, world.outsider, world.auditor, world.partner):
        client = signed_in(user)
        assert client.post(close_url(held.mine), {"status": "done"}).status_code == 404
        if user is not world.auditor:
            assert client.get(print_url(meeting)).status_code == 404
    assert snapshot() == before


def test_a_private_item_is_hidden_from_an_owner_whose_role_does_not_read_it(world, meeting):
    hold(world, meeting, sign=False)
    private_item(world, meeting, "substance_use")
    actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    assert "Canary-substance_use" in html_of(world.navigator, "/caseload/")
    Program.objects.filter(pk=world.youth.pk).update(sensitive_roles=["supervisor"])
    html = html_of(world.navigator, "/caseload/")
    assert "A private action item" in html and "Canary" not in html
    response = signed_in(world.navigator).post(
        close_url(ActionItem.objects.get(what__startswith="Canary")),
        {"status": "done"},
        follow=True,
    )
    assert "The private action item is marked done" in response.content.decode()
    assert "Canary" not in response.content.decode()


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_items(world: Any, n: int) -> None:
    """Another signed team conference with ``n`` people, each with an overdue item for
    Nia, facilitated by Sam."""
    conference = actions.create_conference(
        by=world.supervisor,
        program=world.youth,
        kind="team",
        title="Team",
        starts_at=timezone.now() - timedelta(hours=3),
        place="Room 1",
    )
    sam = conference.attendees.get(user=world.supervisor)
    actions.assign_roles(
        by=world.supervisor, conference=conference, facilitator=sam, timekeeper=sam, notetaker=sam
    )
    actions.record_attendance(
        by=world.supervisor, conference=conference, attendance={sam.pk: "attended"}
    )
    for i in range(n):
        enrollment = enroll_new_participant(
            by=world.admin,
            program=world.youth,
            data={"preferred_name": f"Person {i}"},
            navigator=world.navigator,
            status="enrolled",
            override_reason="testing many",
        )
        talk = actions.add_discussion(
            by=world.supervisor, conference=conference, enrollment=enrollment, reason="x"
        )
        actions.add_action_item(
            by=world.supervisor,
            discussion=talk,
            what=f"Item {i}",
            due_on=TODAY() - timedelta(days=1),
            owner_user=world.navigator,
            sensitive=["justice"] if i % 2 else [],
        )
    actions.sign_minutes(by=world.supervisor, conference=conference)


def test_home_query_count_does_not_grow_with_items(world: Any):
    more_items(world, 1)
    nia, sam = signed_in(world.navigator), signed_in(world.supervisor)
    small = (count(nia, "/caseload/"), count(sam, "/caseload/"))
    more_items(world, 5)
    big = (count(nia, "/caseload/"), count(sam, "/caseload/"))
    assert "Item 4" in nia.get("/caseload/").content.decode()
    assert small == big


# --- The timeline and the plan ------------------------------------------------------------------


def test_the_timeline_shows_the_signed_conference_and_its_outcomes(world: Any, meeting: Meeting):
    held = hold(world, meeting, sign=False)
    assert "Youth Works and partners" not in html_of(world.navigator, participant_url(world))
    actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    html = html_of(world.navigator, participant_url(world))
    assert "discussed at the interagency conference “Youth Works and partners”" in html
    assert "Summary confirmed with the group" in html and "Steady, organised" in html
    assert "Call the shift manager about Tuesdays (Nia Navigator" in html
    assert "Hold a Saturday box (Pia Partner" in html
    assert print_url(meeting) in html
    actions.close_action_item(by=world.navigator, item=held.mine, status="done")
    html = html_of(world.navigator, participant_url(world))
    assert f"(Nia Navigator, by {held.mine.due_on:%b} {held.mine.due_on.day}, " in html
    assert "): done" in html


def test_the_timeline_shows_only_conferences_of_enrollments_the_viewer_opens(world, meeting):
    hold(world, meeting)
    # Amara is also in Home Base, with Noor: Noor sees her, and nothing of Youth Works.
    enroll(
        by=world.admin,
        participant=world.amara.participant,
        program=world.home,
        navigator=world.navigator2,
        status="enrolled",
    )
    html = html_of(world.navigator2, participant_url(world))
    assert "Amara" in html and "Youth Works and partners" not in html
    assert "Call the shift manager" not in html


def test_a_private_canary_stays_off_the_timeline_for_a_role_that_does_not_read_it(world, meeting):
    hold(world, meeting, sign=False)
    private_item(world, meeting, "mental_health")
    actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    assert "Canary-mental_health" in html_of(world.navigator, participant_url(world))
    html = html_of(world.auditor, participant_url(world))  # reads the program, not private
    assert "Youth Works and partners" in html
    assert "Canary" not in html and "A private action item" in html
    assert "The summary mentions private details your role does not read." in html


def test_the_plan_goals_show_their_conference_items(world: Any, meeting: Meeting):
    from waypoint.assessments.actions import add_need
    from waypoint.plans.actions import GoalData, save_goal, start_plan

    version = start_plan(by=world.navigator, enrollment=world.amara)
    need = add_need(
        by=world.navigator, enrollment=world.amara, domain="food", description="Food on weekends"
    )
    goal = save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=GoalData(text="Groceries every weekend", needs=[need]),
        expected=version.edit_version,
    )
    hold(world, meeting, sign=False)
    actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what="Sign up for Saturday boxes",
        due_on=TODAY() + timedelta(days=5),
        owner_user=world.navigator,
        goal_key=goal.key,
    )
    actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what=f"{CANARIES['justice']} goal item",
        due_on=TODAY() + timedelta(days=5),
        owner_user=world.navigator,
        goal_key=goal.key,
        sensitive=["justice"],
    )
    url = f"/plans/{version.public_id}/"
    assert "Sign up for Saturday boxes" not in html_of(world.navigator, url)  # not signed yet
    actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    html = html_of(world.navigator, url)
    assert "Agreed in case conferences" in html
    assert "Sign up for Saturday boxes (Nia Navigator" in html and "Canary-justice" in html
    assert "Call the shift manager" not in html  # linked to no goal
    html = html_of(world.auditor, url)
    assert "Sign up for Saturday boxes" in html
    assert "Canary" not in html and "A private action item" in html


# --- The printable record -----------------------------------------------------------------------


def test_the_printable_record_of_one_participant(world: Any, meeting: Meeting):
    hold(world, meeting)
    actions.add_minutes_addendum(
        by=world.navigator,
        conference=meeting.conference,
        discussion=meeting.amara,
        text="The pantry opens at 5, not 6.",
    )
    html = html_of(world.supervisor, print_url(meeting))
    for words in (
        "Amara: Youth Works and partners",
        "New barriers since the plan",
        "Pia Partner",
        "Harbor Food Bank",
        "Came",
        "Comes every week",
        "Steady, organised",
        "Confirmed with the group.",
        "Call the shift manager about Tuesdays",
        "Hold a Saturday box",
        "The pantry opens at 5, not 6.",
        "Minutes signed</strong> by Nia Navigator",
    ):
        assert words in html, words
    assert "王芳" not in html and "Ready to plan" not in html
    assert AuditEvent.objects.filter(
        actor=world.supervisor,
        action="view",
        object_type="conference_discussion",
        participant_id=world.amara.participant_id,
    ).exists()


def test_the_record_leaves_out_other_participants(world: Any):
    conference = actions.create_conference(
        by=world.supervisor,
        program=world.youth,
        kind="family",
        title="Family meeting",
        starts_at=timezone.now() - timedelta(hours=1),
        place="Home",
    )
    sam = conference.attendees.get(user=world.supervisor)
    actions.add_attendee(
        by=world.supervisor,
        conference=conference,
        kind="participant",
        participant=world.bo.participant,
    )
    amara = actions.add_discussion(
        by=world.supervisor, conference=conference, enrollment=world.amara, reason="Her plan"
    )
    bo = actions.add_discussion(
        by=world.supervisor, conference=conference, enrollment=world.bo, reason="Their plan"
    )
    actions.add_contribution(
        by=world.supervisor, discussion=bo, attendee=sam, strengths="Bo-secret strengths"
    )
    html = html_of(world.supervisor, f"/discussions/{amara.public_id}/print/")
    assert "Her plan" in html and "Another participant" in html
    assert "Their plan" not in html
    assert "Bo" not in html and "Nguy" not in html
    assert "Not signed yet" in html


@pytest.mark.parametrize("category", sorted(CANARIES))
def test_a_private_canary_never_reaches_a_print_for_a_role_that_does_not_read_it(
    world, meeting, category
):
    hold(world, meeting, sign=False)
    private_item(world, meeting, category)
    actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    assert CANARIES[category] in html_of(world.supervisor, print_url(meeting))
    html = html_of(world.auditor, print_url(meeting))
    assert "Canary" not in html and "Plain strengths" not in html
    assert "A private action item" in html and "Left out:" in html
    assert "Comes every week" in html  # what is not private stays


def test_the_print_query_count_does_not_grow(world: Any, meeting: Meeting):
    hold(world, meeting, sign=False)
    client = signed_in(world.supervisor)
    small = count(client, print_url(meeting))
    for n in range(4):
        actions.add_action_item(
            by=world.supervisor,
            discussion=meeting.amara,
            what=f"Step {n}",
            due_on=TODAY(),
            owner_attendee=meeting.pia,
        )
        actions.add_contribution(
            by=world.supervisor, discussion=meeting.amara, attendee=meeting.nia, ideas=f"Idea {n}"
        )
    big = count(client, print_url(meeting))
    assert small == big


# --- Supervision ---------------------------------------------------------------------------------


def test_supervision_counts_conferences_people_and_items_done_on_time(world, meeting):
    held = hold(world, meeting, due=TODAY(), sign=False)

    def item(what: str, days: int) -> ActionItem:
        return actions.add_action_item(
            by=world.supervisor,
            discussion=meeting.amara,
            what=what,
            due_on=TODAY() + timedelta(days=days),
            owner_user=world.navigator,
        )

    late, gone, ahead = item("Late", -3), item("Gone", -2), item("Not due yet", 10)
    actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    nia = world.navigator
    actions.close_action_item(by=nia, item=held.mine, status="done")  # on time
    actions.close_action_item(by=nia, item=late, status="done")  # after its date
    actions.close_action_item(by=nia, item=gone, status="released", reason="Moved away")
    actions.close_action_item(by=nia, item=ahead, status="done")  # early, not due yet
    html = html_of(world.supervisor, "/supervision/")
    youth = html[html.index("Youth Works</h3>") :]
    assert "Case conferences held in 90 days</dt><dd>1<" in youth
    assert "discussed in 90 days</dt><dd>1<" in youth
    # Due: Nia's and Pia's (today) and the late one; on time: Nia's.
    assert "1 of 3 due in 90 days (33%)" in youth
    home = html[html.index("Home Base</h3>") : html.index("Youth Works</h3>")]
    assert "Case conferences held in 90 days</dt><dd>0<" in home
    assert "None due in 90 days" in home


def test_supervision_query_count_does_not_grow_with_conferences(world: Any):
    client = signed_in(world.supervisor)
    more_items(world, 1)
    small = count(client, "/supervision/")
    more_items(world, 3)
    more_items(world, 2)
    big = count(client, "/supervision/")
    assert small == big


def test_the_participant_page_query_count_does_not_grow_with_conferences(world, meeting):
    hold(world, meeting)
    readers = [signed_in(u) for u in (world.navigator, world.supervisor, world.auditor)]
    small = [count(client, participant_url(world)) for client in readers]
    for n in range(3):
        conference = actions.schedule_follow_up(
            by=world.supervisor,
            conference=meeting.conference,
            starts_at=meeting.conference.starts_at + timedelta(days=7 * (n + 1)),
        )
        chair = conference.attendees.get(user=world.supervisor)
        others = conference.attendees.exclude(pk=chair.pk)
        actions.record_attendance(
            by=world.supervisor,
            conference=conference,
            attendance={a.pk: "absent" for a in others} | {chair.pk: "attended"},
        )
        actions.add_action_item(
            by=world.supervisor,
            discussion=conference.discussions.get(),
            what=f"Follow-up {n}",
            due_on=TODAY(),
            owner_user=world.navigator,
        )
        notetaker = conference.attendees.get(notetaker=True)
        assert notetaker.user is not None
        actions.sign_minutes(by=notetaker.user, conference=conference)
    big = [count(client, participant_url(world)) for client in readers]
    assert "Follow-up 2" in readers[0].get(participant_url(world)).content.decode()
    assert small == big
