"""The checks HUD's Eva applies to an HMIS CSV export, where they fit Waypoint's data:
file structure and headers, one export id, types and dates, codes from HUD's lists, ids
that resolve, households with exactly one head, exits after entries, a destination's
subsidy type, and a project's own descriptors.

They read files as text rows (``{file: [{column: value}]}``) with the headers as found, so
the same checks run on an export before it is downloaded and on an HMIS CSV being
imported. Each problem names the file, the row (the line in the CSV: the header is
line 1), the column, the person (PersonalID) where there is one, HUD's check number
(Eva's id; 0 for a check of Waypoint's own) and what to do about it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from waypoint.hmis.codes import COLUMN_LISTS, SUBSIDY_DESTINATIONS, valid
from waypoint.hmis.models import RESIDENTIAL_TYPES
from waypoint.hmis.spec import FILES, columns

ERROR = "error"
WARNING = "warning"

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Files whose rows belong to one person.
PERSON_FILES = (
    "Enrollment",
    "Exit",
    "Services",
    "CurrentLivingSituation",
    "Assessment",
    "AssessmentQuestions",
    "AssessmentResults",
    "Event",
    "Disabilities",
    "EmploymentEducation",
    "HealthAndDV",
    "IncomeBenefits",
    "YouthEducationStatus",
)
# Files whose rows belong to one enrollment.
ENROLLMENT_FILES = PERSON_FILES[1:]
PROJECT_FILES = (
    "Enrollment",
    "Funder",
    "ProjectCoC",
    "Inventory",
    "HMISParticipation",
    "CEParticipation",
    "Affiliation",
)
# Unknown answers: said they do not know, preferred not to say, or not collected.
UNKNOWN = {"8", "9", "99"}
UNKNOWN_DESTINATIONS = {"8", "9", "17", "30", "99"}
# Invalid-code checks with an Eva number of their own.
CODE_CHECKS = {
    ("Enrollment", "RelationshipToHoH"): 53,
    ("Exit", "Destination"): 54,
    ("CurrentLivingSituation", "CurrentLivingSituation"): 55,
    ("Enrollment", "LivingSituation"): 52,
    ("Enrollment", "DisablingCondition"): 51,
}


@dataclass(frozen=True)
class Problem:
    severity: str
    check: int
    file: str
    row: int
    column: str
    message: str
    fix: str
    personal_id: str = ""
    enrollment_id: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Files:
    """HMIS CSV files as read: each file's header (as found) and its rows."""

    headers: dict[str, list[str]]
    rows: dict[str, list[dict[str, str]]]

    @classmethod
    def of(cls, rows: dict[str, list[dict[str, str]]]) -> Files:
        """Files Waypoint wrote: HUD's headers exactly."""
        return cls(headers={name: list(columns(name)) for name in rows}, rows=rows)


def run(files: Files, *, today: date) -> list[Problem]:
    """Every problem found, errors first, then by file and line."""
    found = [*structure(files), *cells(files)]
    if not any(p.severity == ERROR and p.check in (12, 125) for p in found):
        found += [*keys(files), *households(files), *dates(files, today), *projects(files)]
        found += [*exits(files), *people(files, today)]
    return sorted(found, key=lambda p: (p.severity != ERROR, p.file, p.row, p.column))


def summary(problems: Iterable[Problem]) -> dict[str, int]:
    counted = Counter(p.severity for p in problems)
    return {"errors": counted[ERROR], "warnings": counted[WARNING]}


# ---------------------------------------------------------------- structure


