"""The consent form shows the fields that apply to the way the consent was given: one
group per way, each saying when it applies (app.js shows only the chosen one), and the
server keeps only the chosen way's field."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from waypoint.consent.models import Consent
from waypoint.directory.models import Provider
from waypoint.tests.helpers import snapshot

GROUP = re.compile(
    r'<fieldset class="usa-fieldset wp-when" data-shown-when="how=(\w+)">\s*'
    r'<legend class="usa-legend">(.*?)</legend>(.*?)</fieldset>',
    re.S,
)


def groups(html: str) -> dict[str, tuple[str, str]]:
    return {how: (legend, body) for how, legend, body in GROUP.findall(html)}


@pytest.fixture
def food_bank(world):
    return Provider.objects.create(owner=world.org, name="Harbor Food Bank", description="Meals.")


def url(world) -> str:
    return f"/participants/{world.amara.participant.public_id}/consents/new/"


def post_data(provider, **extra):
    today = timezone.localdate()
    data = {
        "creation_key": str(uuid.uuid4()),
        "recipient_kind": "provider",
        "recipient_provider": provider.pk,
        "categories": ["contact"],
        "purpose": "To apply for the weekly grocery program",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=90)).isoformat(),
        "how": "typed",
        "typed_name": "",
        "witness_name": "",
    }
    data.update(extra)
    return data


def test_each_way_of_giving_it_has_its_own_group_of_fields(world, as_user):
    response = as_user(world.navigator).get(url(world))
    assert response.status_code == 200
    found = groups(response.content.decode())
    assert [(how, legend) for how, (legend, _) in found.items()] == [
        ("signed_form", "Only for a signed paper form"),
        ("verbal", "Only when they said so aloud"),
        ("typed", "Only when they typed their name"),
    ]
    assert 'name="form_file"' in found["signed_form"][1]
    assert 'name="witness_name"' in found["verbal"][1]
    assert 'name="typed_name"' in found["typed"][1]
    for how, (_, body) in found.items():  # each field in its own group only
        others = {"signed_form": "form_file", "verbal": "witness_name", "typed": "typed_name"}
        assert [f for h, f in others.items() if f'name="{f}"' in body] == [others[how]]


def test_starts_and_ends_share_a_row_with_the_note_under_both(world, as_user):
    html = as_user(world.navigator).get(url(world)).content.decode()
    row = html[html.index('<div class="wp-date-pair">') : html.index("wp-date-pair__hint")]
    assert 'name="starts_on"' in row and 'name="ends_on"' in row
    assert 'aria-describedby="id_ends_on_helptext"' in row
    assert html.count('id="id_ends_on_helptext"') == 1


def test_a_missing_typed_name_is_shown_in_its_group_with_everything_kept(world, as_user, food_bank):
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(url(world), post_data(food_bank, witness_name="Typed with care"))
    assert response.status_code == 200
    found = groups(response.content.decode())
    assert "They type their name to agree." in found["typed"][1]
    assert 'value="Typed with care"' in found["verbal"][1]  # nothing typed is lost
    assert "To apply for the weekly grocery program</textarea>" in response.content.decode()
    assert snapshot(audit=False) == before


def test_only_the_chosen_ways_field_is_kept(world, as_user, food_bank):
    client = as_user(world.navigator)
    response = client.post(
        url(world), post_data(food_bank, typed_name="Amara O.", witness_name="Left from before")
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.how, consent.typed_name, consent.witness_name) == ("typed", "Amara O.", "")


def test_read_only_roles_get_no_form(world, as_user):
    assert as_user(world.auditor).get(url(world)).status_code == 404


RECIPIENT = re.compile(
    r'<fieldset class="usa-fieldset wp-when" data-shown-when="recipient_kind=(\w+)">\s*'
    r'<legend class="usa-legend">(.*?)</legend>(.*?)</fieldset>',
    re.S,
)


def test_the_recipient_fields_are_grouped_by_who_receives_it(world, as_user):
    html = as_user(world.navigator).get(url(world)).content.decode()
    parts = {kind: (legend, body) for kind, legend, body in RECIPIENT.findall(html)}
    assert list(parts) == ["provider", "person"]
    assert parts["provider"][0] == "Only for an organization in our directory"
    assert 'name="recipient_provider"' in parts["provider"][1]
    assert "recipient_name" not in parts["provider"][1]
    assert parts["person"][0] == "Only for a person"
    assert 'name="recipient_name"' in parts["person"][1]
    assert 'name="recipient_detail"' in parts["person"][1]
    assert "recipient_provider" not in parts["person"][1]
