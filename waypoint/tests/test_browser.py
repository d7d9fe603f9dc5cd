"""Browser tests: Playwright driving Debian's Chromium against the live server.

Each test builds the conftest world in committed transactions (the server runs in
another thread) and signs in through the real sign-in form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import PASSWORD, World, build_world
from waypoint.enrollments.actions import enroll_new_participant
from waypoint.participants.models import Participant
from waypoint.tests import browser as b

if not b.CHROMIUM.exists():
    pytest.skip(b.MISSING_CHROMIUM, allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]


@pytest.fixture
def world(transactional_db: Any) -> World:
    return build_world()


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Any]:
    """Pages in fresh contexts (one signed-in person each); all closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        # No bypass_csp: axe-core is injected through the DevTools protocol, which the
        # app's Content-Security-Policy does not block.
        context = browser.new_context(base_url=live_server.url, viewport=b.VIEWPORT)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Any) -> Page:
    result: Page = new_page()
    return result


def sign_in(page: Page, live_server: Any, username: str) -> None:
    b.sign_in(page, live_server.url, username, PASSWORD)


def open_participant(page: Page, name: str) -> None:
    """Find someone through the search page and open their record."""
    page.get_by_role("link", name=re.compile("^Find a")).click()
    page.get_by_role("searchbox", name="Name").fill(name)
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


# ---------------------------------------------------------------------------
# 1. The navigator's day starts on their caseload.
# ---------------------------------------------------------------------------


def test_navigator_caseload_search_as_you_type_and_participant_page(
    page: Page, live_server: Any, world: World
) -> None:
    enroll_new_participant(
        by=world.navigator,
        program=world.youth,
        data={"preferred_name": "Zoë Okafor", "pronouns": "they/them"},
        navigator=world.navigator,
        status="enrolled",
    )
    sign_in(page, live_server, "nia")

    expect(page).to_have_url(re.compile(r"/caseload/$"))
    expect(page.get_by_role("heading", level=1, name="My caseload")).to_be_visible()
    rows = page.get_by_role("table", name="My caseload").get_by_role("row")
    amara = rows.filter(has=page.get_by_role("link", name="Amara"))
    expect(amara).to_have_count(1)
    expect(amara.get_by_text("(she/her)", exact=True)).to_be_visible()
    expect(rows.filter(has=page.get_by_role("link", name="Zoë Okafor"))).to_have_count(1)
    expect(page.get_by_text("2 participants", exact=True)).to_be_visible()

    page.get_by_label("Find by name").press_sequentially("ama", delay=30)
    expect(page.get_by_text("1 participant", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Zoë Okafor")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/caseload/$"))  # htmx swapped the rows in place
    page.get_by_role("link", name="Amara", exact=True).click()

    header = page.get_by_role("region", name="Amara", exact=True)
    expect(header.get_by_role("heading", level=1)).to_have_text("Amara")
    expect(header.get_by_role("definition").filter(has_text="she/her")).to_have_text("she/her")
    expect(header.get_by_role("definition").filter(has_text="Igbo")).to_have_text("Igbo, English")
    started = page.get_by_role("listitem").filter(has_text="started at")
    expect(started).to_have_count(1)
    expect(started).to_contain_text("Youth Works: started at enrolled")
    expect(started).to_contain_text("by Nia Navigator")


# ---------------------------------------------------------------------------
# 2. Finding someone.
# ---------------------------------------------------------------------------


def test_search_finds_people_you_work_with_ignoring_accents(
    new_page: Any, live_server: Any, world: World
) -> None:
    nia = new_page()
    sign_in(nia, live_server, "nia")
    nia.get_by_role("link", name="Find a participant").click()
    expect(nia.get_by_role("heading", level=1, name="Find a participant")).to_be_visible()
    nia.get_by_role("searchbox", name="Name").press_sequentially("amar", delay=30)
    expect(nia.get_by_role("status")).to_have_text("1 found.")
    result = nia.get_by_role("listitem").filter(has=nia.get_by_role("link", name="Amara"))
    expect(result).to_contain_text("(she/her)")
    # Bo is on Noor's caseload in a program without team visibility: not Nia's to see.
    nia.get_by_role("searchbox", name="Name").fill("Nguyen")
    expect(nia.get_by_role("status")).to_have_text("0 found.")
    nia.get_by_role("searchbox", name="Name").fill("amara")
    nia.get_by_role("link", name="Amara").click()
    expect(nia.get_by_role("heading", level=1, name="Amara")).to_be_visible()

    noor = new_page()
    sign_in(noor, live_server, "noor")
    noor.get_by_role("link", name="Find a participant").click()
    noor.get_by_role("searchbox", name="Name").fill("Nguyen")
    noor.get_by_role("button", name="Search").click()
    expect(noor.get_by_role("status")).to_have_text("1 found.")
    noor.get_by_role("link", name="Bo Nguyễn").click()
    expect(noor.get_by_role("heading", level=1, name="Bo Nguyễn")).to_be_visible()
    expect(noor.get_by_role("region", name="Bo Nguyễn", exact=True)).to_contain_text("they/them")


