"""HUD's FY2026 HMIS files, read in place from ../shared/standards/hmis (or
``WAYPOINT_STANDARDS_DIR``), never copied into the project; tests that need them skip with
a clear message where the folder is absent."""

from __future__ import annotations

import csv
import json
from functools import cache

import pytest

from waypoint.directory.tests.standards import STANDARDS

HMIS = STANDARDS / "hmis"
COLUMNS = HMIS / "eva" / "columns.csv"
LISTS = HMIS / "greenriver" / "lib_data" / "2026_hud_lists.json"
FIXTURES = HMIS / "greenriver" / "importer_fixtures_fy2026"
SAMPLE = HMIS / "lsa_sample_code"

needs_hmis = pytest.mark.skipif(
    not COLUMNS.exists() or not LISTS.exists(),
    reason=f"HUD's FY2026 HMIS files are not at {HMIS} "
    "(set WAYPOINT_STANDARDS_DIR to the folder holding hmis/)",
)


@cache
def hud_columns() -> dict[str, list[tuple[str, str, bool]]]:
    """file -> [(column, data type, nulls allowed)] in HUD's order (names trimmed: three
    files have "PersonalID " with a trailing space)."""
    found: dict[str, list[tuple[int, str, str, bool]]] = {}
    with COLUMNS.open(encoding="utf-8-sig", newline="") as source:
        for row in csv.DictReader(source):
            found.setdefault(row["File"], []).append(
                (
                    int(row["ColumnNo"]),
                    row["Column"].strip(),
                    row["DataType"],
                    row["NullsAllowed"] == "1",
                )
            )
    return {f: [(c, t, n) for _, c, t, n in sorted(rows)] for f, rows in found.items()}


@cache
def hud_list(element: str) -> dict[int, str]:
    for entry in json.loads(LISTS.read_text(encoding="utf-8")):
        if entry["code"] == element:
            return {int(v["key"]): str(v["description"]) for v in entry["values"]}
    raise AssertionError(f"element {element} is not in {LISTS}")
