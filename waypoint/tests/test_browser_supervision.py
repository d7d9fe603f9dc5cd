"""Supervision and quality in Debian's Chromium (issue 15).

Sam, the supervisor, opens this month's file-review queue, reviews Amara's file (the
computed standards show their reasons), answers the checklist and records a correction
for Nia; Nia finds it on her home page and marks it done; Sam re-checks it and signs the
review, which then never changes. A plan version needs approval: Nia asks, Sam returns
it with a comment, Nia asks again, Sam approves and the plan is shared. The dashboard
draws every chart, and the table beside the effort chart holds the numbers of a direct
query. axe-core checks every new page.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import World
from waypoint.assessments.actions import add_need
from waypoint.enrollments.models import Enrollment
from waypoint.notes.actions import log_contact
from waypoint.notes.models import Contact
from waypoint.plans.actions import GoalData, StepData, save_goal, start_plan
from waypoint.plans.models import PlanVersion
from waypoint.quality.models import Answer, Correction, Review
from waypoint.tests import browser as b
from waypoint.tests.test_browser import (  # the shared browser fixtures and helpers
    _no_blocking_violations,
    new_page,
    sign_in,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_orm_beside_playwright")]
__all__ = ["new_page", "world"]

STRENGTHS = "Strengths are used in the plan"
OWN_WORDS = "Goals are in the participant's own words"
LANGUAGE = "Notes use strengths-based, person-first language"
FIX = "Rewrite goal 1 in Amara's own words."
DONE = "Read the goal with Amara and wrote it as she said it."
GOAL = "Find a part-time job near home"
RETURN_COMMENT = "Add a step Amara takes herself this month."


def flash(page: Page, words: str) -> None:
    expect(page.get_by_role("status").filter(has_text=words)).to_be_visible()


def words_day(d: date) -> str:
    """A date as the standards write it: 3 May 2026."""
    return f"{d.day} {d:%B %Y}"


def click_label(scope: Any, text: str) -> None:
    """USWDS radios and checkboxes hide the input; a person clicks the label."""
    scope.locator("label").get_by_text(text, exact=True).click()


def signed_in(new_page: Any, live_server: Any, username: str) -> Page:
    page: Page = new_page()
    sign_in(page, live_server, username)
    return page


# ---------------------------------------------------------------------------
# 1-3. A file review, from the queue to the signature, with a correction.
# ---------------------------------------------------------------------------


def test_a_file_review_from_the_queue_to_the_signed_review(
    new_page: Any, live_server: Any, world: World
) -> None:
    # Amara started 40 days ago; no assessment yet (Youth Works asks within 14 days).
    today = timezone.localdate()
    start = today - timedelta(days=40)
    due = start + timedelta(days=14)
    Enrollment.objects.filter(pk=world.amara.pk).update(
        started_on=start, enrolled_on=start, next_due_on=due, next_due_what="assessment"
    )
    reason = (
        f"No completed assessment; it was due on {words_day(due)}, 14 days after the start "
        f"on {words_day(start)}."
    )

    sam = signed_in(new_page, live_server, "sam")
    sam.goto("/supervision/")
    files = sam.get_by_role("region", name="File reviews", exact=True)
    expect(files.get_by_role("listitem").filter(has_text="Youth Works")).to_have_text(
        "Youth Works: this month's file reviews: 0 signed, 0 in progress"
    )
    files.get_by_role("link", name="Youth Works: this month's file reviews").click()
    expect(sam.get_by_role("heading", level=1, name="File reviews: Youth Works")).to_be_visible()
    expect(sam.get_by_role("heading", level=3, name="Nia Navigator")).to_be_visible()
    row = sam.get_by_role("row").filter(has=sam.get_by_role("link", name="Amara"))
    expect(row.get_by_role("listitem")).to_have_text(
        [
            "Picked at random for this month",
            f"Overdue: the assessment was due on {due.day} {due:%B}",
        ]
    )
    _no_blocking_violations(sam, "file-review queue")
    row.get_by_role("button", name="Review this file").click()

    # The review: the computed standards, each with its reason.
    expect(sam.get_by_role("heading", level=1, name="File review: Amara")).to_be_visible()
    expect(sam.locator("#review dl")).to_contain_text(
        f"Picked at random for this month; Overdue: the assessment was due on {due.day} {due:%B}"
    )
    standard = sam.get_by_role("row").filter(
        has=sam.get_by_role("rowheader", name="Assessment completed on time", exact=True)
    )
    expect(standard.get_by_role("cell")).to_have_text(["Not met", reason])
    _no_blocking_violations(sam, "file review (in progress)")

    # The checklist, in Sam's judgement.
    for label, verdict in ((STRENGTHS, "Meets"), (OWN_WORDS, "Does not meet"), (LANGUAGE, "Meets")):
        click_label(sam.get_by_role("group", name=label, exact=True), verdict)
    sam.get_by_label(f"Comment on “{OWN_WORDS}” (optional)").fill(
        "Goal 1 reads as our words, not hers."
    )
    sam.get_by_label("Summary for the navigator (optional)").fill("A warm file; one goal to fix.")
    sam.get_by_role("button", name="Save the answers").click()
    flash(sam, "Answers saved.")

    # A finding becomes a correction for Nia, due in a week.
    in_a_week = today + timedelta(days=7)
    sam.get_by_label("What to correct").fill(FIX)
    yesterday = today - timedelta(days=1)
    sam.get_by_label("Due by").fill(yesterday.isoformat())
    sam.get_by_role("button", name="Assign to Nia Navigator").click()
    # A date already past: the message beside the field, nothing lost, nothing made.
    expect(sam.locator("#id_due_on-error")).to_have_text("The due date cannot be in the past.")
    expect(sam.get_by_label("What to correct")).to_have_value(FIX)
    expect(sam.get_by_role("group", name=OWN_WORDS).get_by_label("Does not meet")).to_be_checked()
    assert not Correction.objects.exists()
    sam.get_by_label("Due by").fill(in_a_week.isoformat())
    sam.get_by_role("button", name="Assign to Nia Navigator").click()
    flash(sam, "Correction recorded; the navigator has been told.")
    corrections = sam.locator("#review li.wp-panel")
    expect(corrections).to_have_count(1)
    expect(corrections).to_contain_text(f"For Nia Navigator, due {in_a_week:%b} {in_a_week.day}")
    expect(corrections).to_contain_text("To do")
    correction = Correction.objects.get()
    assert correction.status == Correction.Status.OPEN
    assert correction.assigned_to == world.navigator and correction.due_on == in_a_week

    # --- Nia sees it on her home page and says what she did.
    nia = signed_in(new_page, live_server, "nia")
    expect(nia.get_by_role("heading", level=1, name="My caseload")).to_be_visible()
    mine = nia.get_by_role("region", name="Corrections from file reviews")
    expect(mine.get_by_role("listitem")).to_have_text(
        f"{FIX} (Amara, Youth Works): due {in_a_week:%b} {in_a_week.day}"
    )
    _no_blocking_violations(nia, "home with a correction to make")
    mine.get_by_role("link", name=FIX).click()
    expect(nia.get_by_role("heading", level=1, name="Something to correct")).to_be_visible()
    expect(nia.locator("main dl")).to_contain_text("StatusTo do")
    _no_blocking_violations(nia, "correction, to do")
    nia.get_by_role("button", name="Mark done").click()  # nothing said: refused, beside it
    expect(nia.get_by_text("Say what you did.")).to_be_visible()
    nia.get_by_label("What you did").fill(DONE)
    nia.get_by_role("button", name="Mark done").click()
    flash(nia, "Marked done. Your supervisor will re-check it.")
    mine = nia.get_by_role("region", name="Corrections from file reviews")
    expect(mine.get_by_role("listitem")).to_contain_text("Waiting for a re-check")
    correction.refresh_from_db()
    assert correction.status == Correction.Status.DONE and correction.done_words == DONE

    # --- Sam re-checks it from the supervision page, then signs the review.
    sam.goto("/supervision/")
    waiting = sam.get_by_role("region", name="File reviews", exact=True)
    expect(waiting).to_contain_text("Corrections waiting for a re-check")
    _no_blocking_violations(sam, "supervision with a correction to re-check")
    waiting.get_by_role("link", name="Amara (Youth Works)").click()
    expect(sam.get_by_role("heading", level=1, name="Something to correct")).to_be_visible()
    expect(sam.locator("main")).to_contain_text(DONE)
    _no_blocking_violations(sam, "correction, waiting for a re-check")
    click_label(sam.get_by_role("group", name="Re-check"), "It is corrected")
    sam.get_by_role("button", name="Record the re-check").click()
    flash(sam, "Re-check recorded.")
    expect(sam.get_by_role("heading", level=1, name="File review: Amara")).to_be_visible()
    expect(sam.locator("#review li.wp-panel .wp-flag")).to_have_text("Confirmed")
    sam.get_by_role("button", name="Sign the review").click()
    flash(sam, "Review signed. It will not change again.")
    expect(sam.locator("#review dl")).to_contain_text(": it never changes")
    expect(sam.locator("main form")).to_have_count(0)
    expect(standard.get_by_role("cell")).to_have_text(["Not met", reason])
    answers = sam.get_by_role("table", name="The checklist's answers")
    expect(answers.get_by_role("row").filter(has_text=OWN_WORDS)).to_contain_text("Does not meet")
    _no_blocking_violations(sam, "file review (signed)")

    review = Review.objects.get()
    assert review.status == Review.Status.SIGNED and review.reviewer == world.supervisor
    assert review.all_met is False and review.summary == "A warm file; one goal to fix."
    assert {r["key"]: (r["outcome"], r["reason"]) for r in review.results}["assessment"] == (
        "not_met",
        reason,
    )
    assert dict(review.answers.values_list("label", "verdict")) == {
        STRENGTHS: Answer.Verdict.MEETS,
        OWN_WORDS: Answer.Verdict.DOES_NOT_MEET,
        LANGUAGE: Answer.Verdict.MEETS,
    }
    correction.refresh_from_db()
    assert correction.status == Correction.Status.CONFIRMED
    assert correction.checked_by == world.supervisor

    # The queue shows it reviewed.
    sam.get_by_role("link", name="← File reviews in Youth Works").click()
    row = sam.get_by_role("row").filter(has=sam.get_by_role("link", name="Amara"))
    expect(row.first).to_contain_text("Reviewed")


# ---------------------------------------------------------------------------
# 4. A plan version needs approval: returned once, then approved.
# ---------------------------------------------------------------------------


def draft_plan(world: World) -> PlanVersion:
    """Nia's draft of Amara's service plan: one need, one goal with a step."""
    nia, amara = world.navigator, world.amara
    version = start_plan(by=nia, enrollment=amara)
    need = add_need(by=nia, enrollment=amara, domain="education_employment", description="Work")
    save_goal(
        by=nia,
        version=version,
        goal=None,
        data=GoalData(text=GOAL, needs=[need], steps=[StepData(what="Ask at the bakery")]),
        expected=version.edit_version,
    )
    version.refresh_from_db()
    return version


def test_a_plan_version_returned_once_then_approved(
    new_page: Any, live_server: Any, world: World
) -> None:
    from waypoint.approvals.models import Approval, ApprovalSettings, ApprovalStep

    version = draft_plan(world)

    # Mo, the manager, says plans need a supervisor's approval before they are shared.
    mo = signed_in(new_page, live_server, "mo")
    mo.goto(f"/programs/{world.youth.pk}/approvals/")
    expect(
        mo.get_by_role("heading", level=1, name="What needs approval in Youth Works")
    ).to_be_visible()
    _no_blocking_violations(mo, "approval settings")
    click_label(mo.locator("main"), "Service plan version before it is shared")
    mo.get_by_role("button", name="Save").click()
    flash(mo, "Saved.")
    expect(mo.get_by_label("Service plan version before it is shared")).to_be_checked()
    assert ApprovalSettings.objects.get(program=world.youth).plan is True

    # Nia asks for approval from the plan page.
    nia = signed_in(new_page, live_server, "nia")
    nia.goto(f"/plans/{version.public_id}/")
    nia.get_by_role("button", name="Ask for approval").click()
    flash(nia, "Sent to a supervisor. Once they approve it, the plan is shared.")
    expect(nia.get_by_text("Waiting for a supervisor's approval, asked by Nia")).to_be_visible()
    expect(nia.get_by_role("button", name="Ask for approval")).to_have_count(0)

    # Sam sees it on the supervision page with its age, and returns it.
    sam = signed_in(new_page, live_server, "sam")
    sam.goto("/supervision/")
    waiting = sam.get_by_role(
        "region", name="Plans, assignments and referrals waiting for approval: 1"
    )
    item = waiting.get_by_role("listitem")
    expect(item).to_have_text(
        "Service plan version before it is shared: Amara, Youth Works, waiting since today"
    )
    _no_blocking_violations(sam, "supervision with an approval waiting")
    item.get_by_role("link").click()
    expect(
        sam.get_by_role(
            "heading", level=1, name="Approval: Service plan version before it is shared"
        )
    ).to_be_visible()
    expect(sam.locator("main dl")).to_contain_text("Service planVersion 1")
    _no_blocking_violations(sam, "approval, waiting for a decision")
    sam.get_by_role("button", name="Return with this comment").click()  # no comment: refused
    expect(sam.get_by_text("Say what needs to change.")).to_be_visible()
    sam.get_by_role("textbox", name="What needs to change").fill(RETURN_COMMENT)
    sam.get_by_role("button", name="Return with this comment").click()
    flash(sam, "Returned with your comment. The person who asked has been told.")
    expect(sam.locator("main .wp-flag").first).to_have_text("Returned for changes")

    # Nia sees the comment on the plan, and asks again.
    nia.goto(f"/plans/{version.public_id}/")
    expect(nia.get_by_role("status").filter(has_text="Returned by")).to_contain_text(
        f"Returned by Sam Supervisor on {timezone.localdate():%b} {timezone.localdate().day}, "
        f"{timezone.localdate().year}: “{RETURN_COMMENT}”. Change it, then ask again."
    )
    _no_blocking_violations(nia, "plan returned with a comment")
    nia.get_by_role("button", name="Ask for approval").click()
    flash(nia, "Sent to a supervisor. Once they approve it, the plan is shared.")

    # Sam approves from the list of approvals waiting.
    sam.goto("/approvals/")
    expect(sam.get_by_role("heading", level=1, name="Approvals waiting")).to_be_visible()
    listed = sam.get_by_role("row").filter(has_text="Amara")
    expect(listed).to_contain_text("waiting since today")
    _no_blocking_violations(sam, "approvals waiting")
    listed.get_by_role("link", name="Service plan version before it is shared").click()
    sam.get_by_label("Comment (optional)").fill("Thank you: that step is hers.")
    sam.get_by_role("button", name="Approve", exact=True).click()
    flash(sam, "Approved. What was asked is done, and the person who asked has been told.")
    expect(sam.locator("main .wp-flag").first).to_have_text("Approved")
    history = sam.locator("ol.wp-timeline").get_by_role("listitem")
    expect(history.locator("strong")).to_have_text(
        ["Asked for approval", "Returned with a comment", "Asked again", "Approved"]
    )
    expect(history.nth(1)).to_contain_text(RETURN_COMMENT)
    expect(sam.get_by_role("heading", name="Your decision")).to_have_count(0)
    _no_blocking_violations(sam, "approval, approved")

    sam.get_by_role("link", name="← Amara").click()
    expect(sam.get_by_role("heading", level=1, name="Amara")).to_be_visible()
    sam.goto("/approvals/history/")
    decided = sam.get_by_role("row").filter(has_text="Amara")
    expect(decided).to_contain_text("Approved")
    expect(decided).to_contain_text("by Sam Supervisor")
    _no_blocking_violations(sam, "decided approvals")

    # Nia's plan is shared now.
    nia.goto(f"/plans/{version.public_id}/")
    expect(nia.get_by_text("Shared with Amara on")).to_be_visible()

    version.refresh_from_db()
    assert version.status == PlanVersion.Status.SHARED and version.shared_at is not None
    approval = Approval.objects.get()
    assert approval.status == Approval.Status.APPROVED and approval.decided_by == world.supervisor
    assert list(approval.steps.order_by("at", "pk").values_list("kind", "by__username")) == [
        (ApprovalStep.Kind.REQUESTED, "nia"),
        (ApprovalStep.Kind.RETURNED, "sam"),
        (ApprovalStep.Kind.ASKED_AGAIN, "nia"),
        (ApprovalStep.Kind.APPROVED, "sam"),
    ]


# ---------------------------------------------------------------------------
# 5-6. The dashboard, data quality, supervision sessions and the review settings.
# ---------------------------------------------------------------------------


def noon(days_ago: int) -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(12))
    )


def contacts(world: World) -> None:
    """Contacts and attempts over the last weeks, one outside the range, one in another
    program."""
    for enrollment, outcome, days_ago in (
        (world.amara, Contact.Outcome.COMPLETED, 1),
        (world.amara, Contact.Outcome.COMPLETED, 2),
        (world.amara, Contact.Outcome.ATTEMPTED, 3),
        (world.amara, Contact.Outcome.COMPLETED, 9),
        (world.bo, Contact.Outcome.COMPLETED, 9),
        (world.amara, Contact.Outcome.ATTEMPTED, 16),
        (world.bo, Contact.Outcome.ATTEMPTED, 30),
        (world.amara, Contact.Outcome.COMPLETED, 100),  # before the twelve weeks
        (world.chen, Contact.Outcome.COMPLETED, 2),  # Home Base
    ):
        log_contact(
            by=world.admin,
            enrollment=enrollment,
            outcome=outcome,
            data={"method": "phone", "happened_at": noon(days_ago)},
        )


def effort_by_week(world: World) -> list[list[str]]:
    """The effort table, computed directly: Youth Works' contacts and attempts in the
    dashboard's default range (the last twelve weeks), by the Monday of their week."""
    today = timezone.localdate()
    first = today - timedelta(weeks=12) + timedelta(days=1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    until = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    counts: dict[date, list[int]] = {}
    for happened_at, outcome in Contact.objects.filter(
        enrollment__program=world.youth, happened_at__gte=since, happened_at__lt=until
    ).values_list("happened_at", "outcome"):
        day = timezone.localtime(happened_at).date()
        monday = day - timedelta(days=day.weekday())
        counts.setdefault(monday, [0, 0])[0 if outcome == Contact.Outcome.COMPLETED else 1] += 1
    monday = first - timedelta(days=first.weekday())
    rows = []
    while monday <= today:
        made, tried = counts.get(monday, [0, 0])
        rows.append([f"{monday:%d %b %Y}", str(made), str(tried)])
        monday += timedelta(weeks=1)
    assert sum(int(r[1]) + int(r[2]) for r in rows) == 7  # all but the old one and Chen's
    return rows


CHARTS_DRAWN = """() => [...document.querySelectorAll("canvas[data-chart]")].map((c) => {
    const chart = window.Chart && window.Chart.getChart(c);
    return [c.id, chart ? chart.data.datasets.map((d) => d.data) : null];
})"""


def test_the_dashboard_data_quality_sessions_and_review_settings(
    new_page: Any, live_server: Any, world: World
) -> None:
    contacts(world)
    expected = effort_by_week(world)

    sam = signed_in(new_page, live_server, "sam")
    problems = b.PageProblems().watch(sam)
    sam.get_by_role("link", name="Dashboard", exact=True).click()
    sam.get_by_label("Program", exact=True).select_option(label="Youth Works")
    sam.get_by_role("button", name="Show").click()
    expect(sam.get_by_role("heading", level=1, name="Dashboard: Youth Works")).to_be_visible()

    # Chart.js drew every chart, from the numbers in the tables.
    sam.wait_for_function(
        "() => window.Chart && [...document.querySelectorAll('canvas[data-chart]')]"
        ".every((c) => window.Chart.getChart(c))"
    )
    drawn = dict(sam.evaluate(CHARTS_DRAWN))
    assert set(drawn) == {
        f"canvas-{key}"
        for key in ("effort", "adequacy", "quality", "outcome", "retention", "attendance")
    }
    assert all(data is not None for data in drawn.values())
    assert drawn["canvas-effort"] == [
        [int(r[1]) for r in expected],
        [int(r[2]) for r in expected],
    ]

    # The table beside the effort chart holds exactly the direct query's numbers.
    effort = sam.get_by_role("region", name="Effort: contacts and attempts each week")
    table = effort.get_by_role("table")
    shown = table.locator("tbody tr").evaluate_all(
        "(rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim()))"
    )
    assert shown == expected
    _no_blocking_violations(sam, "dashboard")

    # A number leads to the people behind it.
    busiest = max(expected, key=lambda r: int(r[1]))
    table.get_by_role("row", name=re.compile(f"^{busiest[0]}")).get_by_role(
        "link", name=busiest[1], exact=True
    ).first.click()
    expect(
        sam.get_by_role("heading", level=1, name=f"Contacts: week of {busiest[0]}")
    ).to_be_visible()
    people = sam.get_by_role("table").get_by_role("rowheader")
    expect(people.first).to_have_text(re.compile("^(Amara|Bo Nguyễn)$"))
    _no_blocking_violations(sam, "dashboard drill-down")
    assert problems.all() == []  # no script error, no asset missing (Chart.js is vendored)

    # Data quality.
    sam.goto("/reports/data-quality/")
    expect(sam.get_by_role("heading", level=1, name="Data quality")).to_be_visible()
    expect(sam.get_by_role("heading", level=2, name="Completeness")).to_be_visible()
    _no_blocking_violations(sam, "data quality")

    # A supervision session with Nia.
    sam.goto("/supervision/sessions/")
    expect(sam.get_by_role("heading", level=1, name="Supervision sessions")).to_be_visible()
    _no_blocking_violations(sam, "supervision sessions (none yet)")
    sam.get_by_role("link", name="Record a session").click()
    expect(sam.get_by_role("heading", level=1, name="Record a supervision session")).to_be_visible()
    _no_blocking_violations(sam, "new supervision session")
    sam.get_by_label("Program").select_option(label="Youth Works")
    sam.get_by_role("button", name="Start the session record").click()  # nobody chosen
    expect(sam.locator("#id_navigator-error")).to_have_text("Choose the person you met.")
    expect(sam.get_by_label("Program")).to_have_value(str(world.youth.pk))
    sam.get_by_label("Who you met").select_option(label="Nia Navigator")
    sam.get_by_role("button", name="Start the session record").click()
    flash(sam, "Session started. Write what you discussed.")
    expect(
        sam.get_by_role("heading", level=1, name="Supervision session with Nia Navigator")
    ).to_be_visible()
    sam.get_by_label("The caseload discussed").fill("Amara's job search; Nia's week ahead.")
    sam.get_by_label("Support offered").fill("Shadowing on the next intake.")
    sam.get_by_role("button", name="Save the draft").click()
    flash(sam, "Saved.")
    _no_blocking_violations(sam, "supervision session (draft)")
    sam.get_by_role("link", name="← Supervision sessions").click()
    expect(sam.get_by_role("row").filter(has_text="Nia Navigator")).to_contain_text("Youth Works")
    _no_blocking_violations(sam, "supervision sessions")

    # Mo, the manager: how file reviews work, and the checklist.
    mo = signed_in(new_page, live_server, "mo")
    mo.goto(f"/programs/{world.youth.pk}/file-reviews/")
    expect(
        mo.get_by_role("heading", level=1, name="How file reviews work in Youth Works")
    ).to_be_visible()
    _no_blocking_violations(mo, "file review settings")
    mo.get_by_role("link", name="The supervisor's checklist").click()
    expect(
        mo.get_by_role("heading", level=1, name="File review checklist for Youth Works")
    ).to_be_visible()
    expect(mo.locator("main ol > li strong")).to_have_text([STRENGTHS, OWN_WORDS, LANGUAGE])
    _no_blocking_violations(mo, "file review checklist")
