"""The navigator's home as a worklist: today first, the caseload grouped, one notion of
"needs attention", quick actions, and an empty caseload told apart by role."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

from django.utils import timezone

from conftest import make_staff
from waypoint.accounts import actions as accounts
from waypoint.caseload import queries
from waypoint.enrollments.models import Enrollment
from waypoint.notes.relationship import needs_attention
from waypoint.plans.actions import start_plan
from waypoint.tests.helpers import snapshot

from .test_caseload import add_people


def due(enrollment, days_from_today, what):
    Enrollment.objects.filter(pk=enrollment.pk).update(
        next_due_on=timezone.localdate() + timedelta(days=days_from_today), next_due_what=what
    )


def names_in(html):
    return re.findall(r'<th scope="row"[^>]*><a href="/participants/[^"]+">([^<]+)</a>', html)


def rows_of(html):
    """Each caseload table row's text, by the person's name."""
    found = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\".*?</tr>", html, re.S):
        name = re.search(r'/participants/[^"]+">([^<]+)</a>', row)
        assert name is not None
        found[name.group(1)] = row
    return found


def caseload_of(world, as_user):
    """Four people besides Amara: overdue a little, overdue for long, due soon, due later
    (Youth Works sees each person every 14 days: its review window)."""
    a, b, c, d = add_people(world, world.youth, world.navigator, 4, prefix="Pat")
    due(a, -3, "contact")
    due(b, -100, "reassessment")
    due(c, 2, "isp")
    due(d, 40, "assessment")
    due(world.amara, -20, "assessment")
    return as_user(world.navigator).get("/caseload/").content.decode()


def test_today_first_then_the_caseload_with_long_overdue_grouped(world, as_user):
    html = caseload_of(world, as_user)
    assert world.youth.contact_every_days == 14
    # Today's work comes before the list, and the list before everything else.
    assert html.index('id="today-h"') < html.index('id="caseload-h"')
    assert html.index('id="caseload-h"') < html.index('id="my-commitments"')
    main, review = html.split('id="caseload-review"')
    # Overdue by 3 days, then due soon and later; overdue by 20 and 100 days (more than
    # the 14-day window) are grouped for a review, in the same order.
    assert names_in(main) == ["Pat 0", "Pat 2", "Pat 3"]
    assert names_in(review) == ["Pat 1", "Amara"]
    assert "2 overdue by over 14 days, grouped below: review them" in main
    rows = rows_of(html)
    assert '<span class="wp-flag wp-flag--overdue">Overdue</span>' in rows["Pat 0"]
    assert "This week" in rows["Pat 2"]
    # The grouped rows say how late in words, without the red flag.
    assert "wp-flag--overdue" not in rows["Pat 1"]
    assert '<span class="wp-flag wp-flag--plain">Overdue by 100 days</span>' in rows["Pat 1"]
    # Sorted by name, nobody is grouped away.
    client = as_user(world.navigator)
    by_name = client.post("/caseload/", {"sort": "name"}).content.decode()
    assert 'id="caseload-review"' not in by_name
    assert names_in(by_name) == ["Amara", "Pat 0", "Pat 1", "Pat 2", "Pat 3"]
    # Asking for the overdue ones opens the group.
    overdue = client.post("/caseload/", {"due": "overdue"}).content.decode()
    assert '<details class="wp-review" id="caseload-review" open>' in overdue


def test_needs_attention_agrees_with_the_due_column(world, as_user):
    html = caseload_of(world, as_user)
    rows = rows_of(html)
    day = (timezone.localdate() - timedelta(days=100)).strftime("%b %-d, %Y")
    assert "Reassessment overdue by 100 days (due " + day + ")" in rows["Pat 1"]
    assert "Contact overdue by 3 days" in rows["Pat 0"]
    assert "Assessment overdue by 20 days" in rows["Amara"]
    for name, row in rows.items():
        due_cell, attention = row.split('data-label="Due next"')[1].split("Needs attention")
        if "Overdue" in due_cell:
            assert ">Nothing<" not in attention and "overdue by" in attention, name
    assert ">Nothing<" in rows["Pat 3"] and ">Nothing<" in rows["Pat 2"]


def test_a_contact_signal_is_not_said_twice(world):
    today = timezone.localdate()
    e = Enrollment.objects.select_related("program").get(pk=world.amara.pk)
    e.last_contact_at = timezone.now() - timedelta(days=20)
    e.next_due_on, e.next_due_what = today - timedelta(days=6), "contact"
    found = needs_attention(e, today)
    assert [s.kind for s in found] == ["contact"]
    assert found[0].text == "No contact for 20 days (the standard is every 14)"


def test_quick_actions_log_a_contact_and_open_the_plan(world, as_user):
    version = start_plan(by=world.navigator, enrollment=world.amara)
    [other] = add_people(world, world.youth, world.navigator, 1, prefix="Pat")
    html = as_user(world.navigator).get("/caseload/").content.decode()
    rows = rows_of(html)
    assert (
        f'<a href="/enrollments/{world.amara.public_id}/contacts/new/">Log a contact'
        '<span class="usa-sr-only"> with Amara</span></a>'
    ) in rows["Amara"]
    assert (
        f'<a href="/plans/{version.public_id}/">Open the plan'
        '<span class="usa-sr-only"> of Amara</span></a>'
    ) in rows["Amara"]
    assert f"/enrollments/{other.public_id}/contacts/new/" in rows["Pat 0"]
    assert "Open the plan" not in rows["Pat 0"]  # no plan yet


def test_an_outsider_sees_none_of_another_programs_people(world, as_user):
    caseload_of(world, as_user)
    before = snapshot(audit=False)
    html = as_user(world.outsider).get("/caseload/").content.decode()
    for name in ("Amara", "Pat 0", "Pat 1", "Bo Nguy"):
        assert name not in html
    assert names_in(html) == []
    assert snapshot(audit=False) == before


def test_an_empty_caseload_is_explained_for_the_role(world, as_user):
    html = as_user(world.supervisor).get("/caseload/").content.decode()
    assert "When a supervisor assigns" not in html
    assert "No one is on your own caseload." in html
    assert '<a href="/supervision/">Supervision</a>' in html
    newcomer = make_staff(world.org, "newt", "Newt Navigator")
    accounts.grant_role(user=newcomer, role="navigator", program=world.youth)
    html = as_user(newcomer).get("/caseload/").content.decode()
    assert (
        "No one is on your caseload yet. When a supervisor assigns participants to you, "
        "or you add someone, they appear here."
    ) in html


def test_a_bad_filter_is_explained_and_keeps_what_was_typed(world, as_user):
    html = (
        as_user(world.navigator)
        .post("/caseload/", {"q": "amara", "due": "someday"})
        .content.decode()
    )
    assert "Select a valid choice. someday is not one of the available choices." in html
    assert 'value="amara"' in html


def promise(what, due_on, window=14):
    program = SimpleNamespace(contact_every_days=window)
    return SimpleNamespace(what=what, due_on=due_on, enrollment=SimpleNamespace(program=program))


def test_promises_sorted_into_this_week_later_and_review():
    today = date(2026, 3, 10)
    home = SimpleNamespace(
        appointments=[],
        drafts=[],
        commitments=[
            promise("long ago", today - timedelta(days=15)),
            promise("late", today - timedelta(days=14)),
            promise("no date", None),
            promise("next week", today + timedelta(days=8)),
            promise("friday", today + timedelta(days=3)),
        ],
    )
    follow_up = SimpleNamespace(mine=[promise("agreed", today + timedelta(days=7))])
    found = queries.worklist(home, follow_up, today)
    assert [p.item.what for p in found.promises_soon] == ["late", "friday", "agreed"]
    assert [p.kind for p in found.promises_soon] == ["commitment", "commitment", "action"]
    assert [p.item.what for p in found.promises_later] == ["next week", "no date"]
    assert [(p.item.what, p.days_over) for p in found.promises_review] == [("long ago", 15)]
    assert found.promises == 6 and found.review_windows == [14]


def test_promises_on_the_home_page_this_week_first_the_rest_folded(world, as_user):
    from waypoint.notes.actions import make_commitment

    today = timezone.localdate()
    for what, days in (
        ("Call about the bus pass", 2),
        ("Send the lease papers", -3),
        ("Find a dentist", 30),
        ("Bring the food bank list", -40),
        ("Ask about the GED class", None),
    ):
        make_commitment(
            by=world.navigator,
            enrollment=world.amara,
            what=what,
            due_on=None if days is None else today + timedelta(days=days),
        )
    html = as_user(world.navigator).get("/caseload/").content.decode()
    today_strip = html[html.index('id="today-h"') : html.index('id="caseload-h"')]
    assert "Promises overdue or due this week (2)" in today_strip
    assert today_strip.index("Send the lease papers") < today_strip.index("Call about the bus")
    assert "Overdue by 3 days" in today_strip and "Find a dentist" not in today_strip
    assert "All 5 promises" in today_strip
    promised = html[html.index('id="my-commitments"') :]
    promised = promised[: promised.index("</section>")]
    assert "What I promised (5)" in promised
    shown, later = promised.split("Due later or with no date (2)")
    assert "Send the lease papers" in shown and "Call about the bus pass" in shown
    assert "Find a dentist" not in shown
    later, review = later.split("1 overdue by over 14 days: review them")
    assert later.index("Find a dentist") < later.index("Ask about the GED class")
    assert "Bring the food bank list" in review
    # The long overdue promise says so in words, without the red flag.
    assert '<span class="wp-flag wp-flag--plain">Overdue</span>' in review
    assert "wp-flag--overdue" not in review


def test_the_participant_page_says_the_same_as_the_caseload_row(world, as_user):
    html = caseload_of(world, as_user)
    assert "Assessment overdue by 20 days" in rows_of(html)["Amara"]
    page = as_user(world.navigator).get(f"/participants/{world.amara.participant.public_id}/")
    signals = page.content.decode().split('class="wp-signals"')[1].split("</div>")[0]
    day = (timezone.localdate() - timedelta(days=20)).strftime("%b %-d, %Y")
    assert "Assessment overdue by 20 days (due " + day + ")" in signals