# ---------------------------------------------------------------------------
# 3. Adding someone, after checking they are not already here.
# ---------------------------------------------------------------------------


def _check_form(page: Page) -> Any:
    return page.locator("form").filter(has=page.get_by_role("button", name="Check for a match"))


def _add_form(page: Page) -> Any:
    return page.locator("form").filter(has=page.get_by_role("button", name="Add and enroll"))


def test_add_participant_after_duplicate_check(page: Page, live_server: Any, world: World) -> None:
    sign_in(page, live_server, "nia")
    page.get_by_role("link", name="Add a participant").click()
    expect(page.get_by_role("heading", level=1, name="Add a participant")).to_be_visible()

    # Amara is already here: she is offered as a match, with the reasons.
    _check_form(page).get_by_label("Name they go by").fill("Amara")
    page.get_by_role("button", name="Check for a match").click()
    expect(page.get_by_role("heading", level=2, name="Possible matches")).to_be_visible()
    match = page.locator(".wp-match").filter(has=page.get_by_role("link", name="Amara"))
    expect(match).to_have_count(1)
    expect(match.get_by_role("listitem").first).to_have_text(
        re.compile(r"^Name is (very|somewhat) similar \(\d+%\)$")
    )
    expect(match.get_by_role("link", name="This is them: enroll in a program")).to_be_visible()

    # Adding anyway without saying none of them is the person: warned, nothing created.
    before = Participant.objects.count()
    _add_form(page).get_by_role("button", name="Add and enroll").click()
    expect(page.get_by_role("status").filter(has_text="Some people here may be")).to_contain_text(
        "tick “None of these is the person”"
    )
    expect(page.get_by_label("None of these is the person")).not_to_be_checked()
    assert Participant.objects.count() == before

    # Someone new: no matches, then the full form.
    check = _check_form(page)
    check.get_by_label("Name they go by").fill("Daniela Pérez-O'Connor")
    page.get_by_role("button", name="Check for a match").click()
    expect(
        page.get_by_text("No one you work with matches. You can add them below.")
    ).to_be_visible()
    add = _add_form(page)
    expect(add.get_by_label("Name they go by")).to_have_value("Daniela Pérez-O'Connor")
    expect(add.get_by_label("None of these is the person")).to_have_count(0)
    add.get_by_role("combobox", name="Pronouns").fill("she/her")  # a checkbox says "Pronouns" too
    add.get_by_role("textbox", name="Languages").fill("Spanish, English")
    add.get_by_label("Program").select_option(label="Youth Works")
    add.get_by_label("Start at").select_option(label="Enrolled: starting services")
    add.get_by_role("button", name="Add and enroll").click()

    expect(page.get_by_role("heading", level=1, name="Daniela Pérez-O'Connor")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "Welcome, Daniela Pérez-O'Connor. Their record is ready."
    )
    header = page.get_by_role("region", name="Daniela Pérez-O'Connor", exact=True)
    expect(header).to_contain_text("she/her")
    expect(header).to_contain_text("Spanish, English")
    youth = page.get_by_role("region", name="Youth Works", exact=True)
    expect(youth).to_contain_text("Nia Navigator")
    assert Participant.objects.count() == before + 1
    assert Participant.objects.filter(preferred_name="Daniela Pérez-O'Connor").count() == 1


# ---------------------------------------------------------------------------
# 4. A supervisor assigns past the cap, with a reason.
# ---------------------------------------------------------------------------


def _fill_nias_caseload(world: World) -> None:
    for name in ("Rafael", "Sadia"):  # Amara is the first of three
        enroll_new_participant(
            by=world.navigator,
            program=world.youth,
            data={"preferred_name": name},
            navigator=world.navigator,
            status="enrolled",
        )