def structure(files: Files) -> Iterator[Problem]:
    for name in FILES:
        if name not in files.headers:
            yield Problem(
                ERROR,
                125,
                name,
                0,
                "",
                _("%(file)s.csv is missing.") % {"file": name},
                _("An HMIS CSV export has all %(count)s files, even empty ones.")
                % {"count": len(FILES)},
            )
            continue
        found = [h.strip() for h in files.headers[name]]
        expected = list(columns(name))
        if found != expected:
            missing = [c for c in expected if c not in found]
            extra = [c for c in found if c not in expected]
            detail = []
            if missing:
                detail.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
            if extra:
                detail.append(_("not in the format: %(columns)s") % {"columns": ", ".join(extra)})
            if not detail:
                detail.append(_("the columns are in another order"))
            yield Problem(
                ERROR,
                12,
                name,
                1,
                "",
                _("%(file)s.csv does not have HUD's FY2026 columns (%(detail)s).")
                % {"file": name, "detail": "; ".join(detail)},
                _("Export again from a system that writes the FY2026 format."),
            )
    export = files.rows.get("Export")
    if export is not None and len(export) != 1:
        yield Problem(
            ERROR,
            140,
            "Export",
            0,
            "",
            _("Export.csv has %(count)s rows; HUD's format has exactly one.")
            % {"count": len(export)},
            _("Export each source system separately."),
        )


def _person(row: dict[str, str]) -> str:
    return (row.get("PersonalID") or "").strip()


def cells(files: Files) -> Iterator[Problem]:
    """Types, dates, empty required values, codes and characters, cell by cell."""
    for name, spec in FILES.items():
        if name not in files.rows or name not in files.headers:
            continue
        present = {h.strip() for h in files.headers[name]}
        kinds = [(column, kind) for column, kind in spec if column in present]
        for line, row in enumerate(files.rows[name], start=2):
            person = _person(row) if name == "Client" or name in PERSON_FILES else ""
            enrollment = (row.get("EnrollmentID") or "").strip()
            for column, kind in kinds:
                value = row.get(column) or ""
                problem = _cell(name, column, kind, value)
                if problem is not None:
                    check, message, fix = problem
                    yield Problem(
                        ERROR, check, name, line, column, message, fix, person, enrollment
                    )


def _cell(file: str, column: str, kind: str, value: str) -> tuple[int, str, str] | None:
    if value == "":
        if kind.endswith("?"):
            return None
        return (
            6,
            _("%(column)s is empty; HUD needs a value.") % {"column": column},
            _("Fill it in, or record that it was not collected."),
        )
    if CONTROL.search(value):
        return (
            134,
            _("%(column)s holds a character HUD's files do not allow.") % {"column": column},
            _("Retype the value without line breaks or control characters."),
        )
    base = kind.rstrip("?")
    if base == "D" and not _is_date(value):
        return (
            11,
            _("%(column)s is not a date written YYYY-MM-DD: “%(value)s”.")
            % {"column": column, "value": value[:40]},
            _("Write the date as YYYY-MM-DD."),
        )
    if base == "T" and not _is_moment(value):
        return (
            11,
            _("%(column)s is not a date and time written YYYY-MM-DD hh:mm:ss: “%(value)s”.")
            % {"column": column, "value": value[:40]},
            _("Write the date and time as YYYY-MM-DD hh:mm:ss."),
        )
    if base == "N" and not NUMBER.fullmatch(value):
        return (
            13,
            _("%(column)s is not a number: “%(value)s”.") % {"column": column, "value": value[:40]},
            _("Use the number from HUD's list."),
        )
    if not valid(file, column, value):
        return (
            CODE_CHECKS.get((file, column), 50 if file == "Client" else 0),
            _("%(column)s has %(value)s, which is not on HUD's list %(list)s.")
            % {"column": column, "value": value[:40], "list": COLUMN_LISTS[(file, column)]},
            _("Choose an answer from HUD's list."),
        )
    return None


def _is_date(value: str) -> bool:
    if not DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_moment(value: str) -> bool:
    if not MOMENT.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_date(value: str) -> date | None:
    return date.fromisoformat(value) if _is_date(value) else None


# ---------------------------------------------------------------- ids


def _key_column(name: str) -> str:
    return FILES[name][0][0]


