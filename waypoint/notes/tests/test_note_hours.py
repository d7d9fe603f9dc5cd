"""The hourly note counts the database keeps (``notes.note_hours``) and the supervision
page that reads them: every write path counts, a recount agrees, and drafts falling due
this hour are overdue at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from waypoint.notes import note_hours
from waypoint.notes.models import Note, NoteHour
from waypoint.notes.tests.test_notes import fresh_note, log, note_post

pytestmark = pytest.mark.django_db


def kept() -> list[tuple[int, int, int, int, int, int]]:
    """The rows that count something, in a fixed order."""
    return sorted(
        NoteHour.objects.exclude(signed=0, late=0, drafts=0).values_list(
            "program_id", "author_id", "hour", "signed", "late", "drafts"
        )
    )


def glance(page: str, program_id: int) -> tuple[str, str]:
    """A program's "Notes signed in 30 days" and "Notes overdue now"."""
    page = page.split(f'<h3 id="summary-{program_id}">', 1)[1].split("</section>", 1)[0]
    signed = page.split("<dt>Notes signed in 30 days</dt><dd>", 1)[1].split("</dd>", 1)[0]
    overdue = page.split("<dt>Notes overdue now</dt><dd>", 1)[1].split("</dd>", 1)[0]
    return signed, overdue


def test_the_counts_follow_each_note_and_agree_with_a_recount(world, as_user):
    now = timezone.now()
    late = log(world, happened_at=now - timedelta(hours=50))  # its window closed 2 h ago
    on_time = log(world, happened_at=now - timedelta(hours=3))
    waiting = log(world, happened_at=now - timedelta(hours=2))  # a draft, not due yet
    by_mistake = log(world, happened_at=now - timedelta(hours=60), outcome="attempted")
    navigator = as_user(world.navigator)
    for contact in (late, on_time):
        note = fresh_note(contact)
        assert navigator.post(f"/notes/{note.public_id}/sign/", note_post(note)).status_code == 302
    assert navigator.post(f"/notes/{by_mistake.note.public_id}/remove/").status_code == 302

    program, author = world.amara.program_id, world.navigator.pk
    signed_hour = note_hours.hour_of(Note.objects.get(contact=late).signed_at)
    due_hour = note_hours.hour_of(Note.objects.get(contact=waiting).due_at)
    expected = sorted(
        [(program, who, signed_hour, 2, 1, 0) for who in (note_hours.EVERYONE, author)]
        + [(program, who, due_hour, 0, 0, 1) for who in (note_hours.EVERYONE, author)]
    )
    if signed_hour == due_hour:  # cannot be: the draft falls due 46 hours from now
        pytest.fail("hours collide")
    assert kept() == expected
    note_hours.rebuild()
    assert kept() == expected

    page = as_user(world.supervisor).get("/supervision/").content.decode()
    assert glance(page, world.amara.program_id) == ("2 (1 late; 50% on time)", "0")
    assert '<td data-label="Notes late (30 days)">1 of 2</td>' in page


def test_a_draft_whose_window_closed_earlier_this_hour_is_overdue_now(world, as_user, monkeypatch):
    real = timezone.now()
    half_past = real.replace(minute=30, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: half_past)
    window = timedelta(hours=world.amara.program.note_due_hours)
    log(world, happened_at=half_past - window - timedelta(minutes=10))  # due at 20 past
    log(world, happened_at=half_past - window - timedelta(hours=5))  # due 5 hours ago
    log(world, happened_at=half_past - timedelta(minutes=5))  # due in two days
    this_hour = note_hours.hour_of(half_past)
    assert NoteHour.objects.get(author_id=0, hour=this_hour).drafts == 1

    page = as_user(world.supervisor).get("/supervision/").content.decode()
    assert glance(page, world.amara.program_id) == ("0", "2")
    assert '<td data-label="Notes overdue">2</td>' in page


def test_signed_notes_older_than_thirty_days_are_left_out(world, as_user):
    old = log(world, happened_at=timezone.now() - timedelta(days=45))
    note = fresh_note(old)
    navigator = as_user(world.navigator)
    assert navigator.post(f"/notes/{note.public_id}/sign/", note_post(note)).status_code == 302
    # Signed today about a contact 45 days ago: counted (late), by when it was signed.
    page = as_user(world.supervisor).get("/supervision/").content.decode()
    assert glance(page, world.amara.program_id) == ("1 (1 late; 0% on time)", "0")
    # The same count moved 31 days back is outside the window.
    NoteHour.objects.filter(signed=1).update(hour=note_hours.hour_of(timezone.now()) - 31 * 24)
    page = as_user(world.supervisor).get("/supervision/").content.decode()
    assert glance(page, world.amara.program_id) == ("0", "0")


def test_the_triggers_are_there_after_every_migration():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert set(note_hours.TRIGGERS) <= {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'notes_note'::regclass "
                "AND NOT tgisinternal"
            )
            assert "note_hours_kept" in {row[0] for row in cursor.fetchall()}
