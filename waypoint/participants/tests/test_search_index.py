"""The name index behind search (``participants.search_index``): found under a new name
and not the old one, the same people as the plain filter, present after every
migration, and out of the way of ``flush``."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import build_world
from waypoint.audit.models import AuditEvent
from waypoint.participants import search_index
from waypoint.participants.models import Participant
from waypoint.participants.normalize import name_key
from waypoint.participants.queries import search

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm")


def found_ids(client: Any, q: str) -> str:
    response = client.post("/participants/search/", {"q": q})
    assert response.status_code == 200
    return str(response.content.decode())


def rename(client: Any, participant: Participant, name: str) -> None:
    response = client.post(
        f"/participants/{participant.public_id}/edit/",
        {
            "version": participant.version,
            "preferred_name": name,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    participant.refresh_from_db()


def test_a_renamed_person_is_found_under_the_new_name_not_the_old(world, as_user):
    client = as_user(world.navigator)
    person = world.amara.participant
    link = f"/participants/{person.public_id}/"
    assert link in found_ids(client, "Amara")
    rename(client, person, "Marguerite Okonkwo")
    assert person.name_key == "marguerite okonkwo"
    assert link in found_ids(client, "okonkwo")
    assert link in found_ids(client, "Marg")  # a piece of a word
    assert link in found_ids(client, "guer okon")  # every word typed
    assert link not in found_ids(client, "Amara")
    assert link not in found_ids(client, "okonkwo amara")
    rename(client, person, "Amara")
    assert link in found_ids(client, "amara")
    assert link not in found_ids(client, "okonkwo")


def test_short_words_still_search_without_the_index(world, as_user):
    client = as_user(world.navigator)
    person = world.amara.participant
    rename(client, person, "Bo Li")
    assert f"/participants/{person.public_id}/" in found_ids(client, "li")
    assert f"/participants/{person.public_id}/" in found_ids(client, "o")


def test_the_index_finds_what_the_plain_filter_finds_in_any_script(world):
    names = [
        "José Álvarez",
        "Siobhán O'Connor",
        "Anne-Marie Dubois-Lefèvre",
        "مريم الحسن",
        "李小龍",
        "Nguyễn Thị Minh Khai",
        "Straße Weiß",
        "Zoë d'Arcy-Ng",
    ]
    for name in names:
        Participant.objects.create(
            organization=world.org, preferred_name=name, name_key=name_key(name)
        )
    typed = ["alv", "jose", "connor", "marie dub", "مري", "小龍", "李小", "nguyen", "minh"]
    typed += ["strasse", "weiss", "ss", "ng", "arcy", "zoe", "nobody", "an", "e"]
    # The administrator sees everyone; the plain filter is what search did before.
    for q in typed:
        plain = Participant.objects.filter(organization=world.org)
        for word in name_key(q).split():
            plain = plain.filter(name_key__contains=word)
        expected = list(plain.order_by("preferred_name", "pk")[:20])
        assert search(world.admin, q) == expected, q


def test_each_search_writes_one_audit_event_naming_who_it_showed(world, as_user):
    client = as_user(world.navigator)
    before = AuditEvent.objects.count()
    html = found_ids(client, "amara")
    assert f"/participants/{world.amara.participant.public_id}/" in html
    assert AuditEvent.objects.count() == before + 1


@sqlite_only
def test_sqlite_search_reads_the_trigram_table(world):
    Participant.objects.create(
        organization=world.org, preferred_name="Rosalind", name_key="rosalind"
    )
    query = Participant.objects.filter(search_index.name_contains("osal"))
    plan = " ".join(str(row) for row in query.explain().splitlines())
    assert "participant_name_fts" in plan
    assert "VIRTUAL TABLE INDEX" in plan
    assert [p.preferred_name for p in query] == ["Rosalind"]


@sqlite_only
@pytest.mark.django_db
def test_sqlite_triggers_are_there_after_every_migration():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'participant_name_fts'")
        assert cursor.fetchall(), "the FTS5 table is missing"
    # A migration that rebuilds participants_participant on SQLite drops these: it
    # must call search_index.install again.
    assert set(search_index.TRIGGERS) <= triggers


@postgres_only
@pytest.mark.django_db
def test_postgresql_has_the_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search_index.PG_INDEX]
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition


@pytest.mark.django_db(transaction=True)
def test_flush_empties_people_and_their_index(as_user):

    world = build_world()
    client = as_user(world.navigator)
    rename(client, world.amara.participant, "Philippa Quartermaine")
    call_command("flush", interactive=False, verbosity=0)
    assert not Participant.objects.exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO participant_name_fts(participant_name_fts) VALUES ('integrity-check')"
            )
            cursor.execute(
                "SELECT count(*) FROM participant_name_fts WHERE name_key LIKE '%quart%'"
            )
            assert cursor.fetchone() == (0,)
    # And the index works for whoever comes next.
    world = build_world()
    client = as_user(world.navigator)
    rename(client, world.amara.participant, "Philippa Quartermaine")
    assert f"/participants/{world.amara.participant.public_id}/" in found_ids(client, "quart")


def test_someone_who_sees_whole_programs_finds_the_same_people_either_way(world, as_user):
    """A supervisor's search checks each person found (EXISTS) on SQLite; a navigator's
    starts from their own people (IN). Either way: the same people, never others'."""
    from waypoint.access import participant_filter
    from waypoint.accounts.queries import access_for

    supervisor = access_for(world.supervisor)
    for word in ("amar", "bo", "chen"):
        both = [
            list(
                Participant.objects.filter(participant_filter(supervisor, one=one))
                .filter(search_index.name_contains(word))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            for one in (True, False)
        ]
        assert both[0] == both[1]
    assert search_index.checks_each_found(["amar"]) == (connection.vendor == "sqlite")
    assert search_index.checks_each_found(["am"]) is False  # a short word scans anyway
    seen = {p.pk for p in search(world.supervisor, "amara")}
    assert world.amara.participant_id in seen
    outsider = {p.pk for p in search(world.outsider, "amara")}
    assert outsider == set()
