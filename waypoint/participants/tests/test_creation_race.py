"""A simultaneous submit of the add form that commits between our check for its creation
key and our save is found, not refused (PostgreSQL's race test once answered 400 here)."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest

from waypoint.participants.actions import create_participant
from waypoint.participants.models import Participant

pytestmark = pytest.mark.django_db


def test_the_other_submit_landing_after_our_check_is_handed_back(world):
    key = uuid.uuid4()
    first = create_participant(
        by=world.navigator,
        organization=world.org,
        data={"preferred_name": "Rosa"},
        creation_key=key,
    )
    # Our own look-up ran before the other submit committed: it saw nothing.
    with mock.patch("waypoint.participants.actions.earlier", return_value=None):
        again = create_participant(
            by=world.navigator,
            organization=world.org,
            data={"preferred_name": "Rosa"},
            creation_key=key,
        )
    assert again.pk == first.pk
    assert Participant.objects.filter(creation_key=key).count() == 1
