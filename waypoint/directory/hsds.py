"""Open Referral HSDS 3.0 in and out: the table spec, the tabular package descriptor, the
JSON and CSV writers, and the readers that turn either back into rows.

The models are the spec: each is one HSDS table, its fields in HSDS order. ``columns``
reads them, so the CSV header, the JSON keys, ``datapackage.json`` and the importer's
checks cannot drift apart. The tests compare the generated descriptor with the official
one field by field.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.db import models

from waypoint import bounds
from waypoint.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    DirectoryContact,
    Funding,
    Language,
    Location,
    Metadata,
    MetaTableDescription,
    Phone,
    Provider,
    ProviderIdentifier,
    ProviderProgram,
    Record,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

VERSION = "3.0.0"
PROFILE = "https://openreferral.org/"

# In the order the official datapackage.json lists them.
TABLES: tuple[type[Record], ...] = (
    Provider,
    ProviderProgram,
    Service,
    Attribute,
    ServiceAtLocation,
    Location,
    Phone,
    DirectoryContact,
    Address,
    Schedule,
    Funding,
    ServiceArea,
    RequiredDocument,
    Language,
    Accessibility,
    TaxonomyTerm,
    Metadata,
    MetaTableDescription,
    CostOption,
    ProviderIdentifier,
    Taxonomy,
)
BY_TABLE: dict[str, type[Record]] = {m.hsds.table: m for m in TABLES}
TIME_COLUMNS = frozenset({"opens_at", "closes_at"})
# Foreign keys whose Django name differs from the HSDS column.
RENAMED = {"taxonomy_detail": "taxonomy_id"}

_TIME = re.compile(
    r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?P<f>\.\d+)?)?"
    r"(?P<z>Z|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})?)?$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    attname: str
    kind: str  # the package's field type: string, number, date, datetime, time
    format: str  # uuid, email, uri, or ""
    required: bool
    unique: bool
    enum: tuple[str, ...]
    ref: type[Record] | None

    @property
    def is_key(self) -> bool:
        return self.name == "id"


def columns(model: type[Record]) -> list[Column]:
    """The HSDS columns of ``model``, in order."""
    spec = model.hsds
    found = []
    for f in model._meta.concrete_fields:
        if f.name in ("id", "owner") or f.name in spec.local:
            continue
        ref: type[Record] | None = None
        if isinstance(f, models.ForeignKey):
            ref = f.related_model  # type: ignore[assignment]
            name = RENAMED.get(f.name, f"{f.name}_id")
        else:
            name = "id" if f.name == "hsds_id" else f.name
        kind, fmt = "string", spec.formats.get(name, "")
        if ref is not None or isinstance(f, models.UUIDField):
            fmt = "uuid"
        elif isinstance(f, models.FloatField):
            kind = "number"
        elif isinstance(f, models.DateTimeField):
            kind = "datetime"
        elif isinstance(f, models.DateField):
            kind = "date"
        elif name in TIME_COLUMNS:
            kind = "time"
        required = name == "id" or not (f.blank or f.null)
        found.append(
            Column(
                name=name,
                field=f.name,
                attname=f.attname,
                kind=kind,
                format=fmt,
                required=required,
                unique=name == "id" or name in spec.unique,
                enum=tuple(str(v) for v, _ in f.choices or ()),
                ref=ref,
            )
        )
    return found


COLUMNS: dict[str, list[Column]] = {m.hsds.table: columns(m) for m in TABLES}


def datapackage() -> dict[str, Any]:
    """The tabular package descriptor for what ``write_csv`` writes."""
    resources = []
    for model in TABLES:
        fields = []
        for c in COLUMNS[model.hsds.table]:
            constraints: dict[str, Any] = {"required": c.required, "unique": c.unique}
            if c.enum:
                constraints["enum"] = list(c.enum)
            entry: dict[str, Any] = {"name": c.name, "type": c.kind}
            if c.format:
                entry["format"] = c.format
            entry["constraints"] = constraints
            fields.append(entry)
        schema: dict[str, Any] = {"primaryKey": "id", "fields": fields}
        keys = [
            {"fields": c.name, "reference": {"resource": c.ref.hsds.table, "fields": "id"}}
            for c in sorted(COLUMNS[model.hsds.table], key=lambda c: c.name)
            if c.ref is not None
        ]
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": model.hsds.table,
                "path": model.hsds.path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )
    return {
        "name": "human_services_data",
        "title": "Human Services Data Specification",
        "profile": "tabular-data-package",
        "version": VERSION,
        "homepage": "https://docs.openreferral.org/en/latest/",
        "resources": resources,
    }


# --- Values ---------------------------------------------------------------------------


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def to_json(column: Column, value: Any) -> Any:
    """A stored value as HSDS JSON wants it; None for "leave the key out"."""
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if column.kind == "number":
        return _number(float(value))
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
        spec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
        return value.isoformat(timespec=spec).replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_cell(column: Column, value: Any) -> str:
    found = to_json(column, value)
    return "" if found is None else str(found)


class BadValue(ValueError):
    pass


def parse(column: Column, raw: Any) -> Any:
    """A CSV cell or JSON value as stored; raises ``BadValue`` with a plain reason."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    if isinstance(raw, (bool, dict, list)):
        raise BadValue(f"expected {_kind(column)}, found {type(raw).__name__}")
    if column.kind == "number":
        try:
            number = float(raw)
        except (TypeError, ValueError):
            raise BadValue(f"“{raw}” is not a number") from None
        if not math.isfinite(number):
            raise BadValue(f"“{raw}” is not a number")
        return number
    text = str(raw).strip() if not isinstance(raw, str) else raw
    if "\x00" in text:
        raise BadValue("contains a NUL character")
    if bounds.text_problem(text):
        raise BadValue("contains a broken character")
    if column.format == "uuid":
        try:
            return uuid.UUID(text.strip())
        except ValueError:
            raise BadValue(f"“{text}” is not a UUID") from None
    if column.kind == "date":
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            raise BadValue(f"“{text}” is not a date (YYYY-MM-DD)") from None
        if problem := bounds.WIDE.problem(day):
            raise BadValue(f"“{text}”: {problem}")
        return day
    if column.kind == "datetime":
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            raise BadValue(f"“{text}” is not a date and time (ISO 8601)") from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if problem := bounds.WIDE.problem(moment):
            raise BadValue(f"“{text}”: {problem}")
        return moment
    if column.kind == "time":
        return _time(text)
    if column.enum and text not in column.enum:
        raise BadValue(f"“{text}” is not one of: {', '.join(column.enum)}")
    if column.format == "email" and not _EMAIL.match(text):
        raise BadValue(f"“{text}” is not an email address")
    if column.format == "uri" and not _URI.match(text):
        raise BadValue(f"“{text}” is not a web address (it needs a scheme such as https:)")
    return text


