"""After the goodbye: check-ins recorded through the pages and the API (reached, tries,
closed), who is refused, the navigator's home by the local date (across clock changes
and near midnight), the supervisor's figures, the long-silence list, and the daily
sweep."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from waypoint.closure import actions
from waypoint.closure.models import CheckIn, ClosureSettings, SilenceNotice
from waypoint.closure.tests.records import close_now
from waypoint.enrollments.actions import enroll_new_participant
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused
from waypoint.notes.actions import log_contact
from waypoint.notes.models import Contact, Note
from waypoint.tests.helpers import Api

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo(settings.TIME_ZONE)


def _closed(world: Any, enrollment: Any = None, exit_on: date | None = None) -> list[CheckIn]:
    """Close ``enrollment`` (Amara by default) and return its check-ins, earliest first."""
    e = enrollment or world.amara
    close_now(
        world.navigator if e.navigator_id == world.navigator.pk else world.admin, e, exit_on=exit_on
    )
    return list(CheckIn.objects.filter(enrollment=e).order_by("due_on"))


def _ago(hours: int) -> datetime:
    """``hours`` ago, but never before local midnight: the enrollment closes today, and a
    check-in before the exit day is refused (just after midnight, an hour ago is
    yesterday)."""
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    return max(timezone.now() - timedelta(hours=hours), midnight)


def _when(hours_ago: int = 1) -> str:
    return timezone.localtime(_ago(hours_ago)).strftime("%Y-%m-%dT%H:%M")


def _form(check_in: CheckIn, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reached": "yes",
        "method": "phone",
        "happened_at": _when(),
        "outcomes": ["employed", "housed"],
        "words": "Still at the bakery, and the flat is mine now.",
        "version": check_in.version,
        "creation_key": str(uuid.uuid4()),
    }
    data.update(over)
    return data


def _url(check_in: CheckIn, close: bool = False) -> str:
    return reverse("check_in_close" if close else "check_in_record", args=[check_in.public_id])


def _state(check_in: CheckIn) -> tuple[Any, ...]:
    c = CheckIn.objects.get(pk=check_in.pk)
    return (c.status, c.attempts, c.outcomes, c.words, c.contact_id, c.version)


# Recording ---------------------------------------------------------------------------


def test_record_reached_logs_one_post_exit_contact_with_outcomes(world: Any, as_user: Any):
    first, *_ = _closed(world)
    client = as_user(world.navigator)
    page = client.get(_url(first))
    assert page.status_code == 200
    html = page.content.decode()
    for label in (
        "Still working",
        "Still housed",
        "In school or training",
        "Would like help again",
    ):
        assert label in html
    data = _form(first)
    response = client.post(_url(first), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#enrollment-{world.amara.pk}")
    done = CheckIn.objects.get(pk=first.pk)
    assert done.status == CheckIn.Status.REACHED
    assert done.outcomes == ["employed", "housed"] and done.stable
    assert done.words == "Still at the bakery, and the flat is mine now."
    assert (done.attempts, done.version, done.done_by_id) == (1, 2, world.navigator.pk)
    [contact] = Contact.objects.filter(enrollment=world.amara)
    assert done.contact_id == contact.pk
    assert contact.outcome == Contact.Outcome.COMPLETED and contact.method == "phone"
    assert timezone.localtime(contact.happened_at).strftime("%Y-%m-%dT%H:%M") == data["happened_at"]
    assert contact.logged_by_id == world.navigator.pk
    assert str(contact.creation_key) == data["creation_key"]
    assert Note.objects.filter(contact=contact, status=Note.Status.DRAFT).count() == 1
    # The enrollment stays closed; the contact counts as the last one.
    e = Enrollment.objects.get(pk=world.amara.pk)
    assert e.status == "exited" and e.last_contact_at == contact.happened_at
    # The participant page shows it reached, and the later ones still to record.
    page = client.get(reverse("participant_detail", args=[world.amara.participant.public_id]))
    html = page.content.decode()
    assert "Reached" in html and _url(CheckIn.objects.filter(enrollment=world.amara)[1]) in html


def test_a_try_then_reached_counts_both_attempts(world: Any, as_user: Any):
    first, *_ = _closed(world)
    client = as_user(world.navigator)
    response = client.post(
        _url(first),
        _form(first, reached="no", outcomes=[], words="", attempt_result="no_answer"),
    )
    assert response.status_code == 302
    tried = CheckIn.objects.get(pk=first.pk)
    assert (tried.status, tried.attempts, tried.version) == (CheckIn.Status.DUE, 1, 2)
    assert tried.contact is not None and tried.contact.outcome == Contact.Outcome.ATTEMPTED
    assert tried.contact.attempt_result == "no_answer"
    response = client.post(
        _url(first), _form(tried, outcomes=["needs_help"], words="Lost the job last week.")
    )
    assert response.status_code == 302
    done = CheckIn.objects.get(pk=first.pk)
    assert (done.status, done.attempts, done.outcomes) == ("reached", 2, ["needs_help"])
    assert not done.stable
    outcomes = list(
        Contact.objects.filter(enrollment=world.amara)
        .order_by("pk")
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["attempted", "completed"]
    # "Would like help again" offers the way back.
    page = client.get(_url(first)).content.decode()
    assert "They would like help again" in page and "Reopen" in page
    panel = client.get(
        reverse("participant_detail", args=[world.amara.participant.public_id])
    ).content.decode()
    assert "they asked for help again" in panel and "Would like help again" in panel


def test_skip_and_give_up_close_with_a_reason(world: Any, as_user: Any):
    first, second, third = _closed(world)
    client = as_user(world.navigator)
    response = client.post(
        _url(first, close=True),
        {"status": "skipped", "reason": "She asked us not to call.", "version": 1},
    )
    assert response.status_code == 302
    assert _state(first)[:2] == ("skipped", 0)
    assert CheckIn.objects.get(pk=first.pk).words == "She asked us not to call."
    done = actions.give_up_check_in(
        by=world.navigator, check_in=second, reason="Five tries, number disconnected."
    )
    assert done.status == CheckIn.Status.NOT_REACHED
    # No reason: refused, beside the field, and nothing changes.
    before = _state(third)
    response = client.post(
        _url(third, close=True), {"status": "not_reached", "reason": " ", "version": 1}
    )
    assert response.status_code == 400
    assert "Say why, in a few words." in response.content.decode()
    assert _state(third) == before
    # A closed check-in is not recorded again.
    with pytest.raises(ActionRefused, match="already recorded"):
        actions.record_check_in(
            by=world.navigator,
            check_in=first,
            reached=True,
            method="phone",
            happened_at=timezone.now(),
        )


def test_another_programs_navigator_and_the_outsider_are_refused(world: Any, as_user: Any):
    first, *_ = _closed(world)
    before = _state(first)
    contacts = Contact.objects.count()
    # Pat works only in Home Base; Olga is in another organization.
    for who in (world.staff, world.outsider):
        client = as_user(who)
        assert client.get(_url(first)).status_code == 404
        assert client.post(_url(first), _form(first)).status_code == 404
        assert (
            client.post(
                _url(first, close=True), {"status": "skipped", "reason": "x", "version": 1}
            ).status_code
            == 404
        )
    assert _state(first) == before and Contact.objects.count() == contacts
    # The auditor reads, never writes.
    with pytest.raises(ActionRefused):
        actions.record_check_in(
            by=world.auditor,
            check_in=first,
            reached=True,
            method="phone",
            happened_at=timezone.now(),
        )
    assert _state(first) == before


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"happened_at": "2099-01-01T10:00"}, "happened_at", "Give a date from"),
        ({"method": ""}, "method", "This field is required."),
        ({"method": "carrier_pigeon"}, "method", "Select a valid choice"),
        ({"outcomes": ["rich"]}, "outcomes", "Select a valid choice"),
        ({"version": ""}, "version", ""),
    ],
)
def test_bad_input_is_refused_and_what_was_typed_is_kept(
    world: Any, as_user: Any, over: dict[str, Any], field: str, message: str
):
    first, *_ = _closed(world)
    before = _state(first)
    client = as_user(world.navigator)
    data = _form(first, words="Doing fine, she says.", **over)
    response = client.post(_url(first), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Doing fine, she says." in html
    assert _state(first) == before and not Contact.objects.exists()


def test_a_time_before_the_exit_or_still_to_come_is_refused(world: Any, as_user: Any):
    exit_on = timezone.localdate() - timedelta(days=3)
    Enrollment.objects.filter(pk=world.amara.pk).update(
        started_on=exit_on - timedelta(days=60), enrolled_on=exit_on - timedelta(days=60)
    )
    world.amara.refresh_from_db()
    first, *_ = _closed(world, exit_on=exit_on)
    client = as_user(world.navigator)
    before_exit = datetime.combine(exit_on - timedelta(days=1), datetime.min.time()).replace(
        hour=10
    )
    response = client.post(
        _url(first), _form(first, happened_at=before_exit.strftime("%Y-%m-%dT%H:%M"))
    )
    assert response.status_code == 400
    assert "That is before they left on" in response.content.decode()
    later = timezone.localtime(timezone.now() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(_url(first), _form(first, happened_at=later))
    assert response.status_code == 400
    assert "That time is still to come" in response.content.decode()
    assert _state(first)[:2] == ("due", 0) and not Contact.objects.exists()


def test_double_submit_makes_one_contact(world: Any, as_user: Any):
    first, *_ = _closed(world)
    client = as_user(world.navigator)
    data = _form(first, reached="no", outcomes=[], words="")
    assert client.post(_url(first), data).status_code == 302
    assert client.post(_url(first), data).status_code == 302
    assert Contact.objects.filter(enrollment=world.amara).count() == 1
    assert _state(first)[:2] == ("due", 1)


def test_a_stale_page_is_refused_and_nothing_changes(world: Any, as_user: Any):
    first, *_ = _closed(world)
    actions.record_check_in(
        by=world.navigator2,
        check_in=first,
        reached=False,
        method="text",
        happened_at=_ago(2),
    )
    before = _state(first)
    client = as_user(world.navigator)
    response = client.post(_url(first), _form(first, version=1, words="Doing fine."))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Noor Navigator saved changes since you opened this page" in html
    assert "Doing fine." in html
    assert _state(first) == before
    assert Contact.objects.filter(enrollment=world.amara).count() == 1


def test_ordinary_contacts_are_still_refused_after_the_exit(world: Any):
    _closed(world)
    with pytest.raises(ActionRefused, match="This enrollment has ended"):
        log_contact(
            by=world.navigator,
            enrollment=Enrollment.objects.get(pk=world.amara.pk),
            outcome="completed",
            data={"method": "phone", "happened_at": timezone.now()},
        )


def test_a_reopened_enrollment_skips_its_check_ins(world: Any, as_user: Any):
    first, *_ = _closed(world)
    actions.reopen_enrollment(by=world.navigator, enrollment=world.amara, reason="Back for help")
    assert _state(first)[0] == "skipped"
    client = as_user(world.navigator)
    assert client.post(_url(first), _form(first)).status_code == 400
    assert not Contact.objects.exists()


# The navigator's home, by the local date ------------------------------------------


def _due_on(check_in: CheckIn, day: date) -> None:
    CheckIn.objects.filter(enrollment_id=check_in.enrollment_id).exclude(pk=check_in.pk).update(
        due_on=day + timedelta(days=400)
    )
    CheckIn.objects.filter(pk=check_in.pk).update(due_on=day)


def _home(world: Any, as_user: Any, moment: datetime) -> str:
    """This stage's part of the navigator's home at ``moment`` (empty when not shown)."""
    with time_machine.travel(moment, tick=False):
        client = as_user(world.navigator)
        html = str(client.get("/caseload/").content.decode())
    if 'id="check-ins-due"' not in html:
        return ""
    start = html.index('id="check-ins-due"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(
    "due",
    [date(2026, 11, 1), date(2027, 3, 14), date(2026, 11, 8), date(2027, 3, 21)],
    ids=["clocks-back", "clocks-forward", "week-after-clocks-back", "week-after-forward"],
)
def test_home_lists_a_check_in_by_the_local_date_across_clock_changes(
    world: Any, as_user: Any, due: date
):
    first, *_ = _closed(world)
    _due_on(first, due)
    name = f"Amara: {first.days_after}-day check-in"
    week_before = due - timedelta(days=7)
    # Late on the evening before the week opens (already the next day in UTC): not yet.
    html = _home(
        world,
        as_user,
        datetime.combine(week_before - timedelta(days=1), datetime.min.time()).replace(
            hour=23, minute=50, tzinfo=LOCAL
        ),
    )
    assert name not in html
    # Just after midnight, local time, seven days ahead: listed.
    html = _home(
        world,
        as_user,
        datetime.combine(week_before, datetime.min.time()).replace(minute=10, tzinfo=LOCAL),
    )
    assert name in html and "Overdue" not in html
    # On the day, at a time that exists on both sides of the change: "Today".
    html = _home(
        world, as_user, datetime.combine(due, datetime.min.time()).replace(hour=12, tzinfo=LOCAL)
    )
    assert name in html and ">Today<" in html
    # Late on the day itself (UTC is already tomorrow): still today, not overdue.
    html = _home(
        world,
        as_user,
        datetime.combine(due, datetime.min.time()).replace(hour=23, minute=50, tzinfo=LOCAL),
    )
    assert ">Today<" in html and "Overdue" not in html
    # Ten minutes into the next local day: overdue.
    html = _home(
        world,
        as_user,
        datetime.combine(due + timedelta(days=1), datetime.min.time()).replace(
            minute=10, tzinfo=LOCAL
        ),
    )
    assert name in html and "Overdue" in html


def test_home_lists_only_my_due_check_ins_oldest_first_with_tries(world: Any, as_user: Any):
    first, second, _third = _closed(world)
    today = timezone.localdate()
    CheckIn.objects.filter(pk=first.pk).update(due_on=today - timedelta(days=3), attempts=2)
    CheckIn.objects.filter(pk=second.pk).update(due_on=today + timedelta(days=2))
    html = as_user(world.navigator).get("/caseload/").content.decode()
    one = html.index("Amara: 30-day check-in")
    two = html.index("Amara: 90-day check-in")
    assert one < two and "180-day" not in html
    assert "(2 tries so far)" in html
    # Someone else's home does not show them.
    html = as_user(world.navigator2).get("/caseload/").content.decode()
    assert "30-day check-in" not in html


# The supervisor's figures and the long silence ---------------------------------------


def _people(world: Any, count: int, prefix: str = "Person") -> list[Enrollment]:
    return [
        enroll_new_participant(
            by=world.admin,
            program=world.youth,
            data={"preferred_name": f"{prefix} {i}"},
            navigator=world.navigator,
            status="enrolled",
            override_reason="testing figures",
        )
        for i in range(count)
    ]


def test_figures_per_check_in_day_are_exact(world: Any, as_user: Any):
    people = _people(world, 3)
    thirties = []
    for e in people:
        thirties.append(_closed(world, e)[0])
    past = timezone.localdate() - timedelta(days=1)
    CheckIn.objects.filter(pk__in=[c.pk for c in thirties]).update(due_on=past)
    CheckIn.objects.filter(pk=thirties[0].pk).update(status="reached", outcomes=["employed"])
    CheckIn.objects.filter(pk=thirties[1].pk).update(
        status="reached", outcomes=["housed", "needs_help"]
    )
    # A check-in skipped because they came back is not counted as due.
    skipped = _closed(world)[0]
    CheckIn.objects.filter(pk=skipped.pk).update(due_on=past, status="skipped")
    html = as_user(world.supervisor).get("/supervision/").content.decode()
    start = html.index('id="after-the-goodbye"')
    html = html[start : html.index("</table>", start)]
    assert "2 of 3 check-ins due so far reached them (67%)" in html
    assert "Of those reached, 1 were stable" in html and "(50%)" in html
    row = html[html.index("30 days") :]
    cells = [c.split("<")[0].strip() for c in row.split('">')[1:6]]
    assert cells == ["3", "2", "67%", "1", "50%"]
    assert "90 days<" not in html  # none due yet


def _local_noon_days_ago(days: int) -> datetime:
    """Noon, ``days`` local days ago: "days quiet" counts local days, so a moment taken
    as now minus 24-hour days lands a day off late in the evening after the clocks
    change."""
    return timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=days), datetime.min.time())
        + timedelta(hours=12)
    )


def test_long_silence_lists_candidates_and_is_off_by_default(world: Any, as_user: Any):
    quiet, recent = _people(world, 2, prefix="Quiet")
    Enrollment.objects.filter(pk=quiet.pk).update(last_contact_at=_local_noon_days_ago(40))
    Enrollment.objects.filter(pk=recent.pk).update(last_contact_at=_local_noon_days_ago(10))
    client = as_user(world.supervisor)
    html = client.get("/supervision/").content.decode()
    assert "Candidates to close" not in html
    ClosureSettings.objects.update_or_create(program=world.youth, defaults={"silence_days": 30})
    html = client.get("/supervision/").content.decode()
    section = html[html.index("Candidates to close") :]
    assert "Quiet 0" in section and "Quiet 1" not in section
    assert ">40 <" in section.replace("</td>", " <") or ">40<" in section
    # Amara enrolled today and Bo is still being checked for eligibility: neither listed.
    assert "Amara" not in section and "Bo " not in section
    assert f"#enrollment-{quiet.pk}" in section
    # Listed, never closed.
    assert Enrollment.objects.get(pk=quiet.pk).status == "enrolled"


def test_the_daily_sweep_emails_each_supervisor_a_count_once_a_day(
    world: Any, django_capture_on_commit_callbacks: Any
):
    quiet = _people(world, 2, prefix="Quiet")
    Enrollment.objects.filter(pk__in=[e.pk for e in quiet]).update(
        last_contact_at=_local_noon_days_ago(40)
    )
    ClosureSettings.objects.update_or_create(program=world.youth, defaults={"silence_days": 30})
    # Home Base has the list on too, but no one there is quiet: no email.
    ClosureSettings.objects.update_or_create(program=world.home, defaults={"silence_days": 30})
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        result = actions.daily_sweep(today)
    assert result.quiet == {world.youth.pk: 2, world.home.pk: 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["mo@example.org", "sam@example.org"]
    assert result.emails == 2
    for message in mail.outbox:
        assert "2 open enrollments have had no contact for 30 days or more" in message.body
        assert "/supervision/" in message.body
        for name in ("Quiet 0", "Quiet 1", "Amara"):
            assert name not in message.body and name not in message.subject
    # The same day again: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("closure_sweep")
    assert len(mail.outbox) == 2
    assert SilenceNotice.objects.count() == 2
    # Nothing closed.
    assert set(
        Enrollment.objects.filter(pk__in=[e.pk for e in quiet]).values_list("status", flat=True)
    ) == {"enrolled"}
    # The next day, again once.
    with django_capture_on_commit_callbacks(execute=True):
        actions.daily_sweep(today + timedelta(days=1))
    assert len(mail.outbox) == 4


# The API ---------------------------------------------------------------------------


def test_api_lists_and_records_a_check_in(world: Any):
    first, *_ = _closed(world)
    api = Api(world.navigator)
    listed = api.call("GET", f"/enrollments/{world.amara.public_id}/check-ins")
    assert listed.status_code == 200
    assert [c["days_after"] for c in listed.json()] == [30, 90, 180]
    body = {
        "reached": True,
        "method": "phone",
        "happened_at": _ago(1).isoformat(),
        "outcomes": ["school"],
        "words": "Started the welding course.",
        "version": 1,
        "creation_key": str(uuid.uuid4()),
    }
    done = api.call("POST", f"/check-ins/{first.public_id}", body)
    assert done.status_code == 200, done.content
    out = done.json()
    assert (out["status"], out["outcomes"], out["stable"], out["version"]) == (
        "reached",
        ["school"],
        True,
        2,
    )
    again = api.call("POST", f"/check-ins/{first.public_id}", body)  # double submit
    assert again.status_code == 200
    assert Contact.objects.filter(enrollment=world.amara).count() == 1
    second = CheckIn.objects.filter(enrollment=world.amara).order_by("due_on")[1]
    stale = api.call(
        "POST", f"/check-ins/{second.public_id}", {**body, "creation_key": None, "version": 7}
    )
    assert stale.status_code == 409
    # Another program's staff: 404, nothing changes.
    before = _state(second)
    other = Api(world.staff)
    assert other.call("GET", f"/enrollments/{world.amara.public_id}/check-ins").status_code == 404
    assert other.call("POST", f"/check-ins/{second.public_id}", body).status_code == 404
    assert _state(second) == before


def test_supervision_queries_stay_constant_with_the_long_silence_list_on(world: Any, as_user: Any):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ClosureSettings.objects.update_or_create(program=world.youth, defaults={"silence_days": 30})
    client = as_user(world.supervisor)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/supervision/").status_code == 200
        return len(captured)

    few = _people(world, 2, prefix="Quiet")
    Enrollment.objects.filter(pk__in=[e.pk for e in few]).update(
        last_contact_at=_local_noon_days_ago(40)
    )
    _closed(world, few[0])
    small = count()
    assert "Quiet 1" in client.get("/supervision/").content.decode()
    many = _people(world, 6, prefix="Still")
    Enrollment.objects.filter(pk__in=[e.pk for e in many]).update(
        last_contact_at=_local_noon_days_ago(40)
    )
    for e in many[:3]:
        _closed(world, e)
    big = count()
    assert "Still 5" in client.get("/supervision/").content.decode()
    assert small == big
