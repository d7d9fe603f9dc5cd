"""/api/v1/: tokens, the same access rules and audit as the pages, 4xx for bad input."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from waypoint.accounts.actions import create_api_token, revoke_api_token
from waypoint.audit.models import AuditEvent
from waypoint.participants.models import Participant
from waypoint.tests.helpers import snapshot


class Api:
    def __init__(self, user):
        self.token, self.key = create_api_token(by=user, name="tests")
        self.client = Client()

    def call(self, method, path, body=None):
        return self.client.generic(
            method,
            f"/api/v1{path}",
            data=__import__("json").dumps(body) if body is not None else "",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.key}",
        )


@pytest.fixture
def api(world):
    return lambda user: Api(user)


def test_openapi_is_published(world):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/participants/search" in paths
    assert "/api/v1/enrollments/{public_id}/assign" in paths


def test_no_token_or_a_revoked_token_is_refused(world, api):
    assert (
        Client().get(f"/api/v1/participants/{world.amara.participant.public_id}").status_code == 401
    )
    client = api(world.navigator)
    revoke_api_token(by=world.navigator, token=client.token)
    assert (
        client.call("GET", f"/participants/{world.amara.participant.public_id}").status_code == 401
    )


def test_search_read_and_audit(world, api):
    client = api(world.navigator)
    mark = AuditEvent.objects.count()
    found = client.call("POST", "/participants/search", {"q": "amar"})
    assert found.status_code == 200
    assert [p["preferred_name"] for p in found.json()] == ["Amara"]
    one = client.call("GET", f"/participants/{world.amara.participant.public_id}")
    assert one.status_code == 200
    body = one.json()
    assert body["pronouns"] == "she/her"
    assert body["contacts"] == [
        {
            "kind": "phone",
            "value": "555-201-3344",
            "safe_to_contact": "yes",
            "preferred_time": "evenings",
        }
    ]
    actions = list(AuditEvent.objects.order_by("pk")[mark:].values_list("action", "participant_id"))
    pid = world.amara.participant_id
    assert actions == [("search", pid), ("view", pid)]


def test_create_update_and_stale_update(world, api):
    client = api(world.navigator)
    key = str(uuid.uuid4())
    body = {
        "preferred_name": "Li Wei",
        "pronouns": "he/him",
        "program_id": world.youth.pk,
        "status": "enrolled",
        "creation_key": key,
        "contacts": [{"kind": "email", "value": "li@example.org", "safe_to_contact": "yes"}],
    }
    created = client.call("POST", "/participants", body)
    assert created.status_code == 201, created.content
    again = client.call("POST", "/participants", body)
    assert again.json()["id"] == created.json()["id"]
    assert Participant.objects.filter(preferred_name="Li Wei").count() == 1
    data = created.json()
    assert data["enrollment"]["navigator_id"] == world.navigator.pk
    assert data["enrollment"]["status"] == "enrolled"
    pid = data["id"]
    patched = client.call("PATCH", f"/participants/{pid}", {"version": 1, "languages": "Mandarin"})
    assert patched.status_code == 200
    assert patched.json()["languages"] == "Mandarin"
    assert patched.json()["pronouns"] == "he/him"
    stale = client.call("PATCH", f"/participants/{pid}", {"version": 1, "pronouns": "they/them"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["languages"]
    assert Participant.objects.get(public_id=pid).pronouns == "he/him"


def test_the_language_in_writing_through_the_api(world, api):
    from typing import get_args

    from django.conf import settings

    from waypoint.api.api import WrittenLanguage

    assert list(get_args(WrittenLanguage)) == [code for code, _ in settings.LANGUAGES]
    client = api(world.navigator)
    body = {"preferred_name": "Lucía", "program_id": world.youth.pk, "written_language": "es"}
    created = client.call("POST", "/participants", body)
    assert created.status_code == 201, created.content
    assert created.json()["written_language"] == "es"
    pid = created.json()["id"]
    # Left out of a change it stays; null is English; a language without a catalog is a 4xx.
    kept = client.call("PATCH", f"/participants/{pid}", {"version": 1, "pronouns": "she/her"})
    assert kept.json()["written_language"] == "es"
    refused = client.call("PATCH", f"/participants/{pid}", {"version": 2, "written_language": "fr"})
    assert refused.status_code == 422
    assert Participant.objects.get(public_id=pid).written_language == "es"
    cleared = client.call("PATCH", f"/participants/{pid}", {"version": 2, "written_language": None})
    assert cleared.json()["written_language"] == "en"
    schema = client.call("GET", "/openapi.json").json()["components"]["schemas"]
    assert schema["ParticipantCreate"]["properties"]["written_language"]["enum"] == [
        "en",
        "es",
        "ar",
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"preferred_name": "", "program_id": 0},
        {"preferred_name": "   "},
        {"preferred_name": "x" * 201},
        {"preferred_name": "<b>bold</b>"},
        {"preferred_name": "Ana", "date_of_birth": "2024-02-30"},
        {"preferred_name": "Ana", "date_of_birth": "2999-01-01"},
        {"preferred_name": "Ana", "declined": ["shoe_size"]},
        {"preferred_name": "Ana", "status": "exited"},
        {"preferred_name": "Ana", "contacts": [{"kind": "pigeon", "value": "x"}]},
        {"pronouns": "they/them"},
    ],
)
def test_bad_input_gets_a_4xx_with_field_messages(world, api, body):
    client = api(world.navigator)
    before = snapshot(audit=False)
    response = client.call("POST", "/participants", {"program_id": world.youth.pk, **body})
    assert response.status_code in (400, 422)
    assert "detail" in response.json()
    assert snapshot(audit=False) == before


def test_unknown_program_is_a_clear_400(world, api):
    response = api(world.navigator).call(
        "POST", "/participants", {"preferred_name": "Ana", "program_id": world.other_program.pk}
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Choose a program you work in.", "field": "program_id"}


def test_outsider_gets_404_and_nothing_changes(world, api):
    client = api(world.outsider)
    before = snapshot(audit=False)
    pid = world.amara.participant.public_id
    assert client.call("GET", f"/participants/{pid}").status_code == 404
    assert (
        client.call("PATCH", f"/participants/{pid}", {"version": 1, "pronouns": "x"}).status_code
        == 404
    )
    assert client.call("GET", f"/participants/{pid}/enrollments").status_code == 404
    assert client.call("GET", f"/enrollments/{world.amara.public_id}").status_code == 404
    status = {"status": "exiting", "version": world.amara.version}
    assert (
        client.call("POST", f"/enrollments/{world.amara.public_id}/status", status).status_code
        == 404
    )
    assert client.call("POST", "/participants/search", {"q": "Amara"}).json() == []
    assert snapshot(audit=False) == before


def test_auditor_reads_but_cannot_write(world, api):
    client = api(world.auditor)
    pid = world.amara.participant.public_id
    assert client.call("GET", f"/participants/{pid}").status_code == 200
    before = snapshot(audit=False)
    assert (
        client.call("PATCH", f"/participants/{pid}", {"version": 1, "pronouns": "x"}).status_code
        == 404
    )
    assert snapshot(audit=False) == before


def test_enrollments_status_and_assignment(world, api):
    nav = api(world.navigator)
    e = world.amara
    listed = nav.call("GET", f"/participants/{e.participant.public_id}/enrollments")
    assert [x["program"] for x in listed.json()] == ["Youth Works"]
    moved = nav.call(
        "POST", f"/enrollments/{e.public_id}/status", {"status": "exiting", "version": e.version}
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "exiting"
    bad = nav.call(
        "POST", f"/enrollments/{e.public_id}/status", {"status": "follow_up", "version": 2}
    )
    assert bad.status_code == 400
    assert "cannot move to" in bad.json()["detail"]
    assert (
        nav.call(
            "POST",
            f"/enrollments/{e.public_id}/assign",
            {"navigator_id": world.navigator2.pk, "version": 2},
        ).status_code
        == 404
    )  # navigators do not assign
    sup = api(world.supervisor)
    assigned = sup.call(
        "POST",
        f"/enrollments/{e.public_id}/assign",
        {"navigator_id": world.navigator2.pk, "version": 2},
    )
    assert assigned.status_code == 200
    assert assigned.json()["navigator_id"] == world.navigator2.pk


def test_enroll_existing_participant(world, api):
    client = api(world.navigator2)
    response = client.call(
        "POST",
        "/enrollments",
        {"participant_id": str(world.bo.participant.public_id), "program_id": world.home.pk},
    )
    assert response.status_code == 201
    assert response.json()["program"] == "Home Base"


def test_null_clears_a_text_field_but_not_the_name(world, api):
    client = api(world.navigator)
    pid = world.amara.participant.public_id
    cleared = client.call(
        "PATCH",
        f"/participants/{pid}",
        {"version": 1, "pronouns": None, "emergency_contact_name": None, "declined": None},
    )
    assert cleared.status_code == 200, cleared.content
    assert (cleared.json()["pronouns"], cleared.json()["declined"]) == ("", [])
    before = snapshot(audit=False)
    nameless = client.call("PATCH", f"/participants/{pid}", {"version": 2, "preferred_name": None})
    assert nameless.status_code == 400
    assert "preferred_name" in nameless.json()["detail"]
    assert snapshot(audit=False) == before
