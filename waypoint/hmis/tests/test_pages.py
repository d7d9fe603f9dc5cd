"""The HUD settings page and the exports page, through real requests: a manager fills
in a program's HUD details, asks for an export, reads its checks by person and downloads
the zip; everyone else is refused and nothing changes."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from waypoint.accounts import actions as accounts
from waypoint.audit.models import AuditEvent
from waypoint.closure.tests.records import close_now
from waypoint.hmis.models import HmisExport, HudProject
from waypoint.hmis.spec import FILES
from waypoint.hmis.tests.records import read_zip, reporting
from waypoint.tests.helpers import snapshot

HUD_FORM = {
    "reports_to_hud": "on",
    "project_type": "13",
    "rrh_subtype": "2",
    "housing_type": "3",
    "continuum_project": "on",
    "coc_code": "ca-600",
    "geocode": "061234",
    "zip_code": "90012",
    "geography_type": "1",
    "funder": "3",
    "grant_id": "CA0001",
    "grant_start": "2020-01-01",
    "operating_start": "2020-01-01",
    "participation": "1",
}


def test_a_manager_fills_in_the_programs_hud_details(world: Any, as_user: Any) -> None:
    client = as_user(world.manager)
    url = reverse("hud_project", args=[world.home.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "HUD reporting for Home Base" in page.content.decode()
    response = client.post(url, HUD_FORM)
    assert response.status_code == 302
    hud = HudProject.objects.get(program=world.home)
    assert (hud.reports_to_hud, hud.project_type, hud.coc_code, hud.rrh_subtype) == (
        True,
        13,
        "CA-600",
        2,
    )
    event = AuditEvent.objects.filter(action="settings", object_type="hud_project").get()
    assert event.object_id == str(world.home.pk)
    assert event.changes["coc_code"] == ["", "CA-600"]


def test_bad_hud_details_are_refused_with_what_was_typed_kept(world: Any, as_user: Any) -> None:
    client = as_user(world.manager)
    url = reverse("hud_project", args=[world.home.pk])
    for change, message in (
        ({"coc_code": "600"}, "Write the CoC code as two letters, a dash and three digits"),
        ({"rrh_subtype": ""}, "Say which kind of rapid re-housing it is."),
        ({"operating_start": ""}, "Give the date the project started operating."),
        ({"operating_start": "9999-12-31"}, "Give a date"),
        ({"operating_end": "2019-01-01"}, "The end cannot come before the start."),
        ({"funder": "12"}, "Choose from the list."),
        ({"funder": "46"}, "Name the funding source."),
    ):
        response = client.post(url, {**HUD_FORM, **change})
        assert response.status_code == 400, change
        body = response.content.decode()
        assert message in body or "9999-12-31" in body, change
        assert 'value="CA0001"' in body
        assert not HudProject.objects.exists()


def test_only_the_programs_managers_may_change_it(world: Any, as_user: Any) -> None:
    url = reverse("hud_project", args=[world.home.pk])
    before = snapshot()
    for user in (world.navigator2, world.supervisor, world.auditor, world.outsider):
        assert as_user(user).post(url, HUD_FORM).status_code == 404
    assert not HudProject.objects.exists()
    assert snapshot() == before


def test_export_checks_by_person_and_download(world: Any, as_user: Any) -> None:
    reporting(world.home)
    close_now(
        world.navigator2,
        world.chen,
        label="Reached their goals and moved into a home with a subsidy",
    )
    client = as_user(world.manager)
    page = client.get(reverse("hmis_exports"))
    assert "Home Base" in page.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("hmis_exports"),
        {
            "start": (today - timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
            "programs": [str(world.home.pk)],
        },
    )
    job = HmisExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hmis_export", args=[job.public_id])
    assert (job.status, job.error_count) == ("done", 1)
    body = client.get(response["Location"]).content.decode()
    assert "1 error to fix before HUD accepts it" in body
    # The problem is shown by person, with how to fix it.
    assert "王芳" in body and "Record the subsidy type on their ending." in body
    assert "HUD check 121" in body
    download = client.post(reverse("hmis_export_download", args=[job.public_id]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="hmis-csv-')
    content = download.content
    files = read_zip(content)
    assert sorted(files) == sorted(FILES)
    assert [r["PersonalID"] for r in files["Client"]] == [world.chen.participant.public_id.hex]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert all("/" not in name for name in archive.namelist())
    event = AuditEvent.objects.filter(action="export", object_type="participant").get()
    assert event.participant_id == world.chen.participant_id
    # Deleting the file keeps the record and its checks.
    client.post(reverse("hmis_export_discard", args=[job.public_id]))
    job.refresh_from_db()
    assert job.stored_at == "" and job.error_count == 1
    assert client.post(reverse("hmis_export_download", args=[job.public_id])).status_code == 404


def test_an_export_is_refused_outside_the_programs_one_manages(world: Any, as_user: Any) -> None:
    reporting(world.home)
    reporting(world.youth)
    other_manager = accounts.create_staff(
        organization=world.org,
        username="yuki",
        email="yuki@example.org",
        display_name="Yuki",
        password="a-long-test-passphrase",
    )
    accounts.grant_role(user=other_manager, role="manager", program=world.youth)
    client = as_user(other_manager)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("hmis_exports"), {"start": today, "end": today, "programs": [str(world.home.pk)]}
    )
    assert response.status_code == 400
    assert "Choose programs from the list." in response.content.decode()
    assert not HmisExport.objects.exists()
    job = HmisExport.objects.create(
        organization=world.org,
        started_by=world.manager,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        programs=[world.home.pk],
    )
    before = snapshot()
    for user in (other_manager, world.outsider, world.navigator2, world.supervisor):
        browser = as_user(user)
        assert browser.get(reverse("hmis_export", args=[job.public_id])).status_code == 404
        assert (
            browser.post(reverse("hmis_export_download", args=[job.public_id])).status_code == 404
        )
    assert snapshot() == before


def test_bad_periods_are_refused(world: Any, as_user: Any) -> None:
    reporting(world.home)
    client = as_user(world.admin)
    for start, end, message in (
        ("2026-02-01", "2026-01-01", "The period cannot end before it starts."),
        ("", "2026-01-01", "Give the first day."),
        ("1800-01-01", "2026-01-01", "1900"),
        ("2001-01-01", "2026-01-01", "Export at most ten years at a time."),
    ):
        response = client.post(
            reverse("hmis_exports"), {"start": start, "end": end, "programs": [str(world.home.pk)]}
        )
        assert response.status_code == 400, (start, end)
        assert message in response.content.decode(), (start, end)
    assert not HmisExport.objects.exists()


def test_the_command_writes_the_zip_and_lists_the_checks(
    world: Any, tmp_path: Path, capsys: Any
) -> None:
    reporting(world.home)
    target = tmp_path / "hmis.zip"
    call_command("export_hmis", str(target), organization=world.org.name, hashed=True)
    out = capsys.readouterr().out
    assert f"Wrote {target}: 1 projects, 1 people, 1 enrollments, 0 exits" in out
    assert "Checks: 0 errors," in out
    files = read_zip(target.read_bytes())
    assert files["Export"][0]["HashStatus"] == "4"
    assert "Wang" not in target.read_bytes().decode("latin-1")
