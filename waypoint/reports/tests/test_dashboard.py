"""The program dashboard through real requests: every chart's numbers against a direct
query of its own, the filters and their refusals, the participants behind a number, the
downloads, who may look, and a query count that does not grow with the rows."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.closure import actions as closure_actions
from waypoint.closure.models import CheckIn, Closure, ClosureReason
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import CAP_STATUSES, Enrollment
from waypoint.notes.actions import log_contact, schedule_appointment
from waypoint.notes.models import Appointment, Contact, Note
from waypoint.plans.actions import start_plan
from waypoint.plans.models import GoalStatus, Plan, PlanVersion, Progress
from waypoint.referrals.models import Referral
from waypoint.reports import dashboard
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db

DAYS_BACK = 200  # the range the tests ask for: the last 200 days


def _today() -> date:
    return timezone.localdate()


def _query(world: Any, **over: Any) -> dict[str, Any]:
    found = {
        "program": world.youth.pk,
        "start": (_today() - timedelta(days=DAYS_BACK)).isoformat(),
        "end": _today().isoformat(),
    }
    found.update(over)
    return {k: v for k, v in found.items() if v is not None}


def _url(world: Any) -> str:
    return f"/programs/{world.youth.pk}/dashboard/"


def _moment(days_ago: int) -> datetime:
    """Noon, ``days_ago`` days back (local time)."""
    return timezone.make_aware(datetime.combine(_today() - timedelta(days=days_ago), time(12)))


def _contact(world: Any, enrollment: Enrollment, outcome: str, days_ago: int) -> Contact:
    return log_contact(
        by=world.admin,
        enrollment=enrollment,
        outcome=outcome,
        data={"method": "phone", "happened_at": _moment(days_ago)},
    )


def _appointment(world: Any, enrollment: Enrollment, status: str, days_ago: int) -> None:
    made = schedule_appointment(
        by=world.admin,
        enrollment=enrollment,
        data={"starts_at": timezone.now() + timedelta(days=1), "purpose": "Check in"},
    )
    Appointment.objects.filter(pk=made.pk).update(starts_at=_moment(days_ago), status=status)


def _started(enrollment: Enrollment, days_ago: int, exited_after: int | None = None) -> None:
    started = _today() - timedelta(days=days_ago)
    exited = None if exited_after is None else started + timedelta(days=exited_after)
    Enrollment.objects.filter(pk=enrollment.pk).update(started_on=started, exited_on=exited)


def _closure(world: Any, enrollment: Enrollment, destination: int, days_ago: int) -> Closure:
    closure_actions.reasons_for(enrollment.program)
    reason = ClosureReason.objects.filter(program=enrollment.program).first()
    assert reason is not None
    return Closure.objects.create(
        organization_id=enrollment.organization_id,
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        status=Closure.Status.CLOSED,
        reason=reason,
        reason_label=reason.label,
        destination=destination,
        exit_on=_today() - timedelta(days=days_ago),
        note="Moving on.",
        requested_by=world.admin,
        requested_at=timezone.now(),
        closed_at=timezone.now(),
    )


def _check_in(closure: Closure, days: int, outcomes: list[str], days_ago: int) -> None:
    CheckIn.objects.create(
        organization_id=closure.organization_id,
        enrollment=closure.enrollment,
        participant_id=closure.participant_id,
        closure=closure,
        days_after=days,
        due_on=_today(),
        status=CheckIn.Status.REACHED,
        outcomes=outcomes,
        done_at=_moment(days_ago),
    )


def _referral(world: Any, enrollment: Enrollment, days_ago: int | None) -> None:
    from waypoint.directory.models import Provider, Service
    from waypoint.referrals.actions import make_referral

    provider = Provider.objects.create(owner=world.org, name="Partner", description="x")
    service = Service.objects.create(
        owner=world.org, organization=provider, name="Help", status="active"
    )
    made = make_referral(
        by=world.admin,
        enrollment=enrollment,
        service=service,
        consent=None,
        categories=[],
        participant_agreed=False,
        send=False,
    )
    if days_ago is not None:
        Referral.objects.filter(pk=made.pk).update(
            status="connected", connected_at=_moment(days_ago)
        )


def _progress(world: Any, enrollment: Enrollment, status: str, days_ago: int) -> None:
    plan = Plan.objects.filter(enrollment=enrollment).first()
    if plan is None:
        plan = start_plan(by=world.admin, enrollment=enrollment).plan
    Progress.objects.create(
        plan=plan,
        kind=Progress.Kind.GOAL,
        item_key=uuid.uuid4(),
        status=status,
        by=world.admin,
        at=_moment(days_ago),
    )


def _acknowledged(world: Any, enrollment: Enrollment, days_ago: int) -> None:
    plan = Plan.objects.filter(enrollment=enrollment).first()
    version = (
        PlanVersion.objects.filter(plan=plan).first()
        if plan is not None
        else start_plan(by=world.admin, enrollment=enrollment)
    )
    assert version is not None
    PlanVersion.objects.filter(pk=version.pk).update(
        status=PlanVersion.Status.ACKNOWLEDGED,
        acknowledged_name="Their own name",
        acknowledged_on=_today() - timedelta(days=days_ago),
    )


def populate(world: Any) -> None:
    """A small program's months: Amara (Nia's) and Bo (Noor's) in Youth Works, Chen in
    Home Base (never counted for Youth Works)."""
    amara, bo, chen = world.amara, world.bo, world.chen
    _started(amara, 150)
    _started(bo, 100)
    _started(chen, 150)
    enrollments.change_status(by=world.admin, enrollment=bo, to_status="enrolled")
    for days, outcome in [(1, "completed"), (9, "completed"), (9, "attempted"), (40, "completed")]:
        _contact(world, amara, outcome, days)
    _contact(world, bo, "attempted", 2)
    _contact(world, chen, "completed", 1)
    # Notes: Amara's three oldest are due by now; two signed on time, one late.
    notes = list(Note.objects.filter(enrollment=amara).order_by("due_at"))
    Note.objects.filter(pk__in=[notes[0].pk, notes[1].pk]).update(
        status="signed", signed_by=world.admin, signed_at=timezone.now(), signed_late=False
    )
    Note.objects.filter(pk=notes[2].pk).update(
        status="signed", signed_by=world.admin, signed_at=timezone.now(), signed_late=True
    )
    for status, days in [("kept", 3), ("kept", 10), ("missed", 10), ("cancelled", 10)]:
        _appointment(world, amara, status, days)
    _appointment(world, bo, "missed", 3)
    _appointment(world, chen, "kept", 3)
    _progress(world, amara, GoalStatus.ACHIEVED, 5)
    _progress(world, amara, GoalStatus.IN_PROGRESS, 5)
    _progress(world, chen, GoalStatus.ACHIEVED, 5)
    _acknowledged(world, amara, 20)
    _referral(world, amara, 4)
    _referral(world, amara, None)


@pytest.fixture
def populated(world: Any) -> Any:
    populate(world)
    return world


def _filters(world: Any, **over: Any) -> dashboard.Filters:
    return dashboard.Filters(
        program=world.youth,
        start=_today() - timedelta(days=DAYS_BACK),
        end=_today(),
        **over,
    )


def _charts(client: Any, world: Any, **over: Any) -> dict[str, dashboard.Chart]:
    response = client.get(_url(world), _query(world, **over))
    assert response.status_code == 200
    return {c.key: c for c in response.context["charts"]}


def _column(chart: dashboard.Chart, key: str) -> dict[str, Any]:
    index = [c.key for c in chart.columns].index(key)
    return {r.key: r.values[index] for r in chart.rows}


def _week(days_ago: int) -> str:
    day = _today() - timedelta(days=days_ago)
    return (day - timedelta(days=day.weekday())).isoformat()


def _week_range(key: str) -> tuple[datetime, datetime]:
    monday = date.fromisoformat(key)
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min))


# --- Every chart against a direct query ---------------------------------------------------


def test_effort_counts_contacts_and_attempts_per_week(client, populated):
    world = populated
    client.force_login(world.supervisor)
    chart = _charts(client, world)["effort"]
    contacts, attempts = _column(chart, "contacts"), _column(chart, "attempts")
    assert len(chart.rows) == len(dashboard.weeks(_filters(world)))
    for key in contacts:
        start, stop = _week_range(key)
        week = Contact.objects.filter(
            enrollment__program=world.youth, happened_at__gte=start, happened_at__lt=stop
        )
        assert contacts[key] == week.filter(outcome="completed").count()
        assert attempts[key] == week.filter(outcome="attempted").count()
    assert sum(contacts.values()) == 3
    assert sum(attempts.values()) == 2
    assert contacts[_week(40)] >= 1


def test_adequacy_is_each_caseload_against_the_cap(client, populated):
    world = populated
    client.force_login(world.supervisor)
    chart = _charts(client, world)["adequacy"]
    direct = {
        str(n): Enrollment.objects.filter(
            program=world.youth, navigator_id=n, status__in=CAP_STATUSES
        ).count()
        for n in (world.navigator.pk, world.navigator2.pk)
    }
    assert (
        _column(chart, "open")
        == direct
        == {str(world.navigator.pk): 1, str(world.navigator2.pk): 1}
    )
    assert set(_column(chart, "cap").values()) == {3}
    cap = _people_url(world, "adequacy", "cap", str(world.navigator.pk))
    assert cap not in client.get(_url(world), _query(world)).content.decode()
    assert client.get(cap, _query(world)).status_code == 404  # the cap is nobody


def test_quality_is_notes_on_time_and_plans_current_per_navigator(client, populated):
    world = populated
    client.force_login(world.supervisor)
    chart = _charts(client, world)["quality"]
    nia = str(world.navigator.pk)
    since = timezone.make_aware(datetime.combine(_today() - timedelta(days=DAYS_BACK), time.min))
    due = Note.objects.filter(
        enrollment__program=world.youth,
        enrollment__navigator=world.navigator,
        due_at__gte=since,
        due_at__lt=timezone.now(),
    )
    assert _column(chart, "notes_due")[nia] == due.count() == 3
    on_time = due.filter(status="signed", signed_late=False).count()
    assert _column(chart, "notes_on_time")[nia] == on_time == 2
    assert _column(chart, "notes_percent")[nia] == 67
    # Amara's plan was acknowledged twenty days ago: current. Bo has no plan.
    assert _column(chart, "served") == {nia: 1, str(world.navigator2.pk): 1}
    assert _column(chart, "plans_current") == {nia: 1, str(world.navigator2.pk): 0}
    assert _column(chart, "plans_percent") == {nia: 100, str(world.navigator2.pk): 0}


def test_a_plan_acknowledged_before_the_range_and_not_reviewed_is_not_current(client, world):
    _acknowledged(world, world.amara, 30)
    client.force_login(world.supervisor)
    start = (_today() - timedelta(days=10)).isoformat()
    chart = _charts(client, world, start=start)["quality"]
    assert _column(chart, "plans_current")[str(world.navigator.pk)] == 0
    _progress(world, world.amara, GoalStatus.IN_PROGRESS, 2)  # reviewed in the range
    chart = _charts(client, world, start=start)["quality"]
    assert _column(chart, "plans_current")[str(world.navigator.pk)] == 1


def test_outcome_counts_goals_referrals_exits_and_stable_check_ins(client, populated):
    world = populated
    home = _closure(world, world.amara, 410, 6)  # renting their own place: positive
    _closure(world, world.bo, 101, 6)  # emergency shelter: not positive
    _check_in(home, 30, ["employed"], 2)  # stable
    Closure.objects.filter(pk=home.pk).update(cycle=1)
    other = _closure(world, world.chen, 410, 6)  # another program
    _check_in(other, 30, ["housed"], 2)
    client.force_login(world.supervisor)
    chart = _charts(client, world)["outcome"]
    goals = _column(chart, "goals")
    assert sum(goals.values()) == 1 == goals[_week(5)]
    assert sum(_column(chart, "referrals").values()) == 1 == _column(chart, "referrals")[_week(4)]
    assert sum(_column(chart, "exits").values()) == 1 == _column(chart, "exits")[_week(6)]
    assert sum(_column(chart, "check_ins").values()) == 1
    direct_goals = Progress.objects.filter(
        plan__enrollment__program=world.youth, kind="goal", status="achieved"
    ).count()
    direct_referrals = Referral.objects.filter(
        enrollment__program=world.youth, connected_at__isnull=False
    ).count()
    direct_exits = Closure.objects.filter(
        enrollment__program=world.youth,
        status="closed",
        destination__in=[410, 435, 411, 421, 422, 423, 426],
    ).count()
    assert (direct_goals, direct_referrals, direct_exits) == (1, 1, 1)


@pytest.mark.parametrize(
    ("outcomes", "stable"),
    [
        (["employed"], 1),
        (["housed", "school"], 1),
        (["employed", "needs_help"], 0),
        (["needs_help"], 0),
        ([], 0),
    ],
)
def test_a_check_in_is_stable_when_working_housed_or_in_school_and_not_asking_for_help(
    client, world, outcomes, stable
):
    closure = _closure(world, world.amara, 410, 6)
    _check_in(closure, 30, outcomes, 2)
    client.force_login(world.supervisor)
    chart = _charts(client, world)["outcome"]
    assert sum(_column(chart, "check_ins").values()) == stable
    direct = [c for c in CheckIn.objects.filter(enrollment__program=world.youth) if c.stable]
    assert len(direct) == stable


def test_retention_is_the_share_still_with_the_program_after_30_90_180_days(client, world):
    _started(world.amara, 150)  # still here: reached 30 and 90, not 180 yet
    _started(world.bo, 100, exited_after=40)  # left on day 40: stayed 30, not 90
    _started(world.chen, 150)  # another program
    client.force_login(world.supervisor)
    chart = _charts(client, world)["retention"]
    assert _column(chart, "reached") == {"30": 2, "90": 2, "180": 0}
    assert _column(chart, "stayed") == {"30": 2, "90": 1, "180": 0}
    assert _column(chart, "percent") == {"30": 100, "90": 50, "180": None}
    started = Enrollment.objects.filter(
        program=world.youth, started_on__gte=_today() - timedelta(days=DAYS_BACK)
    )
    still = [
        e
        for e in started
        if e.started_on <= _today() - timedelta(days=90)
        and (e.exited_on is None or (e.exited_on - e.started_on).days >= 90)
    ]
    assert len(still) == 1


def test_attendance_counts_kept_and_missed_per_week(client, populated):
    world = populated
    client.force_login(world.supervisor)
    chart = _charts(client, world)["attendance"]
    kept, missed = _column(chart, "kept"), _column(chart, "missed")
    for key in kept:
        start, stop = _week_range(key)
        week = Appointment.objects.filter(
            enrollment__program=world.youth, starts_at__gte=start, starts_at__lt=stop
        )
        assert kept[key] == week.filter(status="kept").count()
        assert missed[key] == week.filter(status="missed").count()
    assert (sum(kept.values()), sum(missed.values())) == (2, 2)


def test_the_chart_draws_exactly_the_tables_numbers(client, populated):
    world = populated
    client.force_login(world.supervisor)
    response = client.get(_url(world), _query(world))
    body = response.content.decode()
    for chart in response.context["charts"]:
        drawn = chart.drawing()
        assert drawn["labels"] == [r.label for r in chart.rows]
        for dataset in drawn["datasets"]:
            column = next(c for c in chart.columns if c.label == dataset["label"])
            assert dataset["data"] == list(_column(chart, column.key).values())
        assert f'<canvas id="canvas-{chart.key}"' in body
        assert f'id="data-{chart.key}" type="application/json"' in body
        assert f'aria-label="{chart.title}.' in body
    assert "chart.umd.min.js" in body and "reports/dashboard.js" in body
    assert "<script>" not in body  # no inline script (CSP)


# --- Filters ----------------------------------------------------------------------------------


def test_the_navigator_filter_narrows_every_chart(client, populated):
    world = populated
    client.force_login(world.supervisor)
    charts = _charts(client, world, navigator=world.navigator2.pk)
    assert sum(_column(charts["effort"], "contacts").values()) == 0
    assert sum(_column(charts["effort"], "attempts").values()) == 1
    assert list(_column(charts["adequacy"], "open")) == [str(world.navigator2.pk)]
    assert (sum(_column(charts["attendance"], "missed").values())) == 1


def test_the_date_range_narrows_the_weeks(client, populated):
    world = populated
    client.force_login(world.supervisor)
    start = (_today() - timedelta(days=20)).isoformat()
    charts = _charts(client, world, start=start)
    assert sum(_column(charts["effort"], "contacts").values()) == 2  # not the one 40 days back
    assert len(charts["effort"].rows) in (3, 4)


def test_the_default_range_is_the_last_twelve_weeks(client, world):
    client.force_login(world.supervisor)
    response = client.get(_url(world))
    filters = response.context["filters"]
    assert (filters.start, filters.end) == dashboard.default_range(_today())
    assert filters.end - filters.start == timedelta(weeks=12, days=-1)


def test_choosing_another_program_goes_to_its_dashboard(client, world):
    client.force_login(world.supervisor)
    response = client.get(
        _url(world), _query(world, program=world.home.pk, navigator=world.navigator2.pk)
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/programs/{world.home.pk}/dashboard/?")
    assert "navigator" not in response["Location"]


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end", "on or after the first day"),
        ({"start": "2000-01-01", "end": "2004-01-01"}, "start", "three years or less"),
        ({"start": "not a day"}, "start", "Enter a valid date"),
        ({"end": "9999-12-31"}, "end", "Give a date from"),
        ({"navigator": "999999"}, "navigator", "Select a valid choice"),
    ],
)
def test_bad_filters_get_a_message_beside_the_field_and_keep_what_was_typed(
    client, world, over, field, message
):
    client.force_login(world.supervisor)
    response = client.get(_url(world), _query(world, **over))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    body = response.content.decode()
    assert f'id="id_{field}-error"' in body
    assert f'aria-describedby="id_{field}-error"' in body
    assert "Fix the filters above" in body
    assert response.context["charts"] == []
    for value in over.values():
        assert str(value) in body  # what was typed stays in the form


def test_a_navigator_of_another_organization_is_not_a_choice(client, world):
    client.force_login(world.supervisor)
    response = client.get(_url(world), _query(world, navigator=world.outsider.pk))
    assert "navigator" in response.context["form"].errors
    assert "Olga" not in response.content.decode()


def test_htmx_gets_only_the_figures(client, world):
    client.force_login(world.supervisor)
    response = client.get(_url(world), _query(world), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="figures">')
    assert "<form" not in body


# --- The participants behind a number -----------------------------------------------------


def _people_url(world: Any, chart: str, column: str, bucket: str) -> str:
    return f"/programs/{world.youth.pk}/dashboard/{chart}/{column}/{bucket}/"


def _names(response: Any) -> list[str]:
    return [p.preferred_name for p in response.context["people"]]


def test_a_number_links_to_exactly_the_participants_behind_it(client, populated):
    world = populated
    client.force_login(world.supervisor)
    body = client.get(_url(world), _query(world)).content.decode()
    link = _people_url(world, "effort", "attempts", _week(2))
    assert link in body
    response = client.get(link, _query(world))
    assert response.status_code == 200
    assert _names(response) == ["Bo Nguyễn"]
    response = client.get(_people_url(world, "attendance", "kept", _week(3)), _query(world))
    assert _names(response) == ["Amara"]  # not Chen, kept in Home Base that week
    response = client.get(
        _people_url(world, "adequacy", "open", str(world.navigator.pk)), _query(world)
    )
    assert _names(response) == ["Amara"]
    response = client.get(
        _people_url(world, "quality", "notes_on_time", str(world.navigator.pk)), _query(world)
    )
    assert _names(response) == ["Amara"]
    response = client.get(_people_url(world, "outcome", "goals", _week(5)), _query(world))
    assert _names(response) == ["Amara"]


def test_the_drill_down_is_recorded_in_the_audit_trail(client, populated):
    world = populated
    client.force_login(world.auditor)
    before = AuditEvent.objects.count()
    response = client.get(_people_url(world, "effort", "attempts", _week(2)), _query(world))
    assert response.status_code == 200
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert event is not None and event.action == "list"
    assert event.participant_id == world.bo.participant_id


def test_the_drill_down_respects_the_navigator_filter(client, populated):
    world = populated
    client.force_login(world.supervisor)
    response = client.get(
        _people_url(world, "attendance", "missed", _week(3)),
        _query(world, navigator=world.navigator.pk),
    )
    assert response.status_code == 200
    assert _names(response) == []  # that week Nia's people missed none
    assert response.context["figure"] == 0
    response = client.get(
        _people_url(world, "attendance", "missed", _week(3)),
        _query(world, navigator=world.navigator2.pk),
    )
    assert _names(response) == ["Bo Nguyễn"]


@pytest.mark.parametrize(
    ("chart", "column", "bucket"),
    [
        ("nothing", "contacts", "week"),
        ("effort", "nothing", "x"),
        ("effort", "contacts", "2001-01-01"),
        ("quality", "notes_percent", "none"),
        ("retention", "reached", "45"),
    ],
)
def test_a_number_that_does_not_exist_is_404(client, world, chart, column, bucket):
    client.force_login(world.supervisor)
    response = client.get(_people_url(world, chart, column, bucket), _query(world))
    assert response.status_code == 404


# --- Downloads ----------------------------------------------------------------------------


def test_each_chart_downloads_as_csv_with_the_tables_numbers(client, populated):
    world = populated
    client.force_login(world.supervisor)
    charts = _charts(client, world)
    for key, chart in charts.items():
        response = client.get(f"/programs/{world.youth.pk}/dashboard/{key}.csv", _query(world))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        disposition = response["Content-Disposition"]
        assert disposition == (
            f'attachment; filename="dashboard-{key}-'
            f'{_today() - timedelta(days=DAYS_BACK):%Y-%m-%d}-to-{_today():%Y-%m-%d}.csv"'
        )
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        expected = [[str("" if v is None else v) for v in row] for row in chart.table()]
        assert rows == expected
        text = response.content.decode()
        for name in ("Amara", "Bo Nguy", "王芳"):
            assert name not in text


def test_each_chart_downloads_as_xlsx_with_the_tables_numbers(client, populated):
    openpyxl = pytest.importorskip("openpyxl")
    world = populated
    client.force_login(world.supervisor)
    charts = _charts(client, world)
    for key, chart in charts.items():
        response = client.get(f"/programs/{world.youth.pk}/dashboard/{key}.xlsx", _query(world))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('.xlsx"')
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = [list(r) for r in book.active.iter_rows(values_only=True)]
        assert rows == chart.table()


def test_downloads_follow_the_filters(client, populated):
    world = populated
    client.force_login(world.supervisor)
    response = client.get(
        f"/programs/{world.youth.pk}/dashboard/adequacy.csv",
        _query(world, navigator=world.navigator2.pk),
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Navigator", "Open now", "Cap"], ["Noor Navigator", "1", "3"]]


def test_an_unknown_download_is_404(client, world):
    client.force_login(world.supervisor)
    assert client.get(f"/programs/{world.youth.pk}/dashboard/effort.pdf").status_code == 404
    assert client.get(f"/programs/{world.youth.pk}/dashboard/nothing.csv").status_code == 404
    bad = _query(world, start="2026-05-01", end="2026-04-01")
    assert client.get(f"/programs/{world.youth.pk}/dashboard/effort.csv", bad).status_code == 404


# --- Who may look -------------------------------------------------------------------------


def _routes(world: Any) -> list[str]:
    youth = world.youth.pk
    return [
        f"/programs/{youth}/dashboard/",
        _people_url(world, "effort", "contacts", _week(0)),
        f"/programs/{youth}/dashboard/effort.csv",
    ]


@pytest.mark.parametrize("persona", ["navigator", "staff", "partner", "outsider"])
def test_only_oversight_roles_of_the_program_may_look(client, populated, persona):
    world = populated
    client.force_login(getattr(world, persona))
    before = snapshot()
    for url in _routes(world):
        assert client.get(url, _query(world)).status_code == 404, url
    assert snapshot() == before


def test_staff_of_the_program_who_oversee_another_are_refused_here(client, world):
    from waypoint.accounts import actions as accounts

    accounts.grant_role(user=world.staff, role="supervisor", program=world.home)
    client.force_login(world.staff)
    assert client.get(_url(world), _query(world)).status_code == 404
    response = client.get(f"/programs/{world.home.pk}/dashboard/")
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["admin", "manager", "supervisor", "auditor"])
def test_oversight_roles_read_and_nothing_changes(client, populated, persona):
    world = populated
    client.force_login(getattr(world, persona))
    before = snapshot(audit=False)
    response = client.get(_url(world), _query(world))
    assert response.status_code == 200
    assert len(response.context["charts"]) == 6
    assert snapshot(audit=False) == before
    assert client.post(_url(world), _query(world)).status_code == 405


def test_the_navigation_link_goes_to_the_first_program_overseen(client, world):
    client.force_login(world.supervisor)
    response = client.get("/dashboard/")
    first = dashboard.overseen_programs(world.supervisor).first()
    assert first is not None
    assert response["Location"] == f"/programs/{first.pk}/dashboard/"
    page = client.get("/supervision/").content.decode()
    assert 'href="/dashboard/"' in page
    client.force_login(world.navigator)
    assert client.get("/dashboard/").status_code == 404
    assert 'href="/dashboard/"' not in client.get("/caseload/").content.decode()


def test_the_outsider_sees_only_their_own_programs_dashboard(client, world):
    client.force_login(world.outsider)
    response = client.get("/dashboard/")
    assert response["Location"] == f"/programs/{world.other_program.pk}/dashboard/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Youth Works" not in body and "Home Base" not in body


# --- Bounded queries ----------------------------------------------------------------------


def _grow(world: Any, times: int) -> None:
    for i in range(times):
        enrollment = enrollments.enroll_new_participant(
            by=world.admin,
            program=world.youth,
            data={"preferred_name": f"Person {i}"},
            navigator=world.navigator2,
            status="enrolled",
            override_reason="A busy month; Noor agreed.",
        )
        _contact(world, enrollment, "completed", i % 30 + 1)
        _contact(world, enrollment, "attempted", i % 50 + 1)
        _appointment(world, enrollment, "kept" if i % 2 else "missed", i % 40 + 1)
        _progress(world, enrollment, GoalStatus.ACHIEVED, i % 20 + 1)
        _acknowledged(world, enrollment, i % 20 + 1)


def _queries(client: Any, world: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_url(world), _query(world))
    assert response.status_code == 200
    return len(captured)


def test_the_page_query_count_does_not_grow_with_the_rows(client, populated):
    world = populated
    client.force_login(world.supervisor)
    _queries(client, world)  # warm up (session, content types)
    small = _queries(client, world)
    _grow(world, 12)
    large = _queries(client, world)
    assert large == small
    assert small <= 25


@pytest.mark.parametrize("value", ["\x00", "\ud800", "1" * 400, "-1", "2026-02-30"])
def test_hostile_filter_values_get_a_message_not_an_error(client, world, value):
    from urllib.parse import quote_plus

    client.force_login(world.supervisor)
    for name in ("program", "navigator", "start", "end"):
        query = {k: str(v) for k, v in _query(world).items()}
        query[name] = value
        raw = "&".join(
            f"{k}={quote_plus(v.encode('utf-8', 'surrogatepass'))}" for k, v in query.items()
        )
        response = client.get(f"{_url(world)}?{raw}")
        assert response.status_code == 200, (name, value)
        assert name in response.context["form"].errors, (name, value)
        assert response.context["charts"] == []


def test_the_drill_down_query_count_does_not_grow_with_the_people(client, world):
    client.force_login(world.supervisor)
    url = _people_url(world, "adequacy", "open", str(world.navigator2.pk))

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, _query(world))
        assert response.status_code == 200
        return len(captured), len(response.context["people"])

    count()  # warm up
    small, shown = count()
    _grow(world, 2)
    large, more = count()
    assert (shown, more) == (1, 3)
    assert large == small


def test_a_name_that_looks_like_a_formula_stays_text_in_the_downloads(client, world):
    from waypoint.accounts.models import User

    User.objects.filter(pk=world.navigator.pk).update(display_name="=HYPERLINK(1)")
    client.force_login(world.supervisor)
    url = f"/programs/{world.youth.pk}/dashboard/adequacy.csv"
    rows = list(csv.reader(io.StringIO(client.get(url, _query(world)).content.decode())))
    assert ["'=HYPERLINK(1)", "1", "3"] in rows
    openpyxl = pytest.importorskip("openpyxl")
    response = client.get(f"/programs/{world.youth.pk}/dashboard/adequacy.xlsx", _query(world))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "'=HYPERLINK(1)" in [c.value for c in cells]


def test_per_navigator_charts_show_a_page_of_navigators_and_download_them_all(
    client, world, monkeypatch
):
    from waypoint.reports import dashboard

    monkeypatch.setattr(dashboard, "NAVIGATORS_PER_PAGE", 1)
    client.force_login(world.supervisor)
    response = client.get(_url(world), _query(world))
    shown = {s.chart.key: s for s in response.context["shown"]}
    assert [label for label, _ in shown["adequacy"].rows] == ["Nia Navigator"]
    assert shown["adequacy"].chart.drawing()["labels"] == ["Nia Navigator"]
    assert len(shown["effort"].rows) == len(response.context["charts"][0].rows)  # weeks: all
    body = response.content.decode()
    assert "1–1 of 2" in body and "page=2#chart-adequacy" in body
    second = client.get(_url(world), {**_query(world), "page": 2})
    shown = {s.chart.key: s for s in second.context["shown"]}
    assert [label for label, _ in shown["adequacy"].rows] == ["Noor Navigator"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/programs/{world.youth.pk}/dashboard/adequacy.csv", _query(world)
                ).content.decode()
            )
        )
    )
    assert len(rows) == 3  # the header and both navigators


def _signed_review(world: Any, enrollment: Enrollment, *, passed: bool, days_ago: int) -> None:
    from waypoint.quality.models import Review

    at = _moment(days_ago)
    Review.objects.create(
        organization=world.org,
        enrollment=enrollment,
        participant=enrollment.participant,
        navigator=enrollment.navigator,
        reviewer=world.supervisor,
        started_at=at,
        started_on=at.date(),
        status=Review.Status.SIGNED,
        all_met=passed,
        signed_at=at,
    )


def test_quality_counts_file_reviews_signed_in_the_range_and_those_passed(client, world):
    from waypoint.quality.models import Review

    _signed_review(world, world.amara, passed=True, days_ago=3)
    _signed_review(world, world.amara, passed=False, days_ago=5)
    _signed_review(world, world.amara, passed=True, days_ago=DAYS_BACK + 30)  # before
    _signed_review(world, world.chen, passed=True, days_ago=3)  # another program
    client.force_login(world.supervisor)
    chart = _charts(client, world)["quality"]
    nia = str(world.navigator.pk)
    since = timezone.make_aware(datetime.combine(_today() - timedelta(days=DAYS_BACK), time.min))
    direct = Review.objects.filter(
        enrollment__program=world.youth,
        enrollment__navigator=world.navigator,
        status="signed",
        signed_at__gte=since,
    )
    assert _column(chart, "reviews_signed")[nia] == direct.count() == 2
    assert _column(chart, "reviews_passed")[nia] == direct.filter(all_met=True).count() == 1
    assert _column(chart, "reviews_percent")[nia] == 50
    drawn = chart.drawing()["datasets"]
    assert [d["label"] for d in drawn][-1] == "Reviews passed %"
    people = client.get(_people_url(world, "quality", "reviews_passed", nia), _query(world))
    assert people.status_code == 200
    assert world.amara.participant.preferred_name in people.content.decode()


def test_the_navigator_select_marks_the_choice_and_escapes_names():
    from waypoint.reports.dashboard_forms import LeanSelect

    widget = LeanSelect(attrs={"class": "usa-select"})
    widget.choices = [("", "Everyone"), (7, "Nia <b>N</b>"), (8, "Sam")]
    html = widget.render("navigator", 7, attrs={"id": "id_navigator", "required": False})
    assert html == (
        '<select name="navigator" class="usa-select" id="id_navigator">'
        '<option value="">Everyone</option>'
        '<option value="7" selected>Nia &lt;b&gt;N&lt;/b&gt;</option>'
        '<option value="8">Sam</option></select>'
    )


def _more_navigators(world: Any, count: int, start: int = 0) -> list[Any]:
    """``count`` more navigators of Youth Works, each holding one inquiry (a caseload
    with nothing due, nobody served yet and nothing reviewed)."""
    from conftest import navigator_holding_one

    return [
        navigator_holding_one(
            world, world.youth, f"nav{i}", f"Zed Navigator {i:03d}", f"Newcomer {i}"
        )
        for i in range(start, start + count)
    ]


def test_a_navigator_holding_a_caseload_with_nothing_due_shows_zeros_in_quality(client, populated):
    world = populated
    (zed,) = _more_navigators(world, 1)
    client.force_login(world.supervisor)
    chart = _charts(client, world)["quality"]
    assert [r.label for r in chart.rows] == ["Nia Navigator", "Noor Navigator", str(zed)]
    assert next(r for r in chart.rows if r.key == str(zed.pk)).values == [
        0, 0, None, 0, 0, None, 0, 0, None,
    ]  # fmt: skip
    # No number to open behind a zero: the drill-down has no such figure.
    response = client.get(_people_url(world, "quality", "served", str(zed.pk)), _query(world))
    assert response.status_code == 404


def test_the_query_count_does_not_grow_with_the_navigators(client, populated, monkeypatch):
    world = populated
    monkeypatch.setattr(dashboard, "NAVIGATORS_PER_PAGE", 2)
    client.force_login(world.supervisor)
    _queries(client, world)  # warm up
    _more_navigators(world, 1)
    few = _queries(client, world)
    _more_navigators(world, 12, start=1)
    many = _queries(client, world)
    assert many == few
    # The last page of quality holds the last of the thirteen by name, on both charts'
    # pagers; a drill-down to a navigator on a later page opens.
    response = client.get(_url(world), {**_query(world), "page": 8})
    shown = {s.chart.key: s for s in response.context["shown"]}
    assert shown["quality"].page.paginator.count == 15
    assert [label for label, _ in shown["quality"].rows] == ["Zed Navigator 012"]
    assert shown["adequacy"].page.paginator.count == 15
    noor = _people_url(world, "quality", "served", str(world.navigator2.pk))
    assert _names(client.get(noor, _query(world))) == ["Bo Nguyễn"]


def test_quality_keeps_the_navigator_of_someone_who_left_with_notes_due(client, populated):
    """Navigators come from the kept caseload counts, and from enrollments off every
    caseload that had a note due in the range (their navigator may hold no caseload)."""
    from waypoint.enrollments.actions import rebuild_caseload_counts

    world = populated
    bo, noor = world.bo, str(world.navigator2.pk)
    _contact(world, bo, "completed", 5)  # its note's window closed three days ago
    client.force_login(world.supervisor)
    before = _column(_charts(client, world)["quality"], "notes_due")
    assert before[noor] >= 1
    # Bo has left: Noor holds no caseload in the program now.
    Enrollment.objects.filter(pk=bo.pk).update(status="exited")
    rebuild_caseload_counts([world.youth.pk])
    quality = _charts(client, world)["quality"]
    assert _column(quality, "notes_due")[noor] == before[noor]
    assert _column(quality, "served")[noor] == 0
    # The same with nobody assigned: the "Not assigned yet" row carries the notes.
    Enrollment.objects.filter(pk=bo.pk).update(navigator=None)
    quality = _charts(client, world)["quality"]
    assert noor not in _column(quality, "notes_due")
    assert _column(quality, "notes_due")["none"] == before[noor]
    assert [r.label for r in quality.rows][-1] == "Not assigned yet"
