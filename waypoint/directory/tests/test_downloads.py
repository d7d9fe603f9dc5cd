"""The directory search as CSV and XLSX, through real requests: the search applied,
every page of results, the exact columns, one audit event per file, other
organizations and partners given nothing, and a query count that does not grow."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypoint.audit.models import AuditEvent
from waypoint.directory import queries
from waypoint.directory.models import Service
from waypoint.directory.tests.test_views import make_service
from waypoint.tests import helpers
from waypoint.tests.helpers import sheet, xlsx_rows

HEADER = [
    "Service",
    "Provider",
    "Helps with",
    "Languages",
    "Addresses",
    "Phones",
    "Website",
    "Email",
    "Vetted",
    "Status",
    "Checked on",
    "Description",
]


def csv_rows(response: Any) -> list[list[Any]]:
    return helpers.csv_rows(response, "directory-")


def exported() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="export").order_by("pk"))


def test_csv_has_every_matching_service_with_its_columns(world, as_user, monkeypatch):
    monkeypatch.setattr(queries, "PER_PAGE", 1)  # the page shows one; the file has all
    make_service(world.org, "Harbor Food Pantry", vetted=True, assured_date=date(2026, 3, 2))
    make_service(world.org, "Northside Meals", language="Haitian Creole", url="https://n.test")
    make_service(world.org, "Job Club", domains=("employment",))
    client = as_user(world.navigator)
    page = client.get("/directory/?domain=food").content.decode()
    assert "Northside Meals" not in page  # on page 2
    rows = csv_rows(client.get("/directory/?domain=food&download=csv"))
    assert rows[0] == HEADER
    assert rows[1:] == [
        [
            "Harbor Food Pantry",
            "Harbor Food Pantry Inc.",
            "Food",
            "Spanish",
            "12 Wharf Street, Harbor City, MA, 02110",
            "(617) 555-0142",
            "",
            "",
            "Yes",
            "Active",
            "2026-03-02",
            "Groceries every week, no questions asked.",
        ],
        [
            "Northside Meals",
            "Northside Meals Inc.",
            "Food",
            "Haitian Creole",
            "12 Wharf Street, Harbor City, MA, 02110",
            "(617) 555-0142",
            "https://n.test",
            "",
            "No",
            "Active",
            "",
            "Groceries every week, no questions asked.",
        ],
    ]  # Job Club does not help with food
    [event] = exported()
    assert (event.object_type, event.object_id, event.participant_id) == (
        "directory",
        "search",
        None,
    )
    assert event.changes == {"rows": 2, "format": "csv"}
    assert event.actor_id == world.navigator.pk


def test_xlsx_keeps_the_search_words_and_dates(world, as_user):
    make_service(world.org, "Harbor Food Pantry", assured_date=date(2026, 3, 2))
    make_service(world.org, "Closed Kitchen", status=Service.Status.DEFUNCT)
    client = as_user(world.supervisor)
    rows = xlsx_rows(client.get("/directory/?keyword=kitchen&include_closed=on&download=xlsx"))
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == ["Closed Kitchen"]
    assert rows[1][9] == "Closed for good"
    rows = xlsx_rows(client.get("/directory/?keyword=harbor&download=xlsx"))
    assert [r[0] for r in rows[1:]] == ["Harbor Food Pantry"]
    assert rows[1][10].date() == date(2026, 3, 2)
    rows = xlsx_rows(client.get("/directory/?keyword=kitchen&download=xlsx"))
    assert rows[1:] == []  # closed services are left out unless asked for
    assert [e.changes for e in exported()] == [
        {"rows": 1, "format": "xlsx"},
        {"rows": 1, "format": "xlsx"},
        {"rows": 0, "format": "xlsx"},
    ]


def test_a_formula_looking_name_stays_text(world, as_user):
    make_service(world.org, "=1+1 Pantry", description="@SUM(A1) is not a formula")
    client = as_user(world.navigator)
    rows = csv_rows(client.get("/directory/?download=csv"))
    assert rows[1][0] == "'=1+1 Pantry" and rows[1][11] == "'@SUM(A1) is not a formula"
    response = client.get("/directory/?download=xlsx")
    cell = sheet(response)["A2"]
    assert cell.data_type == "s" and cell.value == "'=1+1 Pantry"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_other_organizations_and_partners_get_nothing(world, as_user, fmt):
    make_service(world.org, "Harbor Food Pantry")
    response = as_user(world.outsider).get(f"/directory/?download={fmt}")
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert rows == [HEADER]
    assert [e.organization_id for e in exported()] == [world.other_org.pk]
    for user in (world.partner, world.participant):
        assert as_user(user).get(f"/directory/?download={fmt}").status_code == 404
    assert len(exported()) == 1


def test_a_bad_search_shows_the_page_not_a_file(world, as_user):
    make_service(world.org, "Harbor Food Pantry")
    response = as_user(world.navigator).get("/directory/?language=Klingon&download=csv")
    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice." in response.content.decode()
    assert not exported()


def test_the_page_links_its_downloads_with_the_search(world, as_user):
    make_service(world.org, "Harbor Food Pantry")
    html = as_user(world.navigator).get("/directory/?domain=food&page=1").content.decode()
    assert 'href="/directory/?domain=food&amp;download=csv"' in html
    assert 'href="/directory/?domain=food&amp;download=xlsx"' in html


def test_download_query_count_does_not_grow(world, as_user):
    make_service(world.org, "Service 0")
    client = as_user(world.navigator)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/directory/?download=xlsx")
        assert response.status_code == 200
        return len(captured)

    small = count()
    for i in range(1, 8):
        make_service(world.org, f"Service {i}", domains=("food", "housing"))
    # The session and user, the languages of the form, the services, their domains,
    # languages (two), addresses and phones, and the audit event.
    assert (small, count()) == (18, 18)
