"""A conference world: Sam (supervisor) runs an interagency conference about Amara
(Youth Works) and Chen (Home Base), with Nia (Amara's navigator) and Pia from Harbor
Food Bank invited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from waypoint.conferences import actions
from waypoint.conferences.models import Attendee, Conference, Discussion
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import Consent


@dataclass
class Meeting:
    conference: Conference
    sam: Attendee
    nia: Attendee
    pia: Attendee
    amara: Discussion
    chen: Discussion


def give_consent(world: Any, enrollment: Any, categories: list[str]) -> Consent:
    return consent_actions.give_consent(
        by=world.navigator2 if enrollment.program_id == world.home.pk else world.navigator,
        participant=enrollment.participant,
        data={
            "recipient_provider": world.partner_org,
            "categories": categories,
            "purpose": "Case conferences about food and housing",
            "starts_on": timezone.localdate() - timedelta(days=1),
            "ends_on": timezone.localdate() + timedelta(days=180),
            "how": "typed",
            "typed_name": enrollment.participant.preferred_name,
        },
    )


def set_up(world: Any, *, kind: str = "interagency") -> Meeting:
    conference = actions.create_conference(
        by=world.supervisor,
        program=world.youth,
        kind=kind,
        title="Youth Works and partners",
        starts_at=timezone.now() + timedelta(days=2),
        minutes=60,
        place="Room 2, Riverside office",
    )
    sam = conference.attendees.get(user=world.supervisor)
    nia = actions.add_attendee(
        by=world.supervisor, conference=conference, kind="staff", user=world.navigator
    )
    pia = actions.add_attendee(
        by=world.supervisor, conference=conference, kind="partner", user=world.partner
    )
    actions.assign_roles(
        by=world.supervisor, conference=conference, facilitator=sam, timekeeper=sam, notetaker=nia
    )
    amara = actions.add_discussion(
        by=world.supervisor,
        conference=conference,
        enrollment=world.amara,
        reason="New barriers since the plan",
    )
    chen = actions.add_discussion(
        by=world.supervisor,
        conference=conference,
        enrollment=world.chen,
        reason="Ready to plan the transition",
        budget_minutes=15,
    )
    for row in (sam, nia, pia):
        row.refresh_from_db()
    return Meeting(conference, sam, nia, pia, amara, chen)


@pytest.fixture
def meeting(world: Any) -> Meeting:
    return set_up(world)