def test_supervisor_reassigns_past_the_cap_with_a_reason(
    page: Page, live_server: Any, world: World
) -> None:
    _fill_nias_caseload(world)
    sign_in(page, live_server, "sam")
    expect(page.get_by_role("heading", level=1, name="Supervision")).to_be_visible()
    open_participant(page, "Bo Nguyễn")
    youth = page.get_by_role("region", name="Youth Works", exact=True)
    expect(youth).to_contain_text("Noor Navigator")
    youth.get_by_role("link", name="Reassign").click()

    expect(
        page.get_by_role("heading", level=1, name="Assign a navigator for Bo Nguyễn")
    ).to_be_visible()
    nia = page.get_by_role("radio", name=re.compile("^Nia Navigator"))
    expect(nia).to_have_accessible_name(re.compile(r"^Nia Navigator — 3 of 3\s+At or over cap$"))
    expect(page.get_by_role("radio", name=re.compile("^Noor Navigator"))).to_be_disabled()
    expect(nia).not_to_be_checked()
    # USWDS draws its own radio and hides the input: click the label, as a person would.
    page.locator("label").filter(has_text="Nia Navigator").click()
    expect(nia).to_be_checked()
    page.get_by_role("button", name="Assign").click()

    error = page.get_by_role("alert").filter(has_text="at the cap")
    expect(error).to_have_text(
        "Nia Navigator already has 3 participants in Youth Works, at the cap of 3. "
        "A supervisor can assign beyond the cap with a reason."
    )
    expect(nia).to_be_checked()  # the page came back with the choice kept
    reason = "Nia speaks Vietnamese with Bo's family"
    page.get_by_label("Reason to assign beyond the caseload cap").fill(reason)
    page.get_by_role("button", name="Assign").click()

    expect(page.get_by_role("heading", level=1, name="Bo Nguyễn")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Nia Navigator is now the navigator.")
    youth = page.get_by_role("region", name="Youth Works", exact=True)
    expect(
        youth.get_by_role("definition").filter(has=page.get_by_role("link", name="Reassign"))
    ).to_contain_text("Nia Navigator")
    override = page.get_by_role("listitem").filter(has_text="beyond the caseload cap")
    expect(override).to_contain_text(
        "navigator changed from Noor Navigator to Nia Navigator "
        f"(beyond the caseload cap: {reason})"
    )
    expect(override).to_contain_text("by Sam Supervisor")

    page.get_by_role("link", name="Supervision").click()
    loads = page.get_by_role("table", name="Each navigator's caseload against the program's cap")
    nia_row = loads.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Nia Navigator")
    )
    nia_youth = nia_row.filter(has_text="Youth Works")
    expect(nia_youth).to_have_count(1)
    expect(nia_youth.get_by_role("cell").nth(1)).to_have_text("4")
    expect(nia_youth.get_by_role("cell").nth(2)).to_have_text("3")
    expect(nia_youth.get_by_text("Over cap", exact=True)).to_be_visible()


# ---------------------------------------------------------------------------
# 5. Accessibility: no serious or critical axe-core violations.
# ---------------------------------------------------------------------------


def test_pages_have_no_serious_accessibility_violations(
    new_page: Any, live_server: Any, world: World
) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    from waypoint.assessments.actions import add_need

    for domain, words in (("housing", "A room of my own"), ("mental_health", "Sleep better")):
        add_need(by=world.navigator, enrollment=world.amara, domain=domain, description=words)

    def audit(page: Page, name: str) -> None:
        found[name] = b.axe_violations(page)

    anonymous = new_page()
    anonymous.goto("/sign-in/")
    audit(anonymous, "sign-in")
    anonymous.get_by_label("Username").fill("nia")
    anonymous.get_by_label("Password").fill("not-the-password")
    anonymous.get_by_role("button", name="Sign in").click()
    expect(anonymous.get_by_role("alert")).to_contain_text("don't match")
    audit(anonymous, "sign-in (wrong password)")

    nia = new_page()
    sign_in(nia, live_server, "nia")
    audit(nia, "my caseload")
    nia.get_by_role("link", name="Find a participant").click()
    nia.get_by_role("searchbox", name="Name").fill("Amara")
    nia.get_by_role("button", name="Search").click()
    expect(nia.get_by_role("status")).to_have_text("1 found.")
    audit(nia, "find a participant (with results)")
    nia.get_by_role("link", name="Amara").click()
    expect(nia.get_by_role("heading", level=1, name="Amara")).to_be_visible()
    audit(nia, "participant page")
    nia.get_by_role("link", name="Add a participant").click()
    _check_form(nia).get_by_label("Name they go by").fill("Amara")
    nia.get_by_role("button", name="Check for a match").click()
    expect(nia.get_by_role("button", name="Add and enroll")).to_be_visible()
    audit(nia, "add a participant (after a check)")

    sam = new_page()
    sign_in(sam, live_server, "sam")
    audit(sam, "supervision")
    sam.goto(f"/enrollments/{world.bo.public_id}/assign/")
    expect(sam.get_by_role("heading", level=1)).to_contain_text("Assign a navigator")
    audit(sam, "assign navigator")
    sam.get_by_role("button", name="Assign").click()  # no one chosen: the form shows its errors
    expect(sam.get_by_role("alert").first).to_be_visible()
    audit(sam, "assign navigator (with errors)")

    mo = new_page()
    sign_in(mo, live_server, "mo")
    mo.get_by_role("link", name="Programs").click()
    expect(mo.get_by_role("heading", level=1, name="Programs")).to_be_visible()
    audit(mo, "program list")
    mo.get_by_role("region", name="Youth Works", exact=True).get_by_role(
        "link", name="Change settings"
    ).click()
    expect(mo.get_by_role("heading", level=1, name="Settings for Youth Works")).to_be_visible()
    audit(mo, "program settings")

    ada = new_page()
    sign_in(ada, live_server, "ada")
    b.open_menu(ada, "Administration")
    ada.get_by_role("link", name="Staff").click()
    expect(ada.get_by_role("heading", level=1, name="Staff")).to_be_visible()
    audit(ada, "staff list")
    ada.get_by_role("link", name="Nia Navigator").click()
    expect(ada.get_by_role("heading", level=2, name="Give a role")).to_be_visible()
    audit(ada, "staff member")
    ada.goto("/staff/new/")
    ada.get_by_role("button", name="Add and send the email").click()  # empty: errors shown
    expect(ada.get_by_role("alert").first).to_be_visible()
    audit(ada, "add a staff member (with errors)")
    ada.goto(f"/audit/participants/{world.amara.participant.public_id}/")
    audit(ada, "audit trail of a participant")

    report = "\n".join(
        f"{name}:\n{b.describe(violations)}" for name, violations in found.items() if violations
    )
    print(report or "axe-core: no violations on any page")
    blocking = {
        name: [v for v in violations if v.get("impact") in b.BLOCKING_IMPACTS]
        for name, violations in found.items()
    }
    blocking = {name: violations for name, violations in blocking.items() if violations}
    assert not blocking, "\n".join(
        f"{name}:\n{b.describe(violations)}" for name, violations in blocking.items()
    )


