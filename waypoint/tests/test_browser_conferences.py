"""A supervisor runs an interagency conference from set-up to the next meeting, in
Debian's Chromium: the privacy check blocks a participant until a consent is recorded,
invitations carry real .ics files, the timer runs, contributions, a summary and two
action items are recorded, the minutes are signed, the partner gets only their item,
and the open items carry into the next meeting. axe-core checks every new page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from conftest import World
from waypoint.conferences.models import ActionItem, Conference
from waypoint.enrollments.actions import enroll_new_participant
from waypoint.tests.test_browser import (  # the shared browser fixtures and helpers
    _no_blocking_violations,
    new_page,
    sign_in,
    tick,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]
__all__ = ["new_page", "world"]


def click_label(page: Page, text: str) -> None:
    """USWDS radios hide the input; a person clicks the label."""
    page.locator("label", has_text=text).first.click()


def open_disclosure(page: Page, summary: str) -> None:
    page.locator("summary", has_text=summary).click()


def test_interagency_conference_from_set_up_to_the_next_meeting(
    new_page: Any, live_server: Any, world: World
) -> None:
    enroll_new_participant(
        by=world.navigator,
        program=world.youth,
        data={"preferred_name": "Jordan"},
        navigator=world.navigator,
        status="enrolled",
    )
    sam = new_page()
    sign_in(sam, live_server, "sam")
    sam.get_by_role("link", name="Conferences").click()
    expect(sam.get_by_role("heading", level=1, name="Case conferences")).to_be_visible()
    _no_blocking_violations(sam, "conference list")
    sam.get_by_role("link", name="Plan a conference").click()
    sam.get_by_label("Program").select_option(label="Youth Works")
    click_label(sam, "Interagency conference")
    sam.get_by_label("Name").fill("Youth Works with partners")
    starts = timezone.localtime() + timedelta(hours=1)
    sam.get_by_label("Date and time").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    sam.get_by_label("Length in minutes").fill("60")
    sam.get_by_label("Place").fill("Riverside office, room 2")
    _no_blocking_violations(sam, "new conference form")
    sam.get_by_role("button", name="Plan it").click()
    expect(sam.get_by_role("heading", level=1, name="Youth Works with partners")).to_be_visible()
    conference = Conference.objects.get()

    # Who comes.
    open_disclosure(sam, "Invite a staff member")
    sam.get_by_label("Staff member").select_option(label="Nia Navigator")
    sam.locator("form[action$='/attendees/staff/']").get_by_role("button", name="Add").click()
    open_disclosure(sam, "Invite someone from a partner organization")
    sam.get_by_label("Partner person").select_option(label="Pia Partner (Harbor Food Bank)")
    sam.locator("form[action$='/attendees/partner/']").get_by_role("button", name="Add").click()
    open_disclosure(sam, "Roles: facilitator, timekeeper, notetaker")
    sam.get_by_label("Facilitator").select_option(label="Sam Supervisor")
    sam.get_by_label("Timekeeper").select_option(label="Sam Supervisor")
    sam.get_by_label("Notetaker").select_option(label="Sam Supervisor")
    sam.get_by_role("button", name="Save the roles").click()
    expect(sam.get_by_text("Roles saved.")).to_be_visible()

    # Who is discussed, and why.
    for name, reason in (
        ("Amara (Youth Works)", "New barriers since the plan"),
        ("Jordan (Youth Works)", "Three missed appointments"),
    ):
        open_disclosure(sam, "Add a participant to the agenda")
        agenda = sam.locator("details form[action$='/agenda/']")
        agenda.get_by_label("Participant").select_option(label=name)
        sam.get_by_label("Why they are discussed").fill(reason)
        sam.get_by_role("button", name="Add to the agenda").click()
        expect(sam.get_by_text("On the agenda.")).to_be_visible()

    # The privacy check blocks both: no consent names Harbor Food Bank.
    privacy = sam.locator("#privacy")
    expect(privacy).to_contain_text("Amara cannot be discussed while Pia Partner is there")
    expect(privacy).to_contain_text("Jordan cannot be discussed while Pia Partner is there")
    _no_blocking_violations(sam, "conference page")
    # Bo is discussed with staff only; for Amara a consent is recorded.
    sam.get_by_role("button", name="Discuss Jordan with staff only").click()
    expect(sam.locator("#privacy")).to_contain_text("Steps out for this part")
    sam.get_by_role("link", name="Record a consent with Amara for Harbor Food Bank").click()
    tick(sam.get_by_label("Assessment"))
    sam.get_by_label("What it is for").fill("Case conferences with Harbor Food Bank")
    sam.get_by_label("Ends").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    sam.locator('label[for="id_how_2"]').click()
    sam.get_by_label("Name they typed").fill("Amara")
    sam.get_by_role("button", name="Record the consent").click()
    expect(
        sam.get_by_role("heading", name="Consent to share with Harbor Food Bank")
    ).to_be_visible()
    sam.goto(f"/conferences/{conference.public_id}/")
    expect(sam.locator("#privacy")).not_to_contain_text("Amara cannot be discussed")
    expect(sam.locator("#privacy")).to_contain_text("Yes, by first name only")

    # Invitations with real calendar files and each person's own agenda.
    mail.outbox.clear()
    sam.get_by_role("button", name="Send the invitations").click()
    expect(sam.get_by_text("Invitations sent to 3 people")).to_be_visible()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_to) == ["nia@example.org", "pia@example.org", "sam@example.org"]
    pia_invitation = by_to["pia@example.org"]
    assert "- Amara: New barriers since the plan" in pia_invitation.body
    assert "Jordan" not in pia_invitation.body
    for message in by_to.values():
        calendar = Calendar.from_ical(message.attachments[0][1])
        assert calendar["method"] == "REQUEST"
        event = calendar.walk("VEVENT")[0]
        assert event["uid"] == f"{conference.public_id}@waypoint"
        assert "Amara" not in str(event.get("description"))

    # Everyone came.
    for row in sam.locator("#attendance fieldset").all():
        row.locator("label", has_text="Came").click()
    sam.get_by_role("button", name="Save attendance").click()
    expect(sam.get_by_text("Attendance saved.")).to_be_visible()

    # Amara's time: the timer runs, each person brings a line or two.
    sam.locator("#agenda").get_by_role("link", name="Amara").click()
    expect(sam.get_by_role("heading", level=1, name="Amara")).to_be_visible()
    sam.get_by_role("button", name="Start the timer").click()
    expect(sam.get_by_text("Running")).to_be_visible()
    clock = sam.locator("[data-clock]")
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=5000)
    sam.get_by_label("Who is speaking").select_option(label="Pia Partner")
    sam.get_by_label("Strengths").first.fill("Comes every week and helps others in line")
    sam.get_by_label("Ideas and solutions").fill("Our Saturday pantry fits her shifts")
    sam.get_by_role("button", name="Record").click()
    expect(sam.get_by_text("Comes every week and helps others in line")).to_be_visible()
    summary = sam.locator("#summary")
    summary.get_by_label("Strengths").fill("Steady, organised, helps others")
    summary.get_by_label("Barriers").fill("Evening shifts clash with pantry hours")
    summary.get_by_label("Service needs").fill("Food on weekends")
    tick(summary.get_by_label("The group confirmed this summary"))
    sam.get_by_role("button", name="Save the summary").click()
    expect(sam.get_by_text("Summary saved.")).to_be_visible()
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    for what, owner in (
        ("Call the shift manager about Tuesdays", "Nia Navigator (staff)"),
        ("Hold a Saturday box for Amara", "Pia Partner (partner)"),
    ):
        sam.get_by_label("What will be done").fill(what)
        sam.get_by_label("Who will do it").select_option(label=owner)
        sam.get_by_label("By when").fill(due)
        sam.get_by_role("button", name="Add the action item").click()
        expect(sam.get_by_text("Action item added.")).to_be_visible()
    _no_blocking_violations(sam, "participant in the meeting")
    sam.get_by_role("button", name="Stop the timer").click()
    expect(sam.get_by_role("button", name="Start the timer")).to_be_visible()

    # The notetaker signs; the action items go out at once.
    sam.get_by_role("link", name=re.compile("^← Youth Works with partners")).click()
    mail.outbox.clear()
    sam.get_by_role("button", name="Sign the minutes").click()
    expect(sam.get_by_text("Minutes signed. Action items went to their owners.")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["pia@example.org"]]
    assert "Hold a Saturday box for Amara" in mail.outbox[0].body
    assert "shift manager" not in mail.outbox[0].body
    assert ActionItem.objects.filter(sent_at__isnull=False).count() == 2

    # The staff owner finds theirs on the home page.
    nia = new_page()
    sign_in(nia, live_server, "nia")
    nia.goto("/caseload/")
    expect(nia.locator("main")).to_contain_text("Call the shift manager about Tuesdays")
    expect(nia.locator("main")).not_to_contain_text("Hold a Saturday box")

    # The next meeting carries the open items for Amara.
    open_disclosure(sam, "Plan a follow-up meeting")
    later = timezone.localtime() + timedelta(days=7)
    sam.get_by_label("Date and time of the follow-up meeting").fill(
        later.strftime("%Y-%m-%dT%H:%M")
    )
    sam.get_by_role("button", name="Plan the follow-up").click()
    expect(sam.get_by_text("Follow-up meeting planned")).to_be_visible()
    sam.locator("#agenda").get_by_role("link", name="Amara").click()
    carried = sam.get_by_role("region", name="Open from earlier meetings")
    expect(carried).to_contain_text("Call the shift manager about Tuesdays")
    expect(carried).to_contain_text("Hold a Saturday box for Amara")
