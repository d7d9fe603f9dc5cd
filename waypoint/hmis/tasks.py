"""HMIS CSV exports in the background: build, check, and keep the zip for download.
Progress goes to the "progress" cache so the page can show it as it runs."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import caches
from django.utils import timezone, translation
from django_tasks import task

from waypoint.accounts.language import language_of
from waypoint.hmis import checks
from waypoint.hmis.actions import export_dir
from waypoint.hmis.export import Scope, build, write_zip
from waypoint.hmis.models import HmisExport

KEPT_PROBLEMS = 2000  # listed on the page; all are counted
UNEXPECTED = "The export stopped on an unexpected error. The server log has the details."


def progress_key(job: HmisExport) -> str:
    return f"hmis-export:{job.public_id}"


def progress_of(job: HmisExport) -> tuple[int, int] | None:
    found = caches["progress"].get(progress_key(job))
    return (int(found[0]), int(found[1])) if found else None


def export_id_of(job: HmisExport) -> str:
    return job.public_id.hex


@task()
def run_export(job_id: str) -> dict[str, Any]:
    job = HmisExport.objects.select_related("organization", "started_by").get(
        public_id=uuid.UUID(job_id)
    )
    HmisExport.objects.filter(pk=job.pk).update(status=HmisExport.Status.RUNNING)
    cache = caches["progress"]

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(job), [done, total], timeout=3600)

    try:
        with translation.override(language_of(job.started_by)):
            made = build(
                Scope(
                    organization=job.organization,
                    start=job.period_start,
                    end=job.period_end,
                    hashed=job.hashed,
                    program_ids=list(job.programs),
                ),
                export_id=export_id_of(job),
                progress=progress,
            )
            found = checks.run(checks.Files.of(made.rows), today=timezone.localdate())
        folder = export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{job.public_id}.zip"
        with path.open("wb") as target:
            write_zip(made, target)
    except Exception:
        HmisExport.objects.filter(pk=job.pk).update(
            status=HmisExport.Status.FAILED, message=UNEXPECTED, finished_at=timezone.now()
        )
        raise
    finally:
        cache.delete(progress_key(job))
    counted = checks.summary(found)
    job.status = HmisExport.Status.DONE
    job.stored_at = str(path)
    job.summary = {
        "files": made.counts(),
        "people": [[p.pk, str(p.public_id)] for p in made.people.values()],
    }
    job.problems = [p.as_dict() for p in found[:KEPT_PROBLEMS]]
    job.error_count, job.warning_count = counted["errors"], counted["warnings"]
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "stored_at",
            "summary",
            "problems",
            "error_count",
            "warning_count",
            "finished_at",
        ]
    )
    return {"status": job.status, "errors": job.error_count}
