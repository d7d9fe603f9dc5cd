"""The plan in the participant's own Waypoint through real requests: the screen for saying
yes is text only but for its own form, their strengths show as written, under a heading
that says where the words come from."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from waypoint.plans.models import PlanVersion
from waypoint.plans.tests.test_participant_copy import assess_with_strengths, controls
from waypoint.portal.tests.records import shared_plan
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db

EXPECTED = [
    "Calm and funny; friends come to them when things get tense. She is proud of it.",
    "Cooks for a crowd, every Sunday.",
    "Fixes bikes for the neighbours",
    "The rec center basketball league",
]


@pytest.fixture
def plan(world):
    assess_with_strengths(world)
    return shared_plan(world.navigator, world.amara)


def test_saying_yes_shows_the_plan_as_text_and_only_its_own_form(world, client, plan):
    client.force_login(world.participant)
    url = reverse("portal_acknowledge", args=[plan.public_id])
    page = client.get(url).content.decode()
    found = controls(page, main_only=True)
    assert found.found == [
        ("form", "", ""),
        ("input", "hidden", "csrfmiddlewaretoken"),
        ("input", "text", "name"),
        ("input", "checkbox", "agree"),
        ("button", "submit", ""),
    ]
    assert found.buttons == ["This is my plan"]
    # Statuses as words; their own step is "You", the navigator's says who.
    assert page.count('<td data-label="Status">Not started</td>') == 2
    assert '<td data-label="Who">You</td>' in page
    assert '<td data-label="Who">Navigator</td>' in page
    assert "Participant" not in page
    assert "<dt>Answers</dt><dd>“A place of my own”</dd>" in page
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    # A mistake keeps what was typed and changes nothing.
    refused = client.post(url, {"name": "Amara Okafor"})
    assert refused.status_code == 400
    assert 'value="Amara Okafor"' in refused.content.decode()
    assert PlanVersion.objects.get(pk=plan.pk).status == "shared"


def test_their_strengths_show_as_written_and_say_where_the_words_come_from(world, client, plan):
    client.force_login(world.participant)
    for url, heading in (
        (
            reverse("portal_plan", args=[plan.public_id]),
            "My strengths, as written in my assessment",
        ),
        (
            reverse("portal_acknowledge", args=[plan.public_id]),
            "Your strengths, as written in your assessment",
        ),
    ):
        page = client.get(url).content.decode()
        assert f'<h2 id="strengths-heading">{heading}</h2>' in page, url
        start = page.index('id="strengths-heading"')
        block = page[start : page.index("</section>", start)]
        assert re.findall(r"<li>(.*?)</li>", block) == EXPECTED, url
        assert "What I am good at" not in page and "Your strengths</h2>" not in page


def test_someone_else_cannot_open_the_screen_or_say_yes(world, client, plan):
    before = snapshot(audit=False)
    client.force_login(world.navigator2)
    url = reverse("portal_acknowledge", args=[plan.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Amara Okafor", "agree": "on"}).status_code == 404
    assert snapshot(audit=False) == before
    assert PlanVersion.objects.get(pk=plan.pk).status == "shared"
