"""Checking incoming HSDS rows and writing them into one organization's directory.

Every problem is reported by file, row (or JSON item) and column, with what happened to
the row. A row missing something it cannot live without is skipped; a bad optional
value or a reference to something that is not there is left out and the rest of the
row imported. Rows already in the directory (same HSDS id) are updated, and what only
staff know about them (vetted, what to expect, published) is kept.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from typing import Any

from waypoint.directory.hsds import (
    BY_TABLE,
    COLUMNS,
    TABLES,
    BadValue,
    Column,
    SourceRow,
    parse,
    stored,
)
from waypoint.directory.models import Record

SKIPPED = "row skipped"
LEFT_OUT = "imported without this value"
UNLINKED = "imported without this link"
IGNORED = "ignored"
BATCH = 500


@dataclass(frozen=True)
class Problem:
    file: str
    where: str
    column: str
    message: str
    outcome: str

    def __str__(self) -> str:
        place = ", ".join(p for p in (self.file, self.where, self.column) if p)
        return f"{place}: {self.message} ({self.outcome})"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    @property
    def skipped(self) -> int:
        return len({(p.file, p.where) for p in self.problems if p.outcome == SKIPPED})

    def summary(self) -> dict[str, Any]:
        return {
            "created": sum(self.created.values()),
            "updated": sum(self.updated.values()),
            "problems": len(self.problems),
            "skipped": self.skipped,
        }


def import_order() -> list[str]:
    """Tables so that every row's references are written before it."""
    graph = {
        m.hsds.table: {c.ref.hsds.table for c in COLUMNS[m.hsds.table] if c.ref is not None}
        for m in TABLES
    }
    return list(TopologicalSorter(graph).static_order())


def write_rows(
    owner_id: int,
    rows: Iterable[SourceRow],
    report: Report,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Check and write ``rows`` into ``owner_id``'s directory (the caller holds the
    transaction and writes the audit event)."""
    by_table: dict[str, list[SourceRow]] = defaultdict(list)
    for row in rows:
        by_table[row.table].append(row)
    total = sum(len(v) for v in by_table.values())
    done = 0
    ids: dict[str, dict[uuid.UUID, int]] = {}
    for table in import_order():
        model = BY_TABLE[table]
        ids[table] = dict(model.objects.filter(owner_id=owner_id).values_list("hsds_id", "pk"))
        before = set(ids[table])
        objects = _checked(owner_id, model, by_table.get(table, []), ids, report)
        _upsert(model, objects)
        ids[table] = dict(model.objects.filter(owner_id=owner_id).values_list("hsds_id", "pk"))
        written = {o.hsds_id for o in objects}
        report.created[table] = len(written - before)
        report.updated[table] = len(written & before)
        done += len(by_table.get(table, []))
        if progress is not None:
            progress(done, total)
    return report


def _checked(
    owner_id: int,
    model: type[Record],
    rows: list[SourceRow],
    ids: dict[str, dict[uuid.UUID, int]],
    report: Report,
) -> list[Record]:
    table = model.hsds.table
    cols = COLUMNS[table]
    known = {c.name for c in cols}
    warned: set[tuple[str, str]] = set()
    first_at: dict[uuid.UUID, str] = {}
    unique_at: dict[str, dict[Any, str]] = {c.name: {} for c in cols if c.unique and not c.is_key}
    existing_unique = _existing_unique(owner_id, model, unique_at)
    objects = []

    def problem(row: SourceRow, column: str, message: str, outcome: str) -> None:
        report.problems.append(Problem(row.file, row.where, column, message, outcome))

    for row in rows:
        if "" in row.values:
            problem(row, "", "expected an object", SKIPPED)
            continue
        for name in row.values:
            if name not in known and (row.file, name) not in warned:
                warned.add((row.file, name))
                if not row.file.endswith(".csv"):  # CSV headers are reported when read
                    problem(row, name, f"not a field of an HSDS {table}", IGNORED)
        values, skip = {}, False
        for c in cols:
            value, outcome = _value(c, row, ids, problem)
            skip = skip or outcome == SKIPPED
            values[c.attname] = stored(c, value)
        if skip:
            continue
        key = values["hsds_id"]
        if key in first_at:
            problem(row, "id", f"the id {key} is used again (first at {first_at[key]})", SKIPPED)
            continue
        clash = False
        for c in cols:
            if c.name not in unique_at or values[c.attname] in (None, ""):
                continue
            value = values[c.attname]
            earlier = unique_at[c.name].get(value)
            other = existing_unique[c.name].get(value)
            if earlier is not None or (other is not None and other != key):
                where = f"first at {earlier}" if earlier else "already in the directory"
                problem(row, c.name, f"must be unique; this value is used again ({where})", SKIPPED)
                clash = True
            else:
                unique_at[c.name][value] = row.where
        if clash:
            continue
        first_at[key] = row.where
        objects.append(model(owner_id=owner_id, **values))
    return objects


def _value(
    c: Column,
    row: SourceRow,
    ids: dict[str, dict[uuid.UUID, int]],
    problem: Callable[[SourceRow, str, str, str], None],
) -> tuple[Any, str]:
    """The value to store for column ``c`` and what happened to it ("" when all is well)."""
    try:
        value = parse(c, row.values.get(c.name))
    except BadValue as error:
        outcome = SKIPPED if c.required else LEFT_OUT
        problem(row, c.name, str(error), outcome)
        return None, outcome
    if value is None:
        if c.required:
            problem(row, c.name, "is required and is empty", SKIPPED)
            return None, SKIPPED
        return None, ""
    if c.ref is None:
        return value, ""
    target = c.ref.hsds.table
    pk = ids[target].get(value)
    if pk is None:
        outcome = SKIPPED if c.required else UNLINKED
        problem(row, c.name, f"no {target} has the id {value}", outcome)
        return None, outcome
    return pk, ""


def _existing_unique(
    owner_id: int, model: type[Record], unique_at: dict[str, dict[Any, str]]
) -> dict[str, dict[Any, uuid.UUID]]:
    found: dict[str, dict[Any, uuid.UUID]] = {}
    for name in unique_at:
        attname = next(c.attname for c in COLUMNS[model.hsds.table] if c.name == name)
        pairs = model.objects.filter(owner_id=owner_id).values_list(attname, "hsds_id")
        found[name] = {v: k for v, k in pairs if v not in (None, "")}
    return found


def _upsert(model: type[Record], objects: list[Record]) -> None:
    if not objects:
        return
    model.objects.bulk_create(
        objects,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["owner", "hsds_id"],
        update_fields=[c.field for c in COLUMNS[model.hsds.table] if not c.is_key],
    )
