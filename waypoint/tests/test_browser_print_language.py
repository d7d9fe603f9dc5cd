"""In a browser, on a phone-sized screen: the printed plan in English, Spanish and Arabic.
The navigator opens the plan, prints it in Spanish, switches to Arabic (laid out right
to left), and every copy passes axe with nothing wider than the screen."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import World
from waypoint.assessments.actions import add_need
from waypoint.plans.actions import GoalData, StepData, save_goal, start_plan
from waypoint.tests import browser as b
from waypoint.tests.test_browser import (  # the shared browser fixtures and helpers
    _no_blocking_violations,
    new_page,
    sign_in,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]
__all__ = ["new_page", "world"]

PHONE = {"width": 360, "height": 740}


def _plan(world: World) -> Any:
    need = add_need(
        by=world.navigator,
        enrollment=world.amara,
        domain="education_employment",
        description="Find steady work",
    )
    version = start_plan(by=world.navigator, enrollment=world.amara)
    save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=GoalData(
            text="Apply to three warehouse jobs near the 12 bus line",
            needs=[need],
            measure="Three applications sent",
            target_date=date(2031, 3, 14),
            steps=[StepData(what="Update my résumé with Ms. Ortiz", due_on=date(2031, 3, 1))],
        ),
        expected=1,
    )
    return version


def _fits_the_screen(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"the page is {wide}px wide on a {PHONE['width']}px screen"


def test_the_printed_plan_in_spanish_and_in_arabic_right_to_left(
    new_page: Any, live_server: Any, world: World
) -> None:
    version = _plan(world)
    nia = new_page()
    nia.set_viewport_size(PHONE)
    sign_in(nia, live_server, "nia")
    nia.goto(f"/plans/{version.public_id}/")
    nia.get_by_role("link", name="Español").click()
    expect(nia.locator("html")).to_have_attribute("lang", "es")
    expect(nia.get_by_role("heading", level=1, name="El plan de Amara")).to_be_visible()
    expect(nia.get_by_role("heading", level=2, name="Tus metas y próximos pasos")).to_be_visible()
    expect(nia.get_by_text("Update my résumé with Ms. Ortiz")).to_be_visible()
    _fits_the_screen(nia)
    _no_blocking_violations(nia, "printed plan in Spanish")

    nia.get_by_role("link", name="العربية").click()
    expect(nia.locator("html")).to_have_attribute("dir", "rtl")
    heading = nia.get_by_role("heading", level=1, name="خطة Amara")
    expect(heading).to_be_visible()
    # Right to left: the heading's words end at the right edge of its box.
    edges = heading.evaluate(
        """h => { const r = document.createRange(); r.selectNodeContents(h);
                  return [r.getBoundingClientRect().right, h.getBoundingClientRect().right,
                          getComputedStyle(h).direction]; }"""
    )
    assert edges[2] == "rtl" and abs(edges[0] - edges[1]) < 2, edges
    _fits_the_screen(nia)
    _no_blocking_violations(nia, "printed plan in Arabic")

    nia.get_by_role("link", name="English").click()
    expect(nia.get_by_role("heading", level=1, name="Amara's plan")).to_be_visible()
    expect(nia.locator("html")).to_have_attribute("dir", "ltr")
    _fits_the_screen(nia)
    _no_blocking_violations(nia, "printed plan in English")
    assert b.VIEWPORT["width"] == 1280  # the other tests' screen is untouched