# ---------------------------------------------------------------------------
# 6. Keyboard.
# ---------------------------------------------------------------------------


def test_keyboard_reaches_skip_link_then_navigation_with_visible_focus(
    page: Page, live_server: Any, world: World
) -> None:
    sign_in(page, live_server, "nia")
    page.goto("/caseload/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # USWDS shows it once focused
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"

    nav = page.get_by_role("navigation", name="Primary navigation")
    caseload_link = nav.get_by_role("link", name="My caseload")
    reached = []
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        reached.append(focused)
        if caseload_link.evaluate("el => el === document.activeElement"):
            break
    expect(caseload_link).to_be_focused()
    assert reached[0] == "Waypoint", reached  # the home link in the header comes first
    style = caseload_link.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert style[0] != "none", style
    assert style[1] != "0px", style

    # The skip link moves focus into the page's main content.
    page.goto("/caseload/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


# ---------------------------------------------------------------------------
# 7. No console errors (CSP violations, script errors, missing assets).
# ---------------------------------------------------------------------------


def test_no_console_errors_on_caseload_and_participant_pages(
    page: Page, live_server: Any, world: World
) -> None:
    problems = b.PageProblems().watch(page)
    sign_in(page, live_server, "nia")
    page.goto("/caseload/")
    page.get_by_label("Find by name").press_sequentially("am", delay=30)
    expect(page.get_by_text("1 participant", exact=True)).to_be_visible()
    # Sorting swaps the rows in: wait for that answer and its swap before clicking a row,
    # or the click can land on a row that is being replaced (seen on a busy machine).
    with page.expect_response(
        lambda r: r.url.endswith("/caseload/") and r.request.method == "POST"
    ):
        page.get_by_label("Sort by").select_option(label="Name")
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)
    page.get_by_role("link", name="Amara", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Amara")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert problems.all() == [], "\n".join(problems.all())


# ---------------------------------------------------------------------------
# 7. Intake and the service plan, the whole path.
# ---------------------------------------------------------------------------


def tick(checkbox: Any) -> None:
    """USWDS draws its own box and hides the input; a person clicks the label."""
    if not checkbox.is_checked():
        checkbox.page.locator(f'label[for="{checkbox.get_attribute("id")}"]').click()
    expect(checkbox).to_be_checked()


def _no_blocking_violations(page: Page, name: str) -> None:
    violations = [v for v in b.axe_violations(page) if v.get("impact") in b.BLOCKING_IMPACTS]
    assert not violations, f"{name}:\n{b.describe(violations)}"


def test_intake_needs_and_service_plan_from_start_to_version_two(
    new_page: Any, live_server: Any, world: World
) -> None:
    from waypoint.plans.models import PlanVersion

    nia = new_page()
    sign_in(nia, live_server, "nia")
    open_participant(nia, "Amara")

    # Intake, together: typing saves the draft on its own.
    nia.get_by_role("button", name="Start the intake assessment").click()
    expect(nia.get_by_role("heading", level=1, name="Intake assessment: Amara")).to_be_visible()
    _no_blocking_violations(nia, "assessment (draft)")
    nia.get_by_label("What brings them here now").fill("Her cousin said we help with jobs.")
    expect(nia.locator("#save-status")).to_contain_text("Saved at")

    # Part of it in Amara's own hands, on the focused screen.
    nia.get_by_role("link", name="Choose sections to hand over").click()
    tick(nia.get_by_label("Inner strengths"))
    tick(nia.get_by_label("Support systems"))
    nia.get_by_role("button", name="Hand over now").click()
    expect(nia.get_by_role("heading", level=1, name="Hello, Amara")).to_be_visible()
    expect(nia.get_by_role("navigation")).to_have_count(0)
    _no_blocking_violations(nia, "participant's own screen")
    nia.get_by_label("What are you good at?").fill("Cooking, fixing bikes")
    nia.get_by_label("Who is it?").first.fill("Aunt Grace")
    expect(nia.locator("#save-status")).to_contain_text("Saved at")
    nia.get_by_role("button", name="I'm done: give the device back").click()
    expect(nia.get_by_role("heading", level=1, name="Thank you")).to_be_visible()
    nia.get_by_label("Your password").fill(PASSWORD)
    nia.get_by_role("button", name="Take the device back").click()
    expect(nia.get_by_text("Filled in by Amara").first).to_be_visible()
    expect(nia.get_by_label("Skills")).to_have_value("Cooking, fixing bikes")

    # Three numbered needs, put in Amara's order.
    for domain, words in (
        ("Housing", "A safe place to sleep"),
        ("Education and employment", "A job with steady hours"),
        ("Transportation", "A way to get to work"),
    ):
        nia.get_by_label("Area of life").select_option(label=domain)
        nia.get_by_label("The need, in their words").fill(words)
        nia.get_by_role("button", name=re.compile(r"^Add need \d")).click()
        expect(nia.get_by_text(f"“{words}”")).to_be_visible()
    nia.get_by_role("button", name="Move need 2 up").focus()
    nia.keyboard.press("Enter")
    expect(nia.get_by_text("Need 2 moved up.")).to_be_visible()
    needs = nia.locator(".wp-need-list > li")
    expect(needs.nth(0)).to_contain_text("need 2 in the plan's goals")
    expect(needs.nth(1)).to_contain_text("need 1 in the plan's goals")
    nia.get_by_role("button", name="Complete intake assessment").click()
    expect(nia.get_by_text("Intake assessment complete.")).to_be_visible()
    _no_blocking_violations(nia, "assessment (complete)")

    # The plan: one long-term goal, two short-term goals traced to needs.
    nia.get_by_role("link", name="← Amara").click()
    nia.get_by_role("button", name="Write the service plan together").click()
    expect(nia.get_by_role("heading", level=1, name="Service plan: Amara")).to_be_visible()
    nia.get_by_role("link", name="Long-term goals").click()
    nia.get_by_label("Long-term goal 1, in their words").fill("I want my own place to live")
    nia.get_by_role("button", name="Save long-term goals").click()
    expect(nia.get_by_text("“I want my own place to live”")).to_be_visible()
    for text, need, measure, step in (
        (
            "Apply to 3 warehouse jobs near the 12 bus line",
            "Need 2",
            "3 applications sent",
            "Update my résumé",
        ),
        ("Get a monthly bus pass", "Need 3", "Pass in hand", "Ask about the reduced fare"),
    ):
        nia.get_by_role("link", name="Add a short-term goal").click()
        _no_blocking_violations(nia, "goal form")
        nia.get_by_label("Short-term goal").fill(text)
        tick(nia.get_by_label(re.compile(f"^{need}:")))
        nia.get_by_label("How you will both know it is done").fill(measure)
        nia.get_by_label("Target date").fill("2027-01-15")
        nia.get_by_label("Strengths it builds on").fill("Cooking, fixing bikes")
        tick(nia.get_by_label(re.compile("achievable")))
        tick(nia.get_by_label(re.compile("realistic")))
        nia.get_by_label("Step 1").fill(step)
        nia.get_by_label("Service 1: what the program will do").fill("Weekly coaching")
        nia.get_by_role("button", name="Save goal").click()
        expect(nia.get_by_text(text, exact=True)).to_be_visible()
    expect(nia.get_by_text("Numbers correspond: need 1 has no goal yet.")).to_be_visible()
    expect(nia.get_by_text("SMARTS check: Meets 6 of 6").first).to_be_visible()
    _no_blocking_violations(nia, "plan (draft)")

    # Shared, then acknowledged by Amara with her typed name.
    nia.get_by_role("button", name="Share with Amara").click()
    nia.get_by_role("link", name="Amara acknowledges it").click()
    expect(nia.get_by_role("heading", level=1, name="Amara, this is your plan")).to_be_visible()
    _no_blocking_violations(nia, "acknowledgement")
    nia.get_by_label("Type your name").fill("Amara Okafor")
    tick(nia.get_by_label("I have read this plan"))
    nia.get_by_role("button", name="This is my plan").click()
    expect(nia.get_by_text("Acknowledged by Amara, who typed “Amara Okafor”")).to_be_visible()

    # Printable, in plain words.
    nia.get_by_role("link", name="Print for Amara").click()
    expect(nia.get_by_role("heading", level=1, name="Amara's plan")).to_be_visible()
    expect(nia.get_by_text("You agreed to this plan")).to_be_visible()
    nia.go_back()

    # Revised to version 2 with a visible difference.
    nia.get_by_role("link", name="Revise: start version 2").click()
    nia.get_by_label("Why the plan is changing").fill("Amara wants more applications out")
    nia.get_by_role("button", name="Start version 2").click()
    expect(nia.get_by_text("Version 2 started from version 1.")).to_be_visible()
    nia.get_by_role("link", name="Edit goal 1").click()
    nia.get_by_label("How you will both know it is done").fill("5 applications sent")
    nia.get_by_role("button", name="Save goal").click()
    nia.get_by_role("link", name="What changed since version 1").click()
    changes = nia.get_by_role("table")
    expect(changes).to_contain_text("3 applications sent")
    expect(changes).to_contain_text("5 applications sent")
    _no_blocking_violations(nia, "compare versions")
    statuses = list(
        PlanVersion.objects.filter(plan__enrollment=world.amara)
        .order_by("number")
        .values_list("status", flat=True)
    )
    assert statuses == ["acknowledged", "draft"]


# ---------------------------------------------------------------------------
# 8. Contacts, a SOAP-D note with the writing coach, the next meeting, sign, addendum.
# ---------------------------------------------------------------------------


def test_an_attempt_a_meeting_and_a_coached_note_signed_with_an_addendum(
    new_page: Any, live_server: Any, world: World
) -> None:
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone
    from icalendar import Calendar

    from waypoint.notes.models import Appointment, Note, NoteLink
    from waypoint.participants.models import ContactMethod
    from waypoint.plans.actions import GoalData, save_goal, start_plan
    from waypoint.tests.helpers import three_needs

    needs = three_needs(world, world.amara)
    version = start_plan(by=world.navigator, enrollment=world.amara)
    save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=GoalData(text="Apply to 3 warehouse jobs near the 12 bus", needs=[needs[1]]),
        expected=version.edit_version,
    )
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.net",
        normalized="amara@example.net",
        safe_to_contact="yes",
    )
    mail.outbox.clear()

    nia = new_page()
    sign_in(nia, live_server, "nia")
    open_participant(nia, "Amara")

    # An attempted call, with its short note, signed.
    nia.get_by_role("link", name="Log a contact or attempt").click()
    expect(nia.get_by_role("heading", level=1, name="Log a contact with Amara")).to_be_visible()
    _no_blocking_violations(nia, "log a contact")
    nia.get_by_text("Not this time: I tried to reach them").click()
    nia.locator("#id_method").select_option("phone")
    nia.get_by_label("What happened").select_option("message")
    nia.get_by_role("button", name="Log it and write the note").click()
    expect(nia.get_by_role("heading", level=1, name="Attempt to reach Amara")).to_be_visible()
    nia.get_by_role("textbox", name="Objective account").fill(
        "Called at 2 pm; no answer. Left a voicemail."
    )
    nia.get_by_role("textbox", name="Plan", exact=True).fill(
        "Text her tomorrow morning, her preferred time."
    )
    expect(nia.locator("#save-status")).to_contain_text("Saved at")
    nia.get_by_role("button", name="Sign and lock").click()
    expect(nia.get_by_text("Note signed. It is now locked.")).to_be_visible()

    # Then a meeting.
    nia.get_by_role("link", name="← Amara").click()
    nia.get_by_role("link", name="Log a contact or attempt").click()
    nia.locator("#id_method").select_option("in_person")
    nia.get_by_label("How long (minutes)").fill("45")
    nia.get_by_label("Where (kind of place)").select_option("community")
    nia.get_by_role("button", name="Log it and write the note").click()
    expect(nia.get_by_role("heading", level=1, name="Progress note: Amara")).to_be_visible()

    # The coach notices a judgmental word and an opinion, beside the note, as she types.
    objective = nia.get_by_role("textbox", name="Objective account")
    objective.fill("Amara refused to fill in the form and seems tired.")
    coach = nia.locator("#coach")
    expect(coach).to_contain_text("“refused” → try “chose not to”")
    expect(coach).to_contain_text("“seems”")
    expect(nia.locator("#save-status")).to_contain_text("Saved at")
    _no_blocking_violations(nia, "note draft with the coach")
    # Advice taken: one click puts the words in; the coach moves on.
    nia.get_by_role("button", name="Use “chose not to”").click()
    expect(objective).to_have_value("Amara chose not to fill in the form and seems tired.")
    expect(coach).not_to_contain_text("“refused”")
    objective.fill(
        "Amara chose not to fill in the form today; she said she wants to read it at home."
    )
    expect(coach).not_to_contain_text("“seems”")
    nia.get_by_role("textbox", name="Strengths observed").fill(
        "Came on time with her résumé; asked sharp questions."
    )
    nia.get_by_role("textbox", name="Assessment").fill(
        "Two applications sent; the bus schedule is a barrier."
    )
    nia.get_by_role("textbox", name="In their words").fill("“I feel ready for interviews.”")
    nia.get_by_role("textbox", name="Plan", exact=True).fill(
        "Amara applies to the warehouse job by Friday; Nia sends the bus timetable."
    )
    nia.get_by_role("textbox", name="Data: new information").fill(
        "Started a weekend shift at the café."
    )
    tick(nia.get_by_label("Goal 1: Apply to 3 warehouse jobs near the 12 bus"))
    expect(coach).not_to_contain_text("No goal")

    # The next meeting, from the Plan, on the calendar with an emailed invitation.
    when = (timezone.localtime() + timedelta(days=7)).replace(hour=10, minute=0)
    nia.get_by_label("Next meeting (date and time)").fill(when.strftime("%Y-%m-%dT%H:%M"))
    nia.get_by_role("button", name="Schedule it").click()
    expect(
        nia.get_by_role("heading", level=1, name="Schedule an appointment with Amara")
    ).to_be_visible()
    _no_blocking_violations(nia, "schedule an appointment")
    expect(nia.get_by_label("Email them a calendar invitation")).to_be_checked()
    nia.get_by_role("button", name="Schedule").click()
    expect(nia.get_by_text("Appointment scheduled. An invitation was emailed.")).to_be_visible()
    assert len(mail.outbox) == 1
    invitation = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    event = invitation.walk("VEVENT")[0]
    appointment = Appointment.objects.get()
    assert event.decoded("DTSTART") == appointment.starts_at
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == "10:00"
    assert str(event["UID"]) == f"{appointment.public_id}@waypoint"

    # Sign: the note locks; a correction is a dated, signed addendum.
    nia.get_by_role("button", name="Sign and lock").click()
    expect(nia.get_by_text("Note signed. It is now locked.")).to_be_visible()
    expect(nia.get_by_role("textbox", name="Objective account")).to_have_count(0)
    _no_blocking_violations(nia, "signed note")
    nia.get_by_label("Addendum").fill("Correction: the shift is on Sundays, not Saturdays.")
    nia.get_by_role("button", name="Sign and add the addendum").click()
    expect(nia.get_by_text("Addendum added and signed.")).to_be_visible()
    expect(nia.get_by_text("Correction: the shift is on Sundays, not Saturdays.")).to_be_visible()

    notes = list(Note.objects.order_by("created_at"))
    assert [(n.contact.outcome, n.status) for n in notes] == [
        ("attempted", "signed"),
        ("completed", "signed"),
    ]
    assert notes[1].objective.startswith("Amara chose not to fill in the form today")
    assert NoteLink.objects.filter(note=notes[1]).count() == 1
    assert notes[1].addenda.count() == 1

    # The goal shows the notes that advance it.
    nia.goto(f"/plans/{version.public_id}/")
    expect(nia.get_by_role("heading", level=4, name="Progress notes")).to_be_visible()
    expect(nia.get_by_role("link", name=re.compile("in person"))).to_be_visible()


