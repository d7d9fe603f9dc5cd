"""Reading an HMIS CSV export (a zip, or a folder) into ``checks.Files`` for the import.

The files may be at the top or inside one folder (Eva 122 warns about the folder). Names
match HUD's files whatever their case; other files are listed and not read. Each file is
read as a stream: for the files the import uses only the columns it uses are kept, the
others are decoded and counted, so a 24 MB Disabilities.csv costs no memory. A byte-order
mark is accepted (a warning); text that is not UTF-8, a row with more or fewer values than
the header, an empty file and a repeated column name are errors naming the file and line.
A zip is refused before it is unpacked when it holds too many files, would unpack to more
than ``HMIS_IMPORT_MAX_UNPACKED_BYTES``, or names a path outside itself.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from django.conf import settings
from django.utils.translation import gettext as _

from waypoint.hmis.checks import ERROR, WARNING, Files, Problem
from waypoint.hmis.spec import FILES

MAX_MEMBERS = 200
BOM = b"\xef\xbb\xbf"
# Values longer than this are not HMIS data (HUD's longest text column is 250 long).
csv.field_size_limit(1024 * 1024)

# The columns the import keeps of each file it reads (the key first). The other files are
# only counted. Columns missing from a file are reported by the header check, not here.
KEEP: dict[str, tuple[str, ...]] = {
    "Export": (
        "ExportID",
        "SourceID",
        "SourceName",
        "ExportStartDate",
        "ExportEndDate",
        "CSVVersion",
        "HashStatus",
        "ImplementationID",
    ),
    "Organization": ("OrganizationID", "OrganizationName", "DateDeleted", "ExportID"),
    "Project": (
        "ProjectID",
        "OrganizationID",
        "ProjectName",
        "OperatingStartDate",
        "OperatingEndDate",
        "ContinuumProject",
        "ProjectType",
        "HousingType",
        "RRHSubType",
        "DateDeleted",
        "ExportID",
    ),
    "ProjectCoC": (
        "ProjectCoCID",
        "ProjectID",
        "CoCCode",
        "Geocode",
        "ZIP",
        "GeographyType",
        "DateDeleted",
        "ExportID",
    ),
    "Funder": (
        "FunderID",
        "ProjectID",
        "Funder",
        "OtherFunder",
        "GrantID",
        "StartDate",
        "EndDate",
        "DateDeleted",
        "ExportID",
    ),
    "HMISParticipation": (
        "HMISParticipationID",
        "ProjectID",
        "HMISParticipationType",
        "HMISParticipationStatusStartDate",
        "HMISParticipationStatusEndDate",
        "DateDeleted",
        "ExportID",
    ),
    "Client": (
        "PersonalID",
        "FirstName",
        "MiddleName",
        "LastName",
        "NameDataQuality",
        "DOB",
        "DOBDataQuality",
        "DateDeleted",
        "ExportID",
    ),
    "Enrollment": (
        "EnrollmentID",
        "PersonalID",
        "ProjectID",
        "EntryDate",
        "HouseholdID",
        "RelationshipToHoH",
        "EnrollmentCoC",
        "DateDeleted",
        "ExportID",
    ),
    "Exit": (
        "ExitID",
        "EnrollmentID",
        "PersonalID",
        "ExitDate",
        "Destination",
        "DestinationSubsidyType",
        "ProjectCompletionStatus",
        "DateDeleted",
        "ExportID",
    ),
}


class Unreadable(Exception):
    """The upload is not an HMIS CSV export that can be opened at all."""


@dataclass
class Read(Files):
    """HMIS CSV files as read for the import: every file's header as found (so the header
    check sees what was sent), the kept columns of the files the import uses, each row's
    line in its file, and the number of rows of every file."""

    lines: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _problem(severity: str, check: int, file: str, line: int, message: str, fix: str) -> Problem:
    return Problem(severity, check, file, line, "", message, fix)


# ---------------------------------------------------------------- finding the files


Opener = Callable[[], IO[bytes]]


def _members(path: Path, stack: ExitStack) -> list[tuple[str, Opener]]:
    """(relative name, opener) of every file in the zip or folder."""
    if path.is_dir():
        out: list[tuple[str, Opener]] = []
        for item in sorted(path.rglob("*")):
            if item.is_file() and not item.is_symlink():
                rel = item.relative_to(path).as_posix()
                out.append((rel, (lambda item=item: item.open("rb"))))  # type: ignore[misc]
        return out
    if not zipfile.is_zipfile(path):
        raise Unreadable(_("The file is not a zip file."))
    archive = stack.enter_context(zipfile.ZipFile(path))
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise Unreadable(
            _("The zip holds %(count)s files; an HMIS CSV export has %(expected)s.")
            % {"count": len(infos), "expected": len(FILES)}
        )
    limit = settings.HMIS_IMPORT_MAX_UNPACKED_BYTES
    if sum(i.file_size for i in infos) > limit:
        raise Unreadable(
            _("The zip would unpack to more than %(limit)s MB; it was not opened.")
            % {"limit": limit // (1024 * 1024)}
        )
    out = []
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise Unreadable(_("The zip names a file outside itself; it was not opened."))
        out.append((name, (lambda info=info: archive.open(info))))  # type: ignore[misc]
    return out


def _hidden(name: str) -> bool:
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


def _choose(members: list[tuple[str, Opener]], found: list[Problem]) -> dict[str, Opener]:
    """HUD's file name -> its opener: files at the top, or inside one folder."""
    visible = [(n, o) for n, o in members if not _hidden(n)]
    folders = {str(PurePosixPath(n).parent) for n, _ in visible if n.lower().endswith(".csv")}
    if "." in folders or not folders:
        folder = "."
    elif len(folders) == 1:
        folder = folders.pop()
        found.append(
            _problem(
                WARNING,
                122,
                "",
                0,
                _("The files are inside a folder (%(folder)s) instead of at the top of the zip.")
                % {"folder": folder[:100]},
                _("HUD's format puts the files at the top; they were read from the folder."),
            )
        )
    else:
        raise Unreadable(
            _("The files are in several folders; an HMIS CSV export has them in one place.")
        )
    by_lower = {name.lower(): name for name in FILES}
    chosen: dict[str, Opener] = {}
    for name, opener in visible:
        where = PurePosixPath(name)
        if str(where.parent) != folder:
            continue
        hud = by_lower.get(where.stem.lower()) if where.suffix.lower() == ".csv" else None
        if hud is None:
            found.append(
                _problem(
                    WARNING,
                    0,
                    where.name[:100],
                    0,
                    _("%(file)s is not part of HUD's format; it was not read.")
                    % {"file": where.name[:100]},
                    _("Nothing to do, unless you meant it to be one of HUD's files."),
                )
            )
            continue
        if hud in chosen:
            raise Unreadable(
                _("%(file)s.csv is there twice (names differ only in case).") % {"file": hud}
            )
        chosen[hud] = opener
    return chosen


