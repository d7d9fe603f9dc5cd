"""The exit codes Waypoint writes are HUD's: every destination and completion code in
``closure/hud.py`` and every default closure reason is checked against HUD's FY2026 code
lists, read in place from ../shared/standards (or ``WAYPOINT_STANDARDS_DIR``)."""

from __future__ import annotations

import json
from functools import cache

import pytest

from waypoint.closure.actions import DEFAULT_REASONS
from waypoint.closure.hud import COMPLETION, DESTINATION_LABELS, DESTINATIONS
from waypoint.directory.tests.standards import STANDARDS

LISTS = STANDARDS / "hmis" / "greenriver" / "lib_data" / "2026_hud_lists.json"

pytestmark = pytest.mark.skipif(
    not LISTS.exists(),
    reason=f"HUD's FY2026 code lists are not at {LISTS} "
    "(set WAYPOINT_STANDARDS_DIR to the folder holding hmis/)",
)


@cache
def hud_codes(element: str) -> dict[int, str]:
    for entry in json.loads(LISTS.read_text(encoding="utf-8")):
        if entry["code"] == element:
            return {int(v["key"]): str(v["description"]) for v in entry["values"]}
    raise AssertionError(f"element {element} is not in {LISTS}")


def test_every_destination_is_hud_3_12_and_every_hud_code_is_offered() -> None:
    ours = [code for _, group in DESTINATIONS for code, _ in group]
    assert len(ours) == len(set(ours)), "a destination code is listed twice"
    assert set(ours) == set(hud_codes("3.12"))


def test_completion_codes_are_hud_r17_1() -> None:
    assert {code for code, _ in COMPLETION} == set(hud_codes("R17.1"))


def test_every_default_reason_maps_to_valid_hud_codes() -> None:
    destinations, completions = hud_codes("3.12"), hud_codes("R17.1")
    for label, destination, completion in DEFAULT_REASONS:
        assert destination in destinations, label
        assert destination in DESTINATION_LABELS, label
        assert completion is None or completion in completions, label