def _time(text: str) -> str:
    """A time of day as HH:MM:SS with its offset, if any ("9:00" → "09:00:00",
    "09:00-0500" → "09:00:00-05:00"): the form the tabular package's time type reads."""
    found = _TIME.match(text.strip())
    if found is None or int(found["h"]) > 23 or int(found["m"]) > 59:
        raise BadValue(f"“{text}” is not a time of day (HH:MM or HH:MM:SS)")
    seconds = found["s"] or "00"
    if int(seconds) > 59:
        raise BadValue(f"“{text}” is not a time of day (HH:MM or HH:MM:SS)")
    zone = found["z"] or ""
    if found["sign"]:
        zone = f"{found['sign']}{found['oh']}:{found['om'] or '00'}"
    return f"{int(found['h']):02}:{found['m']}:{seconds}{found['f'] or ''}{zone}"


def _kind(column: Column) -> str:
    return {"number": "a number", "string": "text"}.get(column.kind, f"a {column.kind}")


def stored(column: Column, value: Any) -> Any:
    """``value`` for the model field: text fields keep "" rather than None."""
    if value is None and column.kind in ("string", "time") and column.format != "uuid":
        return ""
    return value


# --- Writing --------------------------------------------------------------------------


def records(owner_id: int, model: type[Record]) -> Iterator[dict[str, Any]]:
    """Every row of ``model`` in ``owner_id``'s directory as {column: stored value}, with
    references as HSDS ids, ordered by id so two exports of the same data are equal."""
    cols = COLUMNS[model.hsds.table]
    lookups = [(c, f"{c.attname[:-3]}__hsds_id" if c.ref is not None else c.attname) for c in cols]
    values = (
        model.objects.filter(owner_id=owner_id)
        .order_by("hsds_id")
        .values_list(*(lookup for _, lookup in lookups))
    )
    for row in values.iterator(chunk_size=2000):
        yield {c.name: v for (c, _), v in zip(lookups, row, strict=True)}


