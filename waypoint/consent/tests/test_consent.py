"""Consents to share and the accounting of disclosures, through real requests: recording
(each way a participant can give it), refusing terms the rules do not allow with the
typed text kept, the signed form served only through the funnel, revocation taking
effect at once, disclosures recorded and never edited, and consents ending soon."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.consent import actions, queries
from waypoint.consent.models import Consent, Disclosure
from waypoint.directory.models import Provider
from waypoint.errors import ActionRefused
from waypoint.tests.helpers import snapshot

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    return tmp_path / "private"


@pytest.fixture
def food_bank(world):
    return Provider.objects.create(
        owner=world.org, name="Harbor Food Bank", description="Groceries and meals."
    )


def terms(provider=None, **extra) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "recipient_provider": provider,
        "recipient_name": "" if provider else "Dr. Lee",
        "recipient_detail": "" if provider else "Harbor Health Clinic",
        "categories": ["contact", "plan"],
        "purpose": "To apply for the weekly grocery program",
        "starts_on": today,
        "ends_on": today + timedelta(days=180),
        "how": "typed",
        "typed_name": "Amara O.",
    }
    data.update(extra)
    return data


def give(world, participant=None, provider=None, **extra) -> Consent:
    return actions.give_consent(
        by=world.navigator,
        participant=participant or world.amara.participant,
        data=terms(provider, **extra),
    )


def post_data(world, provider=None, **extra) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "creation_key": str(uuid.uuid4()),
        "recipient_kind": "provider" if provider else "person",
        "recipient_provider": provider.pk if provider else "",
        "recipient_name": "" if provider else "Dr. Lee",
        "recipient_detail": "",
        "categories": ["contact", "plan"],
        "purpose": "To apply for the weekly grocery program",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=180)).isoformat(),
        "how": "typed",
        "typed_name": "Amara O.",
        "witness_name": "",
    }
    data.update(extra)
    return data


def test_navigator_records_a_consent_and_reads_it_back(world, as_user, food_bank):
    client = as_user(world.navigator)
    participant = world.amara.participant
    url = f"/participants/{participant.public_id}/consents/new/"
    assert client.get(url).status_code == 200
    data = post_data(world, food_bank)
    response = client.post(url, data)
    consent = Consent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consents/{consent.public_id}/"
    assert consent.recipient == "Harbor Food Bank"
    assert consent.categories == ["contact", "plan"]
    assert (consent.how, consent.typed_name, consent.recorded_by) == (
        "typed",
        "Amara O.",
        world.navigator,
    )
    assert consent.state() == "active"
    # A double submit makes one consent.
    assert client.post(url, data).status_code == 302
    assert Consent.objects.count() == 1
    event = AuditEvent.objects.get(action="create", object_type="consent")
    assert event.changes["categories"] == ["contact", "plan"]
    assert "grocery" not in str(event.changes)
    page = client.get(f"/participants/{participant.public_id}/consents/").content.decode()
    assert "Harbor Food Bank" in page and "Contact details, Service plan" in page
    assert "In force" in page
    detail = client.get(response["Location"]).content.decode()
    assert "To apply for the weekly grocery program" in detail
    assert "Typed their name to agree: “Amara O.”" in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"categories": []}, "This field is required."),
        ({"recipient_kind": "person", "recipient_name": ""}, "Name who may receive it"),
        (
            {"categories": ["contact", "substance_use"], "ends_on": ""},
            "Sharing substance use information needs an end date",
        ),
        ({"how": "verbal", "typed_name": ""}, "Name the witness who heard them agree."),
        ({"how": "signed_form", "typed_name": ""}, "Upload the signed form"),
        ({"purpose": " "}, "This field is required."),
        ({"ends_on": "2020-01-01"}, "It ends before it starts."),
    ],
)
def test_terms_the_rules_do_not_allow_are_refused_and_the_form_kept(
    world, as_user, food_bank, changes, message
):
    client = as_user(world.navigator)
    before = snapshot(audit=False)
    data = post_data(world, food_bank, recipient_detail="Typed with care", **changes)
    if changes.get("recipient_kind") == "person":
        data["recipient_provider"] = ""
    url = f"/participants/{world.amara.participant.public_id}/consents/new/"
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Typed with care" in page
    assert Consent.objects.count() == 0
    assert snapshot(audit=False) == before


def test_a_signed_form_is_kept_privately_and_served_only_through_the_funnel(
    world, as_user, food_bank, private_dir
):
    client = as_user(world.navigator)
    url = f"/participants/{world.amara.participant.public_id}/consents/new/"
    upload = SimpleUploadedFile("release.pdf", PDF, content_type="application/pdf")
    data = post_data(world, food_bank, how="signed_form", typed_name="", form_file=upload)
    assert client.post(url, data).status_code == 302
    consent = Consent.objects.get()
    stored = private_dir / consent.form_file.name
    assert stored.read_bytes() == PDF
    assert consent.form_content_type == "application/pdf"
    response = client.get(f"/consents/{consent.public_id}/form/")
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    outsider = as_user(world.outsider)
    assert outsider.get(f"/consents/{consent.public_id}/form/").status_code == 404
    assert outsider.get(f"/consents/{consent.public_id}/").status_code == 404


def test_a_form_that_is_not_a_pdf_or_image_is_refused(world, as_user, food_bank):
    client = as_user(world.navigator)
    url = f"/participants/{world.amara.participant.public_id}/consents/new/"
    upload = SimpleUploadedFile("release.pdf", b"<html>not a form</html>")
    data = post_data(world, food_bank, how="signed_form", typed_name="", form_file=upload)
    response = client.post(url, data)
    assert "The form must be a PDF, PNG or JPEG file." in response.content.decode()
    assert Consent.objects.count() == 0


def test_revoking_takes_effect_at_once_and_only_once(world, as_user, food_bank):
    consent = give(world, provider=food_bank)
    participant = world.amara.participant
    before_revoking = timezone.now()
    assert queries.in_force(participant.pk, provider_id=food_bank.pk) == [consent]
    client = as_user(world.navigator)
    response = client.post(f"/consents/{consent.public_id}/revoke/", {"note": "By phone"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.state() == "revoked" and consent.revoked_note == "By phone"
    assert queries.in_force(participant.pk, provider_id=food_bank.pk) == []
    # What was in force before the revocation still shows as such.
    assert queries.in_force(participant.pk, provider_id=food_bank.pk, at=before_revoking) == [
        consent
    ]
    revoked_at = consent.revoked_at
    client.post(f"/consents/{consent.public_id}/revoke/", {"note": "Again"})
    consent.refresh_from_db()
    assert (consent.revoked_at, consent.revoked_note) == (revoked_at, "By phone")
    assert AuditEvent.objects.filter(action="revoke", object_type="consent").count() == 1


def test_in_force_follows_the_dates_and_the_recipient(world, food_bank):
    participant = world.amara.participant
    today = timezone.localdate()
    future = give(world, provider=food_bank, starts_on=today + timedelta(days=3))
    ended = give(
        world,
        provider=food_bank,
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=1),
    )
    person = give(world)
    assert queries.in_force(participant.pk, provider_id=food_bank.pk) == []
    assert queries.in_force(participant.pk, consent_ids=[person.pk]) == [person]
    later = timezone.now() + timedelta(days=4)
    assert queries.in_force(participant.pk, provider_id=food_bank.pk, at=later) == [future]
    earlier = timezone.now() - timedelta(days=2)
    assert queries.in_force(participant.pk, provider_id=food_bank.pk, at=earlier) == [ended]


def test_disclosures_are_recorded_per_consent_and_listed(world, as_user, food_bank):
    participant = world.amara.participant
    first = give(world, provider=food_bank)
    second = give(
        world,
        provider=food_bank,
        categories=["substance_use"],
        purpose="To coordinate treatment",
    )
    made = actions.disclose(
        by=world.navigator,
        participant=participant,
        consents=[first, second],
        categories={"contact", "substance_use"},
        channel=Disclosure.Channel.REFERRAL,
        about="Referral to the grocery program",
    )
    assert [(d.consent, d.categories, d.redisclosure_notice) for d in made] == [
        (first, ["contact"], False),
        (second, ["substance_use"], True),
    ]
    with pytest.raises(ActionRefused, match="no consent to be shared"):
        actions.disclose(
            by=world.navigator,
            participant=participant,
            consents=[first],
            categories={"notes"},
            channel=Disclosure.Channel.REFERRAL,
        )
    assert Disclosure.objects.count() == 2
    page = as_user(world.navigator).get(f"/participants/{participant.public_id}/disclosures/")
    text = page.content.decode()
    assert text.count("Harbor Food Bank") == 2
    assert "Substance use" in text and "with the notice not to share further" in text
    assert "Referral packet (Referral to the grocery program)" in text


def test_sensitive_categories_are_counted_not_named_for_roles_the_program_does_not_allow(
    world, as_user, food_bank
):
    chen = world.chen.participant
    consent = actions.give_consent(
        by=world.navigator2,
        participant=chen,
        data=terms(food_bank, categories=["contact", "mental_health"]),
    )
    pat = as_user(world.staff).get(f"/consents/{consent.public_id}/").content.decode()
    assert "Contact details, 1 private category" in pat
    assert "Mental health" not in pat
    noor = as_user(world.navigator2).get(f"/consents/{consent.public_id}/").content.decode()
    assert "Contact details, Mental health" in noor


def test_read_only_roles_cannot_record_or_revoke(world, as_user, food_bank):
    consent = give(world, provider=food_bank)
    client = as_user(world.auditor)
    before = snapshot()
    url = f"/participants/{world.amara.participant.public_id}/consents/new/"
    assert client.post(url, post_data(world, food_bank)).status_code == 404
    assert client.post(f"/consents/{consent.public_id}/revoke/").status_code == 404
    assert snapshot() == before
    assert client.get(f"/consents/{consent.public_id}/").status_code == 200


def test_the_database_keeps_consent_terms_and_disclosures_as_recorded(world, food_bank):
    consent = give(world, provider=food_bank)
    disclosure = actions.disclose(
        by=world.navigator,
        participant=consent.participant,
        consents=[consent],
        categories={"contact"},
        channel=Disclosure.Channel.PRINT,
    )[0]
    changes = [
        lambda: Consent.objects.filter(pk=consent.pk).update(categories=["contact", "notes"]),
        lambda: Consent.objects.filter(pk=consent.pk).update(ends_on=None),
        lambda: Consent.objects.filter(pk=consent.pk).delete(),
        lambda: Disclosure.objects.filter(pk=disclosure.pk).update(recipient="Someone else"),
        lambda: Disclosure.objects.filter(pk=disclosure.pk).delete(),
    ]
    for change in changes:
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    # Revoking is the one change, once.
    Consent.objects.filter(pk=consent.pk).update(revoked_at=timezone.now())
    with pytest.raises(DatabaseError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(revoked_at=None)


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/caseload/").status_code == 200
    return len(captured)


def test_consents_ending_soon_are_on_the_navigators_home(world, as_user, food_bank):
    today = timezone.localdate()
    client = as_user(world.navigator)
    home_queries(client)
    without = home_queries(client)
    soon = give(world, provider=food_bank, ends_on=today + timedelta(days=10))
    give(world, ends_on=today + timedelta(days=90))
    # The list is read only when the home's one question found something in it.
    assert home_queries(client) == without + 1
    page = client.get("/caseload/").content.decode()
    assert "Consents ending soon" in page
    assert "Amara: sharing with Harbor Food Bank</a> ends" in page
    assert f"/consents/{soon.public_id}/" in page
    assert "Dr. Lee" not in page
    other = as_user(world.navigator2).get("/caseload/").content.decode()
    assert "Consents ending soon" not in other
