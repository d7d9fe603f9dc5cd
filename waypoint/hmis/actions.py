"""Writes of the HMIS exchange: a program's HUD descriptors, starting an export and
recording its download. Each is atomic and audited."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import bounds
from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.errors import ActionRefused, StaleEdit
from waypoint.hmis.codes import LISTS, OTHER_FUNDER
from waypoint.hmis.models import RESIDENTIAL_TYPES, HmisExport, HudProject
from waypoint.toolkit import audit

if TYPE_CHECKING:
    from waypoint.accounts.models import User

# The fields a manager fills in (``HudProject``), in the order of the form.
HUD_FIELDS = (
    "reports_to_hud",
    "project_type",
    "rrh_subtype",
    "housing_type",
    "continuum_project",
    "coc_code",
    "geocode",
    "zip_code",
    "geography_type",
    "funder",
    "other_funder",
    "grant_id",
    "grant_start",
    "grant_end",
    "operating_start",
    "operating_end",
    "participation",
    "contacts_as",
)
COC_CODE = re.compile(r"[A-Z]{2}-\d{3}")
# Stored export files are removed after this many days.
KEEP_FILES_DAYS = 30
LONGEST_PERIOD_DAYS = 366 * 10


def hud_project_of(program: Program) -> HudProject:
    """The program's HUD descriptors, unsaved defaults when none were ever filled in."""
    found = HudProject.objects.filter(program=program).first()
    return found if found is not None else HudProject(program=program)


def _refuse(message: str, field: str) -> None:
    raise ActionRefused(message, field=field)


def _check_hud(values: dict[str, Any]) -> None:
    if values["coc_code"] and not COC_CODE.fullmatch(values["coc_code"]):
        _refuse(
            _("Write the CoC code as two letters, a dash and three digits: CA-600."), "coc_code"
        )
    if values["geocode"] and not re.fullmatch(r"\d{6}", values["geocode"]):
        _refuse(_("The geocode is six digits."), "geocode")
    if values["zip_code"] and not re.fullmatch(r"\d{5}", values["zip_code"]):
        _refuse(_("The ZIP code is five digits."), "zip_code")
    if values["funder"] is not None and values["funder"] not in LISTS["2.06.1"]:
        _refuse(_("Choose the funding source from the list."), "funder")
    if values["funder"] == OTHER_FUNDER and not values["other_funder"].strip():
        _refuse(_("Name the funding source."), "other_funder")
    for start, end, field in (
        ("operating_start", "operating_end", "operating_end"),
        ("grant_start", "grant_end", "grant_end"),
    ):
        for name in (start, end):
            if values[name] is not None and (problem := bounds.WIDE.problem(values[name])):
                _refuse(problem, name)
        if values[start] and values[end] and values[end] < values[start]:
            _refuse(_("The end cannot come before the start."), field)
    if values["reports_to_hud"]:
        if values["project_type"] is None:
            _refuse(_("Choose the project type HUD knows it by."), "project_type")
        if values["operating_start"] is None:
            _refuse(_("Give the date the project started operating."), "operating_start")
        if not values["coc_code"]:
            _refuse(_("Give the CoC code of the Continuum it reports to."), "coc_code")
        if values["project_type"] in RESIDENTIAL_TYPES and values["housing_type"] is None:
            _refuse(_("A project that houses people needs its housing type."), "housing_type")
        if values["project_type"] == 13 and values["rrh_subtype"] is None:
            _refuse(_("Say which kind of rapid re-housing it is."), "rrh_subtype")
        if values["funder"] is not None and values["grant_start"] is None:
            _refuse(_("Give the date the grant started."), "grant_start")


