"""The partner view through real requests: Pia at Harbor Food Bank sees only referrals
sent there, only what consent allows while it is in force, records the answer, the
connection and the outcome; the navigator is emailed (without details); every packet
she opens is in the participant's accounting; nothing else in Waypoint exists for her."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from waypoint.assessments.actions import add_need
from waypoint.consent import actions as consent_actions
from waypoint.consent.models import Disclosure
from waypoint.directory.models import Provider, Service
from waypoint.referrals import actions
from waypoint.referrals.models import Referral
from waypoint.tests.helpers import snapshot


@pytest.fixture
def groceries(world) -> Service:
    found: Service = Service.objects.create(
        owner=world.org, organization=world.partner_org, name="Weekly groceries", status="active"
    )
    return found


def consent(world, categories=("contact", "assessment"), **extra):
    today = timezone.localdate()
    data: dict[str, Any] = {
        "recipient_provider": world.partner_org,
        "categories": list(categories),
        "purpose": "Groceries for the household",
        "starts_on": today,
        "ends_on": today + timedelta(days=60),
        "how": "typed",
        "typed_name": "Amara",
    }
    data.update(extra)
    return consent_actions.give_consent(
        by=world.navigator, participant=world.amara.participant, data=data
    )


def refer(world, service, given, categories=("contact", "assessment")):
    return actions.make_referral(
        by=world.navigator,
        enrollment=world.amara,
        service=service,
        consent=given,
        categories=list(categories),
        participant_agreed=True,
        message="She would like to start next week.",
    )


def test_partner_sees_referrals_to_them_and_records_each_step(
    world, as_user, groceries, django_capture_on_commit_callbacks
):
    add_need(by=world.navigator, enrollment=world.amara, domain="food", description="Groceries")
    add_need(
        by=world.navigator,
        enrollment=world.amara,
        domain="mental_health",
        description="CANARY-MH-5521",
    )
    referral = refer(world, groceries, consent(world))
    client = as_user(world.partner)
    assert client.get("/").status_code == 302
    assert client.get("/")["Location"] == "/partner/"
    home = client.get("/partner/").content.decode()
    assert "Amara" in home and "Weekly groceries" in home
    assert "Referrals to us" in home and "Find a" not in home
    page = client.get(f"/partner/referrals/{referral.public_id}/").content.decode()
    assert "Groceries" in page and "She would like to start next week." in page
    assert "CANARY-MH-5521" not in page
    assert "Contact details, Assessment" in page
    disclosure = Disclosure.objects.get()
    assert (disclosure.channel, disclosure.disclosed_by) == ("partner_view", world.partner)
    assert disclosure.categories == ["contact", "assessment"]

    def record(to, **extra):
        referral.refresh_from_db()
        data = {"version": referral.version, "to": to, "reason": "", "note": ""}
        data.update(extra)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/partner/referrals/{referral.public_id}/record/", data)

    assert record("received").status_code == 302
    assert record("accepted").status_code == 302
    assert record("connected").status_code == 302
    assert record("outcome", note="Picks up groceries on Tuesdays.").status_code == 302
    referral.refresh_from_db()
    assert referral.status == "outcome"
    events = list(referral.events.values_list("to_status", "by_partner", "by"))
    assert events[-4:] == [
        ("received", True, world.partner.pk),
        ("accepted", True, world.partner.pk),
        ("connected", True, world.partner.pk),
        ("outcome", True, world.partner.pk),
    ]
    assert [m.to for m in mail.outbox] == [["nia@example.org"]] * 4
    assert all("Amara" not in m.body and "Groceries" not in m.body for m in mail.outbox)
    assert "Harbor Food Bank recorded “Connected (service started)”" in mail.outbox[2].body
    # The navigator sees the loop closed.
    nia = as_user(world.navigator).get(f"/referrals/{referral.public_id}/").content.decode()
    assert "Outcome recorded" in nia and "Picks up groceries on Tuesdays." in nia
    assert "at Harbor Food Bank" in nia


def test_a_partner_cannot_record_the_referring_programs_steps(world, as_user, groceries):
    referral = refer(world, groceries, consent(world))
    client = as_user(world.partner)
    before = snapshot()
    response = client.post(
        f"/partner/referrals/{referral.public_id}/record/",
        {"version": referral.version, "to": "withdrawn", "note": "No"},
    )
    assert "Select a valid choice." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"
    after = snapshot()
    assert {k: v for k, v in after.items() if k not in ("AuditEvent", "Disclosure")} == {
        k: v for k, v in before.items() if k not in ("AuditEvent", "Disclosure")
    }


def test_revoked_or_ended_consent_closes_the_packet_at_once(world, as_user, groceries):
    given = consent(world)
    referral = refer(world, groceries, given)
    client = as_user(world.partner)
    assert client.get(f"/partner/referrals/{referral.public_id}/").status_code == 200
    consent_actions.revoke_consent(by=world.navigator, consent=given)
    response = client.get(f"/partner/referrals/{referral.public_id}/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Amara" not in page and "This referral is not available" in page
    home = client.get("/partner/").content.decode()
    assert "Amara" not in home and "Not available: no consent in force" in home
    record = client.post(
        f"/partner/referrals/{referral.public_id}/record/",
        {"version": referral.version, "to": "received"},
    )
    assert record.status_code == 403
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert Disclosure.objects.count() == 1


def test_a_partner_sees_nothing_sent_elsewhere_or_anything_else(world, as_user, groceries):
    other = Provider.objects.create(owner=world.org, name="Harbor Legal Aid", description="x")
    legal = Service.objects.create(
        owner=world.org, organization=other, name="Advice", status="active"
    )
    today = timezone.localdate()
    elsewhere = consent_actions.give_consent(
        by=world.navigator,
        participant=world.amara.participant,
        data={
            "recipient_provider": other,
            "categories": ["contact"],
            "purpose": "Legal advice",
            "starts_on": today,
            "how": "typed",
            "typed_name": "Amara",
        },
    )
    theirs = refer(world, legal, elsewhere, categories=["contact"])
    client = as_user(world.partner)
    assert client.get(f"/partner/referrals/{theirs.public_id}/").status_code == 404
    assert "Advice" not in client.get("/partner/").content.decode()
    for url in (
        "/caseload/",
        f"/participants/{world.amara.participant.public_id}/",
        f"/referrals/{theirs.public_id}/",
        "/directory/",
        "/account/tokens/",
    ):
        assert client.get(url).status_code == 404, url
    draft = actions.make_referral(
        by=world.navigator,
        enrollment=world.amara,
        service=groceries,
        consent=None,
        categories=[],
        participant_agreed=False,
        send=False,
    )
    assert client.get(f"/partner/referrals/{draft.public_id}/").status_code == 404
    assert Referral.objects.count() == 2


def test_administrators_give_partner_staff_a_sign_in(
    world, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.admin)
    url = f"/directory/providers/{world.partner_org.pk}/partners/"
    assert "Pia Partner" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"display_name": "Sam Shelf", "username": "sam.shelf", "email": "sam@food.example.org"},
        )
    assert response.status_code == 302
    from waypoint.accounts.models import User

    sam = User.objects.get(username="sam.shelf")
    assert sam.partner_of == world.partner_org and not sam.has_usable_password()
    assert mail.outbox[-1].to == ["sam@food.example.org"]
    assert as_user(world.navigator).get(url).status_code == 404
    assert as_user(world.outsider).get(url).status_code == 404


def test_partner_staff_are_emailed_when_a_referral_arrives(
    world, groceries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refer(world, groceries, consent(world))
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["pia@example.org"]
    assert sent.subject == "A referral from Riverside Community Services"
    assert "Weekly groceries" in sent.body
    assert "Amara" not in sent.body and "start next week" not in sent.body
