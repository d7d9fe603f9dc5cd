"""The data-quality page: completeness and HUD timeliness buckets, counted by hand on a
small world (boundaries at 0, 3, 4, 10 and 11 days), who sees which figures, bad
filters, the CSV of records to fix, and a query count that does not grow with rows."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waypoint.assessments.actions import start_assessment
from waypoint.assessments.models import Assessment, Question
from waypoint.audit.models import AuditEvent
from waypoint.closure.models import Closure
from waypoint.closure.tests.records import close_now
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment
from waypoint.notes.actions import log_contact, save_note, sign_note
from waypoint.participants.models import Participant
from waypoint.reports import data_quality
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db

LAGS = (0, 3, 4, 10, 11)


def _today() -> Any:
    return timezone.localdate()


def _late_entry(world: Any, name: str, days: int) -> Enrollment:
    """A Home Base enrollment on Noor's caseload that started ``days`` before the day it
    was recorded (today)."""
    made = enrollments.enroll_new_participant(
        by=world.admin,
        program=world.home,
        data={"preferred_name": name},
        navigator=world.navigator2,
        status="enrolled",
    )
    started = _today() - timedelta(days=days)
    Enrollment.objects.filter(pk=made.pk).update(started_on=started, enrolled_on=started)
    made.refresh_from_db()
    return made


def _home_world(world: Any) -> dict[int, Enrollment]:
    """Home Base: Chen (recorded the day she started) and five more recorded 0, 3, 4,
    10 and 11 days after their start; P10 left 5 days ago, recorded today."""
    made = {d: _late_entry(world, f"P{d}", d) for d in LAGS}
    Participant.objects.filter(pk=world.chen.participant_id).update(
        date_of_birth=_today().replace(year=_today().year - 30, day=1)
    )
    Participant.objects.filter(pk=made[3].participant_id).update(declined=["date_of_birth"])
    question = Question.objects.create(
        program=world.home, label="Household size", required=True, position=1
    )
    Question.objects.create(program=world.home, label="Optional thing", required=False)
    assessment = start_assessment(by=world.admin, enrollment=world.chen)
    Assessment.objects.filter(pk=assessment.pk).update(answers={question.key: "3"})
    close_now(world.admin, made[10], exit_on=_today() - timedelta(days=5))
    # A contact with Chen two days ago whose note is signed today.
    contact = log_contact(
        by=world.navigator2,
        enrollment=world.chen,
        outcome="completed",
        data={"method": "phone", "happened_at": timezone.now() - timedelta(days=2)},
    )
    note = save_note(
        by=world.navigator2,
        note=contact.note,
        expected_version=contact.note.edit_version,
        sections={"strengths": "Found the paperwork", "objective": "On time"},
    )
    sign_note(by=world.navigator2, note=note, expected_version=note.edit_version)
    assert Closure.objects.get(enrollment=made[10]).status == Closure.Status.CLOSED
    return made


def _page(client: Any, **params: Any) -> Any:
    return client.get(reverse("data_quality"), params)


def test_counts_and_buckets_by_hand(world, as_user):
    made = _home_world(world)
    filters = data_quality.Filters(_today() - timedelta(days=60), _today(), world.home.pk)
    found = data_quality.report(world.supervisor, filters)
    assert found.enrollments == 6
    rows = {r.key: r for r in found.fields}
    legal = rows["legal_name"]  # only Chen has one
    assert (legal.applicable, legal.complete, legal.declined, legal.missing) == (6, 1, 0, 5)
    assert legal.percent == 16 and legal.below_goal
    born = rows["date_of_birth"]  # Chen has it; P3 chose not to say
    assert (born.complete, born.declined, born.missing, born.percent) == (1, 1, 4, 16)
    assert (rows["started_on"].percent, rows["started_on"].below_goal) == (100, False)
    assert rows["navigator"].complete == 6
    exits = rows["destination"]
    assert (exits.applicable, exits.complete, exits.percent) == (1, 1, 100)
    assert rows["emergency_relationship"].applicable == 0
    assert rows["emergency_relationship"].percent is None
    asked = [r for r in found.fields if r.key.startswith("question-")]
    assert [(r.label, r.applicable, r.complete) for r in asked] == [
        ("Household size (Home Base)", 6, 1)
    ]
    fix = {e.participant.preferred_name: missing for e, missing in found.to_fix}
    assert fix["王芳"] == ["Pronouns", "Languages", "Emergency contact"]
    assert fix["P3"] == [
        "Legal name",
        "Pronouns",
        "Languages",
        "Emergency contact",
        "Household size (Home Base)",
    ]
    assert "Date of birth" not in fix["P3"] and "Date of birth" in fix["P4"]

    start, leaving, notes = found.timeliness
    assert start.total == 6
    assert [(b.label, b.count, b.percent) for b in start.buckets] == [
        ("0 days", 2, 33),
        ("1 to 3 days", 1, 16),
        ("4 to 6 days", 1, 16),
        ("7 to 10 days", 1, 16),
        ("11 days or more", 1, 16),
    ]
    assert [(e.pk, days) for e, days in start.late] == [
        (made[11].pk, 11),
        (made[10].pk, 10),
        (made[4].pk, 4),
    ]
    assert leaving.total == 1
    assert [b.count for b in leaving.buckets] == [0, 0, 1, 0, 0]
    assert [(e.pk, days) for e, days in leaving.late] == [(made[10].pk, 5)]
    assert notes.total == 1
    assert [b.count for b in notes.buckets] == [0, 1, 0, 0, 0] and notes.late == []


def test_the_page_shows_and_records_what_it_lists(world, as_user):
    _home_world(world)
    client = as_user(world.supervisor)
    response = _page(client, program=world.home.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Household size (Home Base)" in page and "P11" in page and "Below goal" in page
    listed = AuditEvent.objects.filter(action="list", actor=world.supervisor)
    assert listed.filter(participant_id=world.chen.participant_id).exists()
    csv_response = client.get(reverse("data_quality_csv"), {"program": world.home.pk})
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[0] == ["Program", "Name", "To fix", "Link"]
    assert any(r[1] == "P11" and "11 days late" in r[2] for r in rows)
    assert any(
        r[1] == "王芳" and r[2] == "Missing: Pronouns; Languages; Emergency contact" for r in rows
    )


def names_p11(page: str) -> bool:
    """Whether the page names P11 (a whole word: a random CSRF token may hold "P11")."""
    return re.search(r"\bP11\b", page) is not None


def test_who_sees_which_figures(world, as_user):
    _home_world(world)
    # Oversight roles: every program they oversee (8 enrollments in all).
    for user in (world.supervisor, world.manager, world.auditor, world.admin):
        found = data_quality.report(user, data_quality.Filters(_today() - timedelta(60), _today()))
        assert found.enrollments == 8, user
    # The navigator filter: Noor's caseload (Bo, Chen and the five in Home Base).
    sam = as_user(world.supervisor)
    assert "7 enrollments served" in _page(sam, navigator=world.navigator2.pk).content.decode()
    page = _page(sam, navigator=world.navigator2.pk, program=world.youth.pk).content.decode()
    assert "1 enrollment served" in page and "Bo Nguy" in page
    # A navigator sees her own caseload only, whatever she asks for.
    nia = as_user(world.navigator)
    page = _page(nia).content.decode()
    assert "1 enrollment served" in page and "Amara" in page and not names_p11(page)
    before = snapshot()
    response = _page(nia, navigator=world.navigator2.pk)
    assert response.status_code == 400 and not names_p11(response.content.decode())
    response = _page(nia, program=world.home.pk)
    assert response.status_code == 400 and not names_p11(response.content.decode())
    assert snapshot() == before
    noor = as_user(world.navigator2)
    assert "7 enrollments served" in _page(noor).content.decode()  # Bo, Chen, P0..P11
    # Pat (program staff, no caseload) sees nothing of anyone's.
    assert "0 enrollments served" in _page(as_user(world.staff)).content.decode()
    # Another organization's supervisor sees none of ours; a partner is refused.
    other = _page(as_user(world.outsider)).content.decode()
    assert "Amara" not in other and "0 enrollments served" in other
    before = snapshot()
    assert _page(as_user(world.partner)).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("params", "words"),
    [
        (
            {
                "start": (timezone.localdate() - timedelta(days=1)).isoformat(),
                "end": (timezone.localdate() - timedelta(days=30)).isoformat(),
            },
            "comes after its start",
        ),
        ({"end": "9999-12-31"}, "Give a date from"),
        ({"start": "1900-01-01"}, "five years or less"),
        ({"start": "yesterday"}, "Use a date like"),
        ({"program": "not-a-number"}, "Select a valid choice"),
    ],
)
def test_bad_filters_get_a_clear_message(world, as_user, params, words):
    client = as_user(world.supervisor)
    before = snapshot()
    response = _page(client, **params)
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page and "enrollments served" not in page
    assert snapshot() == before
    assert client.get(reverse("data_quality_csv"), params).status_code == 400


def test_another_programs_id_is_refused(world, as_user):
    response = _page(as_user(world.supervisor), program=world.other_program.pk)
    assert response.status_code == 400


def test_queries_do_not_grow_with_rows(world, as_user, django_assert_num_queries):
    _home_world(world)
    client = as_user(world.supervisor)
    _page(client, program=world.home.pk)
    with CaptureQueriesContext(connection) as small:
        _page(client, program=world.home.pk)
    assert len(small) < 30
    for d in (2, 5, 8, 12, 20):
        _late_entry(world, f"More{d}", d)
    with django_assert_num_queries(len(small)):
        response = _page(client, program=world.home.pk)
    assert "More20" in response.content.decode()


def test_htmx_gets_only_the_figures(world, as_user):
    client = as_user(world.supervisor)
    response = client.get(
        reverse("data_quality"), {"program": world.home.pk}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="figures">') and "<form" not in page
    assert "Completeness" in page


def test_the_records_to_fix_download_as_xlsx_with_the_csvs_rows(world, as_user):
    openpyxl = pytest.importorskip("openpyxl")
    _home_world(world)
    Participant.objects.filter(pk=world.chen.participant_id).update(preferred_name="=SUM(1)")
    client = as_user(world.supervisor)
    params = {"program": world.home.pk}
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("data_quality_csv"), params).content.decode()))
    )
    response = client.get(reverse("data_quality_xlsx"), params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="data-quality-to-fix.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells == rows
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert any(r[1] == "'=SUM(1)" for r in rows)
    # The page offers it beside the CSV.
    assert f'href="/reports/data-quality/to-fix.xlsx?program={world.home.pk}"' in (
        _page(client, program=world.home.pk).content.decode()
    )


def test_each_program_sets_its_goal_and_late_line_and_the_strictest_applies_over_several(
    world, as_user
):
    from waypoint.quality import actions as quality

    _home_world(world)
    quality.update_quality_settings(
        by=world.admin,
        program=world.home,
        changes={"completeness_goal": 50, "late_from_days": 11},
    )
    client = as_user(world.supervisor)
    response = _page(client, program=world.home.pk)
    found = response.context["report"]
    assert (found.goal, found.late_from_days, found.several_programs) == (50, 11, False)
    assert [e.participant.preferred_name for e, _ in found.timeliness[0].late] == ["P11"]
    assert [r.below_goal for r in found.fields] == [
        r.percent is not None and r.percent < 50 for r in found.fields
    ]
    page = response.content.decode()
    assert "The goal is 50% complete for every field." in page
    assert "Records made 11 days or more after are listed to fix." in page
    # Over every program the supervisor oversees (Youth Works keeps the defaults): the
    # highest goal and the earliest late line.
    everything = _page(client).context["report"]
    assert (everything.goal, everything.late_from_days, everything.several_programs) == (
        95,
        4,
        True,
    )
    assert [r.below_goal for r in everything.fields] == [
        r.percent is not None and r.percent < 95 for r in everything.fields
    ]
    assert "(the highest goal of the programs shown)" in _page(client).content.decode()
