"""The demo's HUD reporting: the housing program reports to HUD as a street outreach
project of the Maine CoC, so the demo's HMIS CSV export has real people, households and
exits to check."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from waypoint.hmis.actions import save_hud_project

if TYPE_CHECKING:
    from waypoint.accounts.models import User

# Subsidies of the demo's endings with an ongoing subsidy: permanent supportive housing.
SUBSIDY = {435: 439}


def seed(*, by: User, program: Any, today: date) -> None:
    save_hud_project(
        by=by,
        program=program,
        values={
            "reports_to_hud": True,
            "project_type": 4,  # street outreach
            "continuum_project": True,
            "coc_code": "ME-500",
            "zip_code": "04101",
            "geography_type": 1,
            "funder": 11,  # ESG street outreach
            "grant_id": "ME0500-ESG-SO",
            "grant_start": date(today.year - 3, 10, 1),
            "operating_start": date(2015, 1, 1),
            "participation": 1,
        },
        expected_version=None,
    )


def summary(program: Any) -> str:
    return f"{program.name} reports to HUD (street outreach, CoC ME-500)"
