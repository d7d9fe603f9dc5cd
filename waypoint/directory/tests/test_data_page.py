"""The administrators' directory data page: upload an HSDS file, follow its import, read
every problem by file, row and column; download the directory as an HSDS zip."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from waypoint.audit.models import AuditEvent
from waypoint.directory.models import DirectoryImport, Location, Service
from waypoint.directory.tasks import progress_key, progress_of
from waypoint.directory.tests.standards import HSDS, needs_hsds
from waypoint.directory.tests.test_views import make_service
from waypoint.tests.helpers import snapshot


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "progress"),
        },
    }
    return tmp_path / "imports"


def directory_state() -> dict[str, Any]:
    state = snapshot(audit=False)
    state.pop("DirectoryImport")
    return state


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            if path.suffix in (".csv", ".json"):
                archive.write(path, f"example/{path.name}")
    return buffer.getvalue()


@needs_hsds
def test_admin_uploads_the_official_example_and_reads_its_four_problems(world, as_user, import_dir):
    client = as_user(world.admin)
    assert client.get("/directory/data/").status_code == 200
    upload = SimpleUploadedFile("hsds-example.zip", zipped(HSDS / "examples" / "csv"))
    response = client.post("/directory/data/", {"file": upload})
    job = DirectoryImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/directory/data/imports/{job.public_id}/"
    assert (job.status, job.owner, job.started_by) == ("done", world.org, world.admin)
    assert job.summary == {"created": 21, "updated": 0, "problems": 4, "skipped": 0}
    assert sorted((p["file"], p["column"]) for p in job.problems) == [
        ("contacts.csv", "organization_id"),
        ("contacts.csv", "service_at_location_id"),
        ("locations.csv", "organization_id"),
        ("taxonomy_terms.csv", "taxonomy_id"),
    ]
    assert list(import_dir.iterdir()) == []  # the upload is gone once read
    page = client.get(response["Location"]).content.decode()
    assert "21 new and 0 updated rows" in page
    assert "4 problems" in page
    assert "locations.csv</td><td>row 2</td><td>organization_id" in page
    assert "Imported without this link" in page
    assert Location.objects.filter(owner=world.org).count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"upload", "import"} <= actions


def test_progress_is_shown_while_the_import_runs(world, as_user):
    job = DirectoryImport.objects.create(
        owner=world.org,
        started_by=world.admin,
        file_name="big.zip",
        stored_at="/nowhere",
        status="running",
    )
    caches["progress"].set(progress_key(job), [1200, 3400])
    assert progress_of(job) == (1200, 3400)
    client = as_user(world.admin)
    page = client.get(f"/directory/data/imports/{job.public_id}/").content.decode()
    assert "Importing: 1,200 of 3,400 rows" in page
    assert 'max="3400" value="1200"' in page
    partial = client.get(f"/directory/data/imports/{job.public_id}/", HTTP_HX_REQUEST="true")
    body = partial.content.decode().lstrip()
    assert body.startswith('<div id="import-progress" hx-get=')
    assert 'hx-trigger="every 1s"' in body


def test_a_file_that_is_not_hsds_fails_with_a_reason_and_changes_nothing(world, as_user):
    client = as_user(world.admin)
    before = directory_state()
    upload = SimpleUploadedFile("notes.zip", b"this is not a zip")
    response = client.post("/directory/data/", {"file": upload}, follow=True)
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "notes.zip is not a zip file" in page or "is not a zip file" in page
    assert DirectoryImport.objects.get().status == "failed"
    assert directory_state() == before
    wrong = SimpleUploadedFile("directory.xlsx", b"PK")
    response = client.post("/directory/data/", {"file": wrong})
    assert response.status_code == 200
    assert "Choose a .zip or a .json file." in response.content.decode()
    assert DirectoryImport.objects.count() == 1


def test_json_upload_imports(world, as_user):
    data = [
        {"id": "11111111-1111-4111-8111-111111111111", "name": "Harbor Food", "description": "x"}
    ]
    upload = SimpleUploadedFile("organizations.json", json.dumps(data).encode())
    as_user(world.admin).post("/directory/data/", {"file": upload})
    job = DirectoryImport.objects.get()
    assert job.summary["created"] == 1 and job.problem_count == 0


def test_export_downloads_a_zip_of_both_forms(world, as_user):
    make_service(world.org, what_to_expect="Secret staff knowledge", vetted=True)
    response = as_user(world.admin).post("/directory/data/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert "hsds/csv/datapackage.json" in names and "hsds/json/services.json" in names
    assert len([n for n in names if n.endswith(".csv")]) == 21
    services = json.loads(archive.read("hsds/json/services.json"))
    assert [s["name"] for s in services] == ["Harbor Food Pantry"]
    everything = b"".join(archive.read(n) for n in names)
    assert b"Secret staff knowledge" not in everything and b"vetted" not in everything
    assert AuditEvent.objects.filter(action="export", object_type="directory").count() == 1


def test_only_administrators_reach_the_data_page(world, as_user):
    make_service(world.org)
    job = DirectoryImport.objects.create(
        owner=world.org, started_by=world.admin, file_name="a.zip", stored_at="/x"
    )
    for user in (world.manager, world.navigator, world.auditor):
        client = as_user(user)
        before = snapshot()
        assert client.get("/directory/data/").status_code == 404
        assert client.post("/directory/data/export/").status_code == 404
        assert client.get(f"/directory/data/imports/{job.public_id}/").status_code == 404
        upload = SimpleUploadedFile("x.json", b"[]")
        assert client.post("/directory/data/", {"file": upload}).status_code == 404
        assert snapshot() == before
    # Another organization's administrator does not see this import.
    from waypoint.accounts import actions as accounts

    accounts.grant_role(user=world.outsider, role="admin")
    client = as_user(world.outsider)
    assert client.get(f"/directory/data/imports/{job.public_id}/").status_code == 404
    export = client.post("/directory/data/export/")
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert json.loads(archive.read("hsds/json/services.json")) == []
    assert Service.objects.filter(owner=world.org).count() == 1
