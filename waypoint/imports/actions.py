"""Every change an import of people makes: keeping the upload's rows, its columns and dry
run, queuing it, and creating each row's person and enrollment through the same actions
the add form uses (so each is audited like a person added by hand), plus one audit event
for the import itself."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.enrollments.actions import change_phase, enroll
from waypoint.errors import ActionRefused
from waypoint.imports import reading
from waypoint.imports.checking import FIELDS, REQUIRED, Checker, DryRun, Problem, Row, guess_mapping
from waypoint.imports.models import ImportedRow, PeopleImport
from waypoint.participants.actions import create_participant
from waypoint.participants.models import Participant
from waypoint.toolkit import audit

if TYPE_CHECKING:
    from waypoint.accounts.models import User

KEPT_PROBLEMS = 1000  # the first ones are listed on the page; all are counted
# A row's creation key comes from its fingerprint, so two runs of one file at the same
# moment still make one person.
ROW_KEYS = uuid.UUID("6f0f2a52-3c0e-4d8e-9a53-5d0f1f6a9e21")
# Where an action's refusal lands: the field it names -> the column it came from.
REFUSED_FIELDS = {
    "navigator": "navigator",
    "override_reason": "navigator",
    "status": "status",
    "phase": "phase",
}
NOT_MANAGER = gettext_lazy("You can import people only into programs you manage.")


def _check_manager(by: User, program: Program) -> None:
    access = access_for(by)
    if program.organization_id != access.organization_id or not access.can_manage(program.pk):
        raise ActionRefused(str(NOT_MANAGER), field="program")


@transaction.atomic
def start_import(*, by: User, upload: Any, program: Program) -> PeopleImport:
    """Read an uploaded CSV or XLSX file into a new import (the file is deleted once read)
    and guess its columns."""
    _check_manager(by, program)
    name = Path(str(upload.name)).name[-200:] or "upload.csv"
    folder = Path(settings.IMPORT_DIR) / str(uuid.uuid4())
    folder.mkdir(parents=True)
    try:
        stored = folder / name
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        headers, rows = reading.read_path(stored)
    except reading.Unreadable as error:
        raise ActionRefused(str(error), field="file") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    job = PeopleImport.objects.create(
        organization_id=program.organization_id,
        program=program,
        started_by=by,
        file_name=name,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        headers=headers,
        rows=rows,
        mapping=guess_mapping(headers),
    )
    audit(
        by,
        "upload",
        "people_import",
        job.public_id,
        participant_id=None,
        organization_id=program.organization_id,
        program_id=program.pk,
        changes={"file": name, "rows": len(rows)},
    )
    return job


def _store_check(job: PeopleImport, result: DryRun) -> None:
    job.checked = result.counts()
    job.problems = [p.as_dict() for p in result.problems[:KEPT_PROBLEMS]]
    job.problem_count = len(result.problems)
    job.already = result.already


@transaction.atomic
def save_mapping(*, by: User, job: PeopleImport, mapping: dict[str, str]) -> PeopleImport:
    """Keep which column fills which field, then check every row (the dry run: nothing
    is created; the problems are kept with the import to be shown)."""
    current = PeopleImport.objects.select_for_update().select_related("program").get(pk=job.pk)
    _check_manager(by, current.program)
    if current.status not in (PeopleImport.Status.UPLOADED, PeopleImport.Status.CHECKED):
        raise ActionRefused(_("This import has already run; upload the file again."))
    chosen = [f for f in mapping.values() if f]
    for f in chosen:
        if f not in FIELDS:
            raise ActionRefused(_("Choose a field from the list."))
    for f in REQUIRED:
        if f not in chosen:
            raise ActionRefused(_("Choose the column that holds the name they go by."))
    if len(chosen) != len(set(chosen)):
        raise ActionRefused(_("Choose each field for one column only."))
    current.mapping = {k: v for k, v in mapping.items() if v and int(k) < len(current.headers)}
    _store_check(current, Checker(by, current).run())
    current.status = PeopleImport.Status.CHECKED
    current.save(
        update_fields=["mapping", "checked", "problems", "problem_count", "already", "status"]
    )
    return current


@transaction.atomic
def queue_import(*, by: User, job: PeopleImport, mode: str) -> PeopleImport:
    """Ask for the import to run (in the background), all or nothing or the good rows."""
    current = PeopleImport.objects.select_for_update().select_related("program").get(pk=job.pk)
    _check_manager(by, current.program)
    if current.status not in (PeopleImport.Status.CHECKED, PeopleImport.Status.STOPPED):
        raise ActionRefused(_("This import has already run or is running."))
    if mode not in PeopleImport.Mode.values:
        raise ActionRefused(_("Choose all or nothing, or the good rows."), field="mode")
    current.mode = mode
    current.status = PeopleImport.Status.QUEUED
    current.save(update_fields=["mode", "status"])
    return current


@transaction.atomic
def import_row(*, by: User, job: PeopleImport, row: Row) -> Participant:
    """Create one row's person and their enrollment in the import's program, as the add
    form does, and record the row's fingerprint."""
    program = job.program
    key = uuid.uuid5(ROW_KEYS, row.fingerprint)
    participant = create_participant(
        by=by,
        organization=program.organization,
        data=row.person,
        contacts=row.contacts,
        creation_key=key,
        role=access_for(by).role_in([program.pk]),
    )
    enrollment = enroll(
        by=by,
        participant=participant,
        program=program,
        status=row.status,
        navigator=row.navigator,
        started_on=row.started_on,
        creation_key=key,
    )
    if row.phase and row.phase != enrollment.phase:
        change_phase(
            by=by,
            enrollment=enrollment,
            to_phase=row.phase,
            reason=_("Imported from a spreadsheet."),
        )
    ImportedRow.objects.create(
        organization_id=program.organization_id,
        program=program,
        job=job,
        row_number=row.number,
        fingerprint=row.fingerprint,
        participant=participant,
    )
    return participant


