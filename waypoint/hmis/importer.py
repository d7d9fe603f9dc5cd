"""Importing an HMIS CSV export (FY2026) into an organization.

``problems`` checks what ``reader.read`` found with HUD's checks (``checks.py``) and says
which problems block: a missing Export, Project, Client, Enrollment or Exit file, a
header without the columns the import uses, a value of such a column that is not a date,
number or code, a repeated key, an id that does not resolve, a household stay with more
than one head, an exit before its entry, a hashed export. Any of these and nothing is
written. Otherwise ``import_hmis`` writes, in one transaction: a program per HMIS project
(a new one with its HUD descriptors, or the one the administrator chose), the people of
Client.csv who have an enrollment, their enrollments and household stays, and for each
exit a closed closure with its destination. Rows the database would refuse (a second open
enrollment of the same person in the same program) are left out and each one is listed.
``HmisIdentity`` remembers where every record came from: importing the same export again
creates nothing new, and the export writes the source's ids back.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.actions import create_program
from waypoint.accounts.models import DEFAULT_PHASES, Organization, Program
from waypoint.accounts.queries import access_for
from waypoint.audit.actions import Entry, record
from waypoint.closure.models import Closure, ClosureEvent, ClosureReason
from waypoint.enrollments.actions import rebuild_caseload_counts
from waypoint.enrollments.models import Enrollment, EnrollmentEvent, Status
from waypoint.enrollments.standards import apply_due_dates
from waypoint.errors import ActionRefused
from waypoint.hmis import checks
from waypoint.hmis.checks import ERROR, WARNING, Problem, parse_date
from waypoint.hmis.codes import LISTS
from waypoint.hmis.models import HmisIdentity, HudProject
from waypoint.hmis.reader import KEEP, Read
from waypoint.participants.models import Participant
from waypoint.participants.normalize import name_key

if TYPE_CHECKING:
    from waypoint.accounts.models import User

REQUIRED = ("Export", "Project", "Client", "Enrollment", "Exit")
NOT_IMPORTED = (
    "Services",
    "Assessment",
    "AssessmentQuestions",
    "AssessmentResults",
    "CurrentLivingSituation",
    "Disabilities",
    "EmploymentEducation",
    "HealthAndDV",
    "IncomeBenefits",
    "YouthEducationStatus",
    "Event",
    "Inventory",
    "Affiliation",
    "CEParticipation",
    "User",
)
HASHED = {"2": "SHA-1", "3": "SHA-1 with Soundex", "4": "SHA-256 with Soundex"}
# Stored with each closure and its reason: data, in Waypoint's own words (not translated,
# like the directory's import messages).
REASON = "Imported from HMIS"
NOTE = "Imported from an HMIS CSV export."
BATCH = 1000
# HUD checks whose errors describe the source's own bookkeeping, not something the
# import would get wrong: they are listed as warnings.
SOFT_CHECKS = {2, 4, 14, 27, 35, 36, 110, 120, 121}

# The columns whose values the import keeps or needs: a value there that is not a date,
# number or code blocks the import. Elsewhere it is listed as a warning.
STRICT = {
    ("Export", "ExportID"),
    ("Export", "HashStatus"),
    ("Client", "PersonalID"),
    ("Client", "DOB"),
    ("Enrollment", "EnrollmentID"),
    ("Enrollment", "PersonalID"),
    ("Enrollment", "ProjectID"),
    ("Enrollment", "EntryDate"),
    ("Enrollment", "HouseholdID"),
    ("Enrollment", "RelationshipToHoH"),
    ("Exit", "ExitID"),
    ("Exit", "EnrollmentID"),
    ("Exit", "PersonalID"),
    ("Exit", "ExitDate"),
    ("Exit", "Destination"),
    ("Exit", "DestinationSubsidyType"),
    ("Exit", "ProjectCompletionStatus"),
    ("Project", "ProjectID"),
    ("ProjectCoC", "ProjectID"),
    ("Funder", "ProjectID"),
    ("HMISParticipation", "ProjectID"),
}
# Empty, these have a plain answer: their own household, "not collected" (99).
EMPTY_IS_FINE = {
    ("Enrollment", "HouseholdID"),
    ("Enrollment", "RelationshipToHoH"),
    ("Exit", "Destination"),
}

Progress = Callable[[int, int], None]


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    already: Counter[str] = field(default_factory=Counter)
    left_out: int = 0
    not_read: dict[str, int] = field(default_factory=dict)
    imported: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def summary(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "created": dict(self.created),
            "already": dict(self.already),
            "left_out": self.left_out,
            "not_read": self.not_read,
            **checks.summary(self.problems),
        }


def _p(
    severity: str,
    check: int,
    file: str,
    row: int,
    column: str,
    message: str,
    fix: str,
    person: str = "",
    enrollment: str = "",
) -> Problem:
    return Problem(severity, check, file, row, column, message, fix, person, enrollment)


def _live(rows: Iterable[dict[str, str]]) -> Iterable[dict[str, str]]:
    """Rows not marked deleted in the source."""
    return (row for row in rows if not (row.get("DateDeleted") or "").strip())


# ---------------------------------------------------------------- checking


def problems(files: Read, read_problems: Iterable[Problem], *, today: date) -> list[Problem]:
    """Every problem of the files for the import, errors (which block it) first."""
    found = list(read_problems)
    found += _structure(files)
    blocked = {p.file for p in found if p.severity == ERROR and p.file in KEEP}
    kept = checks.Files(
        headers={
            name: [c for c in KEEP[name] if c in files.headers[name]]
            for name in KEEP
            if name in files.headers and name not in blocked
        },
        rows={name: rows for name, rows in files.rows.items() if name not in blocked},
    )
    if not blocked:
        more = [
            *_export_rows(files),
            *(_cell_severity(p) for p in checks.cells(kept)),
            *checks.keys(kept),
            *checks.households(_own_households(kept)),
            *checks.dates(kept, today),
            *checks.projects(kept),
            *checks.exits(kept),
            *checks.people(kept, today),
        ]
        more += _names(files)
        found += [
            _on_line(
                replace(p, severity=WARNING) if p.check in SOFT_CHECKS or _soft(p) else p, files
            )
            for p in more
        ]
    return sorted(found, key=lambda p: (p.severity != ERROR, p.file, p.row, p.column))


def _cell_severity(problem: Problem) -> Problem:
    """A value that is not a date, number or code blocks where the import keeps it; an
    empty one where the import has a plain answer (99, their own household) is a
    warning, and so is anything in a column the import only passes by."""
    where = (problem.file, problem.column)
    if where == ("Exit", "Destination") and problem.check == 54:
        return replace(
            problem,
            severity=WARNING,
            fix=_(
                "It is imported as “not collected” (99): record where they went on their ending."
            ),
        )
    if where in STRICT and not (problem.check == 6 and where in EMPTY_IS_FINE):
        return problem
    return replace(problem, severity=WARNING)


def _own_households(files: checks.Files) -> checks.Files:
    """Enrollments without a HouseholdID are households of their own (not one household
    of everyone without one)."""
    rows = files.rows.get("Enrollment")
    if not rows or all(row.get("HouseholdID") for row in rows):
        return files
    fixed = [
        row if row.get("HouseholdID") else {**row, "HouseholdID": _household_key(row)}
        for row in rows
    ]
    return checks.Files(headers=files.headers, rows={**files.rows, "Enrollment": fixed})


def _household_key(row: dict[str, str]) -> str:
    return row.get("HouseholdID") or f"(EnrollmentID {row.get('EnrollmentID', '')})"


def _soft(problem: Problem) -> bool:
    """Project descriptors HUD asks for that the import does not need (a project without
    a type is imported; its manager fills it in)."""
    return problem.file == "Project" and problem.column == "ProjectType" and problem.check == 0


def _on_line(problem: Problem, files: Read) -> Problem:
    """The checks count rows (the header is line 1); a value over several lines moves
    the rows after it down: name the line in the file."""
    lines = files.lines.get(problem.file)
    if lines and 2 <= problem.row <= len(lines) + 1 and lines[problem.row - 2] != problem.row:
        return replace(problem, row=lines[problem.row - 2])
    return problem


def _structure(files: Read) -> list[Problem]:
    out = []
    for p in checks.structure(files):
        if p.check == 140:
            continue  # several Export rows: _export_rows decides
        if p.check == 125 and p.file not in REQUIRED:
            out.append(
                replace(
                    p,
                    severity=WARNING,
                    fix=_("The import does not need it: nothing is read from it."),
                )
            )
            continue
        if p.check == 12 and (
            p.file not in KEEP
            or all(c in files.headers.get(p.file, []) for c in KEEP[p.file] if c != "DateDeleted")
        ):
            out.append(replace(p, severity=WARNING))
            continue
        out.append(p)
    return out


def _export_rows(files: Read) -> list[Problem]:
    """Several Export rows: every other file's ExportID is one of them (a warning said
    once); a row naming another is an error. A hashed export has no names to import."""
    rows = files.rows.get("Export") or []
    out: list[Problem] = []
    if not rows:
        return [
            _p(
                ERROR,
                140,
                "Export",
                0,
                "",
                _("Export.csv has no row: the export cannot be told apart from another."),
                _("Export again; HUD's format has one Export row."),
            )
        ]
    for line, row in enumerate(rows, start=2):
        status = (row.get("HashStatus") or "").strip()
        if status in HASHED:
            out.append(
                _p(
                    ERROR,
                    0,
                    "Export",
                    line,
                    "HashStatus",
                    _(
                        "This export is hashed (%(kind)s): it has no names to import, so the "
                        "people in it could not be recognized."
                    )
                    % {"kind": HASHED[status]},
                    _("Ask for an unhashed export (HashStatus 1)."),
                )
            )
    systems = {_source_of(row) for row in rows}
    if len(systems) > 1:
        out.append(
            _p(
                ERROR,
                0,
                "Export",
                0,
                "ImplementationID",
                _("Export.csv lists exports of %(count)s different systems.")
                % {"count": len(systems)},
                _("Import each system's export separately."),
            )
        )
    if len(rows) == 1:
        return out  # checks.keys compares every ExportID with the one row
    listed = {row.get("ExportID", "") for row in rows}
    out.append(
        _p(
            WARNING,
            140,
            "Export",
            0,
            "",
            _("Export.csv lists %(count)s exports; rows of all of them are read.")
            % {"count": len(rows)},
            _("Nothing to do, if they are parts of one export of one system."),
        )
    )
    for name in KEEP:
        if name == "Export":
            continue
        for line, row in enumerate(files.rows.get(name) or [], start=2):
            if "ExportID" in row and row["ExportID"] not in listed:
                out.append(
                    _p(
                        ERROR,
                        49,
                        name,
                        line,
                        "ExportID",
                        _("ExportID %(found)s is not one of the exports Export.csv lists.")
                        % {"found": row["ExportID"][:40]},
                        _("Every file's rows belong to an export that Export.csv lists."),
                        (row.get("PersonalID") or "").strip(),
                    )
                )
    return out


def _names(files: Read) -> list[Problem]:
    out = []
    today = timezone.localdate()
    for line, row in enumerate(files.rows.get("Client") or [], start=2):
        born = parse_date(row.get("DOB", ""))
        if (
            row.get("DOBDataQuality") in ("1", "2")
            and born is not None
            and not (date(1900, 1, 1) <= born <= today)
        ):
            out.append(
                _p(
                    WARNING,
                    0,
                    "Client",
                    line,
                    "DOB",
                    _("The date of birth %(date)s is before 1900 or in the future; it is left out.")
                    % {"date": born},
                    _("Ask them, and record it on their page."),
                    (row.get("PersonalID") or "").strip(),
                )
            )
        first, _middle, _last, _legal = _name_of(row)
        if not first:
            out.append(
                _p(
                    WARNING,
                    0,
                    "Client",
                    line,
                    "FirstName",
                    _("No name is recorded; they are imported as “%(name)s”.")
                    % {"name": _unnamed(row)},
                    _("Ask their name and record it on their page."),
                    (row.get("PersonalID") or "").strip(),
                )
            )
    return out


def blocking(found: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in found)


def _source_of(row: dict[str, str]) -> str:
    return ((row.get("ImplementationID") or "").strip() or (row.get("SourceID") or "").strip())[
        :200
    ]


def source_of(files: Read) -> str:
    rows = files.rows.get("Export") or []
    return _source_of(rows[0]) if rows else ""


# ---------------------------------------------------------------- what is in it


@dataclass
class Project:
    project_id: str
    name: str
    project_type: str
    enrollments: int


def projects_of(files: Read) -> list[Project]:
    """The HMIS projects of the files, with how many enrollments each holds."""
    counted = Counter(row.get("ProjectID", "") for row in _live(files.rows.get("Enrollment") or []))
    return [
        Project(
            project_id=row.get("ProjectID", ""),
            name=(row.get("ProjectName") or "").strip()[:200],
            project_type=row.get("ProjectType", ""),
            enrollments=counted[row.get("ProjectID", "")],
        )
        for row in _live(files.rows.get("Project") or [])
    ]


# ---------------------------------------------------------------- importing


def _name_of(row: dict[str, str]) -> tuple[str, str, str, bool]:
    """(first, middle, last, a full legal name) as HUD's Client row has them."""
    first, middle, last = (
        " ".join((row.get(c) or "").split()) for c in ("FirstName", "MiddleName", "LastName")
    )
    quality = row.get("NameDataQuality", "")
    return first, middle, last, quality == "1" or (quality == "" and bool(first and last))


