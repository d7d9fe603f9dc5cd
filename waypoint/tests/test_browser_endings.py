"""An ending from the first word to the welcome back, in Debian's Chromium (issue 14).

Nia sets Amara's transition date four weeks ahead and schedules the exit interview; on
the day before the transition she records it (signing the contact's note), builds the
post-program plan from the service plan (one goal achieved, one continuing), and Amara
acknowledges it on Nia's device. On the transition date Nia closes with a reason that
needs a supervisor; Sam returns it once, then approves it. The 30-day check-in comes
onto Nia's home exactly seven days before it is due (a frozen clock moves the live
server too), is recorded and logged, and then Amara comes back: the enrollment reopens
with its earlier closure, plan and check-ins kept as history. axe-core checks every
new page."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import World
from waypoint.assessments.actions import add_need
from waypoint.closure import actions
from waypoint.closure.forms_closing import reason_text
from waypoint.closure.models import (
    CheckIn,
    Closure,
    ClosureEvent,
    ClosureReason,
    ExitInterview,
    PostProgramPlan,
)
from waypoint.enrollments.models import Enrollment
from waypoint.notes.models import Contact, Note
from waypoint.plans.actions import GoalData, StepData, record_progress, save_goal, start_plan
from waypoint.tests.test_browser import (  # the shared browser fixtures and helpers
    _no_blocking_violations,
    new_page,
    sign_in,
    tick,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]
__all__ = ["new_page", "world"]

REASON = "Chose to move on before the end of the program"
ROOM = "Move into a room of her own"
JOB = "Keep the warehouse job"
RETURN_COMMENT = "Add where she can get help nearby after she leaves."


def click_label(page: Page, text: str) -> None:
    """USWDS radios hide the input; a person clicks the label."""
    page.locator("label", has_text=text).first.click()


def field(page: Page, label: str) -> Any:
    """A form field by its whole label; a required one's label ends in " *"."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def flash(page: Page, words: str) -> None:
    expect(page.get_by_role("status").filter(has_text=words)).to_be_visible()


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def shown(day: date) -> str:
    """A date as the pages write it: Jan 5, 2027."""
    return f"{day:%b} {day.day}, {day.year}"


def service_plan(world: World) -> None:
    """Amara's service plan: one goal achieved, one continuing (one of its two steps done)."""
    e, nia = world.amara, world.navigator
    version = start_plan(by=nia, enrollment=e)
    home = add_need(by=nia, enrollment=e, domain="housing", description="A room of her own")
    work = add_need(by=nia, enrollment=e, domain="education_employment", description="Steady work")
    goals = {}
    for text, need, steps in (
        (ROOM, home, ["Sign the lease"]),
        (JOB, work, ["Get a bus pass", "Ask for day shifts"]),
    ):
        goals[text] = save_goal(
            by=nia,
            version=version,
            goal=None,
            data=GoalData(text=text, needs=[need], steps=[StepData(what=s) for s in steps]),
            expected=version.edit_version,
        )
        version.refresh_from_db()
    plan = version.plan
    record_progress(by=nia, plan=plan, kind="goal", key=goals[ROOM].key, status="achieved")
    record_progress(by=nia, plan=plan, kind="goal", key=goals[JOB].key, status="in_progress")
    bus = goals[JOB].steps.get(what="Get a bus pass")
    record_progress(by=nia, plan=plan, kind="step", key=bus.key, status="done")


def needs_approval(world: World) -> ClosureReason:
    """Mo, the manager, says a supervisor approves closures for this reason."""
    actions.reasons_for(world.youth)
    reason = ClosureReason.objects.get(program=world.youth, label=REASON)
    return actions.update_closure_reason(
        by=world.manager,
        reason=reason,
        label=reason.label,
        destination=reason.destination,
        completion=reason.completion,
        needs_approval=True,
    )