def write_csv(owner_id: int, folder: Path) -> dict[str, int]:
    """The tabular package: ``datapackage.json`` and one CSV per table (every table, even
    an empty one, so the package is complete)."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for model in TABLES:
        cols = COLUMNS[model.hsds.table]
        n = 0
        with (folder / model.hsds.path).open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow([c.name for c in cols])
            for row in records(owner_id, model):
                writer.writerow([to_cell(c, row[c.name]) for c in cols])
                n += 1
        counts[model.hsds.table] = n
    (folder / "datapackage.json").write_text(
        json.dumps(datapackage(), indent=2) + "\n", encoding="utf-8"
    )
    return counts


def json_name(model: type[Record]) -> str:
    return model.hsds.path.removesuffix(".csv") + ".json"


def json_object(model: type[Record], row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for c in COLUMNS[model.hsds.table]:
        value = to_json(c, row[c.name])
        if value is not None:
            out[c.name] = value
    return out


def write_json(owner_id: int, folder: Path) -> dict[str, int]:
    """One JSON file per HSDS object type, each an array of flat objects (references by
    id, no nesting: nothing is repeated and nothing unreachable is lost)."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for model in TABLES:
        objects = [json_object(model, row) for row in records(owner_id, model)]
        (folder / json_name(model)).write_text(
            json.dumps(objects, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        counts[model.hsds.table] = len(objects)
    return counts


# --- Reading --------------------------------------------------------------------------


@dataclass
class SourceRow:
    """One incoming object: its table, where it came from and its raw values."""

    table: str
    file: str
    where: str  # "row 2" for CSV, "item 1 / phones 2" for JSON
    values: dict[str, Any]


class Unreadable(ValueError):
    """The source as a whole cannot be read (not a package, not JSON, wrong columns)."""


def read_csv_package(folder: Path) -> tuple[list[SourceRow], list[tuple[str, str, str, str]]]:
    """Rows from every table's CSV in ``folder``; a missing file is an empty table. Header
    problems come back as (file, where, column, message)."""
    rows: list[SourceRow] = []
    problems: list[tuple[str, str, str, str]] = []
    seen = 0
    for model in TABLES:
        path = folder / model.hsds.path
        if not path.exists():
            continue
        seen += 1
        known = {c.name for c in COLUMNS[model.hsds.table]}
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        header = [h.strip() for h in header]
        for name in header:
            if name and name not in known:
                problems.append((path.name, "row 1", name, "not an HSDS column; ignored"))
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            values = {h: cells[i] if i < len(cells) else "" for i, h in enumerate(header) if h}
            rows.append(SourceRow(model.hsds.table, path.name, f"row {number}", values))
    if not seen:
        raise Unreadable("No HSDS CSV files found (organizations.csv, services.csv, …).")
    return rows, problems


# A nested key in HSDS JSON and the table of what it holds.
NESTED_TABLE = {
    "phones": "phone",
    "schedules": "schedule",
    "service_areas": "service_area",
    "service_at_locations": "service_at_location",
    "languages": "language",
    "organization": "organization",
    "funding": "funding",
    "cost_options": "cost_option",
    "program": "program",
    "programs": "program",
    "required_documents": "required_document",
    "contacts": "contact",
    "attributes": "attribute",
    "metadata": "metadata",
    "locations": "location",
    "location": "location",
    "organization_identifiers": "organization_identifier",
    "addresses": "address",
    "accessibility": "accessibility",
    "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy",
    "services": "service",
    "service": "service",
}
# A file's object type from its name: services.json, service_full.json, service_list.json.
FILE_TABLE = {
    **{json_name(m).removesuffix(".json"): m.hsds.table for m in TABLES},
    **{m.hsds.table: m.hsds.table for m in TABLES},
}


def table_for_file(name: str) -> str | None:
    stem = Path(name).stem
    for suffix in ("_full", "_list", "_package"):
        stem = stem.removesuffix(suffix)
    return FILE_TABLE.get(stem)


def flatten(
    table: str, obj: Any, file: str, where: str, parent: tuple[str, dict[str, Any]] | None = None
) -> Iterator[SourceRow]:
    """A (possibly nested) HSDS object as flat rows, filling in the links nesting implies:
    a child in a list points back to its parent; a one-to-one child (a service's
    organization, an attribute's term) is pointed to by its parent."""
    if not isinstance(obj, dict):
        yield SourceRow(table, file, where, {"": obj})
        return
    known = {c.name for c in COLUMNS[table]}
    flat = {
        k: v for k, v in obj.items() if k not in NESTED_TABLE or not isinstance(v, (dict, list))
    }
    if parent is not None:
        parent_table, parent_values = parent
        if table == "attribute":
            flat.setdefault("link_id", parent_values.get("id"))
            flat.setdefault("link_entity", parent_table)
        elif table == "metadata":
            flat.setdefault("resource_id", parent_values.get("id"))
            flat.setdefault("resource_type", parent_table)
        elif f"{parent_table}_id" in known:
            flat.setdefault(f"{parent_table}_id", parent_values.get("id"))
    for key, child_table in NESTED_TABLE.items():
        value = obj.get(key)
        if isinstance(value, dict) and f"{child_table}_id" in known and "id" in value:
            flat.setdefault(f"{child_table}_id", value["id"])
    yield SourceRow(table, file, where, flat)
    for key, child_table in NESTED_TABLE.items():
        value = obj.get(key)
        if isinstance(value, dict):
            # A one-to-one child shares its parent's links: a service's program belongs
            # to the service's organization.
            inherited = {
                c.name: flat[c.name]
                for c in COLUMNS[child_table]
                if c.ref is not None and c.name not in value and flat.get(c.name)
            }
            yield from flatten(child_table, {**inherited, **value}, file, f"{where} / {key}")
        elif isinstance(value, list):
            for i, item in enumerate(value, start=1):
                yield from flatten(child_table, item, file, f"{where} / {key} {i}", (table, flat))


def read_json(paths: Iterable[Path]) -> tuple[list[SourceRow], list[tuple[str, str, str, str]]]:
    """Rows from HSDS JSON files: one object, an array of them, or an API ``Page``."""
    rows: list[SourceRow] = []
    problems: list[tuple[str, str, str, str]] = []
    for path in paths:
        table = table_for_file(path.name)
        if table is None:
            problems.append((path.name, "", "", "not an HSDS object type by its name; skipped"))
            continue
        try:
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise Unreadable(f"{path.name} is not JSON: {error}") from None
        if isinstance(data, dict) and isinstance(data.get("contents"), list):
            data = data["contents"]
        items = data if isinstance(data, list) else [data]
        for i, item in enumerate(items, start=1):
            rows.extend(flatten(table, item, path.name, f"item {i}"))
    return _merged(rows, problems), problems


def _merged(rows: list[SourceRow], problems: list[tuple[str, str, str, str]]) -> list[SourceRow]:
    """Nested JSON repeats an object wherever it belongs (a phone under its service, its
    location and its contact): one row per id, with the links each place adds. Values
    that disagree keep the first and are reported."""
    first: dict[tuple[str, str], SourceRow] = {}
    out = []
    for row in rows:
        key = row.values.get("id")
        if not isinstance(key, str) or not key:
            out.append(row)
            continue
        seen = first.get((row.table, key))
        if seen is None:
            first[(row.table, key)] = row
            out.append(row)
            continue
        for name, value in row.values.items():
            if value in (None, ""):
                continue
            if seen.values.get(name) in (None, ""):
                seen.values[name] = value
            elif seen.values[name] != value:
                problems.append(
                    (
                        row.file,
                        row.where,
                        name,
                        f"differs from the same {row.table} at {seen.where}; the first is kept",
                    )
                )
    return out


def read_path(path: Path) -> tuple[list[SourceRow], list[tuple[str, str, str, str]]]:
    """Rows from a tabular package (its folder or its ``datapackage.json``), a folder of
    HSDS JSON files, one JSON file, or a zip of any of these."""
    if path.is_file() and path.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory() as tmp:
            _unzip(path, Path(tmp))
            return read_path(_single_folder(Path(tmp)))
    if path.is_file() and path.name == "datapackage.json":
        return read_csv_package(path.parent)
    if path.is_file() and path.suffix.lower() == ".json":
        return read_json([path])
    if path.is_dir():
        if (path / "datapackage.json").exists() or any(path.glob("*.csv")):
            return read_csv_package(path)
        files = sorted(path.glob("*.json"))
        if files:
            return read_json(files)
        raise Unreadable(f"{path} holds no HSDS CSV or JSON files.")
    raise Unreadable(f"{path} is not a folder, a .json file or a .zip file.")


def _single_folder(root: Path) -> Path:
    """A zip of one folder reads as that folder."""
    entries = [p for p in root.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir():
        return _single_folder(entries[0])
    return root


MAX_UNZIPPED = 500 * 1024 * 1024


def _unzip(path: Path, into: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > MAX_UNZIPPED:
                raise Unreadable("The zip file unpacks to more than 500 MB.")
            for member in members:
                target = (into / member.filename).resolve()
                if not target.is_relative_to(into.resolve()):
                    raise Unreadable(f"The zip file holds an unsafe path: {member.filename}")
            archive.extractall(into)
    except zipfile.BadZipFile:
        raise Unreadable(f"{path.name} is not a zip file.") from None
