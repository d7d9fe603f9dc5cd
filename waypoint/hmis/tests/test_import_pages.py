"""The "Import from HMIS" pages and ``manage.py import_hmis``, through real requests: an
administrator uploads an export, reads its check, chooses where each project goes and
imports it; a second import adds nothing; everyone else is refused and nothing changes;
bad files get a clear message."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from waypoint.accounts import actions as accounts
from waypoint.accounts.models import Program
from waypoint.audit.models import AuditEvent
from waypoint.enrollments.models import Enrollment
from waypoint.hmis.export import Scope, build, write_zip
from waypoint.hmis.models import HmisIdentity, HmisImport
from waypoint.hmis.tests.records import reporting
from waypoint.participants.models import Participant
from waypoint.tests.helpers import snapshot


def export_zip(world: Any) -> bytes:
    today = timezone.localdate()
    made = build(
        Scope(organization=world.org, start=today - timedelta(days=365), end=today),
        export_id="E1",
    )
    target = io.BytesIO()
    write_zip(made, target)
    return target.getvalue()


def upload(body: bytes, name: str = "hmis.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/zip")


def test_an_administrator_checks_then_imports_an_export(
    world: Any, as_user: Any, settings: Any, tmp_path: Path
) -> None:
    settings.IMPORT_DIR = tmp_path / "imports"
    reporting(world.home)
    body = export_zip(world)
    client = as_user(world.admin)
    exports = client.get(reverse("hmis_exports")).content.decode()
    assert reverse("hmis_imports") in exports  # the link, for administrators
    assert client.get(reverse("hmis_imports")).status_code == 200
    response = client.post(reverse("hmis_imports"), {"file": upload(body)})
    job = HmisImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hmis_import", args=[job.public_id])
    assert (job.status, job.error_count, job.organization_id) == ("checked", 0, world.org.pk)
    assert job.projects == {str(world.home.pk): {"name": "Home Base", "enrollments": 1}}
    assert Path(job.stored_at).is_relative_to(tmp_path / "imports")
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Ready to import" in text
    assert f"ProjectID {world.home.pk}: 1 enrollment" in text
    assert '<option value="new" selected>A new program</option>' in text
    people = Participant.objects.count()
    # The check wrote nothing but the upload's record.
    assert not HmisIdentity.objects.exists()
    imported = client.post(response["Location"], {"project_0": "new"})
    assert imported.status_code == 302
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert job.summary["created"] == {
        "programs": 1,
        "participants": 1,
        "enrollments": 1,
    }
    assert job.stored_at == "" and not any((tmp_path / "imports").iterdir())
    program = Program.objects.get(name=f"Home Base (HMIS {world.home.pk})")
    copy = Enrollment.objects.get(program=program)
    assert (copy.status, copy.navigator_id, copy.participant.legal_name) == (
        "enrolled",
        None,
        "Wang Fang",
    )
    assert Participant.objects.count() == people + 1
    done = client.get(reverse("hmis_import", args=[job.public_id])).content.decode()
    assert "New: 1 programs, 1 people, 1 enrollments, 0 exits." in done
    assert AuditEvent.objects.filter(action="import", object_type="participant").count() == 1
    # Clicking again does not import twice; a new upload of the same file adds nothing.
    client.post(reverse("hmis_import", args=[job.public_id]), {"project_0": "new"})
    client.post(reverse("hmis_imports"), {"file": upload(body)})
    second = HmisImport.objects.exclude(pk=job.pk).get()
    client.post(reverse("hmis_import", args=[second.public_id]), {"project_0": "new"})
    second.refresh_from_db()
    assert second.summary["already"] == {"programs": 1, "participants": 1, "enrollments": 1}
    assert Participant.objects.count() == people + 1


def test_the_page_lists_problems_and_imports_nothing_with_errors(
    world: Any, as_user: Any, settings: Any, tmp_path: Path
) -> None:
    settings.IMPORT_DIR = tmp_path / "imports"
    reporting(world.home)
    body = export_zip(world)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        members = {n: archive.read(n) for n in archive.namelist() if n != "Exit.csv"}
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    client = as_user(world.admin)
    response = client.post(reverse("hmis_imports"), {"file": upload(broken.getvalue())})
    job = HmisImport.objects.get()
    assert job.error_count == 1 and job.stored_at == ""
    text = client.get(response["Location"]).content.decode()
    assert "1 error stops the import" in text
    assert "Exit.csv is missing." in text
    assert 'name="project_0"' not in text
    before = snapshot()
    refused = client.post(response["Location"], {"project_0": "new"})
    assert refused.status_code == 400
    assert "Fix the errors in the export and upload it again." in refused.content.decode()
    assert snapshot() == before


def test_bad_files_get_a_clear_message(
    world: Any, as_user: Any, settings: Any, tmp_path: Path
) -> None:
    settings.IMPORT_DIR = tmp_path / "imports"
    client = as_user(world.admin)
    url = reverse("hmis_imports")
    response = client.post(url, {"file": upload(b"a,b\n", "hmis.csv")})
    assert response.status_code == 400
    assert "Choose a .zip file." in response.content.decode()
    settings.IMPORT_MAX_BYTES = 10
    response = client.post(url, {"file": upload(b"PK" + b"x" * 100)})
    assert response.status_code == 400
    assert "The file is larger than 0 MB." in response.content.decode()
    assert not HmisImport.objects.exists()
    settings.IMPORT_MAX_BYTES = 10**6
    response = client.post(url, {"file": upload(b"not really a zip")})
    job = HmisImport.objects.get()
    assert (job.status, job.message) == ("failed", "The file is not a zip file.")
    text = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in text and "The file is not a zip file." in text
    assert not any((tmp_path / "imports").iterdir())


@pytest.mark.parametrize("who", ["manager", "navigator", "outsider_admin"])
def test_everyone_but_the_organizations_administrators_is_refused(
    world: Any, as_user: Any, settings: Any, tmp_path: Path, who: str
) -> None:
    settings.IMPORT_DIR = tmp_path / "imports"
    reporting(world.home)
    admin = as_user(world.admin)
    admin.post(reverse("hmis_imports"), {"file": upload(export_zip(world))})
    job = HmisImport.objects.get()
    if who == "outsider_admin":
        user = accounts.create_staff(
            organization=world.other_org,
            username="oscar",
            email="oscar@example.org",
            display_name="Oscar Admin",
            password="a-long-test-passphrase",
        )
        accounts.grant_role(user=user, role="admin")
    else:
        user = getattr(world, who)
    client = as_user(user)
    before = snapshot()
    detail = reverse("hmis_import", args=[job.public_id])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"project_0": "new"}).status_code == 404
    listing = client.get(reverse("hmis_imports"))
    if who == "outsider_admin":
        assert listing.status_code == 200  # their own organization's page, without this one
        assert job.file_name not in listing.content.decode()
    else:
        assert listing.status_code == 404
        assert client.post(reverse("hmis_imports"), {"file": upload(b"x")}).status_code == 404
    assert snapshot() == before
    job.refresh_from_db()
    assert job.status == "checked"


def test_the_command_checks_and_imports(world: Any, tmp_path: Path, capsys: Any) -> None:
    reporting(world.home)
    target = tmp_path / "hmis.zip"
    target.write_bytes(export_zip(world))
    other = world.other_org.name
    call_command("import_hmis", str(target), organization=other, dry_run=True)
    out = capsys.readouterr().out
    assert "Checks: 0 errors," in out
    assert f"Project {world.home.pk}: Home Base (1 enrollments)" in out
    assert "Dry run: nothing was written." in out
    assert not Participant.objects.filter(organization=world.other_org).exists()
    call_command("import_hmis", str(target), organization=other)
    out = capsys.readouterr().out
    assert (
        f"Imported into {other}: 1 new programs, 1 people, 1 enrollments, 0 exits; "
        "already here: 0 programs, 0 people, 0 enrollments; left out: 0." in out
    )
    assert Participant.objects.filter(organization=world.other_org).count() == 1
    (tmp_path / "bad.zip").write_bytes(b"nope")
    with pytest.raises(CommandError, match="not a zip file"):
        call_command("import_hmis", str(tmp_path / "bad.zip"), organization=other)


def test_the_list_of_imports_is_a_few_queries(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.admin)
    client.get(reverse("hmis_imports"))  # warm the session and caches
    for number in range(12):
        HmisImport.objects.create(
            organization=world.org, started_by=world.admin, file_name=f"hmis-{number}.zip"
        )
    HmisImport.objects.create(
        organization=world.other_org, started_by=world.outsider, file_name="theirs.zip"
    )
    with django_assert_max_num_queries(12):
        page = client.get(reverse("hmis_imports"))
    text = page.content.decode()
    assert text.count("hmis-") == 12 and "theirs.zip" not in text
