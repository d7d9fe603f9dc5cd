"""Reading an uploaded spreadsheet: a CSV file (UTF-8 with or without a byte-order mark,
else Windows-1252) or the first sheet of an XLSX workbook. Row 1 is the header; rows are
numbered as the spreadsheet shows them, and empty rows are left out."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

MAX_ROWS = 5000
MAX_COLUMNS = 60

Rows = list[list[Any]]  # [[row number, [cell, ...]], ...]


class Unreadable(Exception):
    """The file could not be read as a spreadsheet; the message says why."""


def cell_text(value: Any) -> str:
    """A cell as text: dates as 2026-03-01, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable(_("The file is not text we can read. Save it as CSV (UTF-8) or XLSX."))


def _numbered(table: Iterable[Iterable[Any]]) -> list[tuple[int, list[str]]]:
    """The rows that hold anything, numbered as the spreadsheet shows them (from 1), up
    to one past the most a file may have."""
    found: list[tuple[int, list[str]]] = []
    for number, row in enumerate(table, start=1):
        cells = [cell_text(c) for c in row]
        if any(cells):
            found.append((number, cells))
            if len(found) > MAX_ROWS + 1:
                break  # enough to say the file is too long
    return found


def _csv_rows(raw: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(raw)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return _numbered(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise Unreadable(
            _("The CSV file could not be read: %(error)s") % {"error": error}
        ) from None


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise Unreadable(_("The file is not an XLSX workbook we can read.")) from None
    try:
        if not book.worksheets:
            return []
        return _numbered(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def read_path(path: Path) -> tuple[list[str], Rows]:
    """The header and the rows that hold anything, each with its row number."""
    xlsx = path.suffix.lower() == ".xlsx"
    table = _xlsx_rows(path) if xlsx else _csv_rows(path.read_bytes())
    if not table or table[0][0] != 1:
        raise Unreadable(_("The first row must name the columns; it is empty."))
    header = list(table[0][1])
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise Unreadable(
            _("The file has %(count)s columns; at most %(limit)s can be imported.")
            % {"count": len(header), "limit": MAX_COLUMNS}
        )
    header = [h or _("Column %(n)s") % {"n": i + 1} for i, h in enumerate(header)]
    rows: Rows = []
    for number, row in table[1:]:
        cells = (row + [""] * len(header))[: len(header)]
        if any(cells):
            rows.append([number, cells])
    if len(rows) > MAX_ROWS:
        raise Unreadable(
            _("The file has more than %(limit)s rows; split it into smaller files.")
            % {"limit": MAX_ROWS}
        )
    if not rows:
        raise Unreadable(_("The file has a header but no rows."))
    return header, rows
