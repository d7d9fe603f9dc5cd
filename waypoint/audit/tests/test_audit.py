"""The audit trail: complete, append-only, tamper-evident, and failing closed."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client

from waypoint.audit import actions as audit_actions
from waypoint.audit.actions import Entry, anchor, record
from waypoint.audit.chain import chain_key, chain_keys, event_hash, split_chain
from waypoint.audit.models import AuditChain, AuditEvent
from waypoint.audit.queries import verify_all, verify_chain, verify_organization
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


def _busiest_chain(org_id: int) -> int:
    """The organization's chain (shard) that holds the most events."""
    counts = Counter(
        AuditEvent.objects.filter(organization_id=org_id).values_list("chain", flat=True)
    )
    return counts.most_common(1)[0][0]


def test_chain_verifies_until_an_event_is_changed(world):
    assert verify_all() == []
    chain = _busiest_chain(world.org.pk)
    target = AuditEvent.objects.filter(chain=chain).order_by("seq")[3]
    _tamper("UPDATE audit_auditevent SET actor_role = %s WHERE id = %s", ["admin", target.pk])
    problem = verify_chain(chain)
    assert problem is not None
    assert (problem.seq, problem.event_id) == (target.seq, target.pk)
    assert "changed" in problem.reason
    assert verify_organization(world.org.pk) == [problem]
    assert verify_organization(world.other_org.pk) == []


def test_chain_detects_a_removed_event(world):
    chain = _busiest_chain(world.org.pk)
    target = AuditEvent.objects.filter(chain=chain).order_by("seq")[2]
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    problem = verify_chain(chain)
    assert problem is not None
    assert problem.seq == target.seq
    assert "missing" in problem.reason


def test_verify_audit_command_names_the_first_tampered_event(world, capsys):
    call_command("verify_audit")
    assert "Audit trail intact" in capsys.readouterr().out
    events = AuditEvent.objects.filter(chain=_busiest_chain(world.org.pk)).order_by("seq")
    first, later = events[4], events[6]
    for event in (later, first):
        _tamper("UPDATE audit_auditevent SET changes = %s WHERE id = %s", ['{"x": 1}', event.pk])
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit")
    err = capsys.readouterr().err
    assert f"event #{first.seq} (id {first.pk})" in err
    assert f"#{later.seq} " not in err


def _write_in_shard(world, shard: int, count: int) -> list[AuditEvent]:
    """``count`` events appended to one shard of the organization's trail, as a writer
    who found that shard free would."""
    head = AuditChain.objects.get(chain=chain_key(world.org.pk, shard))
    return audit_actions._append(
        head,
        organization_id=world.org.pk,
        actor_id=world.navigator.pk,
        role="navigator",
        action="view",
        entries=[Entry("participant", str(n), None) for n in range(count)],
    )


def test_every_organization_has_all_its_shards_from_the_start(world):
    keys = set(AuditChain.objects.values_list("chain", flat=True))
    assert set(chain_keys(world.org.pk)) <= keys
    assert [split_chain(key) for key in chain_keys(world.org.pk)[:2]] == [
        (world.org.pk, 0),
        (world.org.pk, 1),
    ]
    assert chain_key(world.org.pk) == world.org.pk  # shard 0: the chain from before shards


def test_a_shard_tampered_names_its_first_changed_event(world, capsys):
    events = _write_in_shard(world, 5, 6)
    assert verify_organization(world.org.pk) == []
    _tamper("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["x", events[4].pk])
    _tamper("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["y", events[1].pk])
    (problem,) = verify_organization(world.org.pk)
    assert (problem.chain, problem.seq, problem.event_id) == (
        chain_key(world.org.pk, 5),
        events[1].seq,
        events[1].pk,
    )
    with pytest.raises(CommandError, match="1 chain"):
        call_command("verify_audit")
    err = capsys.readouterr().err
    assert f"Chain {world.org.pk} (shard 5): event #{events[1].seq} (id {events[1].pk})" in err


def test_an_anchor_seals_every_shard_head(world, capsys):
    written = _write_in_shard(world, 3, 2) + _write_in_shard(world, 7, 1)
    call_command("anchor_audit")
    out = capsys.readouterr().out
    seal = AuditEvent.objects.filter(chain=chain_key(world.org.pk), action="anchor").get()
    assert f"Organization {world.org.pk}: anchor #{seal.seq}" in out
    assert f"hash {seal.hash}" in out
    heads = seal.changes["heads"]
    assert heads[str(chain_key(world.org.pk, 3))] == [written[1].seq, written[1].hash]
    assert heads[str(chain_key(world.org.pk, 7))] == [written[2].seq, written[2].hash]
    assert seal.actor_id is None and seal.organization_id == world.org.pk
    assert verify_all() == []


def test_an_anchor_catches_a_shard_rewritten_with_fresh_hashes(world):
    """An attacker who rebuilds a shard's chain (new hashes, new head) passes the chain's
    own check; the anchor in shard 0 still names the rewritten event."""
    (event,) = _write_in_shard(world, 2, 1)
    anchor(organization_id=world.org.pk)
    chain = chain_key(world.org.pk, 2)
    forged = event_hash(
        prev_hash=event.prev_hash,
        chain=chain,
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        actor_role="supervisor",
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        participant_id=event.participant_id,
        changes=event.changes,
        request_id=event.request_id,
    )
    _tamper(
        "UPDATE audit_auditevent SET actor_role = %s, hash = %s WHERE id = %s",
        ["supervisor", forged, event.pk],
    )
    AuditChain.objects.filter(chain=chain).update(last_hash=forged)
    assert verify_chain(chain) is None  # the shard alone looks intact
    (problem,) = verify_organization(world.org.pk)
    assert (problem.chain, problem.event_id) == (chain, event.pk)
    assert "anchor" in problem.reason


def test_an_anchor_catches_a_shard_cut_short_with_its_head(world):
    events = _write_in_shard(world, 4, 3)
    anchor(organization_id=world.org.pk)
    chain = chain_key(world.org.pk, 4)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    AuditChain.objects.filter(chain=chain).update(seq=events[1].seq, last_hash=events[1].hash)
    assert verify_chain(chain) is None
    (problem,) = verify_organization(world.org.pk)
    assert (problem.chain, problem.seq) == (chain, events[2].seq)
    assert "missing" in problem.reason


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_organization_do_not_wait_for_each_other(world):
    """While one transaction holds a shard, another request of the same organization
    appends to a different shard at once (PostgreSQL), and both chains verify."""
    if not connection.features.has_select_for_update_skip_locked:
        pytest.skip("SQLite writes one transaction at a time; there is nothing to overlap.")
    holding = threading.Event()
    release = threading.Event()
    chains: dict[str, int] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                (event,) = record(
                    by=world.navigator, action="view", entries=[Entry("participant", "a")]
                )
                chains["first"] = event.chain
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert holding.wait(10)
    try:
        with transaction.atomic():
            connection.cursor().execute("SET LOCAL lock_timeout = '2s'")
            (event,) = record(
                by=world.navigator, action="view", entries=[Entry("participant", "b")]
            )
            chains["second"] = event.chain
    finally:
        release.set()
        thread.join()
    assert chains["first"] != chains["second"]
    assert {split_chain(c)[0] for c in chains.values()} == {world.org.pk}
    assert verify_organization(world.org.pk) == []


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
