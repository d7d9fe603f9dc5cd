"""The participant's copy of the plan (the printed page and the acknowledgement screen)
through real requests: text only, spoken to them, their needs in their order and in their
words, their strengths as written; and services that only the program's people provide."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.utils import timezone

from waypoint.assessments.actions import move_need
from waypoint.assessments.models import Assessment
from waypoint.plans import actions, queries
from waypoint.plans.models import Goal, PlanVersion, Service, Who
from waypoint.tests.helpers import snapshot, three_needs

pytestmark = pytest.mark.django_db

STRENGTHS = {
    "traits": "Calm and funny; friends come to them when things get tense. She is proud of it.",
    "skills": "Cooks for a crowd, every Sunday.\n.\n- Fixes bikes for the neighbours",
    "community": "The rec center basketball league",
}


class Controls(HTMLParser):
    """Every form control on a page (or inside <main>): tag, type, name and, for a
    button, its words."""

    def __init__(self, *, main_only: bool = False) -> None:
        super().__init__()
        self.main_only = main_only
        self.in_main = not main_only
        self.found: list[tuple[str, str, str]] = []
        self.buttons: list[str] = []
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in ("select", "input", "textarea", "button", "form"):
            self.found.append((tag, named.get("type") or "", named.get("name") or ""))
        if tag == "button":
            self._button = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self.main_only:
            self.in_main = False
        if tag == "button" and self._button is not None:
            self.buttons.append(" ".join("".join(self._button).split()))
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)


def controls(html: str, *, main_only: bool = False) -> Controls:
    parser = Controls(main_only=main_only)
    parser.feed(html)
    return parser


def assess_with_strengths(world: Any) -> None:
    """A completed intake for Amara with STRENGTHS (the portal's tests use it too)."""
    now = timezone.now()
    Assessment.objects.create(
        enrollment=world.amara,
        participant_id=world.amara.participant_id,
        number=1,
        kind="intake",
        status="complete",
        answers=STRENGTHS,
        started_at=now,
        updated_at=now,
        completed_at=now,
        completed_on=timezone.localdate(),
    )


def _plan(world: Any, *, shared: bool = True) -> PlanVersion:
    """Needs 1-3, put in Amara's order 3, 1, 2; one goal answering need 2 with a step
    of hers, one of the navigator's and a service."""
    needs = three_needs(world, world.amara)
    move_need(by=world.navigator, need=needs[2], direction="up")
    move_need(by=world.navigator, need=needs[2], direction="up")
    assess_with_strengths(world)
    version = actions.start_plan(by=world.navigator, enrollment=world.amara)
    actions.save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=actions.GoalData(
            text="Apply to three warehouse jobs",
            needs=[needs[1]],
            measure="Three applications sent",
            target_date=timezone.localdate() + timedelta(days=30),
            steps=[
                actions.StepData(what="Update my résumé", who=Who.PARTICIPANT),
                actions.StepData(what="Send two job leads", who=Who.NAVIGATOR),
            ],
            services=[actions.ServiceData(what="Job search coaching", how_often="weekly")],
        ),
        expected=version.edit_version,
    )
    version.refresh_from_db()
    if shared:
        version = actions.share(by=world.navigator, version=version, expected=version.edit_version)
    return version


def _chain(html: str) -> str:
    start = html.index('id="needs-chain"')
    return html[start : html.index('id="goals-heading"')]


def test_the_printed_copy_is_text_only_and_spoken_to_them(world, as_user):
    version = _plan(world)
    client = as_user(world.navigator)
    # The staff page itself has the controls (it is the newest version, and theirs to change).
    staff = client.get(f"/plans/{version.public_id}/").content.decode()
    assert 'name="status"' in staff and "wp-inline wp-no-print" in staff
    # Printed from the staff page, each step's status is its words, the select is not printed.
    assert '<span class="wp-print-only">Not started</span>' in staff

    page = client.get(f"/plans/{version.public_id}/print/").content.decode()
    found = controls(page)
    # The only control is the Print button, which is not printed itself.
    assert found.found == [("button", "button", "")]
    assert found.buttons == ["Print"]
    assert '<div class="wp-no-print">' in page
    # Statuses as words; Amara's own step says "You"; no staff words about her.
    assert page.count('<td data-label="Status">Not started</td>') == 2
    assert '<td data-label="Who">You</td>' in page
    assert '<td data-label="Who">Navigator</td>' in page
    assert "Participant" not in page
    assert '<h2 id="strengths-heading">Your strengths, as written in your assessment</h2>' in page
    assert "Your strengths</h2>" not in page


