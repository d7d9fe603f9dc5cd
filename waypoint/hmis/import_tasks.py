"""HMIS CSV imports in the background: read the stored upload again, import it in one
transaction, keep the report and delete the upload. Progress goes to the "progress"
cache so the page can show it while the transaction is still open."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.utils import timezone, translation
from django_tasks import task

from waypoint.accounts.language import language_of
from waypoint.accounts.models import Program
from waypoint.hmis import importer, reader
from waypoint.hmis.import_actions import problem_rows, remove_upload
from waypoint.hmis.models import HmisImport

# Saved with the import: stored data in Waypoint's own words, not translated (like the
# directory's import).
UNEXPECTED = (
    "The import stopped on an unexpected error; nothing was changed. "
    "The server log has the details."
)
GONE = "The uploaded file is no longer there; upload it again."


def progress_key(job: HmisImport) -> str:
    return f"hmis-import:{job.public_id}"


def progress_of(job: HmisImport) -> tuple[int, int] | None:
    found = caches["progress"].get(progress_key(job))
    return (int(found[0]), int(found[1])) if found else None


@task()
def run_import(job_id: str) -> dict[str, Any]:
    job = HmisImport.objects.select_related("organization", "started_by").get(
        public_id=uuid.UUID(job_id)
    )
    if job.status != HmisImport.Status.WAITING:
        return {"status": job.status}
    HmisImport.objects.filter(pk=job.pk).update(status=HmisImport.Status.RUNNING)
    cache = caches["progress"]

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(job), [done, total], timeout=3600)

    try:
        if not job.stored_at or not Path(job.stored_at).exists():
            job.status, job.message = HmisImport.Status.FAILED, GONE
        else:
            with translation.override(language_of(job.started_by)):
                files, found = reader.read(job.stored_at)
                wanted = {pk for pk in job.choices.values() if pk is not None}
                programs = Program.objects.filter(organization=job.organization, pk__in=wanted)
                by_pk = {p.pk: p for p in programs}
                report = importer.import_hmis(
                    by=job.started_by,
                    organization=job.organization,
                    files=files,
                    read_problems=found,
                    projects={
                        project: by_pk.get(pk) if pk is not None else None
                        for project, pk in job.choices.items()
                    },
                    progress=progress,
                )
            job.status = HmisImport.Status.DONE if report.imported else HmisImport.Status.FAILED
            job.summary = {**job.summary, **report.summary()}
            job.problems = problem_rows(report.problems)
            job.error_count, job.warning_count = (
                len(report.errors),
                len(report.problems) - len(report.errors),
            )
    except reader.Unreadable as unreadable:
        job.status, job.message = HmisImport.Status.FAILED, str(unreadable)
    except Exception:
        HmisImport.objects.filter(pk=job.pk).update(
            status=HmisImport.Status.FAILED, message=UNEXPECTED, finished_at=timezone.now()
        )
        raise
    finally:
        remove_upload(job)
        cache.delete(progress_key(job))
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "message",
            "summary",
            "problems",
            "error_count",
            "warning_count",
            "finished_at",
        ]
    )
    return {"status": job.status}
