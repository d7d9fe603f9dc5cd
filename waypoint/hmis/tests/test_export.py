"""The HMIS CSV export of Waypoint's records: HUD's files and headers, the mapping of
people, enrollments, households and exits, the hashed form, and the checks."""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from waypoint.closure.tests.records import close_now
from waypoint.enrollments import actions as enrollments
from waypoint.enrollments.models import Enrollment
from waypoint.hmis import checks
from waypoint.hmis.export import Scope, build, hashed_name, soundex, write_zip
from waypoint.hmis.spec import CSV_VERSION, FILES, columns
from waypoint.hmis.tests.records import headers_of, read_zip, reporting


def export(world: Any, **scope: Any) -> tuple[Any, dict[str, list[dict[str, str]]], bytes]:
    today = timezone.localdate()
    made = build(
        Scope(
            organization=world.org,
            start=scope.pop("start", today - timedelta(days=365)),
            end=scope.pop("end", today),
            **scope,
        ),
        export_id="E1",
    )
    target = io.BytesIO()
    write_zip(made, target)
    body = target.getvalue()
    return made, read_zip(body), body


def errors(made: Any) -> list[checks.Problem]:
    found = checks.run(checks.Files.of(made.rows), today=timezone.localdate())
    return [p for p in found if p.severity == checks.ERROR]


def test_every_file_with_huds_headers_and_one_export_row(world: Any) -> None:
    reporting(world.home)
    made, files, body = export(world)
    assert sorted(headers_of(body)) == sorted(FILES)
    for name, header in headers_of(body).items():
        assert tuple(header) == columns(name)
    assert len(files["Export"]) == 1
    row = files["Export"][0]
    assert row["CSVVersion"] == CSV_VERSION == "2026 v1"
    assert row["HashStatus"] == "1"
    assert row["ExportStartDate"] == (timezone.localdate() - timedelta(days=365)).isoformat()
    assert {r["ExportID"] for n in FILES for r in files[n] if "ExportID" in r} == {"E1"}
    assert errors(made) == []


def test_people_and_enrollments_of_reporting_programs_only(world: Any) -> None:
    reporting(world.home)
    _, files, _ = export(world)
    chen = world.chen
    assert [r["PersonalID"] for r in files["Client"]] == [chen.participant.public_id.hex]
    client = files["Client"][0]
    # Wang Fang is her legal name: a full name; nothing else about her is invented.
    assert (client["FirstName"], client["LastName"], client["NameDataQuality"]) == (
        "Wang",
        "Fang",
        "1",
    )
    assert (client["SSN"], client["SSNDataQuality"], client["DOB"], client["DOBDataQuality"]) == (
        "",
        "99",
        "",
        "99",
    )
    assert client["VeteranStatus"] == client["RaceNone"] == client["Sex"] == "99"
    [enrollment] = files["Enrollment"]
    assert enrollment["EnrollmentID"] == chen.public_id.hex
    assert enrollment["ProjectID"] == str(world.home.pk)
    assert enrollment["HouseholdID"] == chen.public_id.hex
    assert enrollment["RelationshipToHoH"] == "1"
    assert enrollment["EnrollmentCoC"] == "CA-600"
    assert enrollment["EntryDate"] == chen.enrolled_on.isoformat()
    assert enrollment["DisablingCondition"] == enrollment["LivingSituation"] == "99"
    [project] = files["Project"]
    assert (project["ProjectType"], project["RRHSubType"], project["HousingType"]) == (
        "13",
        "2",
        "3",
    )
    assert files["ProjectCoC"][0]["CoCCode"] == "CA-600"
    assert files["Funder"][0]["Funder"] == "3"
    assert {r["UserID"] for r in files["User"]} >= {enrollment["UserID"], client["UserID"]}


def test_not_reporting_programs_are_left_out(world: Any) -> None:
    _, files, _ = export(world)
    assert files["Project"] == files["Client"] == files["Enrollment"] == []
    assert len(files["Export"]) == len(files["Organization"]) == 1


def test_a_household_stay_shares_one_household_id_with_one_head(world: Any) -> None:
    reporting(world.home)
    child = enrollments.enroll_new_participant(
        by=world.navigator2,
        program=world.home,
        data={"preferred_name": "Li", "legal_name": "Wang Li"},
        navigator=world.navigator2,
        status="enrolled",
    )
    stay = uuid.uuid4().hex
    Enrollment.objects.filter(pk=world.chen.pk).update(household_stay=stay, relationship_to_head=1)
    Enrollment.objects.filter(pk=child.pk).update(household_stay=stay, relationship_to_head=2)
    made, files, _ = export(world)
    assert sorted((r["HouseholdID"], r["RelationshipToHoH"]) for r in files["Enrollment"]) == [
        (stay, "1"),
        (stay, "2"),
    ]
    assert errors(made) == []
    Enrollment.objects.filter(pk=world.chen.pk).update(relationship_to_head=3)
    made, _, _ = export(world)
    [problem] = errors(made)
    assert (problem.check, problem.file, problem.column) == (2, "Enrollment", "RelationshipToHoH")


def test_exit_with_destination_and_the_subsidy_hud_asks_for(world: Any) -> None:
    reporting(world.home)
    closure = close_now(
        world.navigator2,
        world.chen,
        label="Reached their goals and moved into a home with a subsidy",
    )
    made, files, _ = export(world)
    [exit_row] = files["Exit"]
    assert (exit_row["Destination"], exit_row["DestinationSubsidyType"]) == ("435", "")
    assert exit_row["ExitDate"] == timezone.localdate().isoformat()
    [problem] = errors(made)
    assert (problem.check, problem.column, problem.personal_id) == (
        121,
        "DestinationSubsidyType",
        world.chen.participant.public_id.hex,
    )
    type(closure).objects.filter(pk=closure.pk).update(destination_subsidy=431)
    made, files, _ = export(world)
    assert files["Exit"][0]["DestinationSubsidyType"] == "431"
    assert errors(made) == []


def test_hashed_export_hashes_names_with_soundex_and_sha256(world: Any) -> None:
    reporting(world.home)
    _, files, _ = export(world, hashed=True)
    assert files["Export"][0]["HashStatus"] == "4"
    client = files["Client"][0]
    assert client["FirstName"] == hashed_name("Wang")
    assert len(client["FirstName"]) == 64
    assert "Wang" not in str(files)
    assert soundex("Robert") == soundex("Rupert") == "R163"
    assert soundex("Ashcraft") == "A261"
    assert soundex("Tymczak") == "T522"
    assert soundex("王芳") == hashed_name("王芳") == ""


def test_enrollments_outside_the_period_are_left_out(world: Any) -> None:
    reporting(world.home)
    _, files, _ = export(world, start=date(2001, 1, 1), end=date(2001, 12, 31))
    assert files["Enrollment"] == []