def test_the_acknowledgement_screen_is_text_only_but_for_its_own_form(world, as_user):
    version = _plan(world)
    client = as_user(world.navigator)
    url = f"/plans/{version.public_id}/acknowledge/"
    page = client.get(url).content.decode()
    found = controls(page)
    assert found.found == [
        ("form", "", ""),
        ("input", "hidden", "csrfmiddlewaretoken"),
        ("input", "text", "name"),
        ("input", "date", "on"),
        ("input", "checkbox", "agree"),
        ("button", "submit", ""),
    ]
    assert found.buttons == ["This is my plan"]
    assert page.count('<td data-label="Status">Not started</td>') == 2
    assert '<td data-label="Who">You</td>' in page
    # A mistake keeps what was typed and changes nothing.
    refused = client.post(url, {"name": "Amara Okafor", "on": timezone.localdate().isoformat()})
    assert refused.status_code == 400
    assert 'value="Amara Okafor"' in refused.content.decode()
    assert PlanVersion.objects.get(pk=version.pk).status == "shared"


def test_an_outsider_cannot_print_or_open_the_acknowledgement(world, as_user):
    version = _plan(world)
    before = snapshot(audit=False)
    outsider = as_user(world.navigator2)
    assert outsider.get(f"/plans/{version.public_id}/print/").status_code == 404
    url = f"/plans/{version.public_id}/acknowledge/"
    assert outsider.get(url).status_code == 404
    today = timezone.localdate().isoformat()
    assert outsider.post(url, {"name": "X", "on": today, "agree": "on"}).status_code == 404
    assert snapshot(audit=False) == before
    assert PlanVersion.objects.get(pk=version.pk).status == "shared"


def test_needs_show_in_their_order_and_in_their_own_words(world, as_user):
    version = _plan(world)
    client = as_user(world.navigator)
    printed = client.get(f"/plans/{version.public_id}/print/").content.decode()
    chain = _chain(printed)
    # One numbering: the list's own, in Amara's order; the need's words, no "Need 2".
    assert re.findall(r"<li class=\"wp-chain__need\">“([^”]+)”", chain) == [
        "A way to get to work",
        "A safe place to sleep",
        "A job with steady hours",
    ]
    assert "Need " not in chain and '<ol class="wp-chain">' in chain
    # The goal says which need it answers in the need's words.
    assert "<dt>Answers</dt><dd>“A job with steady hours”</dd>" in printed
    assert "need 2" not in printed
    # The screen for acknowledging says the same.
    screen = client.get(f"/plans/{version.public_id}/acknowledge/").content.decode()
    assert "<dt>Answers</dt><dd>“A job with steady hours”</dd>" in screen
    assert "Need " not in _chain(screen)
    # Staff keep the numbers that goals name, in her order, with no second number beside them.
    staff = _chain(client.get(f"/plans/{version.public_id}/").content.decode())
    assert re.findall(r"<strong>Need (\d)</strong>", staff) == ["3", "1", "2"]
    assert '<ul class="wp-chain wp-chain--plain">' in staff and "<ol" not in staff
    assert "Needs, in Amara's order" in staff


