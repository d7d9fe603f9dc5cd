"""Numbered needs in the participant's order; sensitive details kept to allowed roles."""

from __future__ import annotations

import pytest

from waypoint.assessments.actions import add_need, move_need, set_need_status
from waypoint.assessments.models import Need
from waypoint.audit.models import AuditEvent
from waypoint.errors import ActionRefused
from waypoint.tests.helpers import snapshot


def page(client, enrollment):
    return client.get(f"/participants/{enrollment.participant.public_id}/").content.decode()


def order(enrollment):
    return list(Need.objects.filter(enrollment=enrollment).values_list("number", flat=True))


def test_needs_are_numbered_and_put_in_the_participants_order(world, as_user):
    client = as_user(world.navigator)
    url = f"/enrollments/{world.amara.public_id}/needs/"
    for domain, words in [
        ("housing", "I need a safe place to sleep"),
        ("education_employment", "I want to finish my GED"),
        ("transportation", "A bus pass so I can get to class"),
    ]:
        assert client.post(url, {"domain": domain, "description": words}).status_code == 302
    assert order(world.amara) == [1, 2, 3]
    third = Need.objects.get(enrollment=world.amara, number=3)
    client.post(f"/needs/{third.public_id}/move/", {"direction": "up"})
    client.post(f"/needs/{third.public_id}/move/", {"direction": "up"})
    assert order(world.amara) == [3, 1, 2]
    html = page(client, world.amara)
    html = html[html.index("Needs, in Amara") :]
    assert html.index("need 3 in the plan") < html.index("need 1 in the plan")
    assert html.index("need 1 in the plan") < html.index("need 2 in the plan")
    assert '<ul class="wp-need-list">' in html  # one numbering: the need's own, no list ordinal
    assert "“A bus pass so I can get to class”" in html
    assert 'aria-label="Move need 3 down"' in html
    assert 'aria-label="Move need 3 up"' not in html  # already first


def test_numbers_are_never_reused(world):
    first = add_need(
        by=world.navigator, enrollment=world.amara, domain="food", description="Groceries"
    )
    set_need_status(by=world.navigator, need=first, status="set_aside")
    second = add_need(
        by=world.navigator, enrollment=world.amara, domain="food", description="Meals"
    )
    assert (first.number, second.number) == (1, 2)
    other = add_need(by=world.navigator2, enrollment=world.bo, domain="food", description="Lunch")
    assert other.number == 1  # numbering is per enrollment


def test_moving_past_the_ends_is_refused_kindly(world, as_user):
    only = add_need(by=world.navigator, enrollment=world.amara, domain="food", description="x")
    with pytest.raises(ActionRefused, match="already first"):
        move_need(by=world.navigator, need=only, direction="up")
    client = as_user(world.navigator)
    response = client.post(f"/needs/{only.public_id}/move/", {"direction": "down"}, follow=True)
    assert "Need 1 is already last." in response.content.decode()


def test_status_changes_are_kept_and_shown(world, as_user):
    need = add_need(
        by=world.navigator, enrollment=world.amara, domain="housing", description="A room"
    )
    client = as_user(world.navigator)
    client.post(f"/needs/{need.public_id}/status/", {"status": "met"})
    need.refresh_from_db()
    assert need.status == "met"
    assert "Met" in page(client, world.amara)
    bad = client.post(f"/needs/{need.public_id}/status/", {"status": "gone"}, follow=True)
    assert "Choose open, met or no longer a need." in bad.content.decode()
    need.refresh_from_db()
    assert need.status == "met"


def test_bad_input_is_explained_and_kept(world, as_user):
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    response = client.post(
        f"/enrollments/{world.amara.public_id}/needs/", {"domain": "", "description": "Work"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the area of life this need is about." in html
    assert "Work</textarea>" in html
    blank = client.post(
        f"/enrollments/{world.amara.public_id}/needs/", {"domain": "food", "description": "  "}
    )
    assert "Write the need, in their words if you can." in blank.content.decode()
    long = client.post(
        f"/enrollments/{world.amara.public_id}/needs/",
        {"domain": "food", "description": "x" * 1001},
    )
    assert "at most 1000 characters" in long.content.decode()
    assert snapshot(audit=False) == before


def test_sensitive_needs_show_only_to_roles_the_program_allows(world, as_user):
    need = add_need(
        by=world.navigator,
        enrollment=world.amara,
        domain="mental_health",
        description="Panic attacks before interviews",
    )
    assert "Panic attacks" in page(as_user(world.navigator), world.amara)
    assert "Panic attacks" in page(as_user(world.supervisor), world.amara)
    auditor_page = page(as_user(world.auditor), world.amara)
    assert "Panic attacks" not in auditor_page
    assert "need 1 in the plan's goals" in auditor_page and "Mental health" in auditor_page
    assert "Private: only roles this program allows can read it." in auditor_page
    # The audit trail does not copy the sensitive words either.
    event = AuditEvent.objects.filter(object_type="need", object_id=str(need.public_id)).get()
    assert "Panic" not in str(event.changes)
    # The manager narrows access: now supervisors see only that it exists.
    world.youth.sensitive_roles = ["navigator"]
    world.youth.save(update_fields=["sensitive_roles"])
    assert "Panic attacks" not in page(as_user(world.supervisor), world.amara)


def test_read_only_and_outsiders_cannot_change_needs(world, as_user):
    need = add_need(by=world.navigator, enrollment=world.amara, domain="food", description="Food")
    before = snapshot()
    for person, status in ((world.auditor, 404), (world.outsider, 404), (world.navigator2, 404)):
        client = as_user(person)
        assert (
            client.post(f"/needs/{need.public_id}/status/", {"status": "met"}).status_code == status
        )
        assert (
            client.post(
                f"/enrollments/{world.amara.public_id}/needs/",
                {"domain": "food", "description": "x"},
            ).status_code
            == status
        )
    assert snapshot() == before
