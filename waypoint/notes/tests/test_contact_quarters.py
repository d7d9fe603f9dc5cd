"""Contacts counted by the quarter hour (``notes.contact_quarters``), as the dashboard's
effort chart reads them: every write path counts, a recount agrees, and local weeks are
made of whole quarter hours."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from waypoint.notes import contact_quarters
from waypoint.notes.models import ContactQuarter
from waypoint.notes.tests.test_notes import fresh_note, local, log, note_post

pytestmark = pytest.mark.django_db


def kept() -> list[tuple[int, int, int, int]]:
    return sorted(
        ContactQuarter.objects.exclude(completed=0, attempted=0).values_list(
            "program_id", "quarter", "completed", "attempted"
        )
    )


def test_the_counts_follow_each_contact_and_agree_with_a_recount(world, as_user):
    now = timezone.now().replace(second=0, microsecond=0)
    met = log(world, happened_at=now - timedelta(hours=3))
    tried = log(world, happened_at=now - timedelta(hours=3), outcome="attempted")
    moved = log(world, happened_at=now - timedelta(hours=30))
    mistake = log(world, happened_at=now - timedelta(hours=40))
    client = as_user(world.navigator)
    # Moving a draft's contact to another time moves its count.
    note = fresh_note(moved)
    earlier = now - timedelta(hours=50)
    saved = client.post(f"/notes/{note.public_id}/", note_post(note, happened_at=local(earlier)))
    assert saved.status_code in (200, 302)
    assert fresh_note(moved).contact.happened_at == earlier
    assert client.post(f"/notes/{mistake.note.public_id}/remove/").status_code == 302

    program = world.amara.program_id
    q = contact_quarters.quarter_of
    expected = sorted(
        [
            (program, q(met.happened_at), 1, 1),  # met and tried in the same quarter hour
            (program, q(earlier), 1, 0),
        ]
    )
    assert tried.happened_at == met.happened_at
    assert kept() == expected
    contact_quarters.rebuild()
    assert kept() == expected


def test_the_effort_chart_puts_each_contact_in_its_local_week(world, as_user):
    """Sunday 23:50 and Monday 00:05, local time, land in two different weeks."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)  # last week's Monday
    before = timezone.make_aware(datetime.combine(monday, time(0, 0))) - timedelta(minutes=10)
    after = timezone.make_aware(datetime.combine(monday, time(0, 5)))
    log(world, happened_at=before)
    log(world, happened_at=after, outcome="attempted")
    client = as_user(world.supervisor)
    query = {
        "program": world.youth.pk,
        "start": (monday - timedelta(days=14)).isoformat(),
        "end": today.isoformat(),
    }
    whole = client.get(f"/programs/{world.youth.pk}/dashboard/", query)
    one = client.get(
        f"/programs/{world.youth.pk}/dashboard/", {**query, "navigator": world.navigator.pk}
    )
    for response in (whole, one):  # kept counts, and the navigator's own from contacts
        assert response.status_code == 200
        (effort,) = [c for c in response.context["charts"] if c.key == "effort"]
        counts = {row.key: row.values for row in effort.rows if any(row.values)}
        earlier_monday = (monday - timedelta(days=7)).isoformat()
        assert counts == {earlier_monday: [1, 0], monday.isoformat(): [0, 1]}


def test_the_triggers_are_there_after_every_migration():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert set(contact_quarters.TRIGGERS) <= {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'notes_contact'::regclass "
                "AND NOT tgisinternal"
            )
            assert "contact_quarters_kept" in {row[0] for row in cursor.fetchall()}
