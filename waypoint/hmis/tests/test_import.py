"""The HMIS CSV import: Green River's 37 edge-case exports reported precisely, a blocked
import writes nothing, a clean one the expected records, a second import nothing new,
the reader's own refusals, and the round trip export -> import -> export."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from waypoint.accounts import actions as accounts
from waypoint.accounts.models import Program
from waypoint.audit.models import AuditEvent
from waypoint.closure.models import Closure, ClosureReason
from waypoint.closure.tests.records import close_now
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused
from waypoint.hmis import importer, reader
from waypoint.hmis.export import Scope, build, source_ids, write_zip
from waypoint.hmis.models import HmisIdentity, HudProject
from waypoint.hmis.spec import FILES
from waypoint.hmis.tests.import_expected import ERRORS, WARNINGS
from waypoint.hmis.tests.records import read_zip, reporting
from waypoint.hmis.tests.standards import FIXTURES, needs_hmis
from waypoint.participants.models import Participant
from waypoint.tests.helpers import snapshot

TODAY = date(2026, 12, 7)
needs_fixtures = pytest.mark.skipif(
    not FIXTURES.exists(), reason=f"Green River's importer fixtures are not at {FIXTURES}"
)


def fixture_folders() -> list[str]:
    if not FIXTURES.exists():
        return []
    return sorted(
        "source" if path.parent == FIXTURES else str(path.parent.relative_to(FIXTURES))
        for path in FIXTURES.rglob("source")
        if path.is_dir()
    )


def folder(name: str) -> Path:
    return FIXTURES / "source" if name == "source" else FIXTURES / name / "source"


def check(path: Path) -> list[Any]:
    files, found = reader.read(path)
    return importer.problems(files, found, today=TODAY)


@needs_fixtures
def test_every_fixture_is_expected() -> None:
    assert fixture_folders() == sorted(ERRORS) == sorted(WARNINGS)
    # 37 folders: 35 hold one export, export_date_fixtures and mutable_test four each.
    assert len(fixture_folders()) == 43


@needs_fixtures
@pytest.mark.parametrize("name", sorted(ERRORS))
def test_each_fixture_reports_its_problems_precisely(name: str) -> None:
    found = check(folder(name))
    errors = [(p.check, p.file, p.row, p.column) for p in found if p.severity == "error"]
    warnings = {(p.check, p.file, p.column) for p in found if p.severity == "warning"}
    assert errors == ERRORS[name]
    assert warnings == WARNINGS[name]
    assert all(p.message and p.fix for p in found)


@needs_fixtures
def test_what_the_edge_cases_exercise() -> None:
    """A few of the fixtures, read by a person: what each one is about."""
    bom = check(folder("bom_test"))
    assert {p.file for p in bom if "byte-order mark" in p.message} == {
        "Affiliation",
        "Assessment",
        "AssessmentQuestions",
        "AssessmentResults",
        "EmploymentEducation",
        "Event",
        "Funder",
        "Inventory",
        "ProjectCoC",
        "User",
    }
    bad = [p for p in check(folder("bad_data")) if p.severity == "error" and p.check == 11]
    assert [(p.file, p.row, p.column) for p in bad] == [("Client", 7, "DOB"), ("Client", 8, "DOB")]
    assert "08-MAY-67" in bad[0].message
    loader = [p for p in check(folder("loader_errors")) if p.severity == "error"]
    assert ("Client", 7, "Line 7 of Client.csv has 39 values; its header has 38.") in {
        (p.file, p.row, p.message) for p in loader
    }
    assert ("Enrollment", "Enrollment.csv is missing.") in {(p.file, p.message) for p in loader}
    dupes = [p for p in check(folder("duplicate_primary_keys")) if p.check in (7, 8)]
    assert {(p.file, p.row) for p in dupes} == {
        ("Client", 4),
        ("Client", 5),
        ("Client", 6),
        ("Enrollment", 3),
        ("Enrollment", 6),
    }
    custom = check(folder("custom_files"))
    assert {p.file for p in custom if "not part of HUD's format" in p.message} == {
        "CustomDataElement.csv",
        "CustomDataElementDefinition.csv",
        "CustomGender.csv",
        "CustomSexualOrientation.csv",
    }


@needs_fixtures
def test_a_fixture_with_errors_imports_nothing(world: Any) -> None:
    files, found = reader.read(folder("duplicate_primary_keys"))
    before = snapshot()
    report = importer.import_hmis(
        by=world.admin, organization=world.org, files=files, read_problems=found
    )
    assert report.imported is False
    assert len(report.errors) == len(ERRORS["duplicate_primary_keys"])
    assert snapshot() == before
    assert not HmisIdentity.objects.exists()


@needs_fixtures
def test_a_clean_fixture_imports_and_a_second_import_adds_nothing(world: Any) -> None:
    files, found = reader.read(folder("client_processing"))
    report = importer.import_hmis(
        by=world.admin, organization=world.org, files=files, read_problems=found, today=TODAY
    )
    assert report.imported and report.errors == []
    assert report.created == Counter(programs=2, participants=2, enrollments=4, exits=3)
    programs = Program.objects.filter(name__in=["PROJECT1", "PROJECT2"]).order_by("name")
    assert [p.name for p in programs] == ["PROJECT1", "PROJECT2"]
    hud = HudProject.objects.get(program=programs[0])
    assert (hud.reports_to_hud, hud.project_type, hud.operating_start) == (
        True,
        12,
        date(1990, 1, 1),
    )
    first = Participant.objects.get(organization=world.org, legal_name="First Last")
    assert (first.preferred_name, first.date_of_birth) == ("First", date(1970, 10, 10))
    stays = Enrollment.objects.filter(participant=first).order_by("started_on")
    assert [(e.status, e.started_on, e.exited_on) for e in stays] == [
        ("exited", date(2014, 3, 24), date(2014, 4, 15)),
        ("exited", date(2014, 7, 25), date(2014, 7, 27)),
        ("exited", date(2018, 12, 3), date(2018, 12, 3)),
    ]
    assert all(e.navigator_id is None and e.enrolled_on == e.started_on for e in stays)
    closures = Closure.objects.filter(participant=first).order_by("exit_on")
    assert [(c.status, c.destination, c.reason_label) for c in closures] == [
        ("closed", 205, "Imported from HMIS"),
        ("closed", 9, "Imported from HMIS"),
        ("closed", 99, "Imported from HMIS"),
    ]
    assert closures[0].note == "Imported from an HMIS CSV export."
    reason = ClosureReason.objects.get(program=programs[0], label="Imported from HMIS")
    assert reason.active is False  # never offered on the closing page
    second = Enrollment.objects.get(participant__legal_name="First2 Last2")
    assert (second.status, second.relationship_to_head) == ("enrolled", 2)
    # One audit event per person and one for the import.
    events = AuditEvent.objects.filter(action="import")
    assert events.filter(object_type="participant").count() == 2
    assert events.filter(object_type="hmis_import").get().changes["created"]["enrollments"] == 4
    # Again: nothing new, everything counted as already here.
    before = snapshot()
    again = importer.import_hmis(
        by=world.admin, organization=world.org, files=files, read_problems=found, today=TODAY
    )
    assert again.imported
    assert sum(again.created.values()) == 0
    assert again.already == Counter(programs=2, participants=2, enrollments=4)
    after = snapshot()
    trail = ("AuditEvent", "AuditChain")
    assert {k: v for k, v in after.items() if k not in trail} == {
        k: v for k, v in before.items() if k not in trail
    }


@needs_fixtures
def test_a_project_goes_into_a_chosen_program(world: Any) -> None:
    files, found = reader.read(folder("client_processing"))
    report = importer.import_hmis(
        by=world.admin,
        organization=world.org,
        files=files,
        read_problems=found,
        projects={"1": world.home},
        today=TODAY,
    )
    assert report.created["programs"] == 1
    assert (
        Enrollment.objects.filter(program=world.home, participant__legal_name="First Last").count()
        == 3
    )
    assert not HudProject.objects.filter(program=world.home).exists()  # left as it was


# ---------------------------------------------------------------- the reader


def write(tmp_path: Path, members: dict[str, bytes], name: str = "upload.zip") -> Path:
    target = tmp_path / name
    with zipfile.ZipFile(target, "w") as archive:
        for member, body in members.items():
            archive.writestr(member, body)
    return target


def exported(world: Any, **scope: Any) -> dict[str, bytes]:
    today = timezone.localdate()
    made = build(
        Scope(organization=world.org, start=today - timedelta(days=365), end=today, **scope),
        export_id="E1",
    )
    target = io.BytesIO()
    write_zip(made, target)
    with zipfile.ZipFile(io.BytesIO(target.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_what_the_reader_refuses_and_reports(world: Any, tmp_path: Path, settings: Any) -> None:
    reporting(world.home)
    good = exported(world)
    # Not a zip; a zip bomb; a path outside the zip; several folders.
    (tmp_path / "not.zip").write_bytes(b"hello")
    with pytest.raises(reader.Unreadable, match="not a zip file"):
        reader.read(tmp_path / "not.zip")
    settings.HMIS_IMPORT_MAX_UNPACKED_BYTES = 1000
    with pytest.raises(reader.Unreadable, match="would unpack to more than"):
        reader.read(write(tmp_path, good))
    settings.HMIS_IMPORT_MAX_UNPACKED_BYTES = 10**9
    with pytest.raises(reader.Unreadable, match="outside itself"):
        reader.read(write(tmp_path, {**good, "../Client.csv": b"x"}, "trick.zip"))
    with pytest.raises(reader.Unreadable, match="several folders"):
        reader.read(write(tmp_path, {"a/Client.csv": b"x", "b/Export.csv": b"y"}, "two.zip"))
    with pytest.raises(reader.Unreadable, match="No file of HUD's"):
        reader.read(write(tmp_path, {"notes.txt": b"x"}, "none.zip"))
    # Inside one folder, lower-case names, an extra file: read, with warnings.
    moved = {f"Export 2026/{name.lower()}": body for name, body in good.items()}
    moved["Export 2026/Extra.csv"] = b"a,b\n"
    files, found = reader.read(write(tmp_path, moved, "folder.zip"))
    assert sorted(files.headers) == sorted(FILES)
    assert [(p.severity, p.check, p.file) for p in found] == [
        ("warning", 122, ""),
        ("warning", 0, "Extra.csv"),
    ]
    # Not UTF-8, a ragged row, an empty file, a repeated column, a BOM.
    client = good["Client.csv"].decode().splitlines()
    broken = {
        **good,
        "Client.csv": (
            "\r\n".join([*client, client[1].replace("Wang", "W\xe4ng")]) + "\r\n"
        ).encode("latin-1"),
        "Exit.csv": good["Exit.csv"] + b"a,b\r\n",
        "Event.csv": b"",
        "User.csv": b"UserID,UserID\r\n",
        "Funder.csv": b"\xef\xbb\xbf" + good["Funder.csv"],
    }
    files, found = reader.read(write(tmp_path, broken, "broken.zip"))
    assert [(p.severity, p.file, p.row) for p in found] == [
        ("error", "Client", 3),
        ("error", "Event", 1),
        ("error", "Exit", 2),
        ("warning", "Funder", 1),
        ("error", "User", 1),
    ]
    assert found[0].message == "Line 3 of Client.csv is not UTF-8 text; the file was not read."
    assert found[2].message == "Line 2 of Exit.csv has 2 values; its header has 44."
    blocked = importer.problems(files, found, today=timezone.localdate())
    assert importer.blocking(blocked)


def test_a_hashed_export_is_refused(world: Any, tmp_path: Path) -> None:
    reporting(world.home)
    files, found = reader.read(write(tmp_path, exported(world, hashed=True)))
    for refused, organization in ((world.manager, world.org), (world.admin, world.other_org)):
        with pytest.raises(ActionRefused, match="Only administrators import HMIS data"):
            importer.import_hmis(
                by=refused, organization=organization, files=files, read_problems=found
            )
    report = importer.import_hmis(
        by=None, organization=world.other_org, files=files, read_problems=found
    )
    assert not report.imported
    [refusal] = report.errors
    assert (refusal.file, refusal.column) == ("Export", "HashStatus")
    assert "hashed (SHA-256 with Soundex): it has no names to import" in refusal.message
    assert not Participant.objects.filter(organization=world.other_org).exists()


def test_several_export_rows_are_read_when_every_file_names_one(world: Any, tmp_path: Path) -> None:
    reporting(world.home)
    good = exported(world)
    export = good["Export.csv"].decode().splitlines()
    second = export[1].replace('"E1"', '"E2"').replace("E1,", "E2,", 1)
    files, found = reader.read(
        write(tmp_path, {**good, "Export.csv": "\r\n".join([*export, second]).encode()})
    )
    problems = importer.problems(files, found, today=timezone.localdate())
    assert [(p.severity, p.check, p.message) for p in problems if p.file == "Export"] == [
        ("warning", 140, "Export.csv lists 2 exports; rows of all of them are read.")
    ]
    client = good["Client.csv"].decode().replace(",E1\r\n", ",E3\r\n").encode()
    files, found = reader.read(
        write(
            tmp_path,
            {**good, "Export.csv": "\r\n".join([*export, second]).encode(), "Client.csv": client},
            "other.zip",
        )
    )
    problems = importer.problems(files, found, today=timezone.localdate())
    assert [(p.severity, p.check, p.file, p.row) for p in problems if p.severity == "error"] == [
        ("error", 49, "Client", 2)
    ]


# ---------------------------------------------------------------- the round trip


def test_round_trip_export_import_export_gives_the_same_files(
    world: Any, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    """Two programs reporting to HUD, a household stay of two, exits with destinations
    and a subsidy: exported, imported into an empty organization, exported again."""
    reporting(world.home)
    reporting(world.youth, project_type=2, rrh_subtype=None, funder=None, coc_code="CA-601")
    li = enrollments.enroll_new_participant(
        by=world.navigator2,
        program=world.home,
        data={"preferred_name": "Li", "legal_name": "Wang Li"},
        navigator=world.navigator2,
        status="enrolled",
    )
    stay = uuid.uuid4().hex
    Enrollment.objects.filter(pk=world.chen.pk).update(household_stay=stay, relationship_to_head=1)
    Enrollment.objects.filter(pk=li.pk).update(household_stay=stay, relationship_to_head=2)
    Participant.objects.filter(pk=world.chen.participant_id).update(date_of_birth=date(1980, 5, 1))
    Participant.objects.filter(pk=li.participant_id).update(declined=["date_of_birth"])
    closure = close_now(
        world.navigator,
        world.amara,
        label="Reached their goals and moved into a home with a subsidy",
    )
    Closure.objects.filter(pk=closure.pk).update(destination_subsidy=431)
    close_now(world.navigator2, Enrollment.objects.get(pk=li.pk), label="Moved away from the area")
    first = exported(world)
    target = write(tmp_path, first, "first.zip")

    empty = accounts.create_organization(name=world.org.name)
    files, found = reader.read(target)
    report = importer.import_hmis(by=None, organization=empty, files=files, read_problems=found)
    assert report.imported, report.errors
    assert report.created == Counter(programs=2, participants=3, enrollments=3, exits=2)
    with django_assert_num_queries(1):  # every kind of id, whatever the number of rows
        assert len(source_ids(empty)["participant"]) == 3
    today = timezone.localdate()
    again = build(
        Scope(organization=empty, start=today - timedelta(days=365), end=today), export_id="E2"
    )
    second = io.BytesIO()
    write_zip(again, second)
    before = _rows(first)
    after = read_zip(second.getvalue())
    differ = {
        "ExportID",
        "DateCreated",
        "DateUpdated",
        "ExportDate",
        "UserID",
        "SourceID",
        "ImplementationID",
    }
    for name in FILES:
        if name == "User":
            continue  # staff accounts are not imported
        strip = [{k: v for k, v in row.items() if k not in differ} for row in after[name]]
        assert strip == [
            {k: v for k, v in row.items() if k not in differ} for row in before[name]
        ], name
    assert len(after["Client"]) == 3 and len(after["Exit"]) == 2
    assert {r["DestinationSubsidyType"] for r in after["Exit"]} == {"431", ""}


def _rows(members: dict[str, bytes]) -> dict[str, list[dict[str, str]]]:
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return read_zip(target.getvalue())


# ---------------------------------------------------------------- HUD's sample


@needs_hmis
def test_huds_sample_imports_fully(db: Any) -> None:
    from waypoint.hmis.tests.standards import SAMPLE

    zipped = SAMPLE / "sample_hmis_data_6416bf2.zip"
    if not zipped.exists():
        pytest.skip(f"HUD's sample HMIS data is not at {zipped}")
    org = accounts.create_organization(name="Square Peg")
    files, found = reader.read(zipped)
    assert files.counts["Disabilities"] == 180692 and "Disabilities" not in files.rows
    report = importer.import_hmis(by=None, organization=org, files=files, read_problems=found)
    assert report.imported and report.errors == []
    assert report.created == Counter(
        programs=72, participants=10606, enrollments=16492, exits=14627
    )
    # Two enrollments would be a second open stay of the same person in the same program.
    left = [p for p in report.problems if p.message.startswith("Not imported")]
    assert len(left) == report.left_out == 2
    assert all(p.file == "Enrollment" and p.row > 1 and p.enrollment_id for p in left)
    assert ("warning", 140) in {(p.severity, p.check) for p in report.problems}
    assert report.not_read["Services"] == 19012
    assert Enrollment.objects.filter(organization=org).count() == 16492


@needs_fixtures
def test_an_imported_persons_export_problems_name_them(world: Any) -> None:
    """The export writes an imported person's HMIS PersonalID; the checks page still
    finds them (through HmisIdentity) to link their problems to their page."""
    from waypoint.hmis.models import HmisExport
    from waypoint.hmis.queries import problems_by_person

    files, found = reader.read(folder("client_processing"))
    importer.import_hmis(
        by=world.admin, organization=world.org, files=files, read_problems=found, today=TODAY
    )
    first = Participant.objects.get(organization=world.org, legal_name="First Last")
    personal_id = HmisIdentity.objects.get(
        organization=world.org, kind="participant", object_id=str(first.pk)
    ).source_id
    job = HmisExport.objects.create(
        organization=world.org,
        period_start=TODAY,
        period_end=TODAY,
        problems=[
            {
                "severity": "warning",
                "check": 60,
                "file": "Client",
                "row": 2,
                "column": "DOB",
                "message": "m",
                "fix": "f",
                "personal_id": personal_id,
                "enrollment_id": "",
            },
            {
                "severity": "warning",
                "check": 60,
                "file": "Client",
                "row": 3,
                "column": "DOB",
                "message": "m",
                "fix": "f",
                "personal_id": "nobody-here",
                "enrollment_id": "",
            },
        ],
    )
    general, people = problems_by_person(job)
    assert general == []
    assert [(p.personal_id, p.participant) for p in people] == [
        (personal_id, first),
        ("nobody-here", None),
    ]


@needs_fixtures
def test_the_bench_measures_an_import_and_rolls_it_back(db: Any) -> None:
    """``make bench`` times HUD's sample this way (here a small export, to stay quick)."""
    from waypoint.hmis.bench import measure_sample_import

    found = measure_sample_import(folder("client_processing"))
    assert found is not None
    assert found.created == {"programs": 2, "participants": 2, "enrollments": 4, "exits": 3}
    assert found.seconds > 0 and found.peak_bytes > 0 and found.errors == 0
    assert not Participant.objects.exists()  # rolled back
