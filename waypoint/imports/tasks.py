"""Imports of people in the background. Progress goes to the "progress" cache so the
page can show it while the import runs."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import caches
from django.utils import timezone, translation
from django_tasks import task

from waypoint.errors import ActionRefused
from waypoint.imports import actions
from waypoint.imports.models import PeopleImport

# Saved with the import: stored data, in Waypoint's own words, not translated.
UNEXPECTED = (
    "The import stopped on an unexpected error. Rows already imported stay; run the "
    "same file again to import the rest. The server log has the details."
)


def progress_key(job: PeopleImport) -> str:
    return f"people-import:{job.public_id}"


def progress_of(job: PeopleImport) -> tuple[int, int] | None:
    found = caches["progress"].get(progress_key(job))
    return (int(found[0]), int(found[1])) if found else None


@task()
def run_import(job_id: str) -> dict[str, Any]:
    job = PeopleImport.objects.select_related("started_by").get(public_id=uuid.UUID(job_id))
    PeopleImport.objects.filter(pk=job.pk).update(status=PeopleImport.Status.RUNNING)
    cache = caches["progress"]

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(job), [done, total], timeout=3600)

    try:
        with translation.override(job.language):
            if job.started_by is None:  # the account that started it is gone
                raise ActionRefused(str(actions.NOT_MANAGER), field="program")
            job = actions.import_people(by=job.started_by, job=job, progress=progress)
    except ActionRefused as refused:
        PeopleImport.objects.filter(pk=job.pk).update(
            status=PeopleImport.Status.FAILED, message=refused.message, finished_at=timezone.now()
        )
    except Exception:
        PeopleImport.objects.filter(pk=job.pk).update(
            status=PeopleImport.Status.FAILED, message=UNEXPECTED, finished_at=timezone.now()
        )
        raise
    finally:
        cache.delete(progress_key(job))
    return {"status": PeopleImport.objects.values_list("status", flat=True).get(pk=job.pk)}
