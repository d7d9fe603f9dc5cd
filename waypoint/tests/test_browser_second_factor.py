"""Browser test of the second sign-in step: set up an authenticator app, sign out,
sign in with a recovery code and with a code from the app; axe-core on every page.

The test plays the phone: it reads the set-up key off the page, the way someone
types it into their app by hand, and computes the codes with django-otp's TOTP.
"""

from __future__ import annotations

import re
from base64 import b32decode
from collections.abc import Iterator
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, World, build_world
from waypoint.accounts.models import Organization
from waypoint.audit.models import AuditEvent
from waypoint.tests import browser as b

if not b.CHROMIUM.exists():
    pytest.skip(b.MISSING_CHROMIUM, allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, viewport=b.VIEWPORT)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def world(transactional_db: Any) -> World:
    made = build_world()
    Organization.objects.filter(pk=made.org.pk).update(second_factor_required=True)
    return made


def app_code(typed_key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for a key typed in by hand."""
    secret = typed_key.replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def password_step(page: Page) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("nia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_set_up_an_app_sign_out_and_sign_in_with_codes(page: Page, world: World) -> None:
    problems = b.PageProblems().watch(page)
    found: dict[str, list[dict[str, Any]]] = {}

    def audit(name: str) -> None:
        found[name] = [v for v in b.axe_violations(page) if v.get("impact") in b.BLOCKING_IMPACTS]

    # The organization requires the second step: the first sign-in leads to set-up only.
    password_step(page)
    expect(page).to_have_url(re.compile(r"/account/second-step/set-up/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    audit("set up the app")
    page.goto("/caseload/")
    expect(page).to_have_url(re.compile(r"/account/second-step/set-up/$"))

    key = page.locator(".wp-key").inner_text()
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn it on").click()
    expect(page.get_by_text("That code doesn't match")).to_be_visible()
    audit("set up the app (wrong code)")
    page.get_by_label("Code from the app").fill(app_code(key))
    page.get_by_role("button", name="Turn it on").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator(".wp-codes code").all_inner_texts()
    assert len(codes) == 10
    expect(page.get_by_role("link", name="Download them as a text file")).to_be_visible()
    audit("recovery codes")
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page).to_have_url(re.compile(r"/caseload/$"))

    b.open_menu(page)
    page.get_by_role("link", name="Sign-in security").click()
    expect(page.get_by_text("10", exact=True)).to_be_visible()
    audit("sign-in security")
    b.open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/"))

    # Password, then a recovery code.
    password_step(page)
    expect(page).to_have_url(re.compile(r"/sign-in/code/$"))
    audit("sign-in code")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    expect(page.get_by_text("You signed in with a recovery code")).to_be_visible()
    b.open_menu(page)
    page.get_by_role("button", name="Sign out").click()

    # The used recovery code no longer works.
    password_step(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code didn't work")).to_be_visible()
    audit("sign-in code (wrong code)")

    # A code from the app: the next one (the one used to set up cannot be used twice).
    page.get_by_label("Code").fill(app_code(key, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    expect(page.get_by_role("heading", level=1, name="My caseload")).to_be_visible()

    methods = [
        e.changes.get("second_factor")
        for e in AuditEvent.objects.filter(actor=world.navigator, action="sign_in").order_by("pk")
    ]
    assert methods == ["set-up", "recovery", "app"]
    assert AuditEvent.objects.filter(actor=world.navigator, action="mfa_recovery_used").count() == 1
    blocking = {name: v for name, v in found.items() if v}
    assert not blocking, "\n".join(f"{n}:\n{b.describe(v)}" for n, v in blocking.items())
    assert problems.all() == []
