"""The bench's load run against a real server: answers counted, refusals shown as errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from waypoint.audit.models import AuditEvent
from waypoint.demo import load


def _port(live_server: Any) -> int:
    port = urlsplit(str(live_server.url)).port
    assert port is not None
    return int(port)


@pytest.mark.django_db(transaction=True)
def test_a_load_run_times_the_pages_a_person_may_open(live_server: Any, world: Any) -> None:
    page = load.Page("GET /caseload/", world.navigator, "navigator", ["/caseload/"])
    before = AuditEvent.objects.filter(actor=world.navigator, action="list").count()
    result = load.run_page(_port(live_server), page, clients=1, seconds=1.0)
    assert result.errors == {}
    assert len(result.times) >= 1
    assert result.per_second > 0
    assert 0 < result.percentile(0.50) <= result.percentile(0.95)
    # Each answer was a real request: the caseload recorded whom it showed, every time.
    shown = AuditEvent.objects.filter(actor=world.navigator, action="list").count() - before
    assert shown >= len(result.times)


@pytest.mark.django_db(transaction=True)
def test_a_load_run_counts_a_refusal_as_an_error_not_a_time(live_server: Any, world: Any) -> None:
    someone_elses = f"/participants/{world.amara.participant.public_id}/"
    page = load.Page("GET /participants/<id>/", world.outsider, "outsider", [someone_elses])
    result = load.run_page(_port(live_server), page, clients=1, seconds=0.5)
    assert result.times == []
    assert set(result.errors) == {"404"}
    assert result.errors["404"] >= 1
    assert result.percentile(0.95) == 0.0
