"""Who the supervisor has not met lately (``queries.supervisor_block``), as rewritten to
be served by indexes: the 4-week boundary, never-met first then the longest ago, each
person once however many of the supervisor's programs they work in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from waypoint.accounts import actions as accounts
from waypoint.supervision import queries
from waypoint.supervision.tests.records import a_session

pytestmark = pytest.mark.django_db


def test_not_met_boundary_order_and_each_person_once(world):
    sam, today = world.supervisor, timezone.localdate()
    weeks = queries.NOT_MET_WEEKS * 7
    a_session(sam, world.navigator, world.youth, days_ago=weeks)  # met on the boundary
    a_session(sam, world.navigator2, world.youth, days_ago=weeks + 1)  # just before it
    a_session(sam, world.navigator2, world.youth, days_ago=weeks + 30)
    # Pat (staff, Home Base) has never met Sam, and works in Youth Works too now.
    accounts.grant_role(user=world.staff, role="staff", program=world.youth)
    block = queries.supervisor_block(sam, today)
    assert [(n.navigator, n.last_on) for n in block.not_met] == [
        (world.staff, None),
        (world.navigator2, today - timedelta(days=weeks + 1)),
    ]
    # Someone else's session with Nia does not count as Sam meeting her.
    a_session(world.manager, world.navigator2, world.youth, days_ago=1)
    assert world.navigator2 in [n.navigator for n in queries.supervisor_block(sam, today).not_met]


def test_supervisable_lists_each_person_once_never_the_supervisor(world):
    accounts.grant_role(user=world.staff, role="staff", program=world.youth)
    people = list(queries.supervisable(world.supervisor, [world.youth.pk, world.home.pk]))
    assert len(people) == len(set(people))
    assert world.staff in people and world.supervisor not in people
    assert people == sorted(people, key=lambda u: (u.display_name, u.username))
