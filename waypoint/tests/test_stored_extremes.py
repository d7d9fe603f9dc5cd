"""A record whose stored date is out of every range (written before the ranges, or
straight into the database) is still shown: every page and API read answers, none 5xx."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.test import Client

from waypoint.accounts.actions import create_api_token
from waypoint.api.tests.test_api_fuzz import real_ids_for
from waypoint.permissions import ADMIN, MATRIX
from waypoint.tests.test_hostile_input import Urls

EXTREMES = {
    "latest": (date(9999, 12, 31), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
}


def dated_fields() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_app_configs():
        if not model.name.startswith("waypoint.") or model.label == "audit":
            continue
        for m in model.get_models():
            for f in m._meta.concrete_fields:
                if isinstance(f, models.DateField):  # DateTimeField is one too
                    found.append((m, f.name))
    return found


def write_extremes(which: str) -> int:
    """Every date and time of every row, as far as the database lets us (frozen records
    refuse changes)."""
    day, moment = EXTREMES[which]
    written = 0
    for model, name in dated_fields():
        is_moment = isinstance(model._meta.get_field(name), models.DateTimeField)
        for pk in model._default_manager.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=pk).update(
                        **{name: moment if is_moment else day}
                    )
                written += 1
            except DatabaseError:
                continue
    return written


def api_reads(world: Any) -> list[str]:
    ids = real_ids_for(world)
    spec = Client().get("/api/v1/openapi.json").json()
    found = []
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        kind = path.split("/")[3] if "{public_id}" in path else ""
        found.append(path.replace("{public_id}", ids.get(kind, "")).replace("{other_id}", ""))
    return [p for p in found if "{" not in p and "//" not in p]


@pytest.mark.parametrize("which", sorted(EXTREMES))
def test_pages_and_api_show_a_record_with_a_date_out_of_range(world, which):
    urls = Urls(world)
    pages = [
        urls(route, ADMIN)
        for route, policy in MATRIX.items()
        if not route.startswith(("api:", "hsds:")) and ADMIN in policy.get("GET", ())
    ]
    reads = api_reads(world)
    _, key = create_api_token(by=world.admin, name="extremes")
    assert write_extremes(which) > 100
    failures = []
    for persona in (world.admin, world.navigator):
        client = Client(raise_request_exception=False)
        client.force_login(persona)
        for url in pages:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{url} as {persona}: {response.status_code}")
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {key}")
    for url in reads:
        response = api.get(url)
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
    assert not failures, "\n".join(failures)
