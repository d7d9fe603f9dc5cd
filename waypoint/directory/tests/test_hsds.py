"""HSDS 3.0 in and out, checked against the official files in place: the generated
tabular descriptor equals the official one; exports validate strictly against the official
JSON schemas and with frictionless against the official datapackage; the official CSV
example imports with exactly its four known foreign-key problems; export → import →
export loses nothing."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from waypoint.accounts.models import Organization
from waypoint.audit.models import AuditEvent
from waypoint.directory import actions, hsds
from waypoint.directory.importer import LEFT_OUT, SKIPPED, UNLINKED
from waypoint.directory.models import (
    Attribute,
    DirectoryContact,
    Location,
    Phone,
    Provider,
    Service,
    TaxonomyTerm,
)
from waypoint.directory.tests.standards import (
    HSDS,
    errors,
    frictionless_errors,
    needs_hsds,
    official_package,
)

EXAMPLE_CSV = HSDS / "examples" / "csv"
KNOWN_FK_PROBLEMS = [
    ("contacts.csv", "row 2", "organization_id"),
    ("contacts.csv", "row 2", "service_at_location_id"),
    ("locations.csv", "row 2", "organization_id"),
    ("taxonomy_terms.csv", "row 2", "taxonomy_id"),
]


def load(owner: Organization, path: Path):
    rows, notices = hsds.read_path(path)
    return actions.import_directory(by=None, owner_id=owner.pk, rows=rows, notices=notices)


def structure(package: dict[str, Any]) -> dict[str, Any]:
    """What a validator reads from a descriptor (not its prose)."""
    out = {}
    for resource in package["resources"]:
        schema = resource["schema"]
        out[resource["name"]] = {
            "path": resource["path"],
            "primaryKey": schema.get("primaryKey"),
            "fields": [
                (f["name"], f["type"], f.get("format", ""), f.get("constraints"))
                for f in schema["fields"]
            ],
            "foreignKeys": sorted(
                json.dumps(k, sort_keys=True) for k in schema.get("foreignKeys", [])
            ),
        }
    return out


@needs_hsds
def test_generated_descriptor_equals_the_official_one():
    official = official_package()
    ours = hsds.datapackage()
    assert [r["name"] for r in ours["resources"]] == [r["name"] for r in official["resources"]]
    assert structure(ours) == structure(official)
    assert ours["profile"] == official["profile"] == "tabular-data-package"
    assert ours["version"] == official["version"] == "3.0.0"


@needs_hsds
def test_official_csv_example_reports_exactly_its_four_foreign_key_problems(db):
    owner = Organization.objects.create(name="Importer")
    report = load(owner, EXAMPLE_CSV)
    found = sorted((p.file, p.where, p.column) for p in report.problems)
    assert found == KNOWN_FK_PROBLEMS
    assert {p.outcome for p in report.problems} == {UNLINKED}
    assert all("has the id" in p.message for p in report.problems)
    # The rest is imported: one row in every table, the dangling links left out.
    assert report.created == dict.fromkeys(report.created, 1)
    assert len(report.created) == 21
    location = Location.objects.get(owner=owner)
    assert location.organization_id is None
    assert location.name == "MyCity Civic Center"
    assert location.latitude == 100  # imported as published: no range check
    contact = DirectoryContact.objects.get(owner=owner)
    assert (contact.organization_id, contact.service_at_location_id) == (None, None)
    assert contact.location_id == location.pk
    service = Service.objects.get(owner=owner)
    assert service.status == "active" and service.minimum_age == 12
    assert service.last_modified.isoformat() == "2023-03-15T10:30:45.123000+00:00"
    assert AuditEvent.objects.filter(action="import", object_type="directory").count() == 1


@needs_hsds
def test_importing_the_same_package_again_updates_and_keeps_staff_knowledge(db):
    owner = Organization.objects.create(name="Importer")
    load(owner, EXAMPLE_CSV)
    Service.objects.filter(owner=owner).update(vetted=True, what_to_expect="Ask for Ann.")
    report = load(owner, EXAMPLE_CSV)
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 21
    service = Service.objects.get(owner=owner)
    assert (service.vetted, service.what_to_expect) == (True, "Ask for Ann.")
    assert Service.objects.count() == 1


@needs_hsds
def test_two_organizations_import_the_same_data_without_colliding(db):
    first = Organization.objects.create(name="First")
    second = Organization.objects.create(name="Second")
    load(first, EXAMPLE_CSV)
    load(second, EXAMPLE_CSV)
    assert Service.objects.filter(owner=first).count() == 1
    assert Service.objects.filter(owner=second).count() == 1
    a, b = Service.objects.get(owner=first), Service.objects.get(owner=second)
    assert a.hsds_id == b.hsds_id and a.pk != b.pk
    assert a.organization.owner_id == first.pk and b.organization.owner_id == second.pk


def exported(owner: Organization, folder: Path) -> tuple[Path, Path]:
    hsds.write_csv(owner.pk, folder / "csv")
    hsds.write_json(owner.pk, folder / "json")
    return folder / "csv", folder / "json"


def strict_json_errors(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.json")):
        table = hsds.table_for_file(path.name)
        for i, obj in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            found += [f"{path.name}[{i}] {e}" for e in errors(f"{table}.json", obj)]
    return found


@needs_hsds
def test_export_of_the_imported_example_validates_strictly(db, tmp_path):
    owner = Organization.objects.create(name="Importer")
    load(owner, EXAMPLE_CSV)
    csv_dir, json_dir = exported(owner, tmp_path)
    assert sorted(p.name for p in csv_dir.iterdir()) == sorted(
        ["datapackage.json", *(m.hsds.path for m in hsds.TABLES)]
    )
    assert len(list(json_dir.glob("*.json"))) == 21
    assert strict_json_errors(json_dir) == []
    assert frictionless_errors(official_package(), csv_dir) == []
    assert (
        frictionless_errors(json.loads((csv_dir / "datapackage.json").read_text()), csv_dir) == []
    )
    # Waypoint-only knowledge never leaves.
    text = (json_dir / "services.json").read_text() + (csv_dir / "services.csv").read_text()
    for word in ("vetted", "what_to_expect", "is_public", "checked_by"):
        assert word not in text


@needs_hsds
def test_strict_validation_can_fail(db, tmp_path):
    """The checks above are not vacuous: an extra property, a bad id and a broken
    reference are each caught."""
    assert errors("service.json", {"id": "1", "name": "x", "status": "active"}) != []
    assert errors(
        "service.json",
        {
            "id": "2ae4e3c3-3da7-4a8b-9b0a-3b0e0d1f6c11",
            "name": "x",
            "status": "active",
            "vetted": True,
        },
    ) == ["[]: Additional properties are not allowed ('vetted' was unexpected)"]
    owner = Organization.objects.create(name="Importer")
    load(owner, EXAMPLE_CSV)
    csv_dir, _ = exported(owner, tmp_path)
    with (csv_dir / "phones.csv").open("a", encoding="utf-8") as out:
        out.write("not-a-uuid,,,,,,555-0100,,,\n")
    found = frictionless_errors(official_package(), csv_dir)
    assert {(name, row) for name, row, *_ in found} == {("phone", 3)}
    assert "type-error" in {kind for _, _, kind, _ in found}


@needs_hsds
@pytest.mark.parametrize("form", ["csv", "json", "zip"])
def test_export_import_export_round_trips_without_loss(db, tmp_path, form):
    source = Organization.objects.create(name="Source")
    load(source, EXAMPLE_CSV)
    actions.ensure_domains(owner_id=source.pk)
    first_csv, first_json = exported(source, tmp_path / "first")
    target = Organization.objects.create(name="Target")
    if form == "csv":
        path = first_csv / "datapackage.json"
    elif form == "json":
        path = first_json
    else:
        path = tmp_path / "export.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for file in first_csv.iterdir():
                archive.write(file, f"hsds/{file.name}")
    report = load(target, path)
    assert report.problems == []
    second_csv, second_json = exported(target, tmp_path / "second")
    for first, second in ((first_csv, second_csv), (first_json, second_json)):
        for file in sorted(first.iterdir()):
            assert (second / file.name).read_bytes() == file.read_bytes(), file.name


@needs_hsds
def test_official_nested_json_examples_import(db):
    owner = Organization.objects.create(name="Importer")
    report = load(owner, HSDS / "examples" / "service_full.json")
    assert [p for p in report.problems if p.outcome == SKIPPED] == []
    service = Service.objects.get(owner=owner)
    official = json.loads((HSDS / "examples" / "service_full.json").read_text())
    assert str(service.hsds_id) == official["id"]
    assert service.organization.name == official["organization"]["name"]
    assert Phone.objects.filter(owner=owner, service=service).count() == len(official["phones"])
    sal = official["service_at_locations"][0]
    assert Location.objects.filter(owner=owner, hsds_id=sal["location"]["id"]).exists()
    assert Attribute.objects.filter(owner=owner, link_id=service.hsds_id).exists()
    assert TaxonomyTerm.objects.filter(owner=owner).exists()


def write_package(folder: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for model in hsds.TABLES:
        rows = tables.get(model.hsds.table, [])
        cols = [c.name for c in hsds.COLUMNS[model.hsds.table]]
        with (folder / model.hsds.path).open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, cols)
            writer.writeheader()
            writer.writerows(rows)
    return folder


ORG = "11111111-1111-4111-8111-111111111111"


def test_bad_rows_are_reported_by_file_row_and_column_and_the_rest_imported(db, tmp_path):
    owner = Organization.objects.create(name="Importer")
    folder = write_package(
        tmp_path / "pkg",
        {
            "organization": [
                {"id": ORG, "name": "Harbor Food Bank", "description": "Groceries."},
                {"id": "not-a-uuid", "name": "Broken", "description": "x"},
                {"id": "22222222-2222-4222-8222-222222222222", "name": "", "description": "x"},
            ],
            "service": [
                {
                    "id": "33333333-3333-4333-8333-333333333333",
                    "organization_id": ORG,
                    "name": "Pantry",
                    "status": "open",
                },
                {
                    "id": "44444444-4444-4444-8444-444444444444",
                    "organization_id": ORG,
                    "name": "Hot meals",
                    "status": "active",
                    "email": "not an email",
                    "minimum_age": "twelve",
                },
                {
                    "id": "44444444-4444-4444-8444-444444444444",
                    "organization_id": ORG,
                    "name": "Hot meals again",
                    "status": "active",
                },
            ],
        },
    )
    with (folder / "services.csv").open("a", encoding="utf-8") as out:
        out.write("\n")  # a blank line is not a row
    report = load(owner, folder)
    found = [(p.file, p.where, p.column, p.outcome) for p in report.problems]
    assert found == [
        ("organizations.csv", "row 3", "id", SKIPPED),
        ("organizations.csv", "row 4", "name", SKIPPED),
        ("services.csv", "row 2", "status", SKIPPED),
        ("services.csv", "row 3", "email", LEFT_OUT),
        ("services.csv", "row 3", "minimum_age", LEFT_OUT),
        ("services.csv", "row 4", "id", SKIPPED),
    ]
    messages = {p.column: p.message for p in report.problems}
    assert messages["minimum_age"] == "“twelve” is not a number"
    assert "is not one of: active, inactive, defunct, temporarily closed" in messages["status"]
    assert list(Provider.objects.filter(owner=owner).values_list("name", flat=True)) == [
        "Harbor Food Bank"
    ]
    meals = Service.objects.get(owner=owner)
    assert (meals.name, meals.email, meals.minimum_age) == ("Hot meals", "", None)
    assert report.skipped == 4


def test_unreadable_sources_are_refused_with_a_reason(db, tmp_path):
    owner = Organization.objects.create(name="Importer")
    bad = tmp_path / "services.json"
    bad.write_text("{not json")
    with pytest.raises(hsds.Unreadable, match=r"services\.json is not JSON"):
        hsds.read_path(bad)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(hsds.Unreadable, match="holds no HSDS"):
        hsds.read_path(empty)
    notzip = tmp_path / "x.zip"
    notzip.write_text("hello")
    with pytest.raises(hsds.Unreadable, match="not a zip"):
        hsds.read_path(notzip)
    assert Service.objects.filter(owner=owner).count() == 0


def test_commands_export_and_import(db, tmp_path, capsys):
    owner = Organization.objects.create(name="Only One")
    folder = write_package(
        tmp_path / "pkg",
        {"organization": [{"id": ORG, "name": "Harbor Food Bank", "description": "Food."}]},
    )
    call_command("import_hsds", str(folder))
    out = capsys.readouterr().out
    assert "Imported into Only One's directory: 1 new, 0 updated, 0 rows skipped." in out
    call_command("export_hsds", str(tmp_path / "out"))
    assert "0 services, 15 rows in 21 tables" in capsys.readouterr().out  # with the domains
    assert (tmp_path / "out" / "csv" / "organizations.csv").read_text().splitlines()[1] == (
        f"{ORG},Harbor Food Bank,,Food.,,,,,,,,,"
    )
    assert json.loads((tmp_path / "out" / "json" / "organizations.json").read_text()) == [
        {"id": ORG, "name": "Harbor Food Bank", "description": "Food."}
    ]
    Organization.objects.create(name="Second")
    with pytest.raises(CommandError, match="Say which organization"):
        call_command("export_hsds", str(tmp_path / "again"))
    with pytest.raises(CommandError, match="No organization"):
        call_command("import_hsds", str(folder), organization="Nobody")
    shutil.rmtree(tmp_path / "out")
    call_command("export_hsds", str(tmp_path / "out"), organization="Only One", format="json")
    assert not (tmp_path / "out" / "csv").exists()
    assert Provider.objects.filter(owner=owner).count() == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("09:00", "09:00:00"),
        ("9:30", "09:30:00"),
        ("09:00:00", "09:00:00"),
        ("17:45:30.5", "17:45:30.5"),
        ("09:00Z", "09:00:00Z"),
        ("09:00-05:00", "09:00:00-05:00"),
        ("09:00+0530", "09:00:00+05:30"),
    ],
)
def test_times_are_kept_in_the_form_the_package_reads(typed, stored):
    column = next(c for c in hsds.COLUMNS["schedule"] if c.name == "opens_at")
    assert hsds.parse(column, typed) == stored


@pytest.mark.parametrize("typed", ["25:00", "9", "09:61", "nine", "09:00:75"])
def test_impossible_times_are_refused(typed):
    column = next(c for c in hsds.COLUMNS["schedule"] if c.name == "opens_at")
    with pytest.raises(hsds.BadValue, match="is not a time of day"):
        hsds.parse(column, typed)