def keys(files: Files) -> Iterator[Problem]:
    """Unique keys, one ExportID, and ids that resolve to their files."""
    for name in FILES:
        if name == "Export" or not files.rows.get(name):
            continue
        key = _key_column(name)
        counted = Counter(row.get(key, "") for row in files.rows[name])
        check = {"Client": 7, "Enrollment": 8}.get(name, 0)
        for line, row in enumerate(files.rows[name], start=2):
            if counted[row.get(key, "")] > 1:
                yield Problem(
                    ERROR,
                    check,
                    name,
                    line,
                    key,
                    _("%(column)s %(value)s appears more than once in %(file)s.csv.")
                    % {"column": key, "value": row.get(key, ""), "file": name},
                    _("Each record needs its own id; remove or merge the repeated one."),
                    _person(row),
                )
    export = files.rows.get("Export") or []
    export_id = export[0].get("ExportID", "") if len(export) == 1 else None
    if export_id is not None:
        for name in FILES:
            for line, row in enumerate(files.rows.get(name) or [], start=2):
                if "ExportID" in row and row["ExportID"] not in ("", export_id):
                    yield Problem(
                        ERROR,
                        49,
                        name,
                        line,
                        "ExportID",
                        _("ExportID %(found)s does not match Export.csv's %(expected)s.")
                        % {"found": row["ExportID"], "expected": export_id},
                        _("Every file of one export carries the same ExportID."),
                        _person(row),
                    )
    yield from _resolves(files, PERSON_FILES, "PersonalID", "Client", 9)
    yield from _resolves(files, PROJECT_FILES, "ProjectID", "Project", 10)
    yield from _resolves(files, ENROLLMENT_FILES, "EnrollmentID", "Enrollment", 0)
    yield from _resolves(files, tuple(FILES), "UserID", "User", 0)


def _resolves(
    files: Files, where: Iterable[str], column: str, target: str, check: int
) -> Iterator[Problem]:
    known = {row.get(_key_column(target), "") for row in files.rows.get(target) or []}
    for name in where:
        if name == target:
            continue
        for line, row in enumerate(files.rows.get(name) or [], start=2):
            value = (row.get(column) or "").strip()
            if value and value not in known:
                yield Problem(
                    ERROR,
                    check,
                    name,
                    line,
                    column,
                    _("%(column)s %(value)s is not in %(target)s.csv.")
                    % {"column": column, "value": value, "target": target},
                    _("Include the record it points to, or correct the id."),
                    _person(row),
                    (row.get("EnrollmentID") or "").strip(),
                )


# ---------------------------------------------------------------- households


def households(files: Files) -> Iterator[Problem]:
    """Exactly one head of household per HouseholdID (HUD 3.15.1)."""
    members: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for line, row in enumerate(files.rows.get("Enrollment") or [], start=2):
        members[row.get("HouseholdID", "")].append((line, row))
    for household, rows in members.items():
        heads = [(line, row) for line, row in rows if row.get("RelationshipToHoH") == "1"]
        for line, row in rows:
            if row.get("RelationshipToHoH", "") in ("", "99"):
                yield Problem(
                    ERROR,
                    4,
                    "Enrollment",
                    line,
                    "RelationshipToHoH",
                    _("Their relationship to the head of household is not recorded."),
                    _("Record it on their household stay."),
                    _person(row),
                    row.get("EnrollmentID", ""),
                )
        if not heads:
            line, row = rows[0]
            yield Problem(
                ERROR,
                2,
                "Enrollment",
                line,
                "RelationshipToHoH",
                _("Household %(household)s has no head of household.") % {"household": household},
                _("Choose the head of household on the household stay."),
                _person(row),
                row.get("EnrollmentID", ""),
            )
        for line, row in heads[1:]:
            yield Problem(
                ERROR,
                3,
                "Enrollment",
                line,
                "RelationshipToHoH",
                _("Household %(household)s has more than one head of household.")
                % {"household": household},
                _("Keep one head of household on the household stay."),
                _person(row),
                row.get("EnrollmentID", ""),
            )


# ---------------------------------------------------------------- dates


