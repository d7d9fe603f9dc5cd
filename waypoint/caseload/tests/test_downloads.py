"""My caseload and the supervision lists as CSV and XLSX, through real requests: the
page's filters applied, every row (not one page), the exact columns, each person listed
recorded as exported, nothing the page would not show, outsiders given nothing, and a
query count that does not grow with the rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.caseload import queries
from waypoint.caseload.tests.test_caseload import add_people, set_last_contact
from waypoint.tests.helpers import csv_rows, sheet, xlsx_rows

CASELOAD_HEADER = [
    "Name",
    "Pronouns",
    "Program",
    "Stage",
    "Days enrolled",
    "Days since last contact",
    "Last contact",
    "Due next",
    "Due on",
    "Overdue",
    "Transition on",
    "Needs attention",
]
QUIET_HEADER = [
    "Name",
    "Pronouns",
    "Program",
    "Navigator",
    "Days since last contact",
    "Contact was due",
]
LOADS_HEADER = [
    "Navigator",
    "Program",
    "Active",
    "Cap",
    "No recent contact",
    "Notes signed (30 days)",
    "Notes late (30 days)",
    "Notes overdue",
]


def exported(**filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="export", **filters).order_by("pk"))


# --- My caseload ------------------------------------------------------------------------


def test_caseload_csv_has_every_matching_row_in_the_pages_order(world, as_user, monkeypatch):
    monkeypatch.setattr(queries, "ROW_LIMIT", 2)  # the page shows 2; the file has all
    made = add_people(world, world.youth, world.navigator, 3, prefix="Zainab")
    set_last_contact(made[0], 20)
    client = as_user(world.navigator)
    page = client.post("/caseload/", {"q": "zain", "sort": "name"}).content.decode()
    assert "Zainab 2" not in page and "the first 2" in page
    response = client.post("/caseload/", {"q": "zain", "sort": "name", "download": "csv"})
    rows = csv_rows(response)
    assert rows[0] == CASELOAD_HEADER
    assert [r[0] for r in rows[1:]] == ["Zainab 0", "Zainab 1", "Zainab 2"]  # not Amara
    first = rows[1]
    assert first[1:4] == ["they/them", "Youth Works", "Recruitment"]
    # The day as the organization lives it (local), not UTC's: they differ after 19:00.
    last = timezone.localtime(made[0].last_contact_at).date()
    assert first[5] == "20" and first[6] == f"{last:%Y-%m-%d}"
    assert first[9] == "Yes"  # contact every 14 days: overdue
    assert "No contact for 20 days" in first[11]
    events = exported()
    assert {e.participant_id for e in events} == {e.participant_id for e in made}
    assert all(e.changes == {"list": "caseload", "format": "csv"} for e in events)
    assert all(e.actor_id == world.navigator.pk and e.actor_role for e in events)
    assert not exported(participant=world.amara.participant)


def test_caseload_xlsx_keeps_dates_as_dates_and_the_program_filter(world, as_user):
    set_last_contact(world.amara, 3)
    client = as_user(world.navigator2)  # Bo in Youth Works, Chen in Home Base
    response = client.post("/caseload/", {"program": str(world.home.pk), "download": "xlsx"})
    rows = xlsx_rows(response)
    assert rows[0] == CASELOAD_HEADER
    assert [r[0] for r in rows[1:]] == ["王芳"]  # Bo, of Youth Works, filtered out
    [chen] = rows[1:]
    assert chen[2:4] == ["Home Base", "Outreach"]
    assert isinstance(chen[8], datetime)  # the assessment due: a date cell, not text
    assert chen[8].date() == world.chen.next_due_on
    assert [e.participant_id for e in exported()] == [world.chen.participant_id]


def test_caseload_file_has_nothing_the_page_does_not_show(world, as_user):
    both = as_user(world.navigator2).post("/caseload/", {"download": "csv"}).content.decode()
    assert "王芳" in both and "Wang Fang" not in both  # the legal name is not on the list
    amara = as_user(world.navigator).post("/caseload/", {"download": "csv"}).content.decode()
    assert "Amara" in amara and "555-201-3344" not in amara and "Igbo" not in amara
    assert "Bo Nguy" not in amara and "王芳" not in amara  # not Nia's


def test_a_formula_looking_name_stays_text(world, as_user):
    add_people(world, world.youth, world.navigator, 1, prefix='=HYPERLINK("http://x.test")')
    client = as_user(world.navigator)
    rows = csv_rows(client.post("/caseload/", {"q": "hyperlink", "download": "csv"}))
    assert rows[1][0] == '\'=HYPERLINK("http://x.test") 0'
    response = client.post("/caseload/", {"q": "hyperlink", "download": "xlsx"})
    cell = sheet(response)["A2"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x.test") 0'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_outsiders_get_nothing_of_this_caseload(world, as_user, fmt):
    response = as_user(world.outsider).post("/caseload/", {"download": fmt})
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert rows == [CASELOAD_HEADER]  # their own (empty) caseload
    assert not exported()
    for user in (world.partner, world.participant):
        response = as_user(user).post("/caseload/", {"download": fmt})
        assert response.status_code == 404
    assert not exported()


def test_bad_filters_show_the_page_with_the_message_and_no_file(world, as_user):
    client = as_user(world.navigator)
    response = client.post(
        "/caseload/", {"q": "Amara", "program": str(world.other_program.pk), "download": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Select a valid choice." in html and 'value="Amara"' in html  # kept as typed
    assert not exported()
    unknown = client.post("/caseload/", {"download": "pdf"})
    assert unknown["Content-Type"].startswith("text/html") and not exported()


def test_the_page_offers_both_formats_with_its_filters(world, as_user):
    client = as_user(world.navigator)
    html = client.post("/caseload/", {"q": "ama", "sort": "name"}).content.decode()
    assert 'name="download" value="csv"' in html and 'name="download" value="xlsx"' in html
    assert '<input type="hidden" name="q" value="ama">' in html
    assert '<input type="hidden" name="sort" value="name">' in html


def test_caseload_download_query_count_does_not_grow(world, as_user):
    client = as_user(world.navigator)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.post("/caseload/", {"download": "xlsx"})
        assert response.status_code == 200
        return len(captured)

    small = count()
    add_people(world, world.youth, world.navigator, 12)
    # The session, the user and their roles, the programs and stages of the filters,
    # the rows in one query, and the audit trail's events for them: the same for one
    # person as for thirteen.
    assert (small, count()) == (13, 13)


# --- Supervision ------------------------------------------------------------------------


def test_quiet_list_downloads_every_person_for_the_program_chosen(world, as_user, monkeypatch):
    monkeypatch.setattr(queries, "QUIET_LIMIT", 1)  # the page shows 1; the file has all
    set_last_contact(world.amara, 40)
    set_last_contact(world.chen, 30)
    more = add_people(world, world.home, world.navigator2, 1, prefix="Home")
    set_last_contact(more[0], 50)
    client = as_user(world.supervisor)
    rows = csv_rows(client.get("/supervision/?list=quiet&download=csv"))
    assert rows[0] == QUIET_HEADER
    assert [r[0] for r in rows[1:]] == ["Home 0", "Amara", "王芳"]  # longest first
    assert rows[2][1:] == ["she/her", "Youth Works", "Nia Navigator", "40", rows[2][5]]
    home = client.get(f"/supervision/?list=quiet&download=xlsx&program={world.home.pk}")
    sheet = xlsx_rows(home)
    assert [r[0] for r in sheet[1:]] == ["Home 0", "王芳"]  # Amara's program filtered out
    assert isinstance(sheet[1][5], datetime)
    events = exported()
    assert [e.participant_id for e in events] == [
        more[0].participant_id,
        world.amara.participant_id,
        world.chen.participant_id,
        more[0].participant_id,
        world.chen.participant_id,
    ]
    assert events[0].changes == {"list": "supervision_quiet", "format": "csv"}
    assert events[-1].changes == {"list": "supervision_quiet", "format": "xlsx"}


def test_caseloads_against_the_cap_download_every_navigator(world, as_user, monkeypatch):
    monkeypatch.setattr(queries, "LOADS_PER_PAGE", 1)
    client = as_user(world.manager)
    rows = xlsx_rows(
        client.get(f"/supervision/?list=caseloads&download=xlsx&program={world.youth.pk}")
    )
    assert rows[0] == LOADS_HEADER
    assert sorted(r[:4] for r in rows[1:]) == [
        ["Nia Navigator", "Youth Works", 1, 3],
        ["Noor Navigator", "Youth Works", 1, 3],
    ]
    [event] = exported()
    assert (event.object_type, event.object_id, event.participant_id) == (
        "caseloads",
        str(world.youth.pk),
        None,
    )
    assert event.changes == {"rows": 2, "format": "xlsx"}
    rows = csv_rows(client.get("/supervision/?list=caseloads&download=csv"))
    assert {r[1] for r in rows[1:]} == {"Youth Works", "Home Base"}


def test_the_supervision_page_links_its_downloads_with_the_program(world, as_user):
    set_last_contact(world.amara, 40)
    html = as_user(world.supervisor).get(f"/supervision/?program={world.youth.pk}").content
    page = html.decode()
    assert f"?list=quiet&amp;download=csv&amp;program={world.youth.pk}" in page
    assert f"?list=caseloads&amp;download=xlsx&amp;program={world.youth.pk}" in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_outsiders_get_nothing_of_the_supervision_lists(world, as_user, fmt):
    set_last_contact(world.amara, 40)
    client = as_user(world.outsider)  # supervises a program of another organization
    for url in (
        f"/supervision/?list=quiet&download={fmt}",
        f"/supervision/?list=quiet&download={fmt}&program={world.youth.pk}",
    ):
        response = client.get(url)
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
        assert rows == [QUIET_HEADER]
    assert not exported(participant__isnull=False)
    response = as_user(world.navigator).get(f"/supervision/?list=quiet&download={fmt}")
    assert response.status_code == 404
    response = as_user(world.partner).get(f"/supervision/?list=quiet&download={fmt}")
    assert response.status_code == 404
    assert not exported(participant__isnull=False)


def test_supervision_download_query_count_does_not_grow(world, as_user):
    client = as_user(world.supervisor)
    set_last_contact(world.amara, 40)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    urls = ["/supervision/?list=quiet&download=csv", "/supervision/?list=caseloads&download=csv"]
    small = [count(url) for url in urls]
    people = add_people(world, world.youth, world.navigator, 6)
    people += add_people(world, world.home, world.navigator2, 6, prefix="Home")
    for e in people:
        set_last_contact(e, 40)
    # The overview's own queries (the kept caseload counts, notes, conferences), the
    # quiet people in one query, and the audit trail: the same for 1 person as for 13.
    assert small == [24, 24]
    assert [count(url) for url in urls] == small


def test_dates_at_the_end_of_the_calendar_still_download(world, as_user):
    from waypoint.enrollments.models import Enrollment

    Enrollment.objects.filter(pk=world.amara.pk).update(
        next_due_on=date(9999, 12, 31),
        next_due_what="contact",
        transition_on=date(9999, 12, 31),
        last_contact_at=datetime(9999, 12, 31, 12, tzinfo=UTC),
    )
    client = as_user(world.navigator)
    [_, amara] = csv_rows(client.post("/caseload/", {"download": "csv"}))
    assert (amara[6], amara[8], amara[10]) == ("9999-12-31", "9999-12-31", "9999-12-31")
    [_, amara_xlsx] = xlsx_rows(client.post("/caseload/", {"download": "xlsx"}))
    assert amara_xlsx[8].date() == date(9999, 12, 31)
