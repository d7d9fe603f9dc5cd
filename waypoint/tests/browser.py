"""Helpers for the browser tests: launching Debian's Chromium, signing in, axe-core.

Not a test module itself (pytest collects only ``test_*.py``); also used by
``scripts/screenshot.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    ViewportSize,
    expect,
)

CHROMIUM = Path("/usr/bin/chromium")
MISSING_CHROMIUM = (
    "Chromium not found at /usr/bin/chromium: install Debian's chromium to run browser tests"
)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
BLOCKING_IMPACTS = ("serious", "critical")


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in through the real form and wait for the page it lands on."""
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # Attached rather than visible: on narrow screens it sits in the closed menu.
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)


@dataclass
class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by a page."""

    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> PageProblems:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.exceptions.append(str(error)))
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        return self

    def _on_failed(self, request: Any) -> None:
        # ERR_ABORTED is the browser cancelling a load because the page moved on
        # (a click navigated away); it is not a broken asset.
        if "ERR_ABORTED" not in str(request.failure):
            self.failed.append(f"{request.url}: {request.failure}")

    def _on_console(self, message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        # Chromium may still ask for /favicon.ico on its own before it reads the
        # page's icon link; that request is the browser's, not the page's.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            self.console.append(f"{message.text} ({url})")

    def _on_response(self, response: Response) -> None:
        # Pages may answer 400 on purpose (a form with errors); assets must never fail.
        if "/static/" in response.url and response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def all(self) -> list[str]:
        return [*self.console, *self.exceptions, *self.failed]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; every violation, whatever its impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.response.get("passes"), "axe-core did not run its checks on this page"
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v.get('impact')}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", []):
            lines.append(f"    at {node.get('target')}: {node.get('failureSummary', '')!r}")
    return "\n".join(lines)


def open_menu(page: Page, name: str | None = None) -> None:
    """Open a header menu: the person's own (no name) or the one with this label."""
    menu = (
        page.locator("details.wp-account")
        if name is None
        else page.locator("details.wp-menu").filter(has=page.locator("summary", has_text=name))
    )
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    expect(menu.locator(".wp-menu__list")).to_be_visible()