def dates(files: Files, today: date) -> Iterator[Problem]:
    entries: dict[str, date] = {}
    for line, row in enumerate(files.rows.get("Enrollment") or [], start=2):
        entry = parse_date(row.get("EntryDate", ""))
        if entry is None:
            continue
        entries[row.get("EnrollmentID", "")] = entry
        if entry > today:
            yield Problem(
                WARNING,
                75,
                "Enrollment",
                line,
                "EntryDate",
                _("The project start date %(date)s is in the future.") % {"date": entry},
                _("Correct the date they were enrolled."),
                _person(row),
                row.get("EnrollmentID", ""),
            )
    for line, row in enumerate(files.rows.get("Exit") or [], start=2):
        left = parse_date(row.get("ExitDate", ""))
        if left is None:
            continue
        entry = entries.get(row.get("EnrollmentID", ""))
        if entry is not None and left < entry:
            yield Problem(
                ERROR,
                99,
                "Exit",
                line,
                "ExitDate",
                _("They exit on %(exit)s, before they entered on %(entry)s.")
                % {"exit": left, "entry": entry},
                _("Correct the exit date or the date they were enrolled."),
                _person(row),
                row.get("EnrollmentID", ""),
            )
        if left > today:
            yield Problem(
                ERROR,
                14,
                "Exit",
                line,
                "ExitDate",
                _("The exit date %(date)s is in the future.") % {"date": left},
                _("Record the exit on the day they leave."),
                _person(row),
                row.get("EnrollmentID", ""),
            )


# ---------------------------------------------------------------- projects


def projects(files: Files) -> Iterator[Problem]:
    with_coc = {row.get("ProjectID", "") for row in files.rows.get("ProjectCoC") or []}
    periods: dict[str, tuple[date | None, date | None]] = {}
    coc_of: dict[str, str] = {}
    for line, row in enumerate(files.rows.get("Project") or [], start=2):
        project = row.get("ProjectID", "")
        name = row.get("ProjectName", "")
        periods[project] = (
            parse_date(row.get("OperatingStartDate", "")),
            parse_date(row.get("OperatingEndDate", "")),
        )
        kind = row.get("ProjectType", "")
        if row.get("ContinuumProject") == "1" and kind == "":
            yield Problem(
                ERROR,
                0,
                "Project",
                line,
                "ProjectType",
                _("%(project)s has no project type.") % {"project": name},
                _("Choose its project type in the program's HUD settings."),
            )
        if project not in with_coc:
            yield Problem(
                ERROR,
                35,
                "Project",
                line,
                "ProjectID",
                _("%(project)s has no CoC code (ProjectCoC.csv).") % {"project": name},
                _("Give its CoC code in the program's HUD settings."),
            )
        if kind.isdigit() and int(kind) in RESIDENTIAL_TYPES and not row.get("HousingType"):
            yield Problem(
                ERROR,
                36,
                "Project",
                line,
                "HousingType",
                _("%(project)s houses people but has no housing type.") % {"project": name},
                _("Choose its housing type in the program's HUD settings."),
            )
        if kind == "13" and not row.get("RRHSubType"):
            yield Problem(
                ERROR,
                110,
                "Project",
                line,
                "RRHSubType",
                _("%(project)s is rapid re-housing but does not say which kind.")
                % {"project": name},
                _("Choose the rapid re-housing kind in the program's HUD settings."),
            )
    for row in files.rows.get("ProjectCoC") or []:
        coc_of[row.get("ProjectID", "")] = row.get("CoCCode", "")
    exits = {
        row.get("EnrollmentID", ""): parse_date(row.get("ExitDate", ""))
        for row in files.rows.get("Exit") or []
    }
    for line, row in enumerate(files.rows.get("Enrollment") or [], start=2):
        project = row.get("ProjectID", "")
        start, end = periods.get(project, (None, None))
        entry = parse_date(row.get("EntryDate", ""))
        left = exits.get(row.get("EnrollmentID", ""))
        outside = entry is not None and (
            (start is not None and entry < start)
            or (end is not None and entry > end)
            or (end is not None and (left is None or left > end))
        )
        if outside:
            yield Problem(
                ERROR,
                120,
                "Enrollment",
                line,
                "EntryDate",
                _("This enrollment is not within the project's operating dates."),
                _("Correct the dates they were enrolled, or the program's operating dates."),
                _person(row),
                row.get("EnrollmentID", ""),
            )
        if row.get("RelationshipToHoH") == "1" and not row.get("EnrollmentCoC"):
            yield Problem(
                ERROR,
                27,
                "Enrollment",
                line,
                "EnrollmentCoC",
                _("The head of household's enrollment has no CoC code."),
                _("Give the program's CoC code in its HUD settings."),
                _person(row),
                row.get("EnrollmentID", ""),
            )
        elif (
            row.get("EnrollmentCoC")
            and coc_of.get(project)
            and row["EnrollmentCoC"] != coc_of[project]
        ):
            yield Problem(
                WARNING,
                0,
                "Enrollment",
                line,
                "EnrollmentCoC",
                _("The enrollment's CoC code is not the project's."),
                _("Check the CoC code the program reports."),
                _person(row),
                row.get("EnrollmentID", ""),
            )


