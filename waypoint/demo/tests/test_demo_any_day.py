"""The demo holds on every day of the year.

``make demo`` is seeded relative to the day it runs, so the whole demo is seeded and
checked today and with the clock set (time-machine) to the days that catch date
arithmetic out, in the demo's time zone: month and year ends, the two clock changes
(in the small hours, around the skipped and the repeated hour), 29 February, a Saturday
and a Sunday, late in the evening when UTC is already on the next day. The clock keeps
ticking from there, as it does for a real seed.

The checks are the demo tests' own (``check_*``: the agency, contacts and notes,
consents and referrals, case conferences); each seed takes about 20 seconds, so
each listed moment covers several of those cases at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from waypoint.demo.tests.test_demo_and_bench import (
    check_agency,
    check_one_step_sign_in,
    check_sign_in_and_seeding_again,
)
from waypoint.demo.tests.test_demo_approvals import check_approvals
from waypoint.demo.tests.test_demo_conferences import check_conferences
from waypoint.demo.tests.test_demo_endings import check_endings
from waypoint.demo.tests.test_demo_households import check_households
from waypoint.demo.tests.test_demo_notes import (
    check_contacts_and_notes,
    seed_remembering_last_contacts,
)
from waypoint.demo.tests.test_demo_quality import check_quality
from waypoint.demo.tests.test_demo_supervision import check_supervision
from waypoint.hmis.tests.test_demo_hmis import check_hmis
from waypoint.referrals.tests.test_demo_referrals import check_consents_and_referrals
from waypoint.tests.helpers import this_databases_share

ZONE = ZoneInfo(settings.TIME_ZONE)
MOMENTS = {
    # Sunday, end of January, at 23:45 (UTC is already on 1 February).
    "sunday-month-end-late": datetime(2027, 1, 31, 23, 45, tzinfo=ZONE),
    # The clocks go forward at 2:00 that Sunday; the hour before 3:00 never happens.
    "spring-forward": datetime(2027, 3, 14, 3, 30, tzinfo=ZONE),
    # The clocks go back at 2:00 that Sunday; 1:30 happens twice (this is the second).
    "fall-back": datetime(2027, 11, 7, 1, 30, fold=1, tzinfo=ZONE),
    "leap-day": datetime(2028, 2, 29, 12, 0, tzinfo=ZONE),
    # Saturday, end of September, first thing in the morning.
    "saturday-month-end": datetime(2028, 9, 30, 7, 0, tzinfo=ZONE),
    # Sunday, end of the year, a little after midnight.
    "sunday-year-end": datetime(2028, 12, 31, 0, 10, tzinfo=ZONE),
}


def seed_and_check(monkeypatch: Any) -> None:
    out, before = seed_remembering_last_contacts(monkeypatch)
    counts = check_agency(out)
    check_one_step_sign_in(out)
    check_contacts_and_notes(out, before)
    check_consents_and_referrals(out)
    check_conferences(out)
    check_endings(out)
    check_approvals(out)
    check_supervision(out)
    check_quality(out)
    check_households(out)
    check_hmis(out)
    check_sign_in_and_seeding_again(counts)


@pytest.mark.django_db
def test_the_demo_holds_today(monkeypatch: Any) -> None:
    seed_and_check(monkeypatch)


# In CI the moments are shared between the SQLite and the PostgreSQL run (each seed
# takes a while; today runs on both).
SHARED_MOMENTS = this_databases_share(list(MOMENTS.items()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment", [m for _, m in SHARED_MOMENTS], ids=[k for k, _ in SHARED_MOMENTS]
)
def test_the_demo_holds_on_any_day(moment: datetime, monkeypatch: Any) -> None:
    with time_machine.travel(moment):
        assert timezone.localtime().date() == moment.date()
        seed_and_check(monkeypatch)