# ---------------------------------------------------------------- reading one file


def _decoded(name: str, source: IO[bytes], found: list[Problem]) -> Iterator[str]:
    """The file's lines as text, line by line, so a line that is not UTF-8 is named."""
    for number, raw in enumerate(source, start=1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            found.append(
                _problem(
                    ERROR,
                    0,
                    name,
                    number,
                    _("Line %(line)s of %(file)s.csv is not UTF-8 text; the file was not read.")
                    % {"line": number, "file": name},
                    _("Export again as UTF-8 (HUD's format)."),
                )
            )
            return


def _rows(name: str, source: IO[bytes], found: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """(line, values) of every row, the header first; problems go to ``found``."""
    # A zip member and a file opened "rb" both peek.
    buffered: Any = source if hasattr(source, "peek") else io.BufferedReader(cast(Any, source))
    if buffered.peek(3)[:3] == BOM:
        buffered.read(3)
        found.append(
            _problem(
                WARNING,
                0,
                name,
                1,
                _("%(file)s.csv starts with a byte-order mark; it was read without it.")
                % {"file": name},
                _("Nothing to do; HUD's files are UTF-8 without one."),
            )
        )
    reader = csv.reader(_decoded(name, buffered, found))
    try:
        for values in reader:
            if values:  # a blank line (often the last one) is not a row
                yield reader.line_num, values
    except csv.Error as error:
        found.append(
            _problem(
                ERROR,
                0,
                name,
                reader.line_num,
                _("%(file)s.csv cannot be read as CSV at line %(line)s (%(error)s).")
                % {"file": name, "line": reader.line_num, "error": str(error)[:100]},
                _("Export again; the file is damaged."),
            )
        )


def _read_file(name: str, source: IO[bytes], out: Read, found: list[Problem]) -> None:
    rows = _rows(name, source, found)
    first = next(rows, None)
    if first is None:
        if not any(p.file == name and p.severity == ERROR for p in found):
            found.append(
                _problem(
                    ERROR,
                    0,
                    name,
                    1,
                    _("%(file)s.csv is empty: it does not even have its header.") % {"file": name},
                    _("Every file of an export has HUD's header, even with no rows."),
                )
            )
        return
    found_names = [h.strip() for h in first[1]]
    spelled = {column.lower(): column for column, _kind in FILES[name]}
    header = [spelled.get(h.lower(), h) for h in found_names]
    out.headers[name] = header
    recased = [f"{was} ({now})" for was, now in zip(found_names, header, strict=True) if was != now]
    if recased:
        found.append(
            _problem(
                WARNING,
                0,
                name,
                1,
                _("%(file)s.csv spells column names in another case: %(columns)s.")
                % {"file": name, "columns": ", ".join(recased)[:300]},
                _("Nothing to do; they were read as HUD's columns."),
            )
        )
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        found.append(
            _problem(
                ERROR,
                0,
                name,
                1,
                _("%(file)s.csv names a column more than once: %(columns)s.")
                % {"file": name, "columns": ", ".join(repeated)[:200]},
                _("Export again from a system that writes the FY2026 format."),
            )
        )
    width = len(header)
    keep = KEEP.get(name)
    picked = [(c, header.index(c)) for c in keep if c in header] if keep is not None else []
    kept: list[dict[str, str]] = []
    lines: list[int] = []
    count = 0
    ragged = 0
    for line, values in rows:
        count += 1
        if len(values) != width:
            ragged += 1
            if ragged <= 20:
                found.append(
                    _problem(
                        ERROR,
                        0,
                        name,
                        line,
                        _(
                            "Line %(line)s of %(file)s.csv has %(found)s values; its header has "
                            "%(expected)s."
                        )
                        % {"line": line, "file": name, "found": len(values), "expected": width},
                        _("Check for a missing or extra comma, or a quote that is not closed."),
                    )
                )
        if keep is not None:
            kept.append({c: (values[i] if i < len(values) else "") for c, i in picked})
            lines.append(line)
    if ragged > 20:
        found.append(
            _problem(
                ERROR,
                0,
                name,
                0,
                _("%(count)s lines of %(file)s.csv do not have as many values as its header.")
                % {"count": ragged, "file": name},
                _("Check for a missing or extra comma, or a quote that is not closed."),
            )
        )
    out.counts[name] = count
    if keep is not None:
        out.rows[name] = kept
        out.lines[name] = lines


def read(path: Path | str) -> tuple[Read, list[Problem]]:
    """The HMIS CSV export at ``path`` (a zip or a folder), and the problems met reading
    it. Raises ``Unreadable`` when it cannot be opened at all."""
    path = Path(path)
    found: list[Problem] = []
    out = Read(headers={}, rows={})
    with ExitStack() as stack:
        chosen = _choose(_members(path, stack), found)
        if not chosen:
            raise Unreadable(_("No file of HUD's HMIS CSV format was found."))
        for name in FILES:
            if name in chosen:
                with chosen[name]() as source:
                    _read_file(name, source, out, found)
    return out, found