def test_consent_referral_partner_view_loop_closed_then_revoked(
    new_page: Any, live_server: Any, world: World
) -> None:
    """Consent for two categories, a referral sent, the partner sees exactly those and
    nothing else, accepts and records the connection; the navigator sees the loop
    closed; the consent is revoked and the partner can no longer open the packet."""
    from waypoint.assessments.actions import add_need
    from waypoint.directory import actions as directory_actions
    from waypoint.directory.models import Service
    from waypoint.participants.models import ContactMethod
    from waypoint.referrals.models import Referral

    service = Service.objects.create(
        owner=world.org,
        organization=world.partner_org,
        name="Weekly groceries",
        status="active",
        what_to_expect="Maria greets you at the door; bring a bag.",
    )
    directory_actions._set_domains(service, ["food"])
    add_need(
        by=world.navigator, enrollment=world.amara, domain="food", description="Groceries for three"
    )
    add_need(
        by=world.navigator,
        enrollment=world.amara,
        domain="mental_health",
        description="CANARY-MIND-3318",
    )
    add_need(
        by=world.navigator,
        enrollment=world.amara,
        domain="justice",
        description="CANARY-JUSTICE-0071",
    )
    ContactMethod.objects.create(
        participant=world.amara.participant,
        kind="email",
        value="amara@example.org",
        safe_to_contact="yes",
    )

    nia = new_page()
    sign_in(nia, live_server, "nia")
    open_participant(nia, "Amara")
    nia.get_by_role("link", name="Consents to share").click()
    nia.get_by_role("link", name="Record a consent").click()
    nia.get_by_label("Organization", exact=True).select_option(label="Harbor Food Bank")
    tick(nia.get_by_label("Contact details"))
    tick(nia.get_by_label("Assessment"))
    nia.get_by_label("What it is for").fill("To get weekly groceries for the household")
    nia.get_by_label("Ends").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    nia.locator('label[for="id_how_2"]').click()
    nia.get_by_label("Name they typed").fill("Amara")
    _no_blocking_violations(nia, "consent form")
    nia.get_by_role("button", name="Record the consent").click()
    expect(
        nia.get_by_role("heading", name="Consent to share with Harbor Food Bank")
    ).to_be_visible()
    expect(nia.get_by_text("Contact details, Assessment")).to_be_visible()

    open_participant(nia, "Amara")
    nia.get_by_role("link", name="Refer for need 1").click()
    nia.get_by_role("link", name="Refer to Weekly groceries").click()
    expect(nia.get_by_text("Maria greets you at the door; bring a bag.")).to_be_visible()
    tick(nia.get_by_role("checkbox", name="Contact details"))
    tick(nia.get_by_role("checkbox", name="Assessment"))
    tick(nia.get_by_label("They agreed to this referral"))
    nia.get_by_label("Message to the partner").fill("Amara would like to start next week.")
    _no_blocking_violations(nia, "referral form")
    nia.get_by_role("button", name="Send the referral").click()
    expect(nia.get_by_role("heading", name="Referral to Weekly groceries")).to_be_visible()
    referral = Referral.objects.get()
    assert referral.status == "sent"

    pia = new_page()
    sign_in(pia, live_server, "pia")
    expect(pia.get_by_role("heading", name="Referrals to Harbor Food Bank")).to_be_visible()
    pia.get_by_role("link", name="Amara").click()
    packet = pia.locator("main").inner_text()
    assert "amara@example.org" in packet
    assert "Groceries for three" in packet
    assert "Amara would like to start next week." in packet
    assert "Shared with consent: Contact details, Assessment." in packet
    for hidden in ("CANARY-MIND-3318", "CANARY-JUSTICE-0071", "Igbo", "Service plan"):
        assert hidden not in packet, hidden
    _no_blocking_violations(pia, "partner referral")
    pia.locator("label", has_text="Accepted").click()
    pia.get_by_role("button", name="Record").click()
    expect(pia.get_by_text("Recorded. The referring navigator has been told.")).to_be_visible()
    pia.locator("label", has_text="Connected (service started)").click()
    pia.get_by_role("button", name="Record").click()
    expect(pia.get_by_text("Connected (service started)").first).to_be_visible()

    nia.reload()
    expect(nia.locator(".wp-meta").get_by_text("Connected (service started)")).to_be_visible()
    expect(nia.get_by_text("by Pia Partner at Harbor Food Bank").last).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == "connected" and referral.closed_at is not None

    nia.get_by_role("link", name="Harbor Food Bank", exact=True).click()
    nia.get_by_role("button", name="Revoke this consent").click()
    expect(nia.get_by_text("Revoked. Nothing more will be shared under it")).to_be_visible()

    pia.reload()
    expect(pia.get_by_role("heading", name="This referral is not available")).to_be_visible()
    assert "Amara" not in pia.locator("main").inner_text()
    pia.get_by_role("link", name="Referrals to us").first.click()
    expect(pia.get_by_text("Not available: no consent in force")).to_be_visible()