@transaction.atomic
def save_hud_project(
    *, by: User, program: Program, values: dict[str, Any], expected_version: int | None
) -> HudProject:
    """Save what the program tells HUD about itself (managers and administrators)."""
    if not access_for(by).can_manage(program.pk):
        raise ActionRefused(_("Only the program's manager or an administrator can change this."))
    current = HudProject.objects.select_for_update().filter(program=program).first()
    if current is None:
        current = HudProject(program=program)
    elif expected_version is not None and current.version != expected_version:
        raise StaleEdit([_("HUD settings")], [])
    merged = {name: values.get(name, getattr(current, name)) for name in HUD_FIELDS}
    for name in ("coc_code", "geocode", "zip_code", "other_funder", "grant_id"):
        merged[name] = (merged[name] or "").strip()
    merged["coc_code"] = merged["coc_code"].upper()
    if merged["project_type"] not in RESIDENTIAL_TYPES:
        merged["housing_type"] = None
    if merged["project_type"] != 13:
        merged["rrh_subtype"] = None
    if merged["funder"] != OTHER_FUNDER:
        merged["other_funder"] = ""
    _check_hud(merged)
    diff = {
        name: [_plain(getattr(current, name)), _plain(merged[name])]
        for name in HUD_FIELDS
        if getattr(current, name) != merged[name]
    }
    if not diff and not current._state.adding:
        return current
    for name, value in merged.items():
        setattr(current, name, value)
    if current._state.adding:
        current.save()
    else:
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
    record(
        by=by,
        action="settings",
        role=access_for(by).role_in([program.pk]),
        organization_id=program.organization_id,
        entries=[Entry("hud_project", str(program.pk), None, diff)],
    )
    return current


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def organization_of(by: User) -> int:
    found = access_for(by).organization_id
    if found is None:
        raise ActionRefused(_("Only staff of an organization can do this."))
    return found


def exportable_programs(by: User) -> list[Program]:
    """The programs that report to HUD which ``by`` may export: every one of the
    organization for an administrator, those they manage for a program manager."""
    access = access_for(by)
    if access.organization_id is None:
        return []
    found = Program.objects.filter(
        organization_id=access.organization_id, hud_project__reports_to_hud=True
    ).order_by("name")
    return [p for p in found if access.can_manage(p.pk)]


def export_dir() -> Path:
    return Path(settings.PRIVATE_FILES_DIR) / "hmis-exports"


@transaction.atomic
def start_export(
    *, by: User, start: date, end: date, hashed: bool, program_ids: list[int]
) -> HmisExport:
    """Ask for an export of the chosen programs (each one ``by`` may export); the
    background task ``tasks.run_export`` builds and checks it."""
    allowed = {p.pk for p in exportable_programs(by)}
    chosen = sorted(set(program_ids))
    if not chosen:
        raise ActionRefused(_("Choose at least one program."), field="programs")
    if not set(chosen) <= allowed:
        raise ActionRefused(_("Choose programs you manage that report to HUD."), field="programs")
    for name, value in (("start", start), ("end", end)):
        if problem := bounds.WIDE.problem(value):
            raise ActionRefused(problem, field=name)
    if end < start:
        raise ActionRefused(_("The period cannot end before it starts."), field="end")
    if (end - start).days > LONGEST_PERIOD_DAYS:
        raise ActionRefused(_("Export at most ten years at a time."), field="start")
    organization_id = organization_of(by)
    _remove_old_files(organization_id)
    job = HmisExport.objects.create(
        organization_id=organization_id,
        started_by=by,
        hashed=hashed,
        period_start=start,
        period_end=end,
        programs=chosen,
    )
    audit(
        by,
        "export",
        "hmis_export",
        job.public_id,
        participant_id=None,
        organization_id=organization_id,
        changes={
            "programs": chosen,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "hashed": hashed,
        },
    )
    return job


def _remove_old_files(organization_id: int) -> None:
    cutoff = timezone.now() - timedelta(days=KEEP_FILES_DAYS)
    old = HmisExport.objects.filter(organization_id=organization_id, created_at__lt=cutoff).exclude(
        stored_at=""
    )
    for job in old:
        remove_file(job)


def remove_file(job: HmisExport) -> None:
    path = Path(job.stored_at)
    if path.is_relative_to(export_dir().resolve()) or path.is_relative_to(export_dir()):
        path.unlink(missing_ok=True)
    HmisExport.objects.filter(pk=job.pk).update(stored_at="")


@transaction.atomic
def discard_file(*, by: User, job: HmisExport) -> None:
    """Delete an export's stored zip before its time (the record and its checks stay)."""
    if not job.stored_at:
        raise ActionRefused(_("This export's file was already removed."))
    remove_file(job)
    audit(
        by,
        "delete",
        "hmis_export",
        job.public_id,
        participant_id=None,
        organization_id=job.organization_id,
    )


@transaction.atomic
def record_download(*, by: User, job: HmisExport) -> None:
    """The download, in the audit trail with every person the file holds."""
    access = access_for(by)
    people = job.summary.get("people", [])
    record(
        by=by,
        action="export",
        role=access.primary_role,
        organization_id=job.organization_id,
        entries=[
            Entry("hmis_export", str(job.public_id), None, {"hashed": job.hashed}),
            *[
                Entry("participant", str(public_id), pk, {"file": "hmis_csv"})
                for pk, public_id in people
            ],
        ],
    )
