"""Twenty identical requests at once, in threads with their own database connections.

Each race answers 2xx or 409 with a message, never 5xx; a creation key makes one row
however many submits arrive together; the audit chain stays whole. Run on SQLite
(which serialises writers) and on PostgreSQL (where the requests really overlap).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from conftest import build_world
from waypoint.audit.queries import verify_organization
from waypoint.notes.models import Appointment, Contact
from waypoint.participants.models import Participant
from waypoint.tests.helpers import Api

RACERS = 20


def race(calls: list[Callable[[], Any]]) -> list[int]:
    """Run every call at the same moment; the status each answered."""
    statuses: list[int] = []
    errors: list[str] = []
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            statuses.append(call().status_code)
        except Exception as error:  # noqa: BLE001 — the test reports every failure
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return statuses


def api_race(user: Any, method: str, path: str, body: Any) -> list[int]:
    clients = [Api(user) for _ in range(RACERS)]
    return race([partial(a.call, method, path, body) for a in clients])


def no_server_errors(statuses: list[int]) -> None:
    assert len(statuses) == RACERS
    assert [s for s in statuses if s >= 500] == []
    assert {s for s in statuses} <= {200, 201, 302, 409}


@pytest.mark.django_db(transaction=True)
def test_one_creation_key_makes_one_participant_through_the_api():
    world = build_world()
    before = Participant.objects.count()
    key = str(uuid.uuid4())
    body = {"preferred_name": "Rosa", "program_id": world.home.pk, "creation_key": key}
    statuses = api_race(world.navigator2, "POST", "/participants", body)
    no_server_errors(statuses)
    assert 201 in statuses
    assert Participant.objects.count() == before + 1
    assert verify_organization(world.org.pk) == []


@pytest.mark.django_db(transaction=True)
def test_one_creation_key_makes_one_enrollment():
    world = build_world()
    person = world.amara.participant
    before = person.enrollments.count()
    body = {
        "participant_id": str(person.public_id),
        "program_id": world.home.pk,
        "creation_key": str(uuid.uuid4()),
    }
    statuses = api_race(world.admin, "POST", "/enrollments", body)
    no_server_errors(statuses)
    assert person.enrollments.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_one_creation_key_makes_one_contact_and_one_appointment():
    world = build_world()
    path = f"/enrollments/{world.amara.public_id}"
    contact = {
        "outcome": "completed",
        "method": "phone",
        "happened_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "creation_key": str(uuid.uuid4()),
    }
    no_server_errors(api_race(world.navigator, "POST", f"{path}/contacts", contact))
    assert Contact.objects.filter(enrollment=world.amara).count() == 1
    meeting = {
        "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
        "purpose": "Practice for the interview",
        "creation_key": str(uuid.uuid4()),
    }
    no_server_errors(api_race(world.navigator, "POST", f"{path}/appointments", meeting))
    assert Appointment.objects.filter(enrollment=world.amara).count() == 1
    assert verify_organization(world.org.pk) == []


@pytest.mark.django_db(transaction=True)
def test_one_creation_key_makes_one_person_through_the_form():
    world = build_world()
    before = Participant.objects.count()
    data = {
        "step": "create",
        "check-name": "Tomás",
        "preferred_name": "Tomás",
        "creation_key": str(uuid.uuid4()),
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-kind": "phone",
        "contacts-0-safe_to_contact": "ask",
        "status": "inquiry",
        "program": str(world.home.pk),
        "none_match": "yes",
    }
    clients = []
    for _ in range(RACERS):
        client = Client()
        client.force_login(world.navigator2)
        clients.append(client)
    statuses = race([partial(c.post, "/participants/new/", data) for c in clients])
    no_server_errors(statuses)
    assert Participant.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_saves_of_the_same_version_at_once_keep_one_and_refuse_the_rest():
    world = build_world()
    api = Api(world.navigator)
    person = world.amara.participant
    body = {"version": person.version, "pronouns": "she/they"}
    statuses = api_race(world.navigator, "PATCH", f"/participants/{person.public_id}", body)
    no_server_errors(statuses)
    assert statuses.count(200) == 1
    person.refresh_from_db()
    assert person.pronouns == "she/they"

    contact = api.call(
        "POST",
        f"/enrollments/{world.amara.public_id}/contacts",
        {
            "outcome": "completed",
            "method": "phone",
            "happened_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        },
    ).json()
    note_id = contact["note_id"]
    note = api.call("GET", f"/notes/{note_id}").json()
    body = {"edit_version": note["edit_version"], "objective": "Met at the library."}
    statuses = api_race(world.supervisor, "PATCH", f"/notes/{note_id}", body)
    no_server_errors(statuses)
    assert statuses.count(200) >= 1  # the author's own later saves are not a conflict
    sections = api.call("GET", f"/notes/{note_id}").json()["sections"]
    assert {"key": "objective", "text": "Met at the library."}.items() <= next(
        s for s in sections if s["key"] == "objective"
    ).items()
    assert verify_organization(world.org.pk) == []


@pytest.mark.django_db(transaction=True)
def test_goal_edits_of_the_same_version_at_once_keep_one_and_refuse_the_rest():
    from waypoint.plans.actions import GoalData, StepData, save_goal, start_plan
    from waypoint.tests.helpers import three_needs

    world = build_world()
    needs = three_needs(world, world.amara)
    version = start_plan(by=world.navigator, enrollment=world.amara)
    goal = save_goal(
        by=world.navigator,
        version=version,
        goal=None,
        data=GoalData(text="Find a room", needs=[needs[0]], steps=[StepData(what="Call")]),
        expected=version.edit_version,
    )
    version.refresh_from_db()
    body = {"edit_version": version.edit_version, "measure": "A signed lease"}
    statuses = api_race(world.navigator, "PATCH", f"/goals/{goal.public_id}", body)
    no_server_errors(statuses)
    assert statuses.count(200) >= 1
    goal.refresh_from_db()
    assert goal.measure == "A signed lease"
    assert verify_organization(world.org.pk) == []


@pytest.mark.django_db(transaction=True)
def test_one_creation_key_adds_one_need():
    from waypoint.assessments.models import Need

    world = build_world()
    body = {
        "domain": "housing",
        "description": "A place of her own",
        "creation_key": str(uuid.uuid4()),
    }
    path = f"/enrollments/{world.amara.public_id}/needs"
    statuses = api_race(world.navigator, "POST", path, body)
    no_server_errors(statuses)
    assert list(Need.objects.filter(enrollment=world.amara).values_list("number", flat=True)) == [1]
    again = Api(world.navigator).call("POST", path, body)
    assert again.status_code == 201
    assert Need.objects.filter(enrollment=world.amara).count() == 1
