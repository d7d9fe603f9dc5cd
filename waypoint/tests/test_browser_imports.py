"""Importing people from a spreadsheet in Debian's Chromium.

Mo, who manages Youth Works, uploads a small XLSX from the programs page. Two rows are
wrong (a date that is no day, a navigator nobody knows); the check lists them by row and
column and creates nothing. Mo fixes the date in the file, uploads it again, imports the
good rows and opens one of the people created. Then Mo turns on HUD reporting for the
program, exports its HMIS CSV files, reads the checks and downloads the zip. axe-core
checks every page of the way.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from conftest import World
from waypoint.enrollments.models import Enrollment
from waypoint.hmis.spec import FILES
from waypoint.imports.models import PeopleImport
from waypoint.participants.models import Participant
from waypoint.tests.test_browser import (  # the shared browser fixtures and helpers
    _no_blocking_violations,
    new_page,
    sign_in,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]
__all__ = ["new_page", "world"]

# A date cell as Excel keeps it: no time zone.
EXCEL_DAY = datetime(2001, 4, 5)  # noqa: DTZ001
HEADER = ["Name", "Date of birth", "Phone", "Status", "Navigator"]


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def upload(page: Page, path: Path, program: Any) -> None:
    page.goto("/programs/")
    youth = page.get_by_role("region", name="Youth Works")
    youth.get_by_role("link", name="Import people from a spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people from a spreadsheet")
    expect(page.get_by_label("Program they are enrolled in")).to_have_value(str(program.pk))
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and choose the columns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose the columns")


def problem_rows(page: Page) -> list[list[str]]:
    table = page.get_by_role("table", name=re.compile(r"^\d+ problems?$"))
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def test_import_a_spreadsheet_fix_a_row_and_import_the_good_ones(
    new_page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    first = workbook(
        tmp_path / "people.xlsx",
        [
            ["Dara Quinn", EXCEL_DAY, "555-301-4455", "Enrolled", "nia"],
            ["Fay Lin", "02/31/2001", None, "Inquiry", None],
            ["Gus Ortiz", "03/14/1998", None, "Inquiry", "ghost"],
        ],
    )
    people_before = Participant.objects.count()
    mo: Page = new_page()
    sign_in(mo, live_server, "mo")
    upload(mo, first, world.youth)

    # The columns are guessed from the header.
    expect(mo.get_by_label("Name", exact=True)).to_have_value("preferred_name")
    expect(mo.get_by_label("Date of birth")).to_have_value("date_of_birth")
    expect(mo.get_by_label("Navigator")).to_have_value("navigator")
    _no_blocking_violations(mo, "import: choose the columns")
    mo.get_by_role("button", name="Check every row").click()

    # The dry run: two problems, by row and column; nothing created.
    expect(mo.get_by_role("status").filter(has_text="Good rows")).to_contain_text(
        "Good rows: 1. Rows with problems: 2. Imported before: 0."
    )
    assert problem_rows(mo) == [
        ["3", "Date of birth", "Not a date we can read. Write it as 2026-03-01 or 03/01/2026."],
        [
            "4",
            "Navigator",
            "Unknown navigator “ghost”: give the username or email of someone who can hold "
            "a caseload in Youth Works.",
        ],
    ]
    _no_blocking_violations(mo, "import: the check")
    assert Participant.objects.count() == people_before

    # Fix Fay's date in the file and upload it again.
    fixed = workbook(
        tmp_path / "people-fixed.xlsx",
        [
            ["Dara Quinn", EXCEL_DAY, "555-301-4455", "Enrolled", "nia"],
            ["Fay Lin", "02/28/2001", None, "Inquiry", None],
            ["Gus Ortiz", "03/14/1998", None, "Inquiry", "ghost"],
        ],
    )
    upload(mo, fixed, world.youth)
    mo.get_by_role("button", name="Check every row").click()
    expect(mo.get_by_role("status").filter(has_text="Good rows")).to_contain_text(
        "Good rows: 2. Rows with problems: 1. Imported before: 0."
    )
    assert [row[:2] for row in problem_rows(mo)] == [["4", "Navigator"]]

    # Import the good rows.
    mo.locator("label").get_by_text(
        "Import the good rows: rows with problems are left out and listed", exact=True
    ).click()
    mo.get_by_role("button", name="Import", exact=True).click()
    expect(mo.get_by_role("heading", name="Imported")).to_be_visible()
    expect(mo.get_by_role("status").filter(has_text="Created")).to_contain_text(
        "Created: 2. Skipped as imported before: 0. Left out with problems: 1."
    )
    assert [row[:2] for row in problem_rows(mo)] == [["4", "Navigator"]]
    created = mo.get_by_role("list", name="Participants created")
    expect(created.get_by_role("link")).to_have_text(["Dara Quinn", "Fay Lin"])
    _no_blocking_violations(mo, "import: finished")
    assert Participant.objects.count() == people_before + 2
    assert PeopleImport.objects.filter(status="done").count() == 1

    created.get_by_role("link", name="Dara Quinn").click()
    expect(mo.get_by_role("heading", level=1)).to_contain_text("Dara Quinn")
    dara = Enrollment.objects.get(participant__preferred_name="Dara Quinn")
    assert (dara.program, dara.status, dara.navigator) == (world.youth, "enrolled", world.navigator)

    # HUD reporting for the program, then its HMIS CSV export, checked and downloaded.
    mo.goto(f"/programs/{world.youth.pk}/hud/")
    expect(mo.get_by_role("heading", level=1)).to_have_text("HUD reporting for Youth Works")
    mo.locator("label[for=id_reports_to_hud]").click()
    mo.get_by_label("Project type").select_option(label="Services only")
    mo.get_by_label("Operating since").fill("2015-01-01")
    mo.get_by_label("CoC code").fill("me-500")
    _no_blocking_violations(mo, "HUD reporting")
    mo.get_by_role("button", name="Save HUD settings").click()
    expect(mo.get_by_role("status").filter(has_text="HUD settings")).to_contain_text(
        "HUD settings for Youth Works saved."
    )
    expect(mo.get_by_label("CoC code")).to_have_value("ME-500")
    mo.goto("/dashboard/")
    mo.get_by_role("link", name="HUD HMIS export").click()
    expect(mo.get_by_role("heading", level=1)).to_have_text("HUD HMIS export")
    _no_blocking_violations(mo, "HUD HMIS export")
    mo.get_by_role("button", name="Export and check").click()
    expect(mo.get_by_role("heading", name="Ready: no errors")).to_be_visible()
    _no_blocking_violations(mo, "HMIS export: checked")
    with mo.expect_download() as caught:
        mo.get_by_role("button", name="Download the zip").click()
    body = Path(caught.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert sorted(n.removesuffix(".csv") for n in archive.namelist()) == sorted(FILES)
        clients = list(csv.DictReader(io.StringIO(archive.read("Client.csv").decode())))
    # Dara is enrolled; Fay is still an inquiry, not yet a HUD enrollment.
    assert sorted(c["FirstName"] for c in clients) == ["Amara", "Dara"]
