"""Eight threads writing at once through Django: no "database is locked", no lost updates."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from conftest import build_world
from waypoint.accounts.models import Program
from waypoint.audit.queries import verify_organization
from waypoint.enrollments.actions import enroll_new_participant
from waypoint.participants.models import Participant

THREADS = 8
ROUNDS = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_lose_nothing():
    world = build_world()
    program_id = world.home.pk
    start_version = Program.objects.get(pk=program_id).version
    people_before = Participant.objects.count()
    errors: list[str] = []
    barrier = threading.Barrier(THREADS)

    def work(n: int) -> None:
        try:
            barrier.wait()
            for i in range(ROUNDS):
                # A read-modify-write: lost if two threads interleave.
                with transaction.atomic():
                    program = Program.objects.select_for_update().get(pk=program_id)
                    program.version += 1
                    program.save(update_fields=["version"])
                # A real action: writes rows and appends to the audit hash chain.
                enroll_new_participant(
                    by=world.navigator2,
                    program=world.home,
                    data={"preferred_name": f"Thread {n} person {i}"},
                )
        except Exception as error:  # noqa: BLE001 — the test reports every failure
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    locked = [e for e in errors if "locked" in e]
    assert locked == []
    assert errors == []
    assert Program.objects.get(pk=program_id).version == start_version + THREADS * ROUNDS
    assert Participant.objects.count() == people_before + THREADS * ROUNDS
    assert verify_organization(world.org.pk) == []