def test_strengths_show_as_written(world, as_user):
    version = _plan(world)
    client = as_user(world.navigator)
    expected = [
        "Calm and funny; friends come to them when things get tense. She is proud of it.",
        "Cooks for a crowd, every Sunday.",
        "Fixes bikes for the neighbours",
        "The rec center basketball league",
    ]
    assert queries.strength_texts(world.amara.pk) == expected
    for url in (
        f"/plans/{version.public_id}/",
        f"/plans/{version.public_id}/print/",
        f"/plans/{version.public_id}/acknowledge/",
    ):
        page = client.get(url).content.decode()
        block = page[page.index('id="strengths-heading"') : page.index('id="long-term"')]
        items = re.findall(r"<li>(.*?)</li>", block)
        assert [i.replace("&#x27;", "'") for i in items] == expected, url
        assert "<li>.</li>" not in block and " · " not in block
    # The SMARTS check still matches a goal's strengths against each phrase, never a ".".
    phrases = queries.assessment_strengths(world.amara.pk)
    assert phrases[:2] == [
        "Calm and funny",
        "friends come to them when things get tense. She is proud of it.",
    ]
    assert "." not in phrases


def test_services_are_provided_by_the_program_not_the_participant(world, as_user):
    version = _plan(world, shared=False)
    client = as_user(world.navigator)
    url = f"/plans/{version.public_id}/goals/new/"
    form = client.get(url).content.decode()
    select = re.search(r'<select name="service-0-provider".*?</select>', form, re.S)
    assert select is not None
    assert re.findall(r'<option value="(\w+)"', select.group(0)) == [
        "navigator",
        "staff",
        "partner",
        "family",
    ]
    # Someone posting "participant" anyway gets a clear message and loses nothing.
    goals = Goal.objects.filter(version=version).count()
    data = {
        "edit_version": PlanVersion.objects.get(pk=version.pk).edit_version,
        "text": "Get a bus pass",
        "needs": ["3"],
        "service-0-what": "Reminders before each class",
        "service-0-provider": "participant",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Choose who provides it from the list." in html
    assert 'value="Reminders before each class"' in html and "Get a bus pass</textarea>" in html
    assert Goal.objects.filter(version=version).count() == goals


def test_a_service_stored_with_the_participant_as_provider_still_shows(world, as_user):
    version = _plan(world, shared=False)
    goal = Goal.objects.get(version=version)
    Service.objects.filter(goal=goal).update(provider=Who.PARTICIPANT)
    client = as_user(world.navigator)
    page = client.get(f"/plans/{version.public_id}/").content.decode()
    assert "Job search coaching (participant, weekly)" in page
    printed = client.get(f"/plans/{version.public_id}/print/").content.decode()
    assert "Job search coaching (you, weekly)" in printed
    # Editing keeps the stored choice on its own row only, so saving changes nothing unasked.
    form = client.get(f"/goals/{goal.public_id}/edit/").content.decode()
    kept = re.search(r'<select name="service-0-provider".*?</select>', form, re.S)
    blank = re.search(r'<select name="service-1-provider".*?</select>', form, re.S)
    assert kept is not None and blank is not None
    assert '<option value="participant" selected>Participant</option>' in kept.group(0)
    assert 'value="participant"' not in blank.group(0)


def test_no_typo_and_no_double_full_stop_after_a_time(world, as_user):
    version = _plan(world)
    client = as_user(world.navigator)
    client.post(
        f"/plans/{version.public_id}/acknowledge/",
        {"name": "Amara Okafor", "on": timezone.localdate().isoformat(), "agree": "on"},
    )
    assert PlanVersion.objects.get(pk=version.pk).status == "acknowledged"
    for url in (f"/plans/{version.public_id}/", f"/plans/{version.public_id}/print/"):
        page = client.get(url).content.decode()
        assert "is a shared with" not in page
        assert re.search(r"[ap]\.m\.\.", page) is None, url
    staff = client.get(f"/plans/{version.public_id}/").content.decode()
    assert re.search(r"[ap]\.m\.\)\. This version never changes\.", staff)


def test_every_participant_page_has_the_favicon(world, as_user):
    version = _plan(world)
    client = as_user(world.navigator)
    icon = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    for url in (f"/plans/{version.public_id}/print/", f"/plans/{version.public_id}/acknowledge/"):
        assert icon in client.get(url).content.decode(), url
