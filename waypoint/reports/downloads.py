"""Tables as files to download: CSV always, XLSX where openpyxl is installed. A cell a
spreadsheet would run as a formula (a name someone typed starting with "=") is kept
as text. Shared by the dashboard and the data-quality page."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.http import HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet reads a cell starting with one of these as a formula: text that does
# gets a leading apostrophe, so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formats() -> dict[str, str]:
    """The downloads offered: XLSX only where openpyxl is installed."""
    if find_spec("openpyxl") is None:
        return {"csv": FORMATS["csv"]}
    return FORMATS


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def as_csv(rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def as_xlsx(title: str, rows: Sequence[Sequence[Any]]) -> bytes:
    book = import_module("openpyxl").Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for row in rows:
        sheet.append([None if v is None else cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(rows: Sequence[Sequence[Any]], fmt: str, title: str, filename: str) -> HttpResponse:
    """``rows`` (a header first) as an attachment named ``filename`` + "." + ``fmt``;
    ``fmt`` is one of ``formats()``."""
    body = as_csv(rows) if fmt == "csv" else as_xlsx(title, rows)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
