"""People counted by the day their next contact falls due (``enrollments.quiet_days``),
as the supervision page reads them: every write path counts, a recount agrees, and the
day the contact falls due is not yet quiet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from waypoint.caseload.tests.test_caseload import add_people, set_last_contact
from waypoint.closure.tests.records import close_now
from waypoint.enrollments import quiet_days
from waypoint.enrollments.actions import assign_navigator, reopen
from waypoint.enrollments.models import CASELOAD_STATUSES, Enrollment, QuietDay
from waypoint.notes.tests.test_notes import log

pytestmark = pytest.mark.django_db


def kept() -> dict[tuple[int, str], int]:
    found: dict[tuple[int, str], int] = {}
    for program_id, due_on, people in QuietDay.objects.values_list(
        "program_id", "due_on", "people"
    ):
        key = (program_id, due_on.isoformat())
        found[key] = found.get(key, 0) + people
    return {key: n for key, n in found.items() if n}


def live() -> dict[tuple[int, str], int]:
    return {
        (program_id, due_on.isoformat()): n
        for program_id, due_on, n in Enrollment.objects.filter(
            status__in=CASELOAD_STATUSES, contact_due_on__isnull=False
        )
        .values_list("program_id", "contact_due_on")
        .annotate(n=Count("pk"))
        .order_by()
    }


def test_the_counts_follow_each_enrollment_and_agree_with_a_recount(world):
    people = add_people(world, world.youth, world.navigator, 3)
    waiting = add_people(world, world.youth, None, 1, prefix="Waiting")[0]
    assert kept() == live() and len(live()) >= 1
    set_last_contact(people[0], 45)  # due dates recomputed and saved
    log(world)  # Amara's contact moves her to a later day
    assign_navigator(by=world.supervisor, enrollment=people[1], navigator=world.navigator2)
    assign_navigator(by=world.supervisor, enrollment=waiting, navigator=world.navigator2)
    close_now(world.navigator, people[2])  # off the caseload: no longer counted
    assert kept() == live()
    reopen(by=world.supervisor, enrollment=people[2], reason="Came back")
    Enrollment.objects.filter(pk=people[1].pk).update(program=world.home)
    Enrollment.objects.filter(pk=people[0].pk).update(contact_due_on=None)
    assert kept() == live()
    before = kept()
    quiet_days.rebuild()
    assert kept() == before == live()
    # Every row is one program, day and shard; the shards of one day add up.
    shards = set(QuietDay.objects.values_list("shard", flat=True))
    assert shards <= set(range(quiet_days.SHARDS))


def test_supervision_counts_the_quiet_from_the_kept_days(world, as_user):
    today = timezone.localdate()
    people = add_people(world, world.youth, world.navigator, 3)
    set_last_contact(people[0], 60)
    Enrollment.objects.filter(pk=people[1].pk).update(contact_due_on=today)  # due today
    Enrollment.objects.filter(pk=people[2].pk).update(contact_due_on=today - timedelta(days=1))
    quiet = Enrollment.objects.filter(
        program=world.youth, status__in=CASELOAD_STATUSES, contact_due_on__lt=today
    ).count()
    assert quiet >= 2
    assert quiet_days.quiet_counts([world.youth.pk], today)[world.youth.pk] == quiet
    response = as_user(world.supervisor).get(f"/supervision/?program={world.youth.pk}")
    assert response.status_code == 200
    (summary,) = response.context["overview"].summaries
    assert summary.quiet == quiet
    assert quiet_days.quiet_counts([], today) == {}


def test_the_triggers_are_there_after_every_migration():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert set(quiet_days.TRIGGERS) <= {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = 'enrollments_enrollment'::regclass AND NOT tgisinternal"
            )
            assert "quiet_days_kept" in {row[0] for row in cursor.fetchall()}
