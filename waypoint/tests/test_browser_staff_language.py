"""In a browser: a navigator switches Waypoint to Spanish and works in it. The caseload
and a participant's page come in Spanish, pass axe, and the choice stays with her."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from waypoint.tests import browser as b
from waypoint.tests.test_browser import (  # the shared browser fixtures and helpers
    _no_blocking_violations,
    new_page,
    sign_in,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]
__all__ = ["new_page", "world"]


def test_a_navigator_works_in_spanish(new_page: Any, live_server: Any, world: World) -> None:
    nia = new_page()
    nia.set_viewport_size({"width": 1280, "height": 800})
    sign_in(nia, live_server, "nia")
    b.open_menu(nia)
    nia.get_by_role("link", name="Your language").click()
    expect(nia.get_by_role("heading", level=1, name="Your language")).to_be_visible()
    _no_blocking_violations(nia, "the language page")
    nia.wait_for_load_state("load")
    nia.locator("label[for=id_language_1]").click()
    nia.get_by_role("button", name="Save").click()
    expect(nia.locator("html")).to_have_attribute("lang", "es")
    expect(nia.get_by_role("heading", level=1, name="Tu idioma")).to_be_visible()
    expect(nia.get_by_text("Ahora Waypoint te habla en este idioma.")).to_be_visible()

    nia.get_by_role("link", name="Mis personas a cargo").click()
    expect(nia).to_have_url(re.compile(r"/caseload/"))
    nia.wait_for_load_state("load")
    expect(nia.locator("html")).to_have_attribute("lang", "es")
    expect(nia.get_by_role("link", name="Salir")).to_have_count(0)  # a button, in Spanish
    b.open_menu(nia)
    expect(nia.get_by_role("button", name="Salir")).to_be_visible()
    _no_blocking_violations(nia, "the caseload in Spanish")

    nia.goto(f"/participants/{world.amara.participant.public_id}/")
    expect(nia.locator("html")).to_have_attribute("lang", "es")
    _no_blocking_violations(nia, "a participant's page in Spanish")

    world.navigator.refresh_from_db()
    assert world.navigator.language == "es"
