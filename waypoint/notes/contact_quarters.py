"""Contacts kept by the quarter hour (``ContactQuarter``), so the program dashboard's
effort chart adds up a few thousand rows instead of every contact in its range.

Each row counts, for one program and one quarter hour (15-minute spans since
1970-01-01 00:00 UTC), the completed contacts and the attempts to reach someone that
happened in it. A quarter hour, not an hour: every time zone's midnight falls on one,
so local weeks are made of whole rows.

Database triggers keep the rows (SQLite and PostgreSQL) in the same transaction as the
contact: a contact logged adds one; one whose time, outcome or enrollment changes (while
its note is a draft) moves; one removed (with its draft note) takes its one away.
``rebuild`` recounts everything (the migration that adds the table, and the bench after
a bulk load).
"""

# Every statement here is built from the constants in this file, never from input.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from waypoint.db.kept import follow_rows
from waypoint.notes.note_hours import pg_bucket, sqlite_bucket

TABLE = "notes_contactquarter"
SECONDS = 15 * 60
_PROGRAM = "(SELECT program_id FROM enrollments_enrollment WHERE id = {row}.enrollment_id)"
_CHANGED = (
    "(NEW.happened_at IS NOT OLD.happened_at OR NEW.outcome IS NOT OLD.outcome "
    "OR NEW.enrollment_id IS NOT OLD.enrollment_id)"
)


def quarter_of(moment: Any) -> int:
    """The quarter hour a moment falls in, as the rows count it."""
    return int(moment.timestamp()) // SECONDS


def _counts(row: str) -> str:
    return (
        f"CASE WHEN {row}.outcome = 'completed' THEN 1 ELSE 0 END, "
        f"CASE WHEN {row}.outcome = 'attempted' THEN 1 ELSE 0 END"
    )


def _add(bucket: Any) -> str:
    program = _PROGRAM.format(row="NEW")
    return (
        f"INSERT INTO {TABLE} (program_id, quarter, completed, attempted) "
        f"SELECT {program}, {bucket('NEW.happened_at', SECONDS)}, {_counts('NEW')} WHERE true "
        "ON CONFLICT (program_id, quarter) DO UPDATE SET "
        f"completed = {TABLE}.completed + excluded.completed, "
        f"attempted = {TABLE}.attempted + excluded.attempted;"
    )


def _take(bucket: Any) -> str:
    # A plain UPDATE: a missing row (emptied first by the test suite's flush) stays missing.
    program = _PROGRAM.format(row="OLD")
    return (
        f"UPDATE {TABLE} SET "
        "completed = completed - CASE WHEN OLD.outcome = 'completed' THEN 1 ELSE 0 END, "
        "attempted = attempted - CASE WHEN OLD.outcome = 'attempted' THEN 1 ELSE 0 END "
        f"WHERE program_id = {program} AND quarter = {bucket('OLD.happened_at', SECONDS)};"
    )


def _rebuild_sql(vendor: str) -> list[str]:
    bucket = pg_bucket if vendor == "postgresql" else sqlite_bucket
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (program_id, quarter, completed, attempted) "
        f"SELECT e.program_id, {bucket('c.happened_at', SECONDS)} AS q, "
        "SUM(CASE WHEN c.outcome = 'completed' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.outcome = 'attempted' THEN 1 ELSE 0 END) "
        "FROM notes_contact c JOIN enrollments_enrollment e ON e.id = c.enrollment_id "
        "GROUP BY e.program_id, q",
    ]


def _bucket(vendor: str) -> Any:
    return pg_bucket if vendor == "postgresql" else sqlite_bucket


KEPT = follow_rows(
    "contact_quarters",
    "notes_contact",
    _CHANGED,
    add=lambda vendor: _add(_bucket(vendor)),
    take=lambda vendor: _take(_bucket(vendor)),
    recount=_rebuild_sql,
)
TRIGGERS = KEPT.sqlite_triggers
install, uninstall = KEPT.install, KEPT.uninstall
pause, resume, rebuild = KEPT.pause, KEPT.resume, KEPT.rebuild
