"""A meeting recorded after the fact (as the demo loads its history): the moments the
minutes were signed, the ground rules agreed and an action item closed may be given,
from the meeting's start to now, and nothing else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from waypoint.conferences import actions
from waypoint.conferences.models import ActionItem, Conference
from waypoint.errors import ActionRefused

pytestmark = pytest.mark.django_db


def held_last_week(world: Any, kind: str = "team") -> tuple[Conference, ActionItem]:
    """A meeting a week ago about Amara, ready to sign, with one action item."""
    conference = actions.create_conference(
        by=world.supervisor,
        program=world.youth,
        kind=kind,
        title="Youth Works team",
        starts_at=timezone.now() - timedelta(days=7),
        place="Room 2",
    )
    sam = conference.attendees.get(user=world.supervisor)
    nia = actions.add_attendee(
        by=world.supervisor, conference=conference, kind="staff", user=world.navigator
    )
    actions.assign_roles(
        by=world.supervisor, conference=conference, facilitator=sam, timekeeper=sam, notetaker=nia
    )
    amara = actions.add_discussion(
        by=world.supervisor, conference=conference, enrollment=world.amara, reason="New job"
    )
    actions.record_attendance(
        by=world.supervisor,
        conference=conference,
        attendance={sam.pk: "attended", nia.pk: "attended"},
    )
    item = actions.add_action_item(
        by=world.supervisor,
        discussion=amara,
        what="Ask about the evening group",
        due_on=timezone.localdate() - timedelta(days=3),
        owner_user=world.navigator,
    )
    return conference, item


def test_signing_recorded_after_the_meeting(world: Any) -> None:
    conference, item = held_last_week(world)
    start = conference.starts_at
    for wrong in (
        start - timedelta(minutes=1),
        timezone.now() + timedelta(hours=1),
        datetime(2020, 1, 1),  # noqa: DTZ001 - a naive moment is refused
    ):
        with pytest.raises(ActionRefused, match="from the start of the meeting to now"):
            actions.sign_minutes(by=world.navigator, conference=conference, at=wrong)
    assert not Conference.objects.get(pk=conference.pk).signed
    signed = start + timedelta(minutes=80)
    actions.sign_minutes(by=world.navigator, conference=conference, at=signed)
    conference.refresh_from_db()
    assert conference.signed_at == signed
    assert ActionItem.objects.get(pk=item.pk).sent_at == signed

    # Done two days before it was due (so on time), recorded today.
    with pytest.raises(ActionRefused, match="from the start of the meeting to now"):
        actions.close_action_item(
            by=world.navigator, item=item, status="done", at=start - timedelta(days=1)
        )
    done = start + timedelta(days=2)
    actions.close_action_item(by=world.navigator, item=item, status="done", at=done)
    item.refresh_from_db()
    assert item.status == "done"
    assert item.closed_at == done
    assert timezone.localdate(done) <= item.due_on


def test_ground_rules_agreed_at_the_meeting(world: Any) -> None:
    conference, _ = held_last_week(world, kind="family")
    with pytest.raises(ActionRefused, match="from the start of the meeting to now"):
        actions.agree_ground_rules(
            by=world.supervisor,
            conference=conference,
            at=conference.starts_at - timedelta(days=1),
        )
    agreed = conference.starts_at + timedelta(minutes=5)
    actions.agree_ground_rules(by=world.supervisor, conference=conference, at=agreed)
    assert Conference.objects.get(pk=conference.pk).rules_agreed_at == agreed


def test_without_a_moment_it_is_now(world: Any) -> None:
    conference, item = held_last_week(world)
    before = timezone.now()
    actions.sign_minutes(by=world.navigator, conference=conference)
    actions.close_action_item(by=world.navigator, item=item, status="done")
    conference.refresh_from_db()
    item.refresh_from_db()
    assert conference.signed_at is not None and conference.signed_at >= before
    assert item.closed_at is not None and item.closed_at >= before
