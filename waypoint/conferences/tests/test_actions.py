"""The conference workflow through its actions: privacy, the meeting, signing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django.utils import timezone
from icalendar import Calendar

from waypoint.conferences import actions, queries
from waypoint.conferences.models import ActionItem, Conference, Contribution, Discussion
from waypoint.conferences.tests.conftest import Meeting, give_consent
from waypoint.consent.models import Disclosure
from waypoint.errors import ActionRefused

pytestmark = pytest.mark.django_db


def test_privacy_check_blocks_a_partner_without_consent(world: Any, meeting: Meeting) -> None:
    check = queries.privacy_check(meeting.conference)
    pia_amara = check.cell(meeting.pia, meeting.amara)
    assert not pia_amara.cleared
    assert "no consent in force to share with Harbor Food Bank" in pia_amara.why
    assert check.cell(meeting.sam, meeting.amara).cleared
    assert check.cell(meeting.nia, meeting.amara).cleared
    # Nia works only in Youth Works: Chen (Home Base) is not hers to hear about.
    assert not check.cell(meeting.nia, meeting.chen).cleared
    with pytest.raises(ActionRefused, match="Amara cannot be discussed while Pia Partner is there"):
        actions.start_timer(by=world.supervisor, discussion=meeting.amara)
    give_consent(world, world.amara, ["assessment"])
    check = queries.privacy_check(meeting.conference)
    cell = check.cell(meeting.pia, meeting.amara)
    assert cell.cleared and not cell.full_name
    assert cell.categories == frozenset({"assessment"})
    actions.start_timer(by=world.supervisor, discussion=meeting.amara)


def test_staff_only_part_lets_outside_attendees_step_out(world: Any, meeting: Meeting) -> None:
    actions.update_discussion(
        by=world.supervisor,
        discussion=meeting.amara,
        expected_version=1,
        reason="New barriers since the plan",
        budget_minutes=10,
        staff_only=True,
    )
    meeting.amara.refresh_from_db()
    assert queries.discussion_block(meeting.amara) is None
    check = queries.privacy_check(meeting.conference)
    assert check.cell(meeting.pia, meeting.amara).steps_out


def test_whole_meeting_then_signed_minutes_never_change(
    world: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    give_consent(world, world.amara, ["assessment", "contact"])
    actions.record_attendance(
        by=world.supervisor,
        conference=meeting.conference,
        attendance={
            meeting.sam.pk: "attended",
            meeting.nia.pk: "attended",
            meeting.pia.pk: "attended",
        },
    )
    # Chen cannot be discussed with Nia there: take Chen off this agenda.
    actions.remove_discussion(by=world.supervisor, discussion=meeting.chen)
    actions.start_timer(by=world.supervisor, discussion=meeting.amara)
    actions.add_contribution(
        by=world.navigator,
        discussion=meeting.amara,
        attendee=meeting.pia,
        strengths="Comes every week",
        ideas="Evening pantry hours",
    )
    actions.save_summary(
        by=world.supervisor,
        discussion=meeting.amara,
        expected_version=1,
        strengths="Steady, organised",
        barriers="Evening shifts clash with pantry hours",
        service_needs="Food on weekends",
        confirmed=True,
    )
    due = timezone.localdate() + timedelta(days=7)
    mine = actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what="Call the shift manager about Tuesdays",
        due_on=due,
        owner_user=world.navigator,
    )
    theirs = actions.add_action_item(
        by=world.supervisor,
        discussion=meeting.amara,
        what="Hold a Saturday box",
        due_on=due,
        owner_attendee=meeting.pia,
    )
    actions.stop_timer(by=world.supervisor, discussion=meeting.amara)
    with pytest.raises(ActionRefused, match="The notetaker signs"):
        actions.sign_minutes(by=world.supervisor, conference=meeting.conference)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.sign_minutes(by=world.navigator, conference=meeting.conference)
    # The partner gets only their item.
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["pia@example.org"]
    assert "Hold a Saturday box" in sent.body and "Amara" in sent.body
    assert "shift manager" not in sent.body
    assert Disclosure.objects.filter(
        participant=world.amara.participant, channel="conference"
    ).exists()
    # Staff item on Nia's list.
    assert [i.pk for i in queries.my_open_items(world.navigator)] == [mine.pk]
    # Nothing of the meeting changes, whatever route tries.
    with pytest.raises(ActionRefused, match="signed"):
        actions.add_contribution(
            by=world.navigator, discussion=meeting.amara, attendee=meeting.nia, strengths="x"
        )
    for change in (
        lambda: Conference.objects.filter(pk=meeting.conference.pk).update(title="Changed"),
        lambda: Discussion.objects.filter(pk=meeting.amara.pk).update(strengths="Changed"),
        lambda: Contribution.objects.filter(discussion=meeting.amara).update(ideas="Changed"),
        lambda: ActionItem.objects.filter(pk=theirs.pk).update(what="Changed"),
        lambda: ActionItem.objects.filter(pk=theirs.pk).delete(),
        lambda: Discussion.objects.filter(pk=meeting.amara.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    # Progress on an item still moves.
    actions.close_action_item(by=world.navigator, item=mine, status="done")
    assert ActionItem.objects.get(pk=mine.pk).status == "done"
    addendum = actions.add_minutes_addendum(
        by=world.navigator, conference=meeting.conference, text="Pia's pantry opens at 5, not 6."
    )
    assert addendum.pk


def test_invitations_carry_ics_and_each_attendee_agenda(
    world: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    give_consent(world, world.amara, ["assessment"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.send_invitations(by=world.supervisor, conference=meeting.conference)
    assert sent == 3
    by_to = {m.to[0]: m for m in mail.outbox}
    pia = by_to["pia@example.org"]
    assert "- Amara: New barriers since the plan" in pia.body
    assert "王芳" not in pia.body and "Chen" not in pia.body
    assert "Come prepared" in pia.body
    nia = by_to["nia@example.org"]
    assert "Amara" in nia.body and "王芳" not in nia.body
    sam = by_to["sam@example.org"]
    assert "王芳" in sam.body
    _name, content, _kind = pia.attachments[0]
    cal = Calendar.from_ical(content)
    assert cal["method"] == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert "Amara" not in content
    assert str(event["summary"]) == "Interagency conference with Riverside Community Services"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_conference(by=world.supervisor, conference=meeting.conference)
    assert len(mail.outbox) == 3
    cal = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert cal["method"] == "CANCEL"
    assert cal.walk("VEVENT")[0]["sequence"] == 1


def test_outsider_cannot_run_it(world: Any, meeting: Meeting) -> None:
    with pytest.raises(ActionRefused):
        actions.add_discussion(
            by=world.outsider, conference=meeting.conference, enrollment=world.bo, reason="x"
        )
    with pytest.raises(ActionRefused):
        # Noor is no attendee and only a navigator: she cannot change it.
        actions.record_attendance(by=world.navigator2, conference=meeting.conference, attendance={})
    assert meeting.conference.discussions.count() == 2


def test_partner_owner_must_be_cleared(world: Any, meeting: Meeting) -> None:
    with pytest.raises(ActionRefused, match="cannot be discussed"):
        actions.add_action_item(
            by=world.supervisor,
            discussion=meeting.amara,
            what="Hold a box",
            due_on=timezone.localdate(),
            owner_attendee=meeting.pia,
        )
    give_consent(world, world.amara, ["assessment"])
    with pytest.raises(ActionRefused, match="private information"):
        actions.add_action_item(
            by=world.supervisor,
            discussion=meeting.amara,
            what="Hold a box",
            due_on=timezone.localdate(),
            owner_attendee=meeting.pia,
            sensitive=["mental_health"],
        )
    assert not ActionItem.objects.exists()
