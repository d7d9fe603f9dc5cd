"""``manage.py bench``'s HMIS measurement: HUD's synthetic sample (10,600 people, 16,500
enrollments, a 24 MB Disabilities.csv) read and imported into an empty organization, in
a transaction that is rolled back afterwards. Timed on its own, then run again under
``tracemalloc`` for the peak of memory Python allocated (tracing slows it down)."""

from __future__ import annotations

import os
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from waypoint.accounts.models import Organization
from waypoint.hmis import importer, reader

SAMPLE_NAME = "hmis/lsa_sample_code/sample_hmis_data_6416bf2.zip"


def sample_path() -> Path:
    standards = os.environ.get(
        "WAYPOINT_STANDARDS_DIR", str(Path(settings.BASE_DIR).parent / "shared" / "standards")
    )
    return Path(standards) / SAMPLE_NAME


@dataclass
class Measured:
    seconds: float
    read_seconds: float
    peak_bytes: int
    created: dict[str, int]
    left_out: int
    errors: int


class _RollBack(Exception):
    pass


def _run(path: Path) -> tuple[float, importer.Report]:
    started = time.perf_counter()
    files, found = reader.read(path)
    read_done = time.perf_counter() - started
    report = importer.Report()
    try:
        with transaction.atomic():
            organization = Organization.objects.create(name="HMIS sample (bench)")
            report = importer.import_hmis(
                by=None, organization=organization, files=files, read_problems=found
            )
            raise _RollBack
    except _RollBack:
        pass
    return read_done, report


def measure_sample_import(path: Path | None = None) -> Measured | None:
    """None when the sample is not there."""
    path = path or sample_path()
    if not path.exists():
        return None
    started = time.perf_counter()
    read_seconds, report = _run(path)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        _run(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Measured(
        seconds=seconds,
        read_seconds=read_seconds,
        peak_bytes=peak,
        created=dict(report.created),
        left_out=report.left_out,
        errors=len(report.errors),
    )
