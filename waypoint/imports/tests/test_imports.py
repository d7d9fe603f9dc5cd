"""Importing people from a spreadsheet, through real requests: upload (CSV with or
without a byte-order mark, Windows-1252, XLSX), the guessed columns, the dry run's
problems by row and column, all or nothing, the good rows, a second run that creates
nothing, the audit trail, and the people who may not see any of it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from conftest import World, make_staff
from waypoint.accounts import actions as accounts
from waypoint.audit.models import AuditEvent
from waypoint.enrollments.models import Enrollment
from waypoint.imports.checking import guess_mapping
from waypoint.imports.models import ImportedRow, PeopleImport
from waypoint.imports.tasks import progress_key
from waypoint.participants.models import Participant
from waypoint.tests.helpers import snapshot

# A date cell as Excel keeps it: no time zone.
EXCEL_DAY = datetime(2001, 4, 5)  # noqa: DTZ001
HEADER = ["Name", "Date of birth", "Phone", "Email", "Status", "Phase", "Navigator", "Started on"]
GOOD_ROWS = [
    ["Dara Quinn", "2001-04-05", "555-301-4455", "", "enrolled", "Training", "nia", "2026-01-05"],
    ["Eli Moreno", "07/09/1999", "", "eli@example.org", "Inquiry", "", "", ""],
]


def csv_file(
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    name: str = "people.csv",
    bom: bool = False,
    encoding: str = "utf-8",
) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data)


def xlsx_file(tmp_path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Any:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "people.xlsx"
    book.save(path)
    return SimpleUploadedFile("people.xlsx", path.read_bytes())


def upload(client: Client, program: Any, file: Any) -> PeopleImport:
    response = client.post("/imports/people/", {"program": program.pk, "file": file})
    job = PeopleImport.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/imports/people/{job.public_id}/columns/"
    return job


def check(client: Client, job: PeopleImport, mapping: dict[str, str] | None = None) -> Any:
    mapping = mapping if mapping is not None else job.mapping
    data = {f"column_{i}": mapping.get(str(i), "") for i in range(len(job.headers))}
    return client.post(f"/imports/people/{job.public_id}/columns/", data)


def run(client: Client, job: PeopleImport, mode: str) -> PeopleImport:
    response = client.post(f"/imports/people/{job.public_id}/run/", {"mode": mode})
    assert response.status_code == 302
    assert response["Location"] == f"/imports/people/{job.public_id}/"
    job.refresh_from_db()
    return job


def problems(job: PeopleImport) -> list[tuple[int, str, str]]:
    job.refresh_from_db()
    return [(p["row"], p["column"], p["message"]) for p in job.problems]


def people_state() -> dict[str, Any]:
    return snapshot(audit=False)


@pytest.fixture
def mo(world: World, as_user: Any) -> Client:
    client: Client = as_user(world.manager)
    return client


# --- Reading the file and guessing its columns -----------------------------------------


def test_the_columns_are_guessed_from_english_and_spanish_headers():
    headers = [
        " Nombre ",
        "Fecha de nacimiento",
        "TELÉFONO",
        "Correo electrónico",
        "Estado",
        "fase",
        "Navegador",
        "Notes",
        "Date Of Birth",
        "Fecha de inicio",
        "Pronombres",
        "Idiomas",
        "Legal name",
    ]
    assert guess_mapping(headers) == {
        "0": "preferred_name",
        "1": "date_of_birth",
        "2": "phone",
        "3": "email",
        "4": "status",
        "5": "phase",
        "6": "navigator",
        # "Notes" is left out; the second date of birth too (a field fills one column).
        "9": "started_on",
        "10": "pronouns",
        "11": "languages",
        "12": "legal_name",
    }


def test_a_csv_with_a_byte_order_mark_is_read_and_the_upload_deleted(world, mo, settings):
    job = upload(mo, world.youth, csv_file(GOOD_ROWS, bom=True))
    assert job.headers == HEADER  # no byte-order mark stuck to "Name"
    assert job.rows == [[2, GOOD_ROWS[0]], [3, GOOD_ROWS[1]]]
    assert (job.status, job.program, job.started_by) == ("uploaded", world.youth, world.manager)
    assert job.mapping == {
        str(i): f
        for i, f in enumerate(
            [
                "preferred_name",
                "date_of_birth",
                "phone",
                "email",
                "status",
                "phase",
                "navigator",
                "started_on",
            ]
        )
    }
    assert list(Path(settings.IMPORT_DIR).iterdir()) == []  # deleted once read
    page = mo.get(f"/imports/people/{job.public_id}/columns/").content.decode()
    assert '<option value="preferred_name" selected>' in page
    assert "For example: Dara Quinn, Eli Moreno" in page


def test_a_windows_1252_csv_keeps_its_accents(world, mo):
    rows = [["José Peña", "", "", "", "", "", "", ""]]
    job = upload(mo, world.youth, csv_file(rows, encoding="cp1252"))
    assert job.rows == [[2, rows[0]]]


def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_kept(world, mo, settings):
    before = people_state()
    bad = SimpleUploadedFile("people.xlsx", b"not a workbook")
    page = mo.post("/imports/people/", {"program": world.youth.pk, "file": bad}).content.decode()
    assert "The file is not an XLSX workbook we can read." in page
    text = SimpleUploadedFile("people.txt", b"Name\nDara")
    page = mo.post("/imports/people/", {"program": world.youth.pk, "file": text}).content.decode()
    assert "Choose a .csv or an .xlsx file." in page
    assert not PeopleImport.objects.exists()
    assert people_state() == before
    assert list(Path(settings.IMPORT_DIR).iterdir()) == []


def test_the_mapping_must_name_the_person_once(world, mo):
    job = upload(mo, world.youth, csv_file(GOOD_ROWS))
    page = check(mo, job, {"1": "date_of_birth"}).content.decode()
    assert "Choose the column that holds the name they go by." in page
    page = check(mo, job, {"0": "preferred_name", "1": "date_of_birth", "7": "date_of_birth"})
    assert "Choose each field for one column only: Date of birth." in page.content.decode()
    # What was chosen is kept on the page.
    assert '<option value="date_of_birth" selected>' in page.content.decode()
    job.refresh_from_db()
    assert job.status == "uploaded"


# --- The dry run ---------------------------------------------------------------------------


def test_every_problem_is_listed_by_row_and_column_and_nothing_is_written(world, mo):
    rows = [
        GOOD_ROWS[0],  # row 2
        ["Fay Lin", "02/31/2001", "", "", "", "", "", ""],  # 3: no such day
        ["Gus Ortiz", "1850-01-01", "", "", "", "", "", ""],  # 4: out of range
        ["Hana Ito", "", "", "", "Closed-ish", "", "", ""],  # 5: unknown status
        ["Ivo Dias", "", "", "", "enrolled", "Flying", "", ""],  # 6: unknown phase
        ["Jo Park", "", "", "", "", "", "ghost", ""],  # 7: unknown navigator
        ["", "2000-01-01", "555-777-1234", "", "", "", "", ""],  # 8: no name
        ["K" * 201, "", "", "", "", "", "", ""],  # 9: too long
        ["Amara", "", "555-201-3344", "", "", "", "", ""],  # 10: already here
        ["Dara Quinn", "2001-04-05", "", "dara@example.org", "", "", "", ""],  # 11: as row 2
        ["Lu Chen", "", "", "", "", "", "", "9999-12-31"],  # 12: started in the future
        ["Mo Said", "", "", "not-an-email", "", "", "", ""],  # 13: not an email
        ["Nell Ray", "", "", "", "exited", "", "", ""],  # 14: cannot start there
    ]
    job = upload(mo, world.youth, csv_file(rows))
    before = people_state()
    response = check(mo, job)
    assert response.status_code == 302
    assert response["Location"] == f"/imports/people/{job.public_id}/"
    today = timezone.localdate().isoformat()
    assert problems(job) == [
        (3, "Date of birth", "Not a date we can read. Write it as 2026-03-01 or 03/01/2026."),
        (4, "Date of birth", f"Date out of range. Give a date from 1900-01-01 to {today}."),
        (5, "Status", "Unknown status “Closed-ish”. Use inquiry, eligibility or enrolled."),
        (
            6,
            "Phase",
            "Unknown phase “Flying”. Youth Works has: Recruitment, Training, Placement, Follow-up.",
        ),
        (
            7,
            "Navigator",
            "Unknown navigator “ghost”: give the username or email of someone who can hold "
            "a caseload in Youth Works.",
        ),
        (8, "Name", "Missing: the name they go by is required."),
        (9, "Name", "Too long: at most 200 characters (this has 201)."),
        (
            10,
            "Name",
            "May be someone already here (Name is very similar (100%); Same phone number or "
            "email). Add them from the add form, which shows who it may be.",
        ),
        (11, "Name", "The same person as row 2 of this file."),
        (12, "Started on", f"Date out of range. Give a date from 1900-01-01 to {today}."),
        (13, "Email", "Enter an email address such as name@example.org."),
        (14, "Status", "An import starts people at inquiry, eligibility or enrolled."),
    ]
    job.refresh_from_db()
    assert job.status == "checked"
    assert job.checked == {
        "rows": 13,
        "good": 1,
        "with_problems": 12,
        "already": 0,
        "problems": 12,
    }
    assert people_state() == before  # nothing written
    page = mo.get(response["Location"]).content.decode()
    assert "Good rows: 1. Rows with problems: 12. Imported before: 0." in page
    assert '<th scope="row">3</th><td>Date of birth</td>' in page
    assert "12 problems" in page


def test_status_words_in_spanish_and_a_phase_alone_mean_enrolled(world, mo):
    rows = [
        ["Ana Ruiz", "", "", "", "Inscrita", "Placement", "", ""],
        ["Beto Gil", "", "", "", "", "placement", "", ""],
        ["Cruz Paz", "", "", "", "Consulta", "", "NIA@example.org", ""],
    ]
    job = upload(mo, world.youth, csv_file(rows))
    check(mo, job)
    assert problems(job) == []
    run(mo, job, "all")
    made = {
        e.participant.preferred_name: (e.status, e.phase, e.navigator)
        for e in Enrollment.objects.filter(
            participant__preferred_name__in=["Ana Ruiz", "Beto Gil", "Cruz Paz"]
        )
    }
    assert made == {
        "Ana Ruiz": ("enrolled", "Placement", None),
        "Beto Gil": ("enrolled", "Placement", None),
        "Cruz Paz": ("inquiry", "", world.navigator),
    }


def test_a_navigator_at_the_cap_is_a_problem_of_that_row(world, mo):
    # Youth Works has a cap of 3; Nia holds Amara: two more fit.
    rows = [[f"Person {n}", "", "", "", "", "", "nia", ""] for n in ("A", "B", "C")]
    job = upload(mo, world.youth, csv_file(rows))
    check(mo, job)
    assert problems(job) == [
        (
            4,
            "Navigator",
            "Nia Navigator already has 3 participants in Youth Works, at the cap of 3.",
        )
    ]


def test_the_dry_run_reads_a_fixed_number_of_queries_per_row(world, mo):
    def queries_for(count: int) -> int:
        rows = [
            [f"Zed{n} Unique{n}", "2000-01-01", "", "", "", "", "noor", ""] for n in range(count)
        ]
        job = upload(mo, world.home, csv_file(rows))
        with CaptureQueriesContext(connection) as seen:
            check(mo, job)
        assert problems(job) == []
        return len(seen)

    few, many = queries_for(2), queries_for(2 + 6)
    # The duplicate check of the add form, per row (its candidates and their contacts);
    # everything else is read once for the whole file.
    assert many - few <= 6 * 2
    assert few <= 20


# --- Importing ---------------------------------------------------------------------------


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(world, mo):
    rows = [*GOOD_ROWS, ["Fay Lin", "02/31/2001", "", "", "", "", "", ""]]
    job = upload(mo, world.youth, csv_file(rows))
    check(mo, job)
    before = people_state()
    job = run(mo, job, "all")
    assert job.status == "stopped"
    assert job.summary == {"created": 0, "already": 0, "left_out": 1, "stopped": True}
    assert problems(job) == [
        (4, "Date of birth", "Not a date we can read. Write it as 2026-03-01 or 03/01/2026.")
    ]
    assert people_state() == before
    assert not ImportedRow.objects.exists()
    page = mo.get(f"/imports/people/{job.public_id}/").content.decode()
    assert "Nothing was imported" in page
    assert 'value="good"' in page  # the good rows can still be imported from here


def test_the_good_rows_are_imported_and_the_bad_ones_listed(world, mo):
    rows = [*GOOD_ROWS, ["Fay Lin", "02/31/2001", "", "", "", "", "", ""]]
    job = upload(mo, world.youth, csv_file(rows))
    check(mo, job)
    people_before = Participant.objects.count()
    job = run(mo, job, "good")
    assert job.status == "done"
    assert job.summary == {"created": 2, "already": 0, "left_out": 1, "stopped": False}
    assert problems(job) == [
        (4, "Date of birth", "Not a date we can read. Write it as 2026-03-01 or 03/01/2026.")
    ]
    assert job.rows == []  # what the file said is not kept once imported
    assert Participant.objects.count() == people_before + 2
    dara = Participant.objects.get(preferred_name="Dara Quinn")
    eli = Participant.objects.get(preferred_name="Eli Moreno")
    assert (dara.date_of_birth, eli.date_of_birth) == (date(2001, 4, 5), date(1999, 7, 9))
    assert [(c.kind, c.value, c.safe_to_contact) for c in dara.contacts.all()] == [
        ("phone", "555-301-4455", "ask")
    ]
    assert [(c.kind, c.value, c.safe_to_contact) for c in eli.contacts.all()] == [
        ("email", "eli@example.org", "ask")
    ]
    d, e = Enrollment.objects.get(participant=dara), Enrollment.objects.get(participant=eli)
    assert (d.program, d.status, d.phase, d.navigator, d.started_on) == (
        world.youth,
        "enrolled",
        "Training",
        world.navigator,
        date(2026, 1, 5),
    )
    assert (e.program, e.status, e.phase, e.navigator, e.started_on) == (
        world.youth,
        "inquiry",
        "",
        None,
        timezone.localdate(),
    )
    assert list(ImportedRow.objects.values_list("row_number", "participant")) == [
        (2, dara.pk),
        (3, eli.pk),
    ]
    page = mo.get(f"/imports/people/{job.public_id}/").content.decode()
    assert "Created: 2. Skipped as imported before: 0. Left out with problems: 1." in page
    assert f'<a href="/participants/{dara.public_id}/">Dara Quinn</a>' in page
    assert '<th scope="row">4</th><td>Date of birth</td>' in page


def test_an_xlsx_with_real_excel_dates_imports(world, mo, tmp_path):
    rows: list[list[Any]] = [
        [
            "Dara Quinn",
            EXCEL_DAY,
            5553014455,
            None,
            "Enrolled",
            None,
            None,
            date(2026, 2, 1),
        ],
        ["Eli Moreno", "07/09/1999", None, "eli@example.org", None, None, None, None],
        [None, None, None, None, None, None, None, None],  # an empty row is skipped
        ["Fay Lin", "not a day", None, None, None, None, None, None],
    ]
    job = upload(mo, world.youth, xlsx_file(tmp_path, rows))
    assert [n for n, _ in job.rows] == [2, 3, 5]
    check(mo, job)
    assert problems(job) == [
        (5, "Date of birth", "Not a date we can read. Write it as 2026-03-01 or 03/01/2026.")
    ]
    job = run(mo, job, "good")
    dara = Participant.objects.get(preferred_name="Dara Quinn")
    assert dara.date_of_birth == date(2001, 4, 5)
    assert [c.value for c in dara.contacts.all()] == ["5553014455"]
    assert Enrollment.objects.get(participant=dara).started_on == date(2026, 2, 1)
    assert job.summary["created"] == 2


def test_the_same_file_again_creates_nothing_new(world, mo):
    job = upload(mo, world.youth, csv_file(GOOD_ROWS))
    check(mo, job)
    run(mo, job, "all")
    before = people_state()
    again = upload(mo, world.youth, csv_file(GOOD_ROWS))
    check(mo, again)
    again.refresh_from_db()
    assert again.already == [2, 3]
    assert again.checked["already"] == 2
    assert problems(again) == []  # not reported as people already here: skipped
    page = mo.get(f"/imports/people/{again.public_id}/").content.decode()
    assert "Rows 2, 3 were imported from this file before; they are skipped." in page
    again = run(mo, again, "all")
    assert again.summary == {"created": 0, "already": 2, "left_out": 0, "stopped": False}
    assert people_state() == before
    # The same run queued twice runs once.
    response = mo.post(f"/imports/people/{again.public_id}/run/", {"mode": "all"})
    assert response.status_code == 302
    assert people_state() == before


def test_the_import_is_audited_like_the_add_form_plus_one_event(world, mo):
    job = upload(mo, world.youth, csv_file(GOOD_ROWS))
    check(mo, job)
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    run(mo, job, "good")
    events = AuditEvent.objects.filter(pk__gt=start).order_by("pk")
    made = list(events.values_list("action", "object_type"))
    assert made.count(("create", "participant")) == 2
    assert made.count(("enroll", "enrollment")) == 2
    assert made.count(("status", "enrollment")) == 1  # Dara's phase, Training
    imported = events.get(object_type="people_import", action="import")
    assert imported.object_id == str(job.public_id)
    assert imported.changes == {
        "file": "people.csv",
        "mode": "good",
        "created": 2,
        "already": 0,
        "left_out": 0,
        "stopped": False,
    }
    assert {e.actor_id for e in events} == {world.manager.pk}
    assert AuditEvent.objects.filter(
        object_type="people_import", action="upload", object_id=str(job.public_id)
    ).exists()


def test_progress_is_shown_while_the_import_runs(world, mo):
    job = upload(mo, world.youth, csv_file(GOOD_ROWS))
    check(mo, job)
    PeopleImport.objects.filter(pk=job.pk).update(status="running")
    caches["progress"].set(progress_key(job), [1, 2])
    page = mo.get(f"/imports/people/{job.public_id}/").content.decode()
    assert "Importing: 1 of 2 rows" in page
    assert '<progress id="import-bar" class="wp-progress" max="2" value="1">' in page
    assert 'hx-trigger="every 1s"' in page


# --- Who may ----------------------------------------------------------------------------


def test_a_navigator_and_another_programs_manager_get_404_and_nothing_changes(world, as_user):
    hana = make_staff(world.org, "hana", "Hana Manager")
    accounts.grant_role(user=hana, role="manager", program=world.home)
    admin = Client()
    admin.force_login(world.admin)
    job = upload(admin, world.youth, csv_file(GOOD_ROWS))
    check(admin, job)
    job.refresh_from_db()
    before, stored = people_state(), (job.status, job.mapping, job.checked)
    for user in (world.navigator, hana, world.outsider):
        client = Client()
        client.force_login(user)
        for method, url, data in [
            ("get", f"/imports/people/{job.public_id}/", {}),
            ("get", f"/imports/people/{job.public_id}/columns/", {}),
            ("post", f"/imports/people/{job.public_id}/columns/", {"column_0": "preferred_name"}),
            ("post", f"/imports/people/{job.public_id}/run/", {"mode": "good"}),
        ]:
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (user, method, url)
    # Hana may import into Home Base, not Youth Works.
    client = Client()
    client.force_login(hana)
    page = client.get("/imports/people/").content.decode()
    assert "Home Base" in page and "Youth Works" not in page
    response = client.post(
        "/imports/people/", {"program": world.youth.pk, "file": csv_file(GOOD_ROWS)}
    )
    assert "Choose one of the programs you manage." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.mapping, job.checked) == stored
    assert PeopleImport.objects.count() == 1
    assert people_state() == before


def test_the_programs_page_links_to_the_import_for_those_who_manage(world, as_user):
    page = as_user(world.manager).get("/programs/").content.decode()
    assert f'href="/imports/people/?program={world.youth.pk}"' in page
    page = as_user(world.supervisor).get("/programs/").content.decode()
    assert "/imports/people/" not in page


def test_the_pages_read_a_fixed_number_of_queries(world, mo):
    def queries_for(count: int) -> tuple[int, int]:
        rows = [[f"Yan{n} Solo{n}", "", "", "", "", "", "", ""] for n in range(count)]
        job = upload(mo, world.home, csv_file(rows))
        check(mo, job)
        run(mo, job, "all")
        with CaptureQueriesContext(connection) as results:
            assert mo.get(f"/imports/people/{job.public_id}/").status_code == 200
        with CaptureQueriesContext(connection) as listing:
            assert mo.get("/imports/people/").status_code == 200
        return len(results), len(listing)

    queries_for(1)  # what the first request of a session reads once
    assert queries_for(2) == queries_for(6)


def test_semicolons_are_read_and_a_file_too_long_is_refused(world, mo):
    data = "Nombre;Fecha de nacimiento\r\nJosé Peña;03/01/1990\r\n".encode("cp1252")
    job = upload(mo, world.youth, SimpleUploadedFile("gente.csv", data))
    assert (job.headers, job.rows) == (
        ["Nombre", "Fecha de nacimiento"],
        [[2, ["José Peña", "03/01/1990"]]],
    )
    assert job.mapping == {"0": "preferred_name", "1": "date_of_birth"}
    rows = [[f"Person {n}", "", "", "", "", "", "", ""] for n in range(5001)]
    page = mo.post(
        "/imports/people/", {"program": world.youth.pk, "file": csv_file(rows)}
    ).content.decode()
    assert "The file has more than 5000 rows; split it into smaller files." in page
    assert PeopleImport.objects.count() == 1
