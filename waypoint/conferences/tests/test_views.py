"""Conference pages through real requests: set-up, the privacy check, the meeting,
signing; outsiders and other programs refused with nothing changed; bad input kept."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from waypoint.audit.models import AuditEvent
from waypoint.conferences import actions
from waypoint.conferences.models import ActionItem, Attendee, Conference, Contribution, Discussion
from waypoint.conferences.tests.conftest import Meeting, give_consent, set_up

pytestmark = pytest.mark.django_db
SENSITIVE = ["physical_health", "mental_health", "substance_use", "legal_documents", "justice"]


def url(name: str, obj: Any) -> str:
    return reverse(name, kwargs={"public_id": obj.public_id})


def when(days: int = 3) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_plan_a_weekly_series(world: Any, as_user: Any) -> None:
    client = as_user(world.supervisor)
    assert client.get(reverse("conference_new")).status_code == 200
    response = client.post(
        reverse("conference_new"),
        {
            "creation_key": str(uuid.uuid4()),
            "program": world.youth.pk,
            "kind": "team",
            "title": "Youth Works weekly",
            "starts_at": when(),
            "minutes": 60,
            "place": "Room 2",
            "every": "week",
            "meetings": 4,
        },
    )
    assert response.status_code == 302
    meetings = list(Conference.objects.order_by("starts_at"))
    assert len(meetings) == 4
    assert {m.series_id for m in meetings} == {meetings[0].series_id}
    assert (meetings[1].starts_at - meetings[0].starts_at) == timedelta(days=7)
    page = client.get(response["Location"]).content.decode()
    assert "Repeats every week" in page
    assert "Sam Supervisor" in page


def test_bad_input_keeps_what_was_typed(world: Any, as_user: Any) -> None:
    client = as_user(world.supervisor)
    response = client.post(
        reverse("conference_new"),
        {
            "creation_key": str(uuid.uuid4()),
            "program": world.youth.pk,
            "kind": "team",
            "title": "Kept title",
            "starts_at": when(),
            "minutes": 60,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say where it is held, or give a video link." in page
    assert 'value="Kept title"' in page
    assert not Conference.objects.exists()
    response = client.post(
        reverse("conference_new"),
        {"program": world.youth.pk, "kind": "team", "title": "x", "starts_at": "9999-12-31T10:00"},
    )
    assert "Give a date from" in response.content.decode()
    assert not Conference.objects.exists()


def test_outsiders_and_other_staff_are_refused(world: Any, as_user: Any, meeting: Meeting) -> None:
    before = (Discussion.objects.count(), Attendee.objects.count())
    for user in (world.outsider, world.navigator2, world.partner):
        client = as_user(user)
        assert client.get(url("conference_detail", meeting.conference)).status_code == 404
        assert client.get(url("discussion_detail", meeting.amara)).status_code == 404
        response = client.post(
            url("conference_discussion_add", meeting.conference),
            {
                "agenda-enrollment": str(world.bo.public_id),
                "agenda-reason": "x",
                "agenda-budget_minutes": 5,
            },
        )
        assert response.status_code == 404
    # Nia attends, but Chen (Home Base) is not hers: his discussion is not shown to her.
    client = as_user(world.navigator)
    assert client.get(url("discussion_detail", meeting.chen)).status_code == 404
    page = client.get(url("conference_detail", meeting.conference)).content.decode()
    assert "王芳" not in page
    assert "1 more person is on the agenda whom you do not work with" in page
    # The auditor may read, never change.
    client = as_user(world.auditor)
    assert client.get(url("conference_detail", meeting.conference)).status_code == 200
    response = client.post(url("discussion_timer", meeting.amara), {"timer": "start"})
    assert response.status_code in (403, 404)
    assert (Discussion.objects.count(), Attendee.objects.count()) == before
    assert Discussion.objects.get(pk=meeting.amara.pk).timer_started_at is None


def test_privacy_check_blocks_until_a_consent_is_recorded(
    world: Any, as_user: Any, meeting: Meeting
) -> None:
    client = as_user(world.supervisor)
    page = client.get(url("conference_detail", meeting.conference)).content.decode()
    assert "Amara cannot be discussed while Pia Partner is there" in page
    assert f"?provider={world.partner_org.pk}" in page
    response = client.post(url("discussion_timer", meeting.amara), {"timer": "start"}, follow=True)
    assert "cannot be discussed while Pia Partner is there" in response.content.decode()
    assert Discussion.objects.get(pk=meeting.amara.pk).timer_started_at is None
    give_consent(world, world.amara, ["assessment"])
    page = client.get(url("conference_detail", meeting.conference)).content.decode()
    assert "Amara cannot be discussed" not in page
    assert "Yes, by first name only" in page
    client.post(url("discussion_timer", meeting.amara), {"timer": "start"})
    assert Discussion.objects.get(pk=meeting.amara.pk).timer_started_at is not None


def test_staff_only_part_from_the_privacy_check(world: Any, as_user: Any, meeting: Meeting) -> None:
    client = as_user(world.supervisor)
    response = client.post(
        url("discussion_edit", meeting.amara),
        {
            "back": "conference",
            "about-version": 1,
            "about-reason": meeting.amara.reason,
            "about-budget_minutes": 10,
            "about-staff_only": "on",
        },
    )
    assert response.status_code == 302
    assert Discussion.objects.get(pk=meeting.amara.pk).staff_only
    page = client.get(url("conference_detail", meeting.conference)).content.decode()
    assert "Steps out for this part" in page


def test_invitations_from_the_page(
    world: Any, as_user: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user(world.supervisor)
    response = client.post(
        url("conference_person_add", meeting.conference),
        {
            "person-kind": "family",
            "person-name": "Grace Okafor",
            "person-relationship": "aunt",
            "person-email": "grace@example.org",
        },
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("conference_invite", meeting.conference))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "grace@example.org",
        "nia@example.org",
        "pia@example.org",
        "sam@example.org",
    ]
    grace = next(m for m in mail.outbox if m.to == ["grace@example.org"])
    assert "Amara" not in grace.body  # no consent names her
    cal = Calendar.from_ical(grace.attachments[0][1])
    assert cal["method"] == "REQUEST"
    assert Conference.objects.get(pk=meeting.conference.pk).invited_at is not None


def _run_meeting(world: Any, client: Any, meeting: Meeting) -> None:
    give_consent(world, world.amara, ["assessment"])
    client.post(url("discussion_remove", meeting.chen))
    client.post(
        url("conference_attendance", meeting.conference),
        {f"a_{a.public_id}": "attended" for a in (meeting.sam, meeting.nia, meeting.pia)},
    )
    client.post(url("discussion_timer", meeting.amara), {"timer": "start"})
    client.post(
        url("discussion_contribution", meeting.amara),
        {
            "say-creation_key": str(uuid.uuid4()),
            "say-attendee": str(meeting.pia.public_id),
            "say-strengths": "Comes every week",
        },
    )
    client.post(
        url("discussion_summary", meeting.amara),
        {
            "summary-version": 1,
            "summary-strengths": "Steady",
            "summary-barriers": "Shifts",
            "summary-confirmed": "on",
        },
    )
    for owner, what in (
        (f"user:{world.navigator.pk}", "Call the shift manager"),
        (
            f"attendee:{meeting.pia.public_id}",
            "Hold a Saturday box",
        ),
    ):
        response = client.post(
            url("discussion_action_add", meeting.amara),
            {
                "item-creation_key": str(uuid.uuid4()),
                "item-what": what,
                "item-owner": owner,
                "item-due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            },
        )
        assert response.status_code == 302, response.content.decode()
    client.post(url("discussion_timer", meeting.amara), {"timer": "stop"})


def test_the_meeting_and_signed_minutes(
    world: Any, as_user: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user(world.supervisor)
    _run_meeting(world, client, meeting)
    page = client.get(url("discussion_detail", meeting.amara)).content.decode()
    assert "Comes every week" in page and "Hold a Saturday box" in page
    assert ActionItem.objects.count() == 2
    response = client.post(url("conference_sign", meeting.conference), follow=True)
    assert "The notetaker signs the minutes." in response.content.decode()
    nia = as_user(world.navigator)
    with django_capture_on_commit_callbacks(execute=True):
        nia.post(url("conference_sign", meeting.conference))
    assert Conference.objects.get(pk=meeting.conference.pk).signed_at is not None
    assert [m.to for m in mail.outbox] == [["pia@example.org"]]
    assert "Hold a Saturday box" in mail.outbox[0].body
    assert "shift manager" not in mail.outbox[0].body
    # Every route refuses a change once signed; nothing changes.
    before = Contribution.objects.count()
    response = nia.post(
        url("discussion_contribution", meeting.amara),
        {
            "say-creation_key": str(uuid.uuid4()),
            "say-attendee": str(meeting.nia.public_id),
            "say-ideas": "x",
        },
    )
    assert response.status_code in (200, 400)
    assert "signed" in response.content.decode()
    assert Contribution.objects.count() == before
    nia.post(
        url("conference_edit", meeting.conference),
        {
            "edit-version": 1,
            "edit-title": "New",
            "edit-starts_at": when(),
            "edit-minutes": 30,
            "edit-place": "x",
        },
    )
    assert Conference.objects.get(pk=meeting.conference.pk).title == "Youth Works and partners"
    response = nia.post(
        url("conference_addendum", meeting.conference),
        {"addendum-creation_key": str(uuid.uuid4()), "addendum-text": "Pantry opens at 5."},
    )
    assert response.status_code == 302
    assert (
        "Pantry opens at 5."
        in nia.get(url("conference_detail", meeting.conference)).content.decode()
    )


def test_double_submit_makes_one_contribution(world: Any, as_user: Any, meeting: Meeting) -> None:
    client = as_user(world.supervisor)
    data = {
        "say-creation_key": str(uuid.uuid4()),
        "say-attendee": str(meeting.nia.public_id),
        "say-strengths": "Kept every appointment",
    }
    actions.remove_discussion(by=world.supervisor, discussion=meeting.chen)
    actions.update_discussion(
        by=world.supervisor,
        discussion=meeting.amara,
        expected_version=1,
        reason=meeting.amara.reason,
        budget_minutes=10,
        staff_only=True,
    )
    for _ in range(2):
        assert client.post(url("discussion_contribution", meeting.amara), data).status_code == 302
    assert Contribution.objects.filter(discussion=meeting.amara).count() == 1


def test_stale_summary_names_who_changed_it(world: Any, as_user: Any, meeting: Meeting) -> None:
    actions.remove_discussion(by=world.supervisor, discussion=meeting.chen)
    give_consent(world, world.amara, ["assessment"])
    actions.save_summary(
        by=world.navigator,
        discussion=meeting.amara,
        expected_version=1,
        strengths="Nia's words",
        barriers="",
        service_needs="",
        confirmed=False,
    )
    client = as_user(world.supervisor)
    response = client.post(
        url("discussion_summary", meeting.amara),
        {"summary-version": 1, "summary-strengths": "Sam's words"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nia Navigator saved changes since you opened this page (Strengths)" in page
    assert "Sam&#x27;s words" in page
    assert Discussion.objects.get(pk=meeting.amara.pk).strengths == "Nia's words"


def test_private_categories_never_reach_a_role_that_does_not_read_them(
    world: Any, as_user: Any, meeting: Meeting
) -> None:
    world.youth.sensitive_roles = ["manager", "supervisor"]
    world.youth.save()
    actions.remove_discussion(by=world.supervisor, discussion=meeting.chen)
    give_consent(world, world.amara, ["assessment"])
    for code in SENSITIVE:
        actions.add_contribution(
            by=world.supervisor,
            discussion=meeting.amara,
            attendee=meeting.sam,
            barriers=f"Canary-{code}",
            sensitive=[code],
        )
        actions.add_action_item(
            by=world.supervisor,
            discussion=meeting.amara,
            what=f"Canary-item-{code}",
            due_on=timezone.localdate(),
            owner_user=world.supervisor,
            sensitive=[code],
        )
    sam = as_user(world.supervisor).get(url("discussion_detail", meeting.amara)).content.decode()
    assert all(f"Canary-{c}" in sam for c in SENSITIVE)
    nia = as_user(world.navigator).get(url("discussion_detail", meeting.amara)).content.decode()
    assert "Canary" not in nia
    assert "10 items about this participant touch private categories" in nia


def _grow(world: Any, meeting: Meeting, n: int) -> None:
    from waypoint.enrollments import actions as enrollments

    world.youth.caseload_cap = 100
    world.youth.save()
    for i in range(n):
        enrollment = enrollments.enroll_new_participant(
            by=world.supervisor,
            program=world.youth,
            data={"preferred_name": f"Person {meeting.conference.discussions.count()}"},
            navigator=world.navigator,
            status="enrolled",
        )
        talk = actions.add_discussion(
            by=world.supervisor,
            conference=meeting.conference,
            enrollment=enrollment,
            reason=f"Reason {i}",
            staff_only=True,
        )
        actions.add_contribution(
            by=world.supervisor, discussion=talk, attendee=meeting.sam, strengths="x"
        )
        actions.add_action_item(
            by=world.supervisor,
            discussion=talk,
            what="y",
            due_on=timezone.localdate(),
            owner_user=world.navigator,
        )


def test_conference_page_queries_do_not_grow(world: Any, as_user: Any, meeting: Meeting) -> None:
    client = as_user(world.supervisor)
    counts = []
    for n in (2, 6):
        _grow(world, meeting, n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("conference_detail", meeting.conference)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    discussion = meeting.conference.discussions.last()
    assert discussion is not None
    pages = []
    for n in (0, 4):
        for _ in range(n):
            actions.add_contribution(
                by=world.supervisor, discussion=discussion, attendee=meeting.sam, ideas="z"
            )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("discussion_detail", discussion)).status_code == 200
        pages.append(len(ctx.captured_queries))
    assert pages[0] == pages[1], pages


def test_every_read_is_audited(world: Any, as_user: Any, meeting: Meeting) -> None:
    as_user(world.supervisor).get(url("conference_detail", meeting.conference))
    shown = AuditEvent.objects.filter(action="view", object_type="conference_discussion")
    assert {e.participant_id for e in shown} == {
        world.amara.participant_id,
        world.chen.participant_id,
    }


def test_family_conference_turns_and_agreement(world: Any, as_user: Any) -> None:
    m = set_up(world, kind="family")
    actions.remove_discussion(by=world.supervisor, discussion=m.chen)
    actions.remove_attendee(by=world.supervisor, attendee=m.pia)
    conference = Conference.objects.get(pk=m.conference.pk)
    assert conference.ground_rules and conference.rules_agreed_at is None
    client = as_user(world.supervisor)
    client.post(
        url("conference_ground_rules", conference),
        {
            "rules-version": conference.version,
            "rules-rules": "We listen\nWe are kind",
            "rules-agreed": "on",
        },
    )
    conference = Conference.objects.get(pk=m.conference.pk)
    assert conference.ground_rules == ["We listen", "We are kind"]
    assert conference.rules_agreed_at is not None
    speak = {"say-creation_key": "", "say-attendee": str(m.sam.public_id), "say-strengths": "Warm"}
    assert client.post(url("discussion_contribution", m.amara), speak).status_code == 302
    response = client.post(url("discussion_contribution", m.amara), speak)
    assert (
        "Everyone speaks before anyone speaks twice. Still to speak in this round: Nia Navigator"
        in response.content.decode()
    )
    assert Contribution.objects.count() == 1
    response = client.post(
        url("discussion_agreement", m.amara),
        {"agree-attendee": str(m.nia.public_id), "agree-answer": "agrees", "agree-words": "Yes"},
    )
    assert response.status_code == 302
    assert "Nia Navigator: agrees" in client.get(url("discussion_detail", m.amara)).content.decode()


def test_signed_minutes_refuse_every_route(
    world: Any, as_user: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    from waypoint.permissions import MATRIX
    from waypoint.tests.helpers import snapshot

    client = as_user(world.supervisor)
    _run_meeting(world, client, meeting)
    Attendee.objects.filter(pk=meeting.nia.pk).update(notetaker=False)
    Attendee.objects.filter(pk=meeting.sam.pk).update(notetaker=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("conference_sign", meeting.conference))
    assert Conference.objects.get(pk=meeting.conference.pk).signed_at is not None
    item = ActionItem.objects.first()
    assert item is not None
    before = snapshot(audit=False)
    routes = [
        r
        for r, policy in MATRIX.items()
        if r.startswith(("conference_", "discussion_", "action_item_"))
        and "POST" in policy
        and r
        not in {
            "conference_new",
            "conference_addendum",
            "conference_follow_up",
            "conference_action_close",  # progress on an item still moves after signing
        }
    ]
    assert len(routes) >= 20
    for route in routes:
        target = (
            meeting.conference
            if route.startswith("conference_")
            else item
            if route.startswith("action_item_")
            else meeting.amara
        )
        response = client.post(
            url(route, target),
            {
                "timer": "start",
                "about-version": 1,
                "about-reason": "Changed",
                "about-budget_minutes": 5,
                "say-attendee": str(meeting.sam.public_id),
                "say-ideas": "Changed",
                "summary-version": 2,
                "summary-strengths": "Changed",
                "edit-version": 1,
                "edit-title": "Changed",
                "edit-starts_at": when(),
                "edit-minutes": 30,
                "edit-place": "x",
                "staff-user": world.navigator2.pk,
                "person-kind": "family",
                "person-name": "Someone",
                f"a_{meeting.pia.public_id}": "absent",
            },
        )
        assert response.status_code in (200, 302, 400), route
        assert snapshot(audit=False) == before, route


def test_canaries_never_reach_an_invitation_without_the_right(
    world: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    """A later meeting's agenda carries open items; a private one reaches only those whose
    role reads it, never a partner without consent for the category, never the .ics."""
    world.youth.sensitive_roles = ["manager", "supervisor"]
    world.youth.save()
    actions.remove_discussion(by=world.supervisor, discussion=meeting.chen)
    give_consent(world, world.amara, ["assessment", "contact"])
    actions.record_attendance(
        by=world.supervisor,
        conference=meeting.conference,
        attendance={a.pk: "attended" for a in (meeting.sam, meeting.nia, meeting.pia)},
    )
    for code in SENSITIVE:
        actions.add_action_item(
            by=world.supervisor,
            discussion=meeting.amara,
            what=f"Canary-{code}",
            due_on=timezone.localdate() + timedelta(days=3),
            owner_user=world.supervisor,
            sensitive=[code],
        )
    actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what="Plain item",
        due_on=timezone.localdate() + timedelta(days=3),
        owner_attendee=meeting.pia,
    )
    actions.assign_roles(
        by=world.supervisor,
        conference=meeting.conference,
        facilitator=meeting.sam,
        timekeeper=meeting.sam,
        notetaker=meeting.sam,
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.sign_minutes(by=world.supervisor, conference=meeting.conference)
    follow = actions.schedule_follow_up(
        by=world.supervisor,
        conference=meeting.conference,
        starts_at=timezone.now() + timedelta(days=7),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(by=world.supervisor, conference=follow)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert all(f"Canary-{c}" in by_to["sam@example.org"].body for c in SENSITIVE)
    for who in ("nia@example.org", "pia@example.org"):
        assert "Canary" not in by_to[who].body, who
    assert "Plain item" in by_to["pia@example.org"].body
    for message in mail.outbox:
        assert "Canary" not in str(message.attachments[0][1])
        assert "Amara" not in str(message.attachments[0][1])
