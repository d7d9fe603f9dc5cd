"""Test helpers: a program that reports to HUD, and an export read back as rows."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from typing import Any

from waypoint.hmis.models import HudProject


def reporting(program: Any, **overrides: Any) -> HudProject:
    """``program`` as a rapid re-housing project of CoC CA-600 with every descriptor HUD
    asks for filled in."""
    values: dict[str, Any] = {
        "reports_to_hud": True,
        "project_type": 13,
        "rrh_subtype": 2,
        "housing_type": 3,
        "coc_code": "CA-600",
        "geocode": "061234",
        "zip_code": "90012",
        "geography_type": 1,
        "funder": 3,
        "grant_id": "CA0001L9D001",
        "grant_start": date(2020, 1, 1),
        "operating_start": date(2020, 1, 1),
        "participation": 1,
    }
    values.update(overrides)
    hud, _ = HudProject.objects.update_or_create(program=program, defaults=values)
    return hud


def read_zip(body: bytes) -> dict[str, list[dict[str, str]]]:
    """Every CSV of an export zip, as rows keyed by header."""
    out: dict[str, list[dict[str, str]]] = {}
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            out[name.removesuffix(".csv")] = list(csv.DictReader(io.StringIO(text)))
    return out


def headers_of(body: bytes) -> dict[str, list[str]]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {
            name.removesuffix(".csv"): next(
                csv.reader(io.StringIO(archive.read(name).decode("utf-8")))
            )
            for name in archive.namelist()
        }


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs of the HMIS routes for the generated permission tests: the
    enrollment's program, and a finished export of it with its file (the import's routes:
    import_records)."""
    from waypoint.hmis.tests import import_records

    if (found := import_records.kwargs_for(route, world, enrollment, user)) is not None:
        return found
    if route == "hud_project":
        return {"pk": enrollment.program_id}
    if not route.startswith("hmis_export") or route == "hmis_exports":
        return None
    from django.utils import timezone

    from waypoint.hmis.actions import export_dir
    from waypoint.hmis.models import HmisExport

    job = HmisExport.objects.create(
        organization_id=enrollment.organization_id,
        started_by=world.admin,
        status=HmisExport.Status.DONE,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        programs=[enrollment.program_id],
    )
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{job.public_id}.zip"
    path.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    HmisExport.objects.filter(pk=job.pk).update(stored_at=str(path))
    return {"public_id": job.public_id}
