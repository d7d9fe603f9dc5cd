"""The demo's HMIS CSV export: its files and columns are HUD's FY2026 ones (read from
``../shared/standards``), every coded value is on HUD's 2026 lists, and HUD's checks find
no error. ``check_hmis`` runs on the whole demo in ``test_demo_any_day.py``."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone

from waypoint.accounts.models import Organization
from waypoint.demo.management.commands import seed_demo
from waypoint.hmis import checks
from waypoint.hmis.codes import COLUMN_LISTS
from waypoint.hmis.export import Scope, build, write_zip
from waypoint.hmis.tests.records import headers_of, read_zip
from waypoint.hmis.tests.standards import COLUMNS, LISTS, hud_columns, hud_list


def check_hmis(out: str) -> None:
    assert "HUD reporting: " in out
    org = Organization.objects.get(name=seed_demo.ORGANIZATION_NAME)
    today = timezone.localdate()
    made = build(
        Scope(organization=org, start=today - timedelta(days=730), end=today),
        export_id="DEMO",
    )
    found = checks.run(checks.Files.of(made.rows), today=today)
    errors = [p for p in found if p.severity == checks.ERROR]
    assert errors == [], errors[:5]
    counts = made.counts()
    assert counts["Project"] == 1
    assert counts["Client"] >= 10 and counts["Enrollment"] >= counts["Client"]
    assert counts["Exit"] >= 3
    target = io.BytesIO()
    write_zip(made, target)
    body = target.getvalue()
    if not (COLUMNS.exists() and LISTS.exists()):
        return  # HUD's own files are absent: the checks above still ran
    hud = hud_columns()
    for name, header in headers_of(body).items():
        assert header == [c for c, _, _ in hud[name]], name
    files = read_zip(body)
    for (file, column), element in COLUMN_LISTS.items():
        allowed = set(hud_list(element))
        for row in files[file]:
            if row[column] != "":
                assert int(row[column]) in allowed, (file, column, row[column])
    heads: dict[str, int] = {}
    for row in files["Enrollment"]:
        heads[row["HouseholdID"]] = heads.get(row["HouseholdID"], 0) + (
            row["RelationshipToHoH"] == "1"
        )
    assert set(heads.values()) == {1}
