"""The partner view of conferences: only conferences they are invited to, only people
whose consent names their organization, only what that consent covers; their update
ahead; their own action items marked done; every share recorded."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PASSWORD
from waypoint.accounts import actions as accounts
from waypoint.audit.models import AuditEvent
from waypoint.conferences import actions
from waypoint.conferences.models import ActionItem, Contribution
from waypoint.conferences.tests.conftest import Meeting, give_consent
from waypoint.conferences.tests.signed import hold
from waypoint.consent.models import SENSITIVE, Disclosure
from waypoint.directory.models import Provider
from waypoint.enrollments.actions import enroll_new_participant
from waypoint.errors import ActionRefused
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db

CANARIES = {str(c): f"Canary-{c}-7Q" for c in SENSITIVE}


def partner(world: Any) -> Client:
    client = Client()
    client.force_login(world.partner)
    return client


def page(world: Any, meeting: Meeting) -> str:
    response = partner(world).get(f"/partner/conferences/{meeting.conference.public_id}/")
    assert response.status_code == 200
    return response.content.decode()


def update_url(meeting: Meeting) -> str:
    return f"/partner/conferences/{meeting.conference.public_id}/update/"


def done_url(meeting: Meeting) -> str:
    return f"/partner/conferences/{meeting.conference.public_id}/done/"


def test_a_partner_lists_only_conferences_they_are_invited_to(world: Any, meeting: Meeting):
    other = actions.create_conference(
        by=world.supervisor,
        program=world.youth,
        kind="team",
        title="Staff only: Amara and Bo",
        starts_at=timezone.now() + timedelta(days=3),
        place="Room 1",
    )
    html = partner(world).get("/partner/conferences/").content.decode()
    assert "Interagency conference with Riverside Community Services" in html
    assert str(meeting.conference.public_id) in html
    assert str(other.public_id) not in html
    # The staff's own title may name someone: partners see the kind and the organization.
    assert "Youth Works and partners" not in html and "Amara" not in html
    home = partner(world).get("/partner/").content.decode()
    assert "/partner/conferences/" in home


def test_nothing_of_people_they_are_not_cleared_for(world: Any, meeting: Meeting):
    before = Disclosure.objects.count()
    html = page(world, meeting)
    for secret in ("Amara", "王芳", "Wang", "New barriers", "Ready to plan", "2 people"):
        assert secret not in html
    assert "There is no one to show you here yet" in html
    assert Disclosure.objects.count() == before
    # A consent naming them for Amara: Amara appears, Chen still does not.
    give_consent(world, world.amara, ["assessment"])
    html = page(world, meeting)
    assert "Amara" in html and "New barriers since the plan" in html
    assert "王芳" not in html and "Ready to plan" not in html
    shared = Disclosure.objects.filter(channel="conference", participant=world.amara.participant)
    assert shared.count() == 1 and shared.get().categories == []
    event = AuditEvent.objects.filter(actor=world.partner, action="view").order_by("-pk")
    kinds = {(e.object_type, e.participant_id) for e in event[:2]}
    assert ("conference_discussion", world.amara.participant_id) in kinds


def test_a_first_name_and_initial_unless_contact_details_are_covered(world, meeting):
    actions.add_discussion(
        by=world.supervisor, conference=meeting.conference, enrollment=world.bo, reason="Check in"
    )
    give_consent(world, world.bo, ["assessment"])
    html = page(world, meeting)
    assert "Bo N." in html and "Nguyễn" not in html
    give_consent(world, world.bo, ["assessment", "contact"])
    html = page(world, meeting)
    assert "Bo Nguyễn" in html


def test_staff_only_part_shows_nothing_to_the_partner(world: Any, meeting: Meeting):
    give_consent(world, world.amara, ["assessment"])
    actions.update_discussion(
        by=world.supervisor,
        discussion=meeting.amara,
        expected_version=1,
        reason="New barriers since the plan",
        budget_minutes=10,
        staff_only=True,
    )
    html = page(world, meeting)
    assert "Amara" not in html
    before = snapshot()
    response = partner(world).post(
        update_url(meeting),
        {"discussion": str(meeting.amara.public_id), "strengths": "Kind to everyone"},
    )
    assert response.status_code == 400
    assert "Choose someone on this agenda" in response.content.decode()
    assert "Amara" not in response.content.decode()
    assert not Contribution.objects.exists()
    assert snapshot()["Contribution"] == before["Contribution"]


def test_the_partner_sends_an_update_ahead_once(world: Any, meeting: Meeting):
    give_consent(world, world.amara, ["assessment"])
    html = page(world, meeting)
    assert "Come prepared" in html and "Send my update" in html
    key = str(uuid.uuid4())
    data = {
        "discussion": str(meeting.amara.public_id),
        "strengths": "Comes every week",
        "barriers": "Evening shifts",
        "ideas": "Saturday boxes",
        "creation_key": key,
    }
    client = partner(world)
    for _ in range(2):  # a double submit makes one update
        response = client.post(update_url(meeting), data)
        assert response.status_code == 302
    [made] = Contribution.objects.all()
    assert made.ahead and made.attendee_id == meeting.pia.pk and made.written_by == world.partner
    html = page(world, meeting)
    assert "What you brought" in html and "Sent ahead" in html and "Saturday boxes" in html


def test_a_bad_update_is_refused_with_what_was_typed_kept(world: Any, meeting: Meeting):
    give_consent(world, world.amara, ["assessment"])
    client = partner(world)
    before = snapshot(audit=False)
    response = client.post(
        update_url(meeting), {"discussion": str(meeting.amara.public_id), "strengths": "  "}
    )
    assert response.status_code == 400
    assert "Write at least one of strengths, barriers or ideas." in response.content.decode()
    response = client.post(
        update_url(meeting),
        {"discussion": str(meeting.amara.public_id), "barriers": "x" * 601, "ideas": "Keep me"},
    )
    assert response.status_code == 400
    assert "Keep me" in response.content.decode()
    # Someone they may not hear about, or no one: the same words, naming no one.
    for wrong in (str(meeting.chen.public_id), "not-an-id", str(uuid.uuid4())):
        response = client.post(update_url(meeting), {"discussion": wrong, "strengths": "Hi"})
        assert response.status_code == 400
        assert "王芳" not in response.content.decode()
    assert snapshot(audit=False) == before


def test_updates_close_when_the_meeting_is_cancelled(world: Any, meeting: Meeting):
    give_consent(world, world.amara, ["assessment"])
    actions.cancel_conference(by=world.supervisor, conference=meeting.conference)
    response = partner(world).post(
        update_url(meeting), {"discussion": str(meeting.amara.public_id), "strengths": "Hi"}
    )
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    assert "This meeting is cancelled." in page(world, meeting)


def test_the_action_refuses_an_update_ahead_about_someone_they_may_not_hear(world, meeting):
    with pytest.raises(ActionRefused, match="consent to share with you"):
        actions.add_contribution(
            by=world.partner,
            discussion=meeting.chen,
            attendee=meeting.pia,
            strengths="x",
            ahead=True,
        )
    with pytest.raises(ActionRefused, match="your own update"):
        actions.add_contribution(
            by=world.partner,
            discussion=meeting.amara,
            attendee=meeting.nia,
            strengths="x",
            ahead=True,
        )
    assert not Contribution.objects.exists()


def test_after_signing_the_partner_marks_their_own_item_done(world: Any, meeting: Meeting):
    held = hold(world, meeting)
    html = page(world, meeting)
    assert "Hold a Saturday box" in html and "Mark done" in html
    assert "Steady, organised" in html and "Confirmed with the group" in html
    client = partner(world)
    # Someone else's item, an item that is no id, nothing: refused, nothing changed.
    before = snapshot(audit=False)
    for wrong in (str(held.mine.public_id), "nope", ""):
        response = client.post(done_url(meeting), {"item": wrong}, follow=True)
        assert "Choose one of your action items" in response.content.decode()
    assert snapshot(audit=False) == before
    response = client.post(done_url(meeting), {"item": str(held.theirs.public_id)}, follow=True)
    assert "Marked done: Hold a Saturday box" in response.content.decode()
    item = ActionItem.objects.get(pk=held.theirs.pk)
    assert item.status == "done" and item.closed_by == world.partner
    assert ActionItem.objects.get(pk=held.mine.pk).status == "open"
    response = client.post(done_url(meeting), {"item": str(held.theirs.public_id)}, follow=True)
    assert "already marked done" in response.content.decode()


def test_the_action_lets_the_owner_attendee_close_only_after_signing(world, meeting):
    held = hold(world, meeting, sign=False)
    with pytest.raises(ActionRefused, match="once the minutes are signed"):
        actions.close_action_item(by=world.partner, item=held.theirs, status="done")
    with pytest.raises(ActionRefused, match="Only its owner"):
        actions.close_action_item(by=world.partner, item=held.mine, status="done")
    assert ActionItem.objects.filter(status="open").count() == 2


def test_no_item_once_the_consent_is_withdrawn(world: Any, meeting: Meeting):
    held = hold(world, meeting)
    from waypoint.consent.actions import revoke_consent
    from waypoint.consent.models import Consent

    for consent in Consent.objects.filter(participant=world.amara.participant):
        revoke_consent(by=world.navigator, consent=consent)
    html = page(world, meeting)
    assert "Amara" not in html and "Saturday box" not in html
    before = snapshot(audit=False)
    response = partner(world).post(done_url(meeting), {"item": str(held.theirs.public_id)})
    assert response.status_code == 302
    assert snapshot(audit=False) == before


def test_other_people_are_refused_and_nothing_changes(world: Any, meeting: Meeting):
    held = hold(world, meeting)
    elsewhere = Provider.objects.create(owner=world.org, name="Other Pantry", description="x")
    stranger = accounts.invite_staff(
        by=world.admin,
        username="quinn",
        display_name="Quinn Partner",
        email="quinn@example.org",
        partner_of=elsewhere,
    )
    stranger.set_password(PASSWORD)
    stranger.save()
    before = snapshot()
    for user in (stranger, world.navigator, world.outsider, world.admin):
        client = Client()
        client.force_login(user)
        assert (
            client.get(f"/partner/conferences/{meeting.conference.public_id}/").status_code == 404
        )
        for url, data in (
            (done_url(meeting), {"item": str(held.theirs.public_id)}),
            (update_url(meeting), {"discussion": str(meeting.amara.public_id), "ideas": "x"}),
        ):
            assert client.post(url, data).status_code == 404
    listing = Client()
    listing.force_login(stranger)
    assert (
        str(meeting.conference.public_id)
        not in listing.get("/partner/conferences/").content.decode()
    )
    assert snapshot() == before


@pytest.mark.parametrize("category", sorted(CANARIES))
def test_a_private_canary_never_reaches_a_partner_without_consent(world, meeting, category):
    canary = CANARIES[category]
    give_consent(world, world.amara, ["assessment"])
    actions.record_attendance(
        by=world.supervisor,
        conference=meeting.conference,
        attendance={a.pk: "attended" for a in (meeting.sam, meeting.nia, meeting.pia)},
    )
    actions.remove_discussion(by=world.supervisor, discussion=meeting.chen)
    actions.add_contribution(
        by=world.supervisor,
        discussion=meeting.amara,
        attendee=meeting.sam,
        barriers=f"{canary} contribution",
        sensitive=[category],
    )
    actions.add_contribution(
        by=world.supervisor, discussion=meeting.amara, attendee=meeting.nia, ideas="Plain idea"
    )
    actions.save_summary(
        by=world.supervisor,
        discussion=meeting.amara,
        expected_version=1,
        strengths="Plain strengths",
        barriers=f"{canary} summary",
        service_needs="",
        confirmed=True,
        sensitive=[category],
    )
    actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what=f"{canary} item",
        due_on=timezone.localdate() + timedelta(days=3),
        owner_user=world.navigator,
        sensitive=[category],
    )
    actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what="Plain item",
        due_on=timezone.localdate() + timedelta(days=3),
        owner_user=world.navigator,
    )
    html = page(world, meeting)
    assert "Plain idea" in html and canary not in html
    assert "Plain strengths" not in html  # the summary carries the category: all of it stays
    actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    html = page(world, meeting)
    assert "Plain item" in html and canary not in html
    assert all(category not in d.categories for d in Disclosure.objects.all())
    # A consent that covers the category: now it may be heard, and the share says so.
    give_consent(world, world.amara, ["assessment", category])
    html = page(world, meeting)
    assert f"{canary} contribution" in html and f"{canary} item" in html
    assert f"{canary} summary" in html
    latest = Disclosure.objects.filter(channel="conference").order_by("-pk")
    assert any(category in d.categories for d in latest[:2])


def add_people(world: Any, meeting: Meeting, count: int) -> None:
    for n in range(count):
        enrollment = enroll_new_participant(
            by=world.admin,
            program=world.youth,
            data={"preferred_name": f"Person {n}"},
            navigator=world.navigator,
            status="enrolled",
            override_reason="testing many",
        )
        give_consent(world, enrollment, ["assessment"])
        discussion = actions.add_discussion(
            by=world.supervisor, conference=meeting.conference, enrollment=enrollment, reason="x"
        )
        actions.add_contribution(
            by=world.supervisor, discussion=discussion, attendee=meeting.sam, strengths="Kind"
        )
        actions.add_action_item(
            by=world.supervisor,
            discussion=discussion,
            what="Call",
            due_on=timezone.localdate() + timedelta(days=2),
            owner_attendee=meeting.pia,
        )


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_partner_page_query_count_does_not_grow(world: Any, meeting: Meeting):
    actions.remove_discussion(by=world.supervisor, discussion=meeting.chen)
    actions.remove_discussion(by=world.supervisor, discussion=meeting.amara)
    add_people(world, meeting, 1)
    client = partner(world)
    url = f"/partner/conferences/{meeting.conference.public_id}/"
    small = count(client, url)
    add_people(world, meeting, 4)
    big = count(client, url)
    assert "Person 3" in client.get(url).content.decode()
    assert small == big


def test_the_partner_list_query_count_does_not_grow(world: Any, meeting: Meeting):
    client = partner(world)
    small = count(client, "/partner/conferences/")
    for n in range(4):
        more = actions.create_conference(
            by=world.supervisor,
            program=world.youth,
            kind="interagency",
            title=f"Meeting {n}",
            starts_at=timezone.now() + timedelta(days=4 + n),
            place="Room 3",
        )
        actions.add_attendee(
            by=world.supervisor, conference=more, kind="partner", user=world.partner
        )
    big = count(client, "/partner/conferences/")
    assert small == big