def _refusal(checker: Checker, row: Row, refused: ActionRefused) -> Problem:
    column = checker.columns.get(REFUSED_FIELDS.get(refused.field or "", ""), "")
    return Problem(row.number, column, refused.message)


class _Stop(Exception):
    """An all-or-nothing import met a problem while writing: undo everything."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def import_people(
    *, by: User, job: PeopleImport, progress: Callable[[int, int], None] | None = None
) -> PeopleImport:
    """Check the rows again, then create the good ones. All or nothing: one transaction,
    and any problem stops it with nothing written. The good rows: each row is its own
    transaction, and rows with problems are left out and listed. Rows imported before
    (the same fingerprint) are skipped either way."""
    job = PeopleImport.objects.select_related("program__organization").get(pk=job.pk)
    _check_manager(by, job.program)
    checker = Checker(by, job)
    result = checker.run()
    _store_check(job, result)
    total = len(result.rows) + len(result.already)
    done = len(result.already)
    if progress is not None:
        progress(done, total)
    created = 0
    already = list(result.already)
    problems = list(result.problems)
    all_or_nothing = job.mode == PeopleImport.Mode.ALL
    stopped = all_or_nothing and bool(problems)
    if not stopped:
        try:
            with transaction.atomic() if all_or_nothing else nullcontext():
                for row in result.good:
                    try:
                        import_row(by=by, job=job, row=row)
                    except ActionRefused as refused:
                        problem = _refusal(checker, row, refused)
                        if all_or_nothing:
                            raise _Stop(problem) from None
                        problems.append(problem)
                    except IntegrityError:
                        if all_or_nothing:
                            raise
                        already.append(row.number)  # a simultaneous run made it first
                    else:
                        created += 1
                    done += 1
                    if progress is not None:
                        progress(done, total)
        except _Stop as stop:
            stopped = True
            created = 0
            problems.append(stop.problem)
    left_out = len({p.row for p in problems})
    with transaction.atomic():
        job.status = PeopleImport.Status.STOPPED if stopped else PeopleImport.Status.DONE
        job.summary = {
            "created": created,
            "already": len(already),
            "left_out": left_out,
            "stopped": stopped,
        }
        job.problems = [p.as_dict() for p in problems[:KEPT_PROBLEMS]]
        job.problem_count = len(problems)
        job.already = sorted(already)
        job.finished_at = timezone.now()
        if not stopped:
            job.rows = []  # what the file said is no longer kept once imported
        job.save(
            update_fields=[
                "status",
                "summary",
                "problems",
                "problem_count",
                "already",
                "finished_at",
                "rows",
                "checked",
            ]
        )
        audit(
            by,
            "import",
            "people_import",
            job.public_id,
            participant_id=None,
            organization_id=job.organization_id,
            program_id=job.program_id,
            changes={
                "file": job.file_name,
                "mode": job.mode,
                "created": created,
                "already": len(already),
                "left_out": left_out,
                "stopped": stopped,
            },
        )
    return job
