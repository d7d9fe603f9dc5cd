"""The demo resource directory: every HSDS table filled, every need domain answered
twice, valid HSDS (ids, emails, web addresses, one program per provider), the same rows
for the same seed, and staff knowledge that looks like a working team's."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from typing import Any

from waypoint.accounts.models import Organization
from waypoint.assessments.models import Domain
from waypoint.demo.directory import LANGUAGES, seed_directory
from waypoint.directory import hsds
from waypoint.directory.models import (
    Language,
    Location,
    ProviderProgram,
    Schedule,
    Service,
    TaxonomyTerm,
)
from waypoint.directory.queries import DOMAIN_CODE, domains_of, hours
from waypoint.directory.tests.standards import (
    errors,
    frictionless_errors,
    needs_hsds,
    official_package,
)

TODAY = date(2026, 3, 14)
EMAIL = re.compile(r"^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.example\.org$")
URL = re.compile(r"^https://[a-z0-9-]+(\.[a-z0-9-]+)*\.example\.org(/[A-Za-z0-9._/-]*)?$")
FORBIDDEN = re.compile(r"\b(clients?|cases?)\b", re.IGNORECASE)


def seeded(name: str = "Harbor Community Partners", seed: int = 2026) -> tuple[int, dict[str, int]]:
    owner = Organization.objects.create(name=name)
    return owner.pk, seed_directory(owner_id=owner.pk, today=TODAY, rng=random.Random(seed))


def snapshot(owner_id: int) -> dict[str, list[dict[str, Any]]]:
    """Everything in the directory by HSDS id, including what only staff know."""
    found = {m.hsds.table: list(hsds.records(owner_id, m)) for m in hsds.TABLES}
    found["local"] = list(
        Service.objects.filter(owner_id=owner_id)
        .order_by("hsds_id")
        .values("hsds_id", "vetted", "what_to_expect", "is_public", "checked_by")
    )
    return found


def test_every_hsds_table_has_rows_and_the_counts_are_lifelike(db):
    owner_id, counts = seeded()
    assert set(counts) == {m.hsds.table for m in hsds.TABLES}
    assert all(n > 0 for n in counts.values()), counts
    for model in hsds.TABLES:
        assert model.objects.filter(owner_id=owner_id).count() == counts[model.hsds.table]
    assert 20 <= counts["organization"] <= 25
    assert 35 <= counts["service"] <= 45
    assert counts["location"] >= 25
    kinds = Location.objects.filter(owner_id=owner_id).values_list("location_type", flat=True)
    assert set(kinds) == {"physical", "postal", "virtual"}


def test_every_need_domain_is_answered_by_at_least_two_services(db):
    owner_id, _ = seeded()
    found = domains_of(owner_id, Service.objects.filter(owner_id=owner_id))
    for domain in Domain.values:
        answering = [pk for pk, domains in found.items() if domain in domains]
        assert len(answering) >= 2, domain
    assert all(found.get(s.pk) for s in Service.objects.filter(owner_id=owner_id))


def test_hsds_constraints_hold(db):
    owner_id, _ = seeded()
    programs = ProviderProgram.objects.filter(owner_id=owner_id)
    owners = list(programs.values_list("organization_id", flat=True))
    assert len(owners) == len(set(owners)) > 0
    codes = [c for c in TaxonomyTerm.objects.values_list("code", flat=True) if c]
    assert len(codes) == len(set(codes))
    assert TaxonomyTerm.objects.exclude(code__startswith=DOMAIN_CODE).exists()
    for model in hsds.TABLES:
        for column in hsds.COLUMNS[model.hsds.table]:
            for row in hsds.records(owner_id, model):
                value = row[column.name]
                if column.format == "email" and value:
                    assert EMAIL.match(value), (model.hsds.table, column.name, value)
                if column.format == "uri" and value:
                    assert URL.match(value), (model.hsds.table, column.name, value)
                if column.required:
                    assert value not in (None, ""), (model.hsds.table, column.name)
    for name, code in Language.objects.values_list("name", "code"):
        assert LANGUAGES[name] == code and len(code) == 3


def test_the_same_seed_gives_the_same_directory_in_any_organization(db):
    first, _ = seeded("First")
    second, _ = seeded("Second")
    third, _ = seeded("Third", seed=7)
    assert snapshot(first) == snapshot(second)
    ids = {r["id"] for r in snapshot(first)["service"]}
    assert ids == {r["id"] for r in snapshot(third)["service"]}


def test_seeding_again_changes_nothing(db):
    owner_id, counts = seeded()
    before = snapshot(owner_id)
    again = seed_directory(owner_id=owner_id, today=TODAY, rng=random.Random(1))
    assert again == counts
    assert snapshot(owner_id) == before


def test_staff_knowledge_looks_like_a_working_team(db):
    owner_id, _ = seeded()
    services = Service.objects.filter(owner_id=owner_id)
    total = services.count()
    vetted = services.filter(vetted=True)
    assert total * 0.25 <= vetted.count() <= total * 0.45
    half_year = TODAY - timedelta(days=183)
    assert vetted.filter(assured_date__gte=half_year).count() >= 8
    assert vetted.filter(assured_date__lt=half_year).exists()
    assert not vetted.filter(assured_date=None).exists()
    assert all(s.assured_date <= TODAY for s in services.exclude(assured_date=None))
    assert all(s.assurer_email for s in services.exclude(assured_date=None))
    assert services.exclude(what_to_expect="").count() >= total * 0.8
    assert total * 0.4 <= services.filter(is_public=True).count() <= total * 0.6
    closed = services.filter(status=Service.Status.TEMPORARILY_CLOSED)
    assert closed.count() >= 2 and all(s.alert for s in closed)
    assert services.filter(status=Service.Status.INACTIVE).count() == 1
    for service in services:
        for text in (service.what_to_expect, service.description, service.alert):
            assert not FORBIDDEN.search(text), (service.name, text)
    said = [hours(s) for s in Schedule.objects.filter(owner_id=owner_id)]
    assert "Monday to Friday, 9:00 to 17:00" in said
    assert all(said)


def test_checks_are_credited_to_the_organizations_staff(world):
    seed_directory(owner_id=world.org.pk, today=TODAY, rng=random.Random(3))
    checked = Service.objects.filter(owner_id=world.org.pk).exclude(assured_date=None)
    assert checked.exists()
    for service in checked.select_related("checked_by"):
        assert service.checked_by is not None
        assert service.checked_by.organization_id == world.org.pk
        assert service.assurer_email == service.checked_by.email
    assert checked.exclude(checked_by=world.auditor).count() == checked.count()


@needs_hsds
def test_the_export_validates_against_the_official_files(db, tmp_path):
    owner_id, _ = seeded()
    hsds.write_csv(owner_id, tmp_path / "csv")
    hsds.write_json(owner_id, tmp_path / "json")
    assert frictionless_errors(official_package(), tmp_path / "csv") == []
    for path in sorted((tmp_path / "json").glob("*.json")):
        table = hsds.table_for_file(path.name)
        objects = json.loads(path.read_text(encoding="utf-8"))
        assert objects, path.name
        for obj in objects:
            assert errors(f"{table}.json", obj) == [], (path.name, obj)
