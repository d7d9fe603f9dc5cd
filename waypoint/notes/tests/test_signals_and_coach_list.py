"""Relationship signals across time zones and clock changes; the coach's list as data an
administrator edits; the contact form's handling of times the clocks skip or repeat."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from waypoint.notes import coaching
from waypoint.notes.coach import default_rules
from waypoint.notes.models import CoachPhrase, Contact
from waypoint.notes.relationship import days_since_contact, signals
from waypoint.tests.helpers import snapshot


def enrollment(**fields):
    program = SimpleNamespace(contact_every_days=fields.pop("every", 14))
    base = {
        "status": "enrolled",
        "program": program,
        "enrolled_on": date(2026, 1, 5),
        "started_on": date(2026, 1, 5),
        "last_contact_at": None,
        "attempts_in_row": 0,
        "missed_appointment_at": None,
        "note_due_at": None,
    }
    base.update(fields)
    return SimpleNamespace(**base)


@pytest.mark.parametrize(
    ("zone", "contact_utc", "now_utc", "days"),
    [
        # 23:30 on Saturday in New York is already Sunday in UTC: counted from Saturday.
        (
            "America/New_York",
            datetime(2026, 3, 8, 4, 30, tzinfo=UTC),
            datetime(2026, 3, 22, 16, 0, tzinfo=UTC),
            15,
        ),
        # Across the spring clock change (March 8): still calendar days, not 24-hour blocks.
        (
            "America/New_York",
            datetime(2026, 3, 7, 15, 0, tzinfo=UTC),
            datetime(2026, 3, 22, 3, 30, tzinfo=UTC),
            14,
        ),
        # Across the autumn change (November 1).
        (
            "America/New_York",
            datetime(2026, 10, 25, 14, 0, tzinfo=UTC),
            datetime(2026, 11, 9, 4, 30, tzinfo=UTC),
            14,
        ),
        # The same moments, read in Kolkata (+05:30, no clock changes) and Auckland.
        (
            "Asia/Kolkata",
            datetime(2026, 3, 8, 4, 30, tzinfo=UTC),
            datetime(2026, 3, 22, 16, 0, tzinfo=UTC),
            14,
        ),
        (
            "Pacific/Auckland",
            datetime(2026, 4, 4, 13, 30, tzinfo=UTC),
            datetime(2026, 4, 19, 11, 0, tzinfo=UTC),
            14,
        ),
    ],
)
def test_days_since_contact_are_local_calendar_days(zone, contact_utc, now_utc, days):
    e = enrollment(last_contact_at=contact_utc)
    with timezone.override(ZoneInfo(zone)):
        now = now_utc
        today = timezone.localtime(now).date()
        assert days_since_contact(e, today) == days
        found = [s.text for s in signals(e, now)]
    if days > 14:
        assert found == [f"No contact for {days} days (the standard is every 14)"]
    else:
        assert found == []


def test_every_signal_in_words():
    utc = ZoneInfo("UTC")
    now = datetime(2026, 11, 24, 15, 0, tzinfo=utc)
    e = enrollment(
        last_contact_at=datetime(2026, 11, 1, 15, 0, tzinfo=utc),
        attempts_in_row=4,
        missed_appointment_at=datetime(2026, 11, 20, 15, 0, tzinfo=utc),
        note_due_at=datetime(2026, 11, 23, 20, 0, tzinfo=utc),
    )
    with timezone.override(ZoneInfo("America/New_York")):
        assert [(s.kind, s.text) for s in signals(e, now)] == [
            ("contact", "No contact for 23 days (the standard is every 14)"),
            ("attempts", "4 attempts in a row without reaching them"),
            ("missed", "Missed appointment on Nov 20"),
            ("note", "Note overdue since Nov 23, 3:00 pm"),
        ]
    # A note not yet due, two attempts, a closed enrollment: nothing to flag.
    calm = enrollment(
        last_contact_at=now - timedelta(days=2),
        attempts_in_row=2,
        note_due_at=now + timedelta(hours=1),
    )
    assert signals(calm, now) == []
    assert signals(enrollment(status="exited", attempts_in_row=9), now) == []
    never = enrollment(started_on=date(2026, 11, 1), enrolled_on=None)
    assert [s.text for s in signals(never, now)] == ["No contact logged in 23 days since starting"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-03-08T02:30", "The clocks changed at that time"),  # skipped in New York
        ("2026-11-01T01:30", "The clocks changed at that time"),  # happened twice
    ],
)
def test_a_time_the_clocks_skip_or_repeat_is_refused_in_words(
    world, as_user, settings, monkeypatch, typed, message
):
    settings.TIME_ZONE = "America/New_York"
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo("UTC"))
    )
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(
        f"/enrollments/{world.amara.public_id}/contacts/new/",
        {"outcome": "completed", "method": "phone", "happened_at": typed},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(audit=False) == before
    ok = client.post(
        f"/enrollments/{world.amara.public_id}/contacts/new/",
        {"outcome": "completed", "method": "phone", "happened_at": "2026-11-01T03:30"},
    )
    assert ok.status_code == 302
    # 03:30 EST on the day the clocks went back is 08:30 UTC.
    assert Contact.objects.get().happened_at == datetime(2026, 11, 1, 8, 30, tzinfo=ZoneInfo("UTC"))


# --- The coach's list ------------------------------------------------------------------


def test_an_administrator_copies_edits_and_switches_off_phrases(world, as_user):
    admin = as_user(world.admin)
    page = admin.get("/coach/").content.decode()
    assert "Your organization uses Waypoint’s default list" in page
    assert CoachPhrase.objects.count() == 0
    texts = {"objective": "She refused to sign the lease."}

    def kinds() -> list[str]:
        return [
            a.found
            for a in coaching.advice_for(
                texts,
                organization_id=world.org.pk,
                attempt=True,
                goals_linked=True,
                next_meeting=True,
            )
            if a.found
        ]

    assert kinds() == ["refused"]
    response = admin.post("/coach/defaults/")
    assert response.status_code == 302
    assert CoachPhrase.objects.filter(organization=world.org).count() == len(default_rules())
    assert CoachPhrase.objects.filter(organization=world.other_org).count() == 0

    refused = CoachPhrase.objects.get(organization=world.org, phrase="refused")
    response = admin.post(
        f"/coach/{refused.pk}/",
        {
            "kind": "label",
            "phrase": "refused",
            "suggestion": "chose not to",
            "why": "Describes a choice.",
        },  # "active" unticked: switched off
    )
    assert response.status_code == 302
    assert CoachPhrase.objects.get(pk=refused.pk).active is False
    assert kinds() == []

    response = admin.post(
        "/coach/",
        {
            "kind": "label",
            "phrase": "the lease",
            "suggestion": "the rental agreement",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert kinds() == ["the lease"]

    before = snapshot()
    response = admin.post("/coach/", {"kind": "label", "phrase": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = admin.post("/coach/", {"kind": "label", "phrase": "The Lease"})
    assert response.status_code == 400
    assert "That phrase is already on the list." in response.content.decode()
    response = admin.post("/coach/", {"kind": "label", "phrase": "x", "sections": ["nowhere"]})
    assert response.status_code == 400
    assert snapshot() == before


def test_adding_a_phrase_to_the_default_list_keeps_the_defaults(world, as_user):
    admin = as_user(world.admin)
    response = admin.post(
        "/coach/", {"kind": "label", "phrase": "hard to reach", "suggestion": "not yet in touch"}
    )
    assert response.status_code == 302
    phrases = CoachPhrase.objects.filter(organization=world.org)
    assert phrases.count() == len(default_rules()) + 1
    assert phrases.filter(phrase="refused", active=True).exists()


def test_only_administrators_of_the_organization_edit_the_list(world, as_user):
    as_user(world.admin).post("/coach/defaults/")
    phrase = CoachPhrase.objects.filter(organization=world.org).first()
    assert phrase is not None
    before = snapshot()
    for user in (world.navigator, world.manager, world.outsider):
        client = as_user(user)
        assert client.get("/coach/").status_code == 404
        assert client.post("/coach/", {"kind": "label", "phrase": "odd"}).status_code == 404
        assert (
            client.post(f"/coach/{phrase.pk}/", {"kind": "label", "phrase": "x"}).status_code == 404
        )
        assert client.post("/coach/defaults/").status_code == 404
    assert snapshot() == before


def test_the_use_button_does_not_type_a_word_twice(world):
    texts = {"objective": "Amara refused to sign. Pt was late b/c of the bus."}
    found = coaching.advice_for(
        texts, organization_id=world.org.pk, attempt=False, goals_linked=True, next_meeting=True
    )
    options = {a.found: a.options for a in found if a.found}
    assert options["refused"][0] == ("chose not to", "chose not")
    assert all(shown == typed for shown, typed in options["b/c"])
    assert [a.kind for a in found if not a.found] == ["empty", "empty", "empty", "empty"]
