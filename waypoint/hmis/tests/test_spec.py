"""Waypoint's description of the FY2026 files and HUD's code lists match HUD's own."""

from __future__ import annotations

import pytest

from waypoint.closure.hud import DESTINATION_LABELS
from waypoint.hmis import codes
from waypoint.hmis.models import GeographyType, HousingType, Participation, ProjectType
from waypoint.hmis.spec import FILES
from waypoint.hmis.tests.standards import hud_columns, hud_list, needs_hmis
from waypoint.households.models import Relationship

pytestmark = needs_hmis

KINDS = {"character": "S", "numeric": "N", "date": "D", "datetime": "T"}


def test_every_file_and_column_is_hud_fy2026_in_order() -> None:
    hud = hud_columns()
    assert sorted(FILES) == sorted(hud)
    for name, spec in FILES.items():
        assert [c for c, _ in spec] == [c for c, _, _ in hud[name]], name
        for (column, kind), (_, data_type, nulls) in zip(spec, hud[name], strict=True):
            assert kind == KINDS[data_type] + ("?" if nulls else ""), (name, column)


@pytest.mark.parametrize("element", sorted(codes.LISTS))
def test_every_code_list_is_hud_2026(element: str) -> None:
    assert codes.LISTS[element] == frozenset(hud_list(element))


def test_coded_columns_exist_and_name_a_list() -> None:
    for (file, column), element in codes.COLUMN_LISTS.items():
        assert column in [c for c, _ in FILES[file]], (file, column)
        assert element in codes.LISTS


def test_choices_offered_are_hud_codes() -> None:
    assert {c for c, _ in codes.FUNDER_CHOICES} == set(hud_list("2.06.1"))
    assert {c for c, _ in codes.SUBSIDY_CHOICES} == set(hud_list("3.12.A"))
    assert {c for c, _ in codes.RRH_SUBTYPE_CHOICES} == set(hud_list("2.02.A"))
    assert set(ProjectType.values) == set(hud_list("2.02.6"))
    assert set(HousingType.values) == set(hud_list("2.02.D"))
    assert set(Participation.values) == set(hud_list("2.08.1"))
    assert set(GeographyType.values) == set(hud_list("2.03.4"))
    assert set(Relationship.values) == set(hud_list("3.15.1"))
    assert set(DESTINATION_LABELS) == set(hud_list("3.12"))
    for record, (element, service) in codes.SERVICE_RECORDS.items():
        assert record in hud_list("1.4")
        assert service in hud_list(element)
        assert "case management" in hud_list(element)[service].lower()