def _unnamed(row: dict[str, str]) -> str:
    return f"HMIS {(row.get('PersonalID') or '').strip()[:40]}"


def _participant(row: dict[str, str], organization: Organization, by: User | None) -> Participant:
    """Their name: a full legal name (quality 1) is the legal name and they go by its first
    word; a partial name is only the name they go by. Their date of birth when HUD's
    quality says it is known (1) or approximate (2); "prefers not to say" (9) is kept as
    that."""
    first, middle, last, full = _name_of(row)
    whole = " ".join(part for part in (first, middle, last) if part)[:200]
    if full and first:
        preferred, legal = first[:200], whole
    else:
        preferred, legal = (whole or _unnamed(row)), ""
    born = None
    declined: list[str] = []
    quality = row.get("DOBDataQuality", "")
    if quality in ("1", "2"):
        born = parse_date(row.get("DOB", ""))
        if born is not None and not (date(1900, 1, 1) <= born <= timezone.localdate()):
            born = None
    elif quality == "9":
        declined = ["date_of_birth"]
    return Participant(
        organization=organization,
        preferred_name=preferred,
        legal_name=legal,
        date_of_birth=born,
        declined=declined,
        name_key=name_key(preferred, legal),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _first_by_project(rows: Iterable[dict[str, str]]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for row in _live(rows):
        out.setdefault(row.get("ProjectID", ""), row)
    return out


def _hud_values(
    project: dict[str, str],
    coc: dict[str, str] | None,
    funder: dict[str, str] | None,
    participation: dict[str, str] | None,
) -> dict[str, Any]:
    """A new program's HUD descriptors from its Project, ProjectCoC, Funder and
    HMISParticipation rows (what does not fit Waypoint's fields is left empty)."""
    values: dict[str, Any] = {
        "reports_to_hud": True,
        "project_type": _int(project.get("ProjectType")),
        "housing_type": _int(project.get("HousingType")),
        "rrh_subtype": _int(project.get("RRHSubType")),
        "continuum_project": project.get("ContinuumProject") == "1",
        "operating_start": parse_date(project.get("OperatingStartDate", "")),
        "operating_end": parse_date(project.get("OperatingEndDate", "")),
    }
    start, end = values["operating_start"], values["operating_end"]
    if start and end and end < start:
        values["operating_end"] = None
    if coc is not None:
        values["coc_code"] = (coc.get("CoCCode") or "").strip().upper()[:6]
        geocode = (coc.get("Geocode") or "").strip()
        values["geocode"] = geocode if len(geocode) == 6 and geocode.isdigit() else ""
        zip_code = (coc.get("ZIP") or "").strip()
        values["zip_code"] = zip_code if len(zip_code) == 5 and zip_code.isdigit() else ""
        kind = _int(coc.get("GeographyType"))
        if kind in (1, 2, 3, 99):
            values["geography_type"] = kind
    if funder is not None:
        values["funder"] = _int(funder.get("Funder"))
        values["other_funder"] = (funder.get("OtherFunder") or "").strip()[:100]
        values["grant_id"] = (funder.get("GrantID") or "").strip()[:100]
        values["grant_start"] = parse_date(funder.get("StartDate", ""))
        values["grant_end"] = parse_date(funder.get("EndDate", ""))
        start, end = values["grant_start"], values["grant_end"]
        if start and end and end < start:
            values["grant_end"] = None
    if participation is not None and (kind := _int(participation.get("HMISParticipationType"))) in (
        0,
        1,
        2,
    ):
        values["participation"] = kind
    return values


class _Ids:
    """The organization's identities from one source, read once, and the new ones."""

    def __init__(self, organization: Organization, source: str) -> None:
        self.organization = organization
        self.source = source
        self.known: dict[str, dict[str, str]] = defaultdict(dict)
        for kind, source_id, object_id in HmisIdentity.objects.filter(
            organization=organization, source=source
        ).values_list("kind", "source_id", "object_id"):
            self.known[kind][source_id] = object_id
        self.new: list[HmisIdentity] = []

    def get(self, kind: str, source_id: str) -> str | None:
        return self.known[kind].get(source_id)

    def add(self, kind: str, source_id: str, object_id: Any) -> None:
        if source_id in self.known[kind]:
            return
        self.known[kind][source_id] = str(object_id)
        self.new.append(
            HmisIdentity(
                organization=self.organization,
                source=self.source,
                kind=kind,
                source_id=source_id[:200],
                object_id=str(object_id),
            )
        )

    def save(self) -> None:
        HmisIdentity.objects.bulk_create(self.new, batch_size=BATCH)
        self.new = []


@transaction.atomic
def import_hmis(
    *,
    by: User | None,
    organization: Organization,
    files: Read,
    read_problems: Iterable[Problem] = (),
    projects: dict[str, Program | None] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> Report:
    """Check ``files`` and, when nothing blocks, import them into ``organization``; each
    HMIS project goes into the program ``projects`` names for it, else a new program.
    ``by`` is the administrator (None for ``manage.py import_hmis``)."""
    if by is not None:
        access = access_for(by)
        if not access.is_admin or access.organization_id != organization.pk:
            raise ActionRefused(_("Only administrators import HMIS data."))
    today = today or timezone.localdate()
    report = Report(
        problems=problems(files, read_problems, today=today),
        not_read={name: files.counts[name] for name in NOT_IMPORTED if name in files.counts},
    )
    if report.errors:
        return report
    chosen = projects or {}
    for program in chosen.values():
        if program is not None and program.organization_id != organization.pk:
            raise ValueError("a chosen program belongs to another organization")
    ids = _Ids(organization, source_of(files))
    now = timezone.now()
    organizations = list(_live(files.rows.get("Organization") or []))
    if len(organizations) == 1:
        ids.add("organization", organizations[0].get("OrganizationID", ""), organization.pk)

    programs = _programs(by, organization, files, chosen, ids, report)
    people = _people(by, organization, files, ids, report)
    enrollments = _enrollments(by, files, programs, people, ids, report, now, progress)
    _exits(by, organization, files, enrollments, ids, report, now)
    ids.save()
    rebuild_caseload_counts(sorted({p.pk for p in programs.values()}))
    report.imported = True
    role = "admin" if getattr(by, "is_authenticated", False) else ""
    record(
        by=by,
        action="import",
        role=role,
        organization_id=organization.pk,
        entries=[
            *[
                Entry("participant", str(person.public_id), person.pk, {"source": "hmis_csv"})
                for person in people.made
            ],
            Entry("hmis_import", ids.source or "import", None, report.summary()),
        ],
    )
    return report


@dataclass
class _People:
    by_source: dict[str, int] = field(default_factory=dict)
    made: list[Participant] = field(default_factory=list)


def _programs(
    by: User | None,
    organization: Organization,
    files: Read,
    chosen: dict[str, Program | None],
    ids: _Ids,
    report: Report,
) -> dict[str, Program]:
    """ProjectID -> program: the chosen one, the one an earlier import made, or a new
    program named after the project with its HUD descriptors."""
    cocs = _first_by_project(files.rows.get("ProjectCoC") or [])
    funders = _first_by_project(files.rows.get("Funder") or [])
    participations = _first_by_project(files.rows.get("HMISParticipation") or [])
    taken = set(Program.objects.filter(organization=organization).values_list("name", flat=True))
    earlier = {int(pk) for pk in ids.known["program"].values() if pk.isdigit()}
    existing = {p.pk: p for p in Program.objects.filter(organization=organization, pk__in=earlier)}
    out: dict[str, Program] = {}
    for row in _live(files.rows.get("Project") or []):
        project_id = row.get("ProjectID", "")
        program = chosen.get(project_id)
        known = ids.get("program", project_id)
        if program is None and known is not None and int(known) in existing:
            program = existing[int(known)]
            report.already["programs"] += 1
        elif program is None:
            name = (row.get("ProjectName") or "").strip()[:200] or f"HMIS {project_id[:40]}"
            if name in taken:
                name = f"{name[:150]} (HMIS {project_id[:40]})"
            taken.add(name)
            program = create_program(
                by=by,
                organization=organization,
                name=name,
                description=NOTE,
                phases=list(DEFAULT_PHASES),
                delivery_modes=["in_person"],
            )
            values = _hud_values(
                row, cocs.get(project_id), funders.get(project_id), participations.get(project_id)
            )
            HudProject.objects.create(program=program, **values)
            report.created["programs"] += 1
        ids.add("program", project_id, program.pk)
        out[project_id] = program
    return out


def _people(
    by: User | None, organization: Organization, files: Read, ids: _Ids, report: Report
) -> _People:
    """The people of Client.csv who have an enrollment (others are counted, not made)."""
    enrolled = {row.get("PersonalID", "") for row in _live(files.rows.get("Enrollment") or [])}
    out = _People()
    waiting: list[tuple[str, Participant]] = []
    unenrolled = 0
    for row in _live(files.rows.get("Client") or []):
        personal_id = row.get("PersonalID", "")
        if personal_id not in enrolled:
            unenrolled += 1
            continue
        known = ids.get("participant", personal_id)
        if known is not None:
            out.by_source[personal_id] = int(known)
            report.already["participants"] += 1
            continue
        waiting.append((personal_id, _participant(row, organization, by)))
    made = Participant.objects.bulk_create([person for _id, person in waiting], batch_size=BATCH)
    for (personal_id, _unsaved), person in zip(waiting, made, strict=True):
        out.by_source[personal_id] = person.pk
        ids.add("participant", personal_id, person.pk)
    out.made = made
    report.created["participants"] += len(made)
    if unenrolled:
        report.problems.append(
            _p(
                WARNING,
                0,
                "Client",
                0,
                "",
                _("%(count)s people in Client.csv have no enrollment; they were not imported.")
                % {"count": unenrolled},
                _("Nothing to do: Waypoint keeps people with their enrollments."),
            )
        )
    return out


def _enrollments(
    by: User | None,
    files: Read,
    programs: dict[str, Program],
    people: _People,
    ids: _Ids,
    report: Report,
    now: Any,
    progress: Progress | None,
) -> dict[str, Enrollment]:
    """EnrollmentID -> the new enrollment (with its exit date when it has one)."""
    exits = {row.get("EnrollmentID", ""): row for row in _live(files.rows.get("Exit") or [])}
    rows = files.rows.get("Enrollment") or []
    lines = files.lines.get("Enrollment") or []
    open_now = set(
        Enrollment.objects.filter(
            program__in=list(programs.values()),
            status__in=["inquiry", "eligibility", "enrolled", "exiting"],
        ).values_list("participant_id", "program_id")
    )
    out: dict[str, Enrollment] = {}
    total = len(rows)
    for index, row in enumerate(rows):
        if progress is not None and index % 1000 == 0:
            progress(index, total)
        if (row.get("DateDeleted") or "").strip():
            continue
        line = lines[index] if index < len(lines) else index + 2
        enrollment_id = row.get("EnrollmentID", "")
        personal_id = row.get("PersonalID", "")
        if ids.get("enrollment", enrollment_id) is not None:
            report.already["enrollments"] += 1
            continue
        program = programs.get(row.get("ProjectID", ""))
        person = people.by_source.get(personal_id)
        if program is None or person is None:
            _leave_out(
                report,
                line,
                row,
                _("Its project or person is marked deleted in the source."),
            )
            continue
        entry = parse_date(row.get("EntryDate", ""))
        assert entry is not None  # the checks refuse a missing or wrong date
        left = exits.get(enrollment_id)
        exited_on = parse_date(left.get("ExitDate", "")) if left is not None else None
        if exited_on is None:
            if (person, program.pk) in open_now:
                _leave_out(
                    report,
                    line,
                    row,
                    _("They already have an open enrollment in %(program)s: one at a time.")
                    % {"program": program.name},
                )
                continue
            open_now.add((person, program.pk))
        household = _household_key(row)
        stay = ids.get("household", household)
        if stay is None:
            stay = uuid.uuid4().hex
            ids.add("household", household, stay)
        relationship = _int(row.get("RelationshipToHoH"))
        enrollment = Enrollment(
            organization_id=program.organization_id,
            participant_id=person,
            program=program,
            status=Status.EXITED if exited_on is not None else Status.ENROLLED,
            started_on=entry,
            enrolled_on=entry,
            exited_on=exited_on,
            exit_reason=REASON if exited_on is not None else "",
            household_stay=stay,
            relationship_to_head=relationship if relationship is not None else 99,
        )
        if exited_on is None:
            apply_due_dates(enrollment, program)
        out[enrollment_id] = enrollment
    made = Enrollment.objects.bulk_create(list(out.values()), batch_size=BATCH)
    for enrollment_id, enrollment in zip(out, made, strict=True):
        ids.add("enrollment", enrollment_id, enrollment.pk)
    EnrollmentEvent.objects.bulk_create(
        [
            EnrollmentEvent(
                enrollment=e,
                participant_id=e.participant_id,
                kind=EnrollmentEvent.Kind.CREATED,
                to_status=e.status,
                reason=REASON,
                by=by if getattr(by, "is_authenticated", False) else None,
                at=now,
            )
            for e in made
        ],
        batch_size=BATCH,
    )
    report.created["enrollments"] += len(made)
    if progress is not None:
        progress(total, total)
    return out


def _destination(row: dict[str, str]) -> int:
    """HUD's destination code, or "not collected" (99) when it is empty or off the list."""
    code = _int(row.get("Destination"))
    return code if code is not None and code in LISTS["3.12"] else 99


def _leave_out(report: Report, line: int, row: dict[str, str], reason: str) -> None:
    report.left_out += 1
    report.problems.append(
        _p(
            WARNING,
            0,
            "Enrollment",
            line,
            "EnrollmentID",
            _("Not imported: %(reason)s") % {"reason": reason},
            _("Import it by hand if it belongs here."),
            row.get("PersonalID", ""),
            row.get("EnrollmentID", ""),
        )
    )


def _exits(
    by: User | None,
    organization: Organization,
    files: Read,
    enrollments: dict[str, Enrollment],
    ids: _Ids,
    report: Report,
    now: Any,
) -> None:
    """A closed closure for each new enrollment's exit, for the program's reason
    "Imported from HMIS" (made once per program)."""
    actor = by if getattr(by, "is_authenticated", False) else None
    wanted = [
        (row, enrollments[row.get("EnrollmentID", "")])
        for row in _live(files.rows.get("Exit") or [])
        if row.get("EnrollmentID", "") in enrollments
    ]
    if not wanted:
        return
    program_ids = {e.program_id for _row, e in wanted}
    reasons = {
        r.program_id: r
        for r in ClosureReason.objects.filter(program_id__in=program_ids, label=REASON)
    }
    for program_id in program_ids - set(reasons):
        reasons[program_id] = ClosureReason.objects.create(
            program_id=program_id, label=REASON, destination=99, position=999, active=False
        )
    closures = [
        Closure(
            organization=organization,
            enrollment=enrollment,
            participant_id=enrollment.participant_id,
            cycle=1,
            status=Closure.Status.CLOSED,
            reason=reasons[enrollment.program_id],
            reason_label=REASON,
            destination=_destination(row),
            destination_subsidy=_int(row.get("DestinationSubsidyType")),
            completion=_int(row.get("ProjectCompletionStatus")),
            exit_on=cast(date, enrollment.exited_on),  # the exits' enrollments have one
            note=NOTE,
            requested_by=actor,
            requested_at=now,
            closed_at=now,
        )
        for row, enrollment in wanted
    ]
    made = Closure.objects.bulk_create(closures, batch_size=BATCH)
    ClosureEvent.objects.bulk_create(
        [
            ClosureEvent(closure=c, kind=ClosureEvent.Kind.CLOSED, comment=NOTE, by=actor, at=now)
            for c in made
        ],
        batch_size=BATCH,
    )
    for (row, enrollment), _closure in zip(wanted, made, strict=True):
        ids.add("exit", row.get("ExitID", ""), enrollment.pk)
    report.created["exits"] += len(made)
