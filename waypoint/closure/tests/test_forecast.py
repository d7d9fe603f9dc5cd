"""The transition date: set through the page, refused with exact words, one row per
ending, stale edits refused, reminders on the program's days and never twice, and what
the caseload, the home page and the supervision page say about it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from waypoint.accounts.actions import create_api_token
from waypoint.closure import actions
from waypoint.closure.models import Forecast
from waypoint.enrollments.models import Enrollment
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def url(e: Enrollment) -> str:
    return f"/enrollments/{e.public_id}/transition/"


def post(client: Any, e: Enrollment, **data: Any) -> Any:
    form = {"transition_on": "", "discussed_on": "", "discussed_how": "", "version": "0"}
    form.update({k: str(v) for k, v in data.items()})
    return client.post(url(e), form)


def test_set_then_change_the_transition_date(world: Any, as_user: Any) -> None:
    client = as_user(world.navigator)
    today = timezone.localdate()
    page = client.get(url(world.amara)).content.decode()
    assert "Planned transition date" in page and "at least 4 weeks ahead" in page
    response = post(
        client,
        world.amara,
        transition_on=today + timedelta(days=60),
        discussed_on=today,
        discussed_how="At our weekly meeting",
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#ending-{world.amara.pk}")
    forecast = Forecast.objects.get()
    assert (forecast.transition_on, forecast.discussed_on, forecast.version) == (
        today + timedelta(days=60),
        today,
        1,
    )
    world.amara.refresh_from_db()
    assert world.amara.transition_on == today + timedelta(days=60)
    participant = client.get(response["Location"]).content.decode()
    assert "Transition date saved" in participant
    assert "(in 60 days)" in participant
    assert f"Discussed with them on {today:%b} {today.day}, {today:%Y}" in participant

    # Closer than the program's notice: saved, and the page says it is short notice.
    response = post(client, world.amara, transition_on=today + timedelta(days=10), version=1)
    assert response.status_code == 302
    followed = client.get(response["Location"]).content.decode()
    assert "less than the 4 weeks" in followed
    forecast.refresh_from_db()
    assert forecast.version == 2 and forecast.discussed_on is None
    assert Forecast.objects.count() == 1
    world.amara.refresh_from_db()
    assert world.amara.transition_on == today + timedelta(days=10)


@pytest.mark.parametrize(
    ("field", "days", "message"),
    [
        ("transition_on", -1, "The transition date cannot be before they started on"),
        ("transition_on", 3 * 366 + 2, "Give a transition date within 3 years, by"),
        ("discussed_on", 1, "The day it was discussed cannot be in the future."),
        ("discussed_on", -1, "The day it was discussed cannot be before they started on"),
    ],
)
def test_bad_dates_are_refused_with_their_reason(
    world: Any, as_user: Any, field: str, days: int, message: str
) -> None:
    client = as_user(world.navigator)
    today = timezone.localdate()
    data = {"transition_on": today + timedelta(days=40), field: today + timedelta(days=days)}
    before = snapshot(audit=False)
    response = post(client, world.amara, discussed_how="Kept as typed", **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Kept as typed"' in html  # nothing typed is lost
    assert snapshot(audit=False) == before


def test_a_missing_or_impossible_date_is_refused(world: Any, as_user: Any) -> None:
    client = as_user(world.navigator)
    response = post(client, world.amara)
    assert "Give the planned transition date." in response.content.decode()
    response = post(client, world.amara, transition_on="9999-12-31")
    assert response.status_code == 400
    assert "Give a date from 1900-01-01 to 2100-12-31." in response.content.decode()
    assert not Forecast.objects.exists()


def test_outsiders_are_refused_and_nothing_changes(world: Any, as_user: Any) -> None:
    today = timezone.localdate()
    before = snapshot(audit=False)
    for user in (world.outsider, world.staff):  # another organization; another program
        client = as_user(user)
        assert client.get(url(world.amara)).status_code == 404
        response = post(client, world.amara, transition_on=today + timedelta(days=40))
        assert response.status_code == 404
        assert client.post(f"{url(world.amara)}clear/", {"version": "0"}).status_code == 404
    # An auditor reads, never writes.
    response = post(as_user(world.auditor), world.amara, transition_on=today + timedelta(days=9))
    assert response.status_code == 404
    assert snapshot(audit=False) == before


def test_double_submit_makes_one_row_and_a_stale_edit_is_refused(world: Any, as_user: Any) -> None:
    client = as_user(world.navigator)
    today = timezone.localdate()
    first = post(client, world.amara, transition_on=today + timedelta(days=40), version=0)
    again = post(client, world.amara, transition_on=today + timedelta(days=40), version=0)
    assert (first.status_code, again.status_code) == (302, 302)
    forecast = Forecast.objects.get()
    assert forecast.version == 1  # sent twice, saved once

    other = as_user(world.supervisor)
    assert post(other, world.amara, transition_on=today + timedelta(days=50), version=1)["Location"]
    client = as_user(world.navigator)
    stale = post(client, world.amara, transition_on=today + timedelta(days=70), version=1)
    assert stale.status_code == 400
    html = stale.content.decode()
    assert "Sam Supervisor saved changes since you opened this page (the transition date)" in html
    forecast = Forecast.objects.get()
    assert forecast.transition_on == today + timedelta(days=50)


def test_clearing_the_date(world: Any, as_user: Any) -> None:
    client = as_user(world.navigator)
    today = timezone.localdate()
    post(client, world.amara, transition_on=today + timedelta(days=40))
    stale = client.post(f"{url(world.amara)}clear/", {"version": "7"})
    assert stale.status_code == 302 and Forecast.objects.exists()
    response = client.post(f"{url(world.amara)}clear/", {"version": "1"})
    assert response.status_code == 302
    assert not Forecast.objects.exists()
    world.amara.refresh_from_db()
    assert world.amara.transition_on is None


def test_a_closed_enrollment_keeps_its_date(world: Any, as_user: Any) -> None:
    from waypoint.closure.tests.records import close_now

    close_now(world.navigator, world.amara)
    world.amara.refresh_from_db()
    response = post(
        as_user(world.navigator),
        world.amara,
        transition_on=timezone.localdate() + timedelta(days=40),
    )
    assert response.status_code == 400
    assert "This enrollment has closed. Reopen it to change its transition date." in (
        response.content.decode()
    )


# --- Reminders -------------------------------------------------------------------------


def _forecast(world: Any, days: int) -> Forecast:
    return actions.set_forecast(
        by=world.navigator,
        enrollment=world.amara,
        transition_on=timezone.localdate() + timedelta(days=days),
    )


def test_reminders_on_the_programs_days_once_each(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _forecast(world, 30)
    today = timezone.localdate()
    sent_on = []
    for offset in range(0, 31):
        day = today + timedelta(days=offset)
        with django_capture_on_commit_callbacks(execute=True):
            count = actions.send_transition_reminders(day)
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.send_transition_reminders(day) == 0  # never twice
        if count:
            sent_on.append(30 - offset)
    assert sent_on == [28, 14, 7, 1]
    assert [m.subject for m in mailoutbox] == [
        "A transition in 28 days",
        "A transition in 14 days",
        "A transition in 7 days",
        "A transition tomorrow",
    ]
    first = mailoutbox[0]
    assert first.to == ["nia@example.org"]
    assert first.body.startswith("A participant on your caseload has a transition in 28 days.")
    assert f"/participants/{world.amara.participant.public_id}/" in first.body
    for message in mailoutbox:
        assert "Amara" not in message.body + message.subject
    assert Forecast.objects.get().reminded == [28, 14, 7, 1]


def test_reminders_follow_the_program_and_a_new_date(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rules = actions.settings_for(world.youth)
    rules.reminder_days = [10]
    rules.save()
    _forecast(world, 10)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_transition_reminders(today) == 1
    # Moved to a new date: its reminders start again.
    actions.set_forecast(
        by=world.navigator,
        enrollment=world.amara,
        transition_on=today + timedelta(days=11),
        expected_version=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_transition_reminders(today + timedelta(days=1)) == 1
        assert actions.send_transition_reminders(today + timedelta(days=4)) == 0
    assert [m.subject for m in mailoutbox] == ["A transition in 10 days"] * 2


def test_no_reminder_once_closed(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from waypoint.closure.tests.records import close_now

    _forecast(world, 14)
    close_now(world.navigator, world.amara)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_transition_reminders(timezone.localdate()) == 0
    assert mailoutbox == []


# --- The caseload, the home page, the supervision page ---------------------------------


def test_caseload_row_and_home_say_how_far_away(world: Any, as_user: Any) -> None:
    _forecast(world, 14)
    client = as_user(world.navigator)
    html = client.get("/caseload/").content.decode()
    assert '<span class="wp-transition">Transition in 14 days</span>' in html
    assert "Transitions coming up" in html
    assert "transition in 14 days" in html and "Not discussed yet" in html
    assert "Exit interview not scheduled." in html

    Enrollment.objects.filter(pk=world.amara.pk).update(transition_on=timezone.localdate())
    html = client.get("/caseload/").content.decode()
    assert '<span class="wp-transition">Transition today</span>' in html
    Enrollment.objects.filter(pk=world.amara.pk).update(
        transition_on=timezone.localdate() - timedelta(days=1)
    )
    html = client.get("/caseload/").content.decode()
    assert '<span class="wp-transition">Transition was 1 day ago</span>' in html


def test_home_lists_only_transitions_within_the_notice_window(world: Any, as_user: Any) -> None:
    _forecast(world, 40)  # beyond 4 weeks
    html = as_user(world.navigator).get("/caseload/").content.decode()
    assert "Transitions coming up" not in html
    assert '<span class="wp-transition">Transition in 40 days</span>' in html
    rules = actions.settings_for(world.youth)
    rules.notice_weeks = 6
    rules.save()
    html = as_user(world.navigator).get("/caseload/").content.decode()
    assert "Transitions coming up" in html


def test_supervision_lists_near_transitions_not_discussed(world: Any, as_user: Any) -> None:
    _forecast(world, 10)
    html = as_user(world.supervisor).get("/supervision/").content.decode()
    assert "Transitions in the next two weeks, not discussed yet" in html
    assert "Amara" in html
    actions.set_forecast(
        by=world.navigator,
        enrollment=world.amara,
        transition_on=timezone.localdate() + timedelta(days=10),
        discussed_on=timezone.localdate(),
    )
    html = as_user(world.supervisor).get("/supervision/").content.decode()
    assert "Transitions in the next two weeks, not discussed yet" not in html
    outsider = as_user(world.outsider).get("/supervision/").content.decode()
    assert "Amara" not in outsider


# --- The API ---------------------------------------------------------------------------


def api(user: Any) -> dict[str, str]:
    _, key = create_api_token(by=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_api_reads_sets_and_clears_the_date(world: Any, client: Any) -> None:
    headers = api(world.navigator)
    path = f"/api/v1/enrollments/{world.amara.public_id}/forecast"
    today = timezone.localdate()
    assert client.get(path, **headers).json()["version"] == 0
    body = {"version": 0, "transition_on": str(today + timedelta(days=20)), "discussed_on": None}
    response = client.patch(path, json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == 200
    data = response.json()
    assert (data["days_left"], data["short_notice"], data["version"]) == (20, True, 1)
    again = client.patch(path, json.dumps(body), content_type="application/json", **headers)
    assert again.status_code == 200 and again.json()["version"] == 1  # sent twice, saved once
    moved = {**body, "transition_on": str(today + timedelta(days=25))}
    stale = client.patch(path, json.dumps(moved), content_type="application/json", **headers)
    assert stale.status_code == 409
    bad = {"version": 1, "transition_on": str(today - timedelta(days=3))}
    response = client.patch(path, json.dumps(bad), content_type="application/json", **headers)
    assert response.status_code == 400
    assert "cannot be before they started" in response.json()["detail"]
    clear = {"version": 1, "transition_on": None}
    response = client.patch(path, json.dumps(clear), content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["id"] is None
    assert not Forecast.objects.exists()

    outsider = api(world.outsider)
    assert client.get(path, **outsider).status_code == 404
    response = client.patch(path, json.dumps(body), content_type="application/json", **outsider)
    assert response.status_code == 404
    assert not Forecast.objects.exists()


def test_the_daily_sweep_sends_the_reminders_once(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    _forecast(world, 14)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("closure_sweep", stdout=out)
    assert [m.subject for m in mailoutbox] == ["A transition in 14 days"]
    assert out.getvalue().strip().endswith("1 transition reminder sent.")
    with django_capture_on_commit_callbacks(execute=True):
        result = actions.daily_sweep(timezone.localdate())
    assert result.extra == {"reminders": 0}
    assert len(mailoutbox) == 1
