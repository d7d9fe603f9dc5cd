"""The audit trail: complete, append-only, tamper-evident, and failing closed."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client

from waypoint.audit import actions as audit_actions
from waypoint.audit.models import AuditEvent
from waypoint.audit.queries import verify_all, verify_chain
from waypoint.participants.models import Participant
from waypoint.tests.helpers import snapshot


def events_since(mark: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=mark).order_by("pk"))


def last_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_one_event_per_participant_page_read(world, as_user):
    client = as_user(world.navigator)
    mark = last_pk()
    response = client.get(f"/participants/{world.amara.participant.public_id}/")
    assert response.status_code == 200
    events = events_since(mark)
    assert [(e.action, e.object_type, e.participant_id) for e in events] == [
        ("view", "participant", world.amara.participant_id)
    ]
    event = events[0]
    assert event.actor == world.navigator
    assert event.actor_role == "navigator"
    assert event.request_id == response["X-Request-ID"]
    assert event.organization == world.org


def test_one_event_per_write_with_what_changed(world, as_user):
    client = as_user(world.navigator)
    participant = world.amara.participant
    mark = last_pk()
    response = client.post(
        f"/participants/{participant.public_id}/edit/",
        {
            "version": participant.version,
            "preferred_name": "Amara",
            "pronouns": "she/they",
            "languages": "Igbo, English",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    events = events_since(mark)
    # The edit page read the record once (GET is not repeated here), then the update.
    assert [(e.action, e.object_type) for e in events] == [
        ("view", "participant"),
        ("update", "participant"),
    ]
    changes = events[1].changes
    assert changes["fields"]["pronouns"] == ["she/her", "she/they"]
    assert changes["version"] == participant.version + 1
    assert changes["contacts"][1] == []


def test_lists_record_one_event_per_person_shown(world, as_user):
    client = as_user(world.navigator2)
    mark = last_pk()
    assert client.get("/caseload/").status_code == 200
    shown = sorted(e.participant_id or 0 for e in events_since(mark))
    assert shown == sorted([world.bo.participant_id, world.chen.participant_id])
    assert {e.action for e in events_since(mark)} == {"list"}


def test_refused_reads_write_no_event(world, as_user):
    client = as_user(world.outsider)
    mark = last_pk()
    assert client.get(f"/participants/{world.amara.participant.public_id}/").status_code == 404
    assert events_since(mark) == []


def test_database_refuses_update_and_delete_of_events(world):
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="update")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET actor_role = 'admin'")
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def _tamper(sql: str, params: list[str | int]) -> None:
    """Change a row behind the triggers' back, as an attacker with database access might."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch triggers off for a session; the chain still tells.
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = origin")
        else:
            from waypoint.audit.guard import permit_flush

            with permit_flush():
                cursor.execute(sql, params)


def test_chain_verifies_until_an_event_is_changed(world):
    assert verify_all() == []
    chain = world.org.pk
    target = AuditEvent.objects.filter(chain=chain).order_by("seq")[3]
    _tamper("UPDATE audit_auditevent SET actor_role = %s WHERE id = %s", ["admin", target.pk])
    problem = verify_chain(chain)
    assert problem is not None
    assert (problem.seq, problem.event_id) == (target.seq, target.pk)
    assert "changed" in problem.reason


def test_chain_detects_a_removed_event(world):
    chain = world.org.pk
    target = AuditEvent.objects.filter(chain=chain).order_by("seq")[2]
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    problem = verify_chain(chain)
    assert problem is not None
    assert problem.seq == target.seq
    assert "missing" in problem.reason


def test_verify_audit_command_names_the_first_tampered_event(world, capsys):
    call_command("verify_audit")
    assert "Audit trail intact" in capsys.readouterr().out
    events = AuditEvent.objects.filter(chain=world.org.pk).order_by("seq")
    first, later = events[4], events[6]
    for event in (later, first):
        _tamper("UPDATE audit_auditevent SET changes = %s WHERE id = %s", ['{"x": 1}', event.pk])
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit")
    err = capsys.readouterr().err
    assert f"event #{first.seq} (id {first.pk})" in err
    assert f"#{later.seq} " not in err


def test_audit_failure_fails_a_read_and_returns_nothing(world, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("audit store unavailable")

    monkeypatch.setattr("waypoint.participants.queries.record", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.navigator)
    response = client.get(f"/participants/{world.amara.participant.public_id}/")
    assert response.status_code == 500
    assert b"Amara" not in response.content
    assert b"Igbo" not in response.content


def test_audit_failure_fails_a_write_and_changes_nothing(world, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(world.navigator)
    participant = world.amara.participant
    before = snapshot()
    original = audit_actions.record

    def broken_on_update(**kwargs):
        if kwargs["action"] == "update":
            raise DatabaseError("audit store unavailable")
        return original(**kwargs)

    monkeypatch.setattr("waypoint.participants.actions.record", broken_on_update)
    response = client.post(
        f"/participants/{participant.public_id}/edit/",
        {
            "version": participant.version,
            "preferred_name": "Someone Else",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 500
    assert Participant.objects.get(pk=participant.pk).preferred_name == "Amara"
    after = snapshot()
    # The edit page's own read was recorded before the failed write; nothing else changed.
    assert {k: v for k, v in after.items() if k not in ("AuditEvent", "Disclosure")} == {
        k: v for k, v in before.items() if k not in ("AuditEvent", "Disclosure")
    }


def test_admin_audit_views_show_who_saw_a_participant(world, as_user):
    as_user(world.navigator).get(f"/participants/{world.amara.participant.public_id}/")
    client = as_user(world.admin)
    page = client.get(f"/audit/participants/{world.amara.participant.public_id}/")
    assert page.status_code == 200
    assert b"Nia Navigator" in page.content
    staff_page = client.get(f"/audit/staff/{world.navigator.pk}/")
    assert staff_page.status_code == 200
    assert b"Amara" in staff_page.content
    filtered = client.get(f"/audit/staff/{world.navigator.pk}/?from=2000-01-01&to=2000-01-02")
    assert b"Nothing recorded in this period" in filtered.content
    bad = client.get(f"/audit/staff/{world.navigator.pk}/?from=not-a-date")
    assert b"Use real dates for: From" in bad.content


def test_only_administrators_see_the_audit_views(world, as_user):
    for person in (world.navigator, world.supervisor, world.manager, world.auditor):
        client = as_user(person)
        response = client.get(f"/audit/participants/{world.amara.participant.public_id}/")
        assert response.status_code == 404