def test_an_ending_from_the_forecast_to_the_welcome_back(
    new_page: Any, live_server: Any, world: World
) -> None:
    service_plan(world)
    reason = needs_approval(world)
    amara = world.amara
    person = f"/participants/{amara.participant.public_id}/"
    today = timezone.localdate()
    transition = today + timedelta(days=28)
    interview_day = transition - timedelta(days=1)

    def signed_in(username: str) -> Page:
        """A fresh browser for someone, signed in now (the clock may have moved on
        past their last session's idle timeout)."""
        page: Page = new_page()
        sign_in(page, live_server, username)
        return page

    # --- Four weeks ahead: the transition date, and the exit interview on the calendar.
    nia = signed_in("nia")
    nia.goto(person)
    ending = nia.get_by_role("region", name="Transition and exit interview")
    expect(ending).to_contain_text("No transition date yet.")
    _no_blocking_violations(nia, "participant page with the ending panels")
    ending.get_by_role("link", name="Set the transition date").click()
    expect(nia.get_by_role("heading", level=1, name="Transition date for Amara")).to_be_visible()
    _no_blocking_violations(nia, "transition date form")
    nia.get_by_label("Planned transition date").fill(transition.isoformat())
    nia.get_by_label("Discussed with them on (optional)").fill(today.isoformat())
    nia.get_by_label("How it was discussed (optional)").fill("At our weekly meeting")
    nia.get_by_role("button", name="Save the date").click()
    flash(nia, f"Transition date saved: {transition:%b %d, %Y}.")
    expect(nia.get_by_text("That is less than")).to_have_count(0)  # four weeks is enough
    ending = nia.get_by_role("region", name="Transition and exit interview")
    expect(ending).to_contain_text(f"Transition date: {shown(transition)} (in 28 days)")
    expect(ending).to_contain_text(
        f"Discussed with them on {shown(today)} (At our weekly meeting)."
    )

    ending.get_by_role("link", name="Schedule the exit interview").click()
    expect(
        nia.get_by_role("heading", level=1, name="Schedule the exit interview with Amara")
    ).to_be_visible()
    _no_blocking_violations(nia, "exit interview scheduling")
    expect(nia.get_by_label("What it is for")).to_have_value("Exit interview")
    field(nia, "When").fill(f"{interview_day.isoformat()}T10:00")
    nia.get_by_label("Place name or address").fill("Riverside office, room 2")
    nia.get_by_role("button", name="Schedule", exact=True).click()
    flash(nia, "Exit interview scheduled.")
    ending = nia.get_by_role("region", name="Transition and exit interview")
    expect(ending).to_contain_text(f"Exit interview: scheduled for {interview_day:%a %b} ")
    assert ExitInterview.objects.get().status == ExitInterview.Status.SCHEDULED

    with time_machine.travel(at(interview_day, 11), tick=True) as clock:
        # --- The day before the transition: the exit interview is held.
        nia = signed_in("nia")
        nia.goto(person)
        ending = nia.get_by_role("region", name="Transition and exit interview")
        expect(ending).to_contain_text("Exit interview: scheduled for")
        ending.get_by_role("link", name="Record the exit interview").click()
        expect(
            nia.get_by_role("heading", level=1, name="Record the exit interview with Amara")
        ).to_be_visible()
        _no_blocking_violations(nia, "exit interview record form")
        expect(nia.get_by_label("Held on")).to_have_value(interview_day.isoformat())
        click_label(nia, "Yes, we held it")
        nia.get_by_label("What helped, in their words (optional)").fill(
            "Someone who answered the phone every time."
        )
        nia.get_by_label("What could be better, in their words (optional)").fill("Evening hours.")
        nia.get_by_label("How they feel about what's next, in their words (optional)").fill(
            "Nervous and ready."
        )
        click_label(nia, "4: Very satisfied")
        nia.get_by_role("button", name="Save").click()
        flash(nia, "Exit interview recorded.")
        ending = nia.get_by_role("region", name="Transition and exit interview")
        ending.get_by_role("link", name=f"held on {shown(interview_day)}").click()
        expect(
            nia.get_by_role("heading", level=1, name="Exit interview with Amara")
        ).to_be_visible()
        expect(nia.locator("main")).to_contain_text(f"Held on {shown(interview_day)}")
        expect(nia.locator("main")).to_contain_text("Someone who answered the phone every time.")
        expect(nia.locator("main")).to_contain_text("4 of 5")
        _no_blocking_violations(nia, "exit interview")
        interview = ExitInterview.objects.get()
        assert interview.status == ExitInterview.Status.HELD
        assert interview.held_on == interview_day and interview.satisfaction == 4

        # --- The post-program plan, built from the service plan.
        nia.get_by_role("link", name="← Amara").click()
        post_plan = nia.get_by_role("region", name="Post-program plan")
        post_plan.get_by_role("button", name="Build the post-program plan from the plan").click()
        flash(nia, "The post-program plan is built from the plan. Read it together.")
        expect(nia.get_by_role("heading", level=1, name="Post-program plan: Amara")).to_be_visible()
        expect(nia.locator("main")).to_contain_text("Version 1 · Draft")
        room = nia.get_by_role("group", name=ROOM, exact=True)
        job = nia.get_by_role("group", name=JOB, exact=True)
        expect(room.get_by_label("How it ended")).to_have_value("achieved")
        expect(job.get_by_label("How it ended")).to_have_value("continuing")
        expect(job.get_by_label("Next steps they will take")).to_have_value("Ask for day shifts")
        _no_blocking_violations(nia, "post-program plan (draft)")
        nia.get_by_label("The next stage", exact=True).select_option(label="A job")
        nia.get_by_label("The next stage, in their words").fill("Full time at the warehouse.")
        job.get_by_label("In their words").fill("I want the day shift by spring.")
        nia.get_by_label("How to stay in touch").fill("Text Nia at the office number.")
        nia.get_by_role("button", name="Save the draft").click()
        flash(nia, "Saved.")
        nia.get_by_role("button", name="Share with Amara").click()
        flash(nia, "Shared. Read it through together, then they can acknowledge it.")
        expect(nia.locator("main")).to_contain_text("Version 1 · Shared with the participant")

        nia.get_by_role("link", name="Print their copy").click()
        expect(
            nia.get_by_role("heading", level=1, name="Amara, your plan for what comes next")
        ).to_be_visible()
        goals = nia.get_by_role("region", name="Your goals")
        expect(goals.locator(".wp-goal").filter(has_text=ROOM)).to_contain_text(
            "Done. You reached this goal."
        )
        expect(goals.locator(".wp-goal").filter(has_text=JOB)).to_contain_text(
            "Still going. You will keep working on this goal."
        )
        expect(goals).to_contain_text("In your words: “I want the day shift by spring.”")
        expect(nia.get_by_text("This plan may still change.")).to_be_visible()
        _no_blocking_violations(nia, "post-program plan, printable copy")
        nia.get_by_role("link", name="Back", exact=True).click()

        # Amara reads it on Nia's device and types her name.
        nia.get_by_role("link", name="Amara reads and acknowledges it").click()
        expect(
            nia.get_by_role("heading", level=1, name="Amara, this is your plan for what comes next")
        ).to_be_visible()
        expect(nia.get_by_role("navigation")).to_have_count(0)
        expect(nia.get_by_label("Today's date")).to_have_value(interview_day.isoformat())
        _no_blocking_violations(nia, "post-program plan acknowledgement")
        nia.get_by_label("Type your name").fill("Amara")
        tick(nia.get_by_label("I have read this plan and it says what we agreed"))
        nia.get_by_role("button", name="This is my plan").click()
        flash(nia, "Thank you, Amara. This plan is yours.")
        expect(nia.locator("main")).to_contain_text("Version 1 · Acknowledged by the participant")
        expect(nia.locator("main")).to_contain_text(
            f"Amara acknowledged it on {interview_day:%B} {interview_day.day}, "
            f"{interview_day.year}. It never changes"
        )
        _no_blocking_violations(nia, "post-program plan (acknowledged)")
        plan = PostProgramPlan.objects.get()
        assert plan.status == PostProgramPlan.Status.ACKNOWLEDGED
        assert plan.acknowledged_name == "Amara" and plan.acknowledged_on == interview_day
        assert dict(plan.goals.values_list("text", "outcome")) == {
            ROOM: "achieved",
            JOB: "continuing",
        }

        # --- The transition date: close, with a reason a supervisor approves.
        clock.move_to(at(transition, 10))
        nia = signed_in("nia")
        nia.goto(person)
        nia.get_by_role("region", name="Case closure", exact=True).get_by_role(
            "link", name="Close this enrollment"
        ).click()
        expect(
            nia.get_by_role("heading", level=1, name="Case closure: Amara in Youth Works")
        ).to_be_visible()
        expect(
            nia.get_by_text("Some reasons need a supervisor's approval: for those, sending")
        ).to_be_visible()
        # The exit interview's contact left a draft note: it stops the closure, with a link.
        notes_check = nia.locator("#check-notes")
        expect(notes_check).to_contain_text("Stops the closure")
        expect(notes_check).to_contain_text("1 note is not signed yet.")
        expect(nia.locator("#check-interview")).to_contain_text(
            f"Exit interview held on {interview_day:%b %d, %Y}."
        )
        expect(nia.locator("#check-post_plan")).to_contain_text(
            f"Post-program plan version 1 acknowledged on {interview_day:%b %d, %Y}."
        )
        expect(nia.get_by_text("Not yet: 1 check must be fixed")).to_be_visible()
        _no_blocking_violations(nia, "closing page (a check stops it)")
        notes_check.get_by_role("link", name="Finish and sign note 1").click()
        expect(nia.get_by_role("heading", level=1, name="Progress note: Amara")).to_be_visible()
        nia.get_by_role("textbox", name="Objective account").fill(
            "Exit interview at the office. Amara talked through what helped and what is next."
        )
        nia.get_by_role("textbox", name="Plan", exact=True).fill(
            "Close on the transition date; 30-day check-in by phone."
        )
        expect(nia.locator("#save-status")).to_contain_text("Saved at")
        nia.get_by_role("button", name="Sign and lock").click()
        flash(nia, "Note signed. It is now locked.")
        assert not Note.objects.filter(enrollment=amara, status=Note.Status.DRAFT).exists()

        nia.goto(f"/enrollments/{amara.public_id}/close/")
        expect(nia.locator("#check-notes")).to_contain_text("Every note is signed.")
        expect(nia.get_by_text("Not yet:")).to_have_count(0)
        _no_blocking_violations(nia, "closing page")
        field(nia, "Reason").select_option(label=reason_text(reason))
        expect(nia.get_by_label("Exit date")).to_have_value(transition.isoformat())
        nia.get_by_label("Closing note").fill("Starting full time at the warehouse.")
        nia.get_by_role("button", name="Close this enrollment").click()
        flash(nia, "Sent to a supervisor for approval.")
        expect(
            nia.get_by_role("heading", level=1, name="Case closure: Amara in Youth Works")
        ).to_be_visible()
        expect(nia.locator("main p .wp-flag").first).to_have_text("Waiting for approval")
        expect(nia.get_by_role("heading", name="Your decision")).to_have_count(0)
        _no_blocking_violations(nia, "closure waiting for approval")
        closure = Closure.objects.get()
        assert closure.status == Closure.Status.REQUESTED and closure.exit_on == transition
        assert Enrollment.objects.get(pk=amara.pk).status == "enrolled"

        # Sam finds it on supervision and returns it once.
        sam = signed_in("sam")
        sam.goto("/supervision/")
        waiting = sam.get_by_role("region", name="Closures waiting for your approval")
        row = waiting.get_by_role("row").filter(has=sam.get_by_role("link", name="Amara"))
        expect(row).to_contain_text(REASON)
        expect(row).to_contain_text("Nia Navigator")
        expect(row).to_contain_text("Since today")
        _no_blocking_violations(sam, "supervision with a closure waiting")
        row.get_by_role("link", name="Amara").click()
        expect(sam.get_by_role("heading", name="Your decision")).to_be_visible()
        _no_blocking_violations(sam, "closure, supervisor's decision")
        sam.get_by_label("What needs to change").fill(RETURN_COMMENT)
        sam.get_by_role("button", name="Return with this comment").click()
        flash(sam, "Returned with your comment.")
        expect(sam.locator("main p .wp-flag").first).to_have_text("Returned with a comment")

        # Nia changes it and sends it again.
        nia.goto(person)
        closing = nia.get_by_role("region", name="Case closure", exact=True)
        expect(closing).to_contain_text(f"{REASON}: Returned with a comment")
        closing.get_by_role("link", name="Change it and send it again").click()
        expect(nia.get_by_role("status").filter(has_text="Returned by")).to_contain_text(
            f"Returned by Sam Supervisor: “{RETURN_COMMENT}”"
        )
        expect(nia.get_by_label("Closing note")).to_have_value(
            "Starting full time at the warehouse."
        )
        _no_blocking_violations(nia, "closing page, returned")
        nia.get_by_label("Closing note").fill(
            "Starting full time at the warehouse. The tenant help desk is two blocks away."
        )
        nia.get_by_role("button", name="Send it again").click()
        flash(nia, "Sent to a supervisor for approval.")

        # Sam approves.
        sam.goto("/supervision/")
        sam.get_by_role("region", name="Closures waiting for your approval").get_by_role(
            "link", name="Amara"
        ).click()
        sam.get_by_label("Comment (optional)").fill("Thank you, that covers it.")
        sam.get_by_role("button", name="Approve and close").click()
        flash(sam, "Approved. The enrollment is closed and the check-ins are scheduled.")
        expect(sam.locator("main p .wp-flag").first).to_have_text("Closed")
        history = sam.locator("ol.wp-timeline")
        expect(history.get_by_role("listitem")).to_have_count(5)
        expect(history).to_contain_text(RETURN_COMMENT)
        expect(history).to_contain_text("Thank you, that covers it.")
        _no_blocking_violations(sam, "closure, approved")
        closure.refresh_from_db()
        assert closure.status == Closure.Status.CLOSED and closure.decided_by == world.supervisor
        assert list(closure.events.order_by("at", "pk").values_list("kind", "by__username")) == [
            (ClosureEvent.Kind.REQUESTED, "nia"),
            (ClosureEvent.Kind.RETURNED, "sam"),
            (ClosureEvent.Kind.REQUESTED, "nia"),
            (ClosureEvent.Kind.APPROVED, "sam"),
            (ClosureEvent.Kind.CLOSED, "sam"),
        ]
        exited = Enrollment.objects.get(pk=amara.pk)
        assert exited.status == "exited" and exited.exited_on == transition
        due = {c.days_after: c.due_on for c in CheckIn.objects.filter(closure=closure)}
        assert due == {d: transition + timedelta(days=d) for d in (30, 90, 180)}
        first_due = due[30]

        # --- After the goodbye: the 30-day check-in comes onto Nia's home a week ahead.
        clock.move_to(at(first_due - timedelta(days=8), 9))
        nia = signed_in("nia")
        nia.goto("/caseload/")
        expect(nia.get_by_role("heading", level=1, name="My caseload")).to_be_visible()
        expect(nia.get_by_role("link", name="Amara: 30-day check-in")).to_have_count(0)

        clock.move_to(at(first_due - timedelta(days=7), 9))
        nia = signed_in("nia")
        nia.goto("/caseload/")
        check_ins = nia.get_by_role("region", name="Check-ins to make")
        item = check_ins.get_by_role("listitem").filter(has_text="Amara: 30-day check-in")
        expect(item).to_have_text(f"Amara: 30-day check-in, due {shown(first_due)}")
        _no_blocking_violations(nia, "home with a check-in to make")

        clock.move_to(at(first_due, 14))
        nia = signed_in("nia")
        nia.goto("/caseload/")
        check_ins = nia.get_by_role("region", name="Check-ins to make")
        item = check_ins.get_by_role("listitem").filter(has_text="Amara: 30-day check-in")
        expect(item).to_have_text(f"Amara: 30-day check-in, due {shown(first_due)} Today")
        item.get_by_role("link", name="Amara: 30-day check-in").click()
        expect(
            nia.get_by_role("heading", level=1, name="30-day check-in with Amara")
        ).to_be_visible()
        expect(nia.locator("main dl")).to_contain_text(f"Left the program{shown(transition)}")
        _no_blocking_violations(nia, "check-in page")
        expect(nia.get_by_label("Yes: we talked")).to_be_checked()
        nia.get_by_label("How you reached out").select_option(label="Phone call")
        field(nia, "When").fill(f"{first_due.isoformat()}T13:30")
        tick(nia.get_by_label("Still working"))
        tick(nia.get_by_label("Still housed"))
        nia.get_by_label("In their words").fill("Day shifts from next month!")
        nia.get_by_role("button", name="Record the check-in").click()
        flash(nia, "Check-in recorded. A draft note for the contact is there if you want it.")
        after = nia.get_by_role("region", name="Check-ins after the exit")
        expect(after.get_by_role("row", name=re.compile("^30 days"))).to_contain_text("Reached")
        expect(after.get_by_role("row", name=re.compile("^90 days"))).to_contain_text("Due")
        # Logged as a contact after the exit, with its draft note.
        logged = nia.get_by_role("region", name="Contacts and notes")
        when = f"{first_due:%a %b} {first_due.day}, {first_due.year}, 1:30 p.m."
        call = logged.get_by_role("row").filter(has=nia.get_by_role("link", name=when))
        expect(call).to_contain_text("Phone call")
        expect(call).to_contain_text("Draft")
        _no_blocking_violations(nia, "participant page, closed, check-in recorded")
        check_in = CheckIn.objects.get(closure=closure, days_after=30)
        assert check_in.status == CheckIn.Status.REACHED
        assert check_in.outcomes == ["employed", "housed"] and check_in.attempts == 1
        assert check_in.contact is not None and check_in.contact.method == "phone"
        assert check_in.contact.outcome == Contact.Outcome.COMPLETED
        assert timezone.localtime(check_in.contact.happened_at) == at(first_due, 13).replace(
            minute=30
        )
        nia.goto("/caseload/")
        expect(nia.get_by_role("link", name="Amara: 30-day check-in")).to_have_count(0)
        nia.goto(f"/check-ins/{check_in.public_id}/")
        expect(nia.locator("main dl")).to_contain_text("Still working, Still housed")
        expect(nia.locator("main dl")).to_contain_text("Day shifts from next month!")
        _no_blocking_violations(nia, "check-in, reached")

        # --- Amara comes back: reopen from her page, with the history kept.
        nia.goto(person)
        nia.locator("summary", has_text="Reopen this enrollment").click()  # opens on demand
        nia.get_by_label("Why reopen").fill("She lost the day shift and asked for help again.")
        nia.get_by_role("button", name="Reopen", exact=True).click()
        flash(nia, "Reopened. The earlier closure and plans are kept below as history.")
        closing = nia.get_by_role("region", name="Case closure", exact=True)
        expect(closing).to_contain_text("Earlier closures, kept as history:")
        expect(closing.get_by_role("listitem")).to_have_text(
            f"{REASON}, exit {shown(transition)}; reopened {shown(first_due)}"
        )
        expect(closing.get_by_role("link", name="Close this enrollment")).to_be_visible()
        after = nia.get_by_role("region", name="Check-ins after the exit")
        expect(after.get_by_role("row", name=re.compile("^30 days"))).to_contain_text("Reached")
        expect(after.get_by_role("row", name=re.compile("^90 days"))).to_contain_text("Not needed")
        timeline = nia.locator("ol.wp-timeline")
        for words in (
            "closure sent for a supervisor's approval",
            "closure returned with a comment",
            "closure approved",
        ):
            expect(timeline.get_by_role("link", name=words).first).to_be_visible()
        expect(timeline).to_contain_text(RETURN_COMMENT)
        expect(timeline).to_contain_text("She lost the day shift and asked for help again.")
        _no_blocking_violations(nia, "participant page after reopening")

        back = Enrollment.objects.get(pk=amara.pk)
        assert back.status == "enrolled" and back.cycle == 2
        closure.refresh_from_db()
        assert closure.status == Closure.Status.CLOSED and closure.reopened_at is not None
        assert list(closure.events.order_by("at", "pk").values_list("kind", flat=True)) == [
            "requested",
            "returned",
            "requested",
            "approved",
            "closed",
            "reopened",
        ]
        assert dict(CheckIn.objects.values_list("days_after", "status")) == {
            30: "reached",
            90: "skipped",
            180: "skipped",
        }
        # The acknowledged post-program plan is kept, and still opens.
        kept = PostProgramPlan.objects.get()
        assert kept.cycle == 1 and kept.status == PostProgramPlan.Status.ACKNOWLEDGED
        nia.goto(f"/post-plans/{kept.public_id}/")
        expect(nia.locator("main")).to_contain_text("Version 1 · Acknowledged by the participant")
