"""Directory imports in the background. Progress goes to the "progress" cache so the
page can show it while the import's single transaction is still open."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django_tasks import task

from waypoint.directory import actions, hsds
from waypoint.directory.models import DirectoryImport
from waypoint.errors import ActionRefused

KEPT_PROBLEMS = 1000  # the first ones are listed on the page; all are counted
# Saved with the import (like the problems and an unreadable file's message): stored data,
# in Waypoint's own words, not translated.
UNEXPECTED = (
    "The import stopped on an unexpected error; nothing was changed. "
    "The server log has the details."
)


def progress_key(job: DirectoryImport) -> str:
    return f"directory-import:{job.public_id}"


def progress_of(job: DirectoryImport) -> tuple[int, int] | None:
    found = caches["progress"].get(progress_key(job))
    return (int(found[0]), int(found[1])) if found else None


@task()
def run_import(job_id: str) -> dict[str, Any]:
    job = DirectoryImport.objects.select_related("started_by").get(public_id=uuid.UUID(job_id))
    path = Path(job.stored_at)
    DirectoryImport.objects.filter(pk=job.pk).update(status=DirectoryImport.Status.RUNNING)
    cache = caches["progress"]

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(job), [done, total], timeout=3600)

    try:
        rows, notices = hsds.read_path(path)
        progress(0, len(rows))
        report = actions.import_directory(
            by=job.started_by,
            owner_id=job.owner_id,
            rows=rows,
            notices=notices,
            source=job.file_name,
            progress=progress,
        )
    except (hsds.Unreadable, ActionRefused) as error:
        job.status = DirectoryImport.Status.FAILED
        job.message = str(error)
    except Exception:
        DirectoryImport.objects.filter(pk=job.pk).update(
            status=DirectoryImport.Status.FAILED,
            message=UNEXPECTED,
            finished_at=timezone.now(),
        )
        raise
    else:
        job.status = DirectoryImport.Status.DONE
        job.summary = report.summary()
        job.problem_count = len(report.problems)
        job.problems = [
            {
                "file": p.file,
                "where": p.where,
                "column": p.column,
                "message": p.message,
                "outcome": p.outcome,
            }
            for p in report.problems[:KEPT_PROBLEMS]
        ]
    finally:
        folder = path.parent.resolve()
        if (
            folder.is_relative_to(Path(settings.IMPORT_DIR).resolve())
            and folder != Path(settings.IMPORT_DIR).resolve()
        ):
            shutil.rmtree(folder, ignore_errors=True)
        cache.delete(progress_key(job))
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "message", "summary", "problems", "problem_count", "finished_at"]
    )
    return {"status": job.status}
