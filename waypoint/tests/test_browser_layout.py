"""The main pages at a desktop width (1280 px) and a phone width (390 px), on the demo.

For each page, the test takes a full-page screenshot and fails when anything inside
``<main>`` reaches past the main column's edge without a scrolling box of its own around
it: a table too wide for a phone must scroll inside its container, a select must not be
cut short, a long word must wrap. It also checks that the page itself never scrolls
sideways and that axe finds no serious or critical problem.

The screenshots go to a temporary folder, or to ``WAYPOINT_SCREENSHOTS`` when that is
set (``WAYPOINT_SCREENSHOTS=/tmp/shots make browser``), to look at before and after a
change. They are not compared pixel by pixel: fonts and Chromium versions differ from
machine to machine; the overflow check is what fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from waypoint.demo.management.commands.seed_demo import DEMO_PASSWORD
from waypoint.plans.models import PlanVersion
from waypoint.tests import browser as b

if not b.CHROMIUM.exists():
    pytest.skip(b.MISSING_CHROMIUM, allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]

WIDTHS = (1280, 390)

# Everything inside <main> whose right edge (left edge, right to left) passes main's,
# unless a box between it and main scrolls or clips sideways on purpose.
OVERFLOWING = """
() => {
  const main = document.querySelector("main");
  const edge = main.getBoundingClientRect();
  const rtl = getComputedStyle(main).direction === "rtl";
  const clipped = (el) => {
    for (let at = el.parentElement; at && at !== main; at = at.parentElement) {
      const x = getComputedStyle(at).overflowX;
      if (x === "auto" || x === "scroll" || x === "hidden" || x === "clip") return true;
    }
    return false;
  };
  const found = [];
  for (const el of main.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    // Inside a closed <details>, content is laid out but not shown (content-visibility).
    if (!el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) continue;
    if (getComputedStyle(el).position === "fixed") continue;
    const out = rtl ? edge.left - box.left : box.right - edge.right;
    if (out > 1 && !clipped(el)) {
      const classes = typeof el.className === "string" ? el.className.trim() : "";
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (classes ? "." + classes.split(/\\s+/).join(".") : "");
      const text = (el.innerText || "").slice(0, 40).replace(/\\s+/g, " ");
      found.push(name + " by " + Math.round(out) + " px: " + text);
    }
  }
  return found.slice(0, 10);
}
"""


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("WAYPOINT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def pages(browser: Browser, live_server: Any) -> Iterator[Any]:
    contexts = []

    def make(width: int) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 800}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _check(page: Page, shots: Path, name: str, width: int) -> list[str]:
    page.wait_for_load_state("load")
    path = shots / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000, path
    problems = [f"{name} at {width} px: {item}" for item in page.evaluate(OVERFLOWING)]
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        problems.append(f"{name} at {width} px: the page scrolls sideways ({wide} px wide)")
    blocking = [v for v in b.axe_violations(page) if v.get("impact") in b.BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"{name} at {width} px:\n{b.describe(blocking)}")
    return problems


def test_main_pages_fit_at_desktop_and_phone_widths(
    demo: None, pages: Any, live_server: Any, shots: Path
) -> None:
    problems: list[str] = []
    seen = 0
    for width in WIDTHS:
        page = pages(width)
        b.sign_in(page, live_server.url, "navigator", DEMO_PASSWORD)
        version = (
            PlanVersion.objects.filter(plan__enrollment__navigator__username="navigator")
            .select_related("plan__enrollment__participant")
            .order_by("pk")
            .first()
        )
        assert version is not None
        person = f"/participants/{version.plan.enrollment.participant.public_id}/"
        plan = f"/plans/{version.public_id}/"
        consents = f"{person}consents/"
        navigator = [
            ("home", "/caseload/"),
            ("participant", person),
            ("plan", plan),
            ("plan-print", plan + "print/"),
            ("consent-new", consents + "new/"),
            ("directory", "/directory/"),
            ("find", "/participants/search/"),
            ("add", "/participants/new/"),
            ("conferences", "/conferences/"),
        ]
        for name, address in navigator:
            page.goto(address)
            problems += _check(page, shots, name, width)
            seen += 1
        if width == 1280:
            # The printed plan as it prints: no header, no staff controls.
            page.goto(plan + "print/")
            page.emulate_media(media="print")
            page.screenshot(path=str(shots / "plan-print-media-1280.png"), full_page=True)
            page.emulate_media(media="screen")

        for username, addresses in (
            ("supervisor", [("supervision", "/supervision/"), ("dashboard", "/dashboard/")]),
            ("admin", [("staff", "/staff/"), ("programs", "/programs/"), ("audit", "/audit/")]),
        ):
            other = pages(width)
            b.sign_in(other, live_server.url, username, DEMO_PASSWORD)
            for name, address in addresses:
                other.goto(address)
                expect(other.locator("main h1")).to_have_count(1)
                problems += _check(other, shots, name, width)
                seen += 1

        own = pages(width)
        own.goto("/my/sign-in/")
        own.locator("#id_username").fill("participant")
        own.locator("#id_password").fill(DEMO_PASSWORD)
        own.locator("main form button[type=submit]").click()
        expect(own).to_have_url(re.compile(r"/my/$"))
        problems += _check(own, shots, "portal", width)
        seen += 1

    assert seen == 2 * (9 + 5 + 1)
    assert not problems, "\n".join(problems)
