"""The shared action toolkit, the fixed list of audit verbs, and 409 for collisions."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, OperationalError

from waypoint.audit.actions import Entry, record
from waypoint.audit.models import AuditEvent
from waypoint.errors import ActionRefused, is_conflict
from waypoint.notes import actions as notes
from waypoint.notes.models import Commitment
from waypoint.tests.helpers import Api, snapshot
from waypoint.toolkit import created_once, earlier


def test_the_audit_trail_speaks_a_fixed_list_of_verbs(world):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="not an audit verb"):
        record(by=world.admin, action="poked", entries=[Entry("participant", "x")])
    assert AuditEvent.objects.count() == before
    assert {"view", "sign", "revoke", "delete", "disclose", "upload"} <= set(
        AuditEvent.Action.values
    )
    assert all(label for label in AuditEvent.Action.labels)


def test_a_creation_key_used_for_something_else_is_refused(world):
    key = uuid.uuid4()
    made = notes.make_commitment(
        by=world.navigator, enrollment=world.amara, what="Call the clinic", creation_key=key
    )
    assert earlier(Commitment, key, enrollment=world.amara) == made
    with pytest.raises(ActionRefused) as refused:
        earlier(Commitment, key, enrollment=world.bo)
    assert refused.value.field == "creation_key"
    assert earlier(Commitment, None) is None


def test_created_once_hands_back_the_row_a_simultaneous_submit_made(world):
    key = uuid.uuid4()
    first = notes.make_commitment(
        by=world.navigator, enrollment=world.amara, what="Call the clinic", creation_key=key
    )

    def second() -> Commitment:
        return Commitment.objects.create(
            organization_id=world.org.pk,
            enrollment=world.amara,
            participant_id=world.amara.participant_id,
            what="Call the clinic",
            owner=world.navigator,
            creation_key=key,
        )

    found, made = created_once(Commitment, key, second, enrollment=world.amara)
    assert (found, made) == (first, False)
    assert Commitment.objects.filter(creation_key=key).count() == 1


def test_collisions_are_told_apart_from_faults():
    assert is_conflict(IntegrityError("UNIQUE constraint failed: notes_contact.creation_key"))
    assert is_conflict(OperationalError("database is locked"))
    assert not is_conflict(IntegrityError("NOT NULL constraint failed: notes_contact.method"))
    assert not is_conflict(ValueError("UNIQUE constraint failed"))


def test_a_collision_answers_409_on_a_page_and_in_the_api(world, as_user, monkeypatch):
    def collide(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(notes, "make_commitment", collide)
    api = Api(world.navigator)
    before = snapshot(audit=False)
    client = as_user(world.navigator)
    page = client.post(
        f"/enrollments/{world.amara.public_id}/commitments/",
        {"what": "Call the clinic", "creation_key": str(uuid.uuid4())},
    )
    assert page.status_code == 409
    assert b"Someone else saved this at the same moment" in page.content
    answer = api.call(
        "POST", f"/enrollments/{world.amara.public_id}/commitments", {"what": "Call the clinic"}
    )
    assert answer.status_code == 409
    assert answer.json()["detail"].startswith("Someone else saved this at the same moment")
    assert snapshot(audit=False) == before