# ---------------------------------------------------------------- exits and people


def exits(files: Files) -> Iterator[Problem]:
    for line, row in enumerate(files.rows.get("Exit") or [], start=2):
        destination = row.get("Destination", "")
        if (
            destination.isdigit()
            and int(destination) in SUBSIDY_DESTINATIONS
            and not row.get("DestinationSubsidyType")
        ):
            yield Problem(
                ERROR,
                121,
                "Exit",
                line,
                "DestinationSubsidyType",
                _(
                    "They moved into a rental with an ongoing subsidy, but which subsidy is not "
                    "recorded."
                ),
                _("Record the subsidy type on their ending."),
                _person(row),
                row.get("EnrollmentID", ""),
            )
        elif destination in UNKNOWN_DESTINATIONS:
            yield Problem(
                WARNING,
                59,
                "Exit",
                line,
                "Destination",
                _("Where they went is not known."),
                _("If you learn where they went, record it on their ending."),
                _person(row),
                row.get("EnrollmentID", ""),
            )


def people(files: Files, today: date) -> Iterator[Problem]:
    """Per-person warnings a navigator can do something about; answers Waypoint never
    collects (SSN, race and ethnicity, sex, veteran status) are said once, not per
    person."""
    client = files.rows.get("Client") or []
    for line, row in enumerate(client, start=2):
        if row.get("DOBDataQuality") in UNKNOWN:
            yield Problem(
                WARNING,
                60,
                "Client",
                line,
                "DOB",
                _("Their date of birth is not recorded."),
                _("Ask them, and record it on their page (or that they prefer not to say)."),
                _person(row),
            )
        elif (born := parse_date(row.get("DOB", ""))) is not None and born.year < today.year - 100:
            yield Problem(
                WARNING,
                143,
                "Client",
                line,
                "DOB",
                _("Their date of birth makes them over 100."),
                _("Check the date of birth."),
                _person(row),
            )
        if row.get("NameDataQuality") not in ("1", ""):
            yield Problem(
                WARNING,
                78,
                "Client",
                line,
                "FirstName",
                _("Only part of their legal name is recorded."),
                _("Record their legal name (first and last) on their page, if they agree."),
                _person(row),
            )
    never = [
        column
        for column in ("SSNDataQuality", "Sex", "RaceNone", "VeteranStatus")
        if client and all(row.get(column) == "99" for row in client)
    ]
    if never:
        yield Problem(
            WARNING,
            0,
            "Client",
            0,
            ", ".join(never),
            _(
                "Waypoint does not collect social security numbers, sex, race and ethnicity or "
                "veteran status: every person has HUD's “data not collected” (99) there."
            ),
            _("Your CoC may ask for these from the HMIS itself."),
        )
