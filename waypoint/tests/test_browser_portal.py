"""In a browser, on a phone-sized screen: the participant's own Waypoint from the
invitation to the navigator's confirmation, in Spanish; then every portal page in
English, Spanish and Arabic through axe, none wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from waypoint.plans.models import PlanVersion, Progress, StepStatus, Who
from waypoint.portal.models import Ask, OwnStep
from waypoint.portal.tests.records import consent_for_test, sent_form, shared_plan
from waypoint.tests.helpers import snapshot
from waypoint.tests.test_browser import (  # the shared browser fixtures and helpers
    _no_blocking_violations,
    new_page,
    sign_in,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]
__all__ = ["new_page", "world"]

PHONE = {"width": 360, "height": 740}
NEW_PASSWORD = "a long walk by the river"


def _fits_the_screen(page: Page, name: str) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"{name} is {wide}px wide on a {PHONE['width']}px screen"


def _check(page: Page, name: str) -> None:
    # A click on a link starts a navigation; measure the page it arrives at, not the
    # moment between two pages.
    page.wait_for_load_state("load")
    _fits_the_screen(page, name)
    _no_blocking_violations(page, name)


def test_invited_signed_in_in_spanish_step_done_own_step_acknowledged_and_confirmed(
    new_page: Any, live_server: Any, world: World
) -> None:
    bo = world.bo
    bo.navigator = world.navigator
    bo.save(update_fields=["navigator"])
    bo.participant.written_language = "es"
    bo.participant.save(update_fields=["written_language"])
    version = shared_plan(world.navigator, bo)
    amaras = shared_plan(world.navigator, world.amara)

    # The navigator invites Bo with a printed code.
    nia = new_page()
    nia.set_viewport_size(PHONE)
    sign_in(nia, live_server, "nia")
    nia.goto(f"/participants/{bo.participant.public_id}/own-waypoint/")
    nia.get_by_label("Give them a printed code").check()
    nia.get_by_role("button", name="Invite them").click()
    code = nia.locator(".wp-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    # Bo joins on their phone, in Spanish.
    bo_page = new_page()
    bo_page.set_viewport_size(PHONE)
    bo_page.goto("/my/join/")
    bo_page.get_by_role("button", name="Español").click()
    expect(bo_page.locator("html")).to_have_attribute("lang", "es")
    _check(bo_page, "joining, in Spanish")
    bo_page.locator("#id_code").fill(code)
    bo_page.locator("#id_username").fill("bo.nguyen")
    bo_page.locator("#id_password1").fill(NEW_PASSWORD)
    bo_page.locator("#id_password2").fill(NEW_PASSWORD)
    bo_page.locator("main form button[type=submit]").click()
    expect(bo_page).to_have_url(re.compile(r"/my/$"))
    expect(bo_page.locator("html")).to_have_attribute("lang", "es")
    _check(bo_page, "home, in Spanish")

    # Bo reads the plan in Spanish and marks their step done.
    bo_page.get_by_role("link", name=re.compile("Mi plan con")).click()
    expect(bo_page.get_by_role("heading", level=1, name="Mi plan")).to_be_visible()
    expect(bo_page.get_by_text("Move into a place of my own")).to_be_visible()
    _check(bo_page, "plan, in Spanish")
    bo_page.get_by_role("button", name=re.compile("^Lo hice")).first.click()
    expect(bo_page.locator(".usa-alert--success")).to_be_visible()
    ask = Ask.objects.get(kind=Ask.Kind.DONE, participant=bo.participant)
    assert ask.item_text == "Call the housing office"

    # Bo adds a step of their own.
    bo_page.locator("a[href*='/steps/new/']").first.click()
    expect(bo_page).to_have_url(re.compile(r"/steps/new/"))
    expect(bo_page.locator("#id_what")).to_be_visible()
    _check(bo_page, "adding a step, in Spanish")
    bo_page.locator("#id_what").fill("Pedir a mi hermana que me lleve")
    bo_page.locator("main form button[type=submit]").click()
    expect(bo_page.get_by_text("Pedir a mi hermana que me lleve", exact=True)).to_be_visible()
    assert OwnStep.objects.get(plan=version.plan).what == "Pedir a mi hermana que me lleve"

    # Bo acknowledges the new version with their typed name.
    bo_page.locator("a[href$='/acknowledge/']").first.click()
    expect(bo_page).to_have_url(re.compile(r"/acknowledge/"))
    expect(bo_page.locator("#id_name")).to_be_visible()
    _check(bo_page, "acknowledging, in Spanish")
    bo_page.locator("#id_name").fill("Bo Nguyễn")
    bo_page.locator("label[for=id_agree]").click()
    bo_page.locator("main form button[type=submit]").click()
    expect(bo_page.locator(".usa-alert--success")).to_contain_text("Bo Nguyễn")
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.ACKNOWLEDGED

    # The navigator sees both on their home and confirms the step.
    nia.goto("/caseload/")
    expect(nia.get_by_role("heading", name=re.compile("From their own Waypoint"))).to_be_visible()
    expect(nia.get_by_text("added a step: “Pedir a mi hermana que me lleve”")).to_be_visible()
    nia.get_by_role("button", name="Confirm it is done").click()
    expect(nia.locator(".usa-alert--success")).to_be_visible()
    ask.refresh_from_db()
    assert ask.status == Ask.Status.CONFIRMED
    step = version.goals.get().steps.get(who=Who.PARTICIPANT)
    assert Progress.objects.get(item_key=step.key).status == StepStatus.DONE
    bo_page.reload()
    expect(bo_page.locator(f"#step-{step.key} .wp-flag--ok")).to_be_visible()

    # Nothing else opens for Bo: another participant's plan, any staff page.
    before = snapshot(audit=False)
    for path in (
        f"/my/plan/{amaras.public_id}/",
        "/caseload/",
        f"/participants/{world.amara.participant.public_id}/",
        f"/plans/{amaras.public_id}/",
    ):
        response = bo_page.goto(path)
        assert response is not None and response.status == 404, path
    assert snapshot(audit=False) == before


def test_every_portal_page_in_english_spanish_and_arabic(
    new_page: Any, live_server: Any, world: World
) -> None:
    version = shared_plan(world.navigator, world.amara)
    consent = consent_for_test(world, world.amara)
    from waypoint.closure.models import PostProgramPlan
    from waypoint.closure.tests.records_post_plan import a_plan

    post_plan = a_plan(world.navigator, world.amara, PostProgramPlan.Status.SHARED)
    questions = sent_form(world, world.amara, ["why_now", "supports", "health"])
    from datetime import timedelta

    from django.utils import timezone

    from waypoint.notes.actions import schedule_appointment

    schedule_appointment(
        by=world.navigator,
        enrollment=world.amara,
        data={"starts_at": timezone.now() + timedelta(days=2), "purpose": "Plan the move"},
    )
    outside = new_page()
    outside.set_viewport_size(PHONE)
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/my/sign-in/")
    page.locator("#id_username").fill("amara")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/my/$"))
    signed_in = [
        "/my/",
        f"/my/plan/{version.public_id}/",
        f"/my/plan/{version.public_id}/steps/new/",
        f"/my/plan/{version.public_id}/suggest/",
        f"/my/plan/{version.public_id}/acknowledge/",
        "/my/appointments/",
        "/my/sharing/",
        f"/my/next/{post_plan.public_id}/",
        f"/my/questions/{questions.public_id}/",
        f"/my/sharing/{consent.public_id}/stop/",
    ]
    signed_out = ["/my/sign-in/", "/my/join/", "/my/sign-in/link/"]
    for language, name in (("en", "English"), ("es", "Español"), ("ar", "العربيّة")):
        for who, paths in ((page, signed_in), (outside, signed_out)):
            who.goto(paths[0])
            switch = who.get_by_role("button", name=name)
            if switch.count():
                switch.click()
            expect(who.locator("html")).to_have_attribute("lang", language)
            for path in paths:
                who.goto(path)
                expect(who.locator("html")).to_have_attribute(
                    "dir", "rtl" if language == "ar" else "ltr"
                )
                _check(who, f"{path} in {language}")
