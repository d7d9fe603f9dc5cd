"""Writes of the HMIS import pages: keep an uploaded export and check it (a dry run that
writes nothing but the upload's own record), then queue its import with the
administrator's choice of program for each HMIS project. Administrators only; each is
atomic and audited. The import itself is ``importer.import_hmis`` (run by
``import_tasks.run_import``)."""

from __future__ import annotations

import shutil
import uuid
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.errors import ActionRefused
from waypoint.hmis import importer, reader
from waypoint.hmis.checks import summary
from waypoint.hmis.models import HmisImport
from waypoint.toolkit import audit

if TYPE_CHECKING:
    from waypoint.accounts.models import User

KEPT_PROBLEMS = 2000  # listed on the page; all are counted
KEEP_UPLOADS_DAYS = 2  # a checked upload waits this long for its import


def _check_admin(by: User) -> int:
    access = access_for(by)
    if not access.is_admin or access.organization_id is None:
        raise ActionRefused(_("Only administrators import HMIS data."))
    return int(access.organization_id)


def problem_rows(found: list[Any]) -> list[dict[str, Any]]:
    return [p.as_dict() for p in found[:KEPT_PROBLEMS]]


def check_upload(*, by: User, upload: Any) -> HmisImport:
    """Keep the uploaded zip in a folder of its own and check it: its problems and the
    projects it holds are saved with it. Nothing else is written. (The check runs before
    the transaction, so a large file holds no lock while it is read.)"""
    organization_id = _check_admin(by)
    _remove_stale_uploads(organization_id)
    name = Path(str(upload.name)).name[-200:] or "hmis.zip"
    folder = Path(settings.IMPORT_DIR) / str(uuid.uuid4())
    folder.mkdir(parents=True)
    stored = folder / "upload.zip"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = HmisImport(organization_id=organization_id, started_by=by, file_name=name)
    try:
        files, found = reader.read(stored)
    except reader.Unreadable as unreadable:
        shutil.rmtree(folder, ignore_errors=True)
        job.status = HmisImport.Status.FAILED
        job.message = str(unreadable)
        job.finished_at = timezone.now()
    else:
        problems = importer.problems(files, found, today=timezone.localdate())
        counted = summary(problems)
        job.stored_at = str(stored)
        job.problems = problem_rows(problems)
        job.error_count, job.warning_count = counted["errors"], counted["warnings"]
        job.projects = {
            p.project_id: {"name": p.name, "enrollments": p.enrollments}
            for p in importer.projects_of(files)
        }
        job.summary = {"files": files.counts, "source": importer.source_of(files)}
        if counted["errors"]:
            shutil.rmtree(folder, ignore_errors=True)
            job.stored_at = ""
    try:
        _save_checked(by, job, organization_id)
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job


@transaction.atomic
def _save_checked(by: User, job: HmisImport, organization_id: int) -> None:
    job.save()
    audit(
        by,
        "upload",
        "hmis_import",
        job.public_id,
        participant_id=None,
        organization_id=organization_id,
        changes={"file": job.file_name, "errors": job.error_count},
    )


def choosable_programs(by: User) -> list[Program]:
    """The organization's programs an HMIS project may go into."""
    organization_id = access_for(by).organization_id
    if organization_id is None:
        return []
    return list(Program.objects.filter(organization_id=organization_id).order_by("name"))


@transaction.atomic
def start_import(*, by: User, job: HmisImport, choices: dict[str, int | None]) -> HmisImport:
    """Queue the checked import, each HMIS project into the chosen program (None: a new
    program named after it). A second click does not queue it twice."""
    organization_id = _check_admin(by)
    current = HmisImport.objects.select_for_update().get(pk=job.pk)
    if current.organization_id != organization_id:
        raise ActionRefused(_("Only administrators import HMIS data."))
    if current.status != HmisImport.Status.CHECKED:
        return current  # already queued or done
    if current.error_count:
        raise ActionRefused(_("Fix the errors in the export and upload it again."))
    if not current.stored_at:
        raise ActionRefused(_("The uploaded file is no longer kept; upload it again."))
    allowed = {p.pk for p in choosable_programs(by)}
    cleaned: dict[str, int | None] = {}
    for project_id in current.projects:
        chosen = choices.get(project_id)
        if chosen is not None and chosen not in allowed:
            raise ActionRefused(_("Choose a program from the list."), field=project_id)
        cleaned[project_id] = chosen
    current.choices = cleaned
    current.status = HmisImport.Status.WAITING
    current.save(update_fields=["choices", "status"])
    audit(
        by,
        "import",
        "hmis_import",
        current.public_id,
        participant_id=None,
        organization_id=organization_id,
        changes={"choices": cleaned},
    )
    return current


def _remove_stale_uploads(organization_id: int) -> None:
    """Uploads checked but never imported are deleted after KEEP_UPLOADS_DAYS."""
    cutoff = timezone.now() - timedelta(days=KEEP_UPLOADS_DAYS)
    stale = HmisImport.objects.filter(
        organization_id=organization_id,
        status=HmisImport.Status.CHECKED,
        created_at__lt=cutoff,
    ).exclude(stored_at="")
    for job in stale:
        remove_upload(job)


def remove_upload(job: HmisImport) -> None:
    """Delete the stored upload (only inside IMPORT_DIR) and forget where it was."""
    if job.stored_at:
        folder = Path(job.stored_at).parent.resolve()
        root = Path(settings.IMPORT_DIR).resolve()
        if folder.is_relative_to(root) and folder != root:
            shutil.rmtree(folder, ignore_errors=True)
    HmisImport.objects.filter(pk=job.pk).update(stored_at="")
