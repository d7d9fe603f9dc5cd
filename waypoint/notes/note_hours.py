"""Note timeliness kept by the hour (``NoteHour``), so the supervision page counts a few
hundred rows instead of every note signed in the last 30 days.

Each row counts, for one program, one author (``author_id``; ``EVERYONE`` = 0 counts
every author of the program) and one hour (hours since 1970-01-01 00:00 UTC):

- ``signed`` and ``late``: notes signed in that hour (by ``signed_at``), and how many of
  them after their window closed;
- ``drafts``: drafts whose window closes in that hour (by ``due_at``), still open.

Database triggers keep the rows (SQLite and PostgreSQL), so every way a note is written,
signed or discarded counts, in the same transaction. A signed note never changes or
goes away (migration 0002), so its hour is counted once; a draft moves out of its hour
when it is signed, discarded, or its window, author or enrollment change. An
enrollment's program never changes.

``rebuild`` recounts everything from the notes (the migration that adds the table, and
the bench after a bulk load, which on PostgreSQL writes with triggers off).
"""

# Every statement here is built from the constants in this file, never from input.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from waypoint.db.kept import Kept

TABLE = "notes_notehour"
EVERYONE = 0  # author_id of the rows that count every author of the program
TRIGGERS = (
    "note_hours_signed_insert",
    "note_hours_draft_insert",
    "note_hours_signed_update",
    "note_hours_draft_leave",
    "note_hours_draft_enter",
    "note_hours_draft_delete",
)
_PG_TRIGGER = "note_hours_kept"
SECONDS_PER_HOUR = 3600


def hour_of(moment: Any) -> int:
    """The hour a moment falls in, as the rows count it."""
    return int(moment.timestamp()) // SECONDS_PER_HOUR


def sqlite_bucket(column: str, seconds: int) -> str:
    """SQL for the ``seconds``-long bucket since 1970 (UTC) a datetime column falls in."""
    # Django stores SQLite datetimes as naive UTC text, which unixepoch reads as UTC
    # (SQLite 3.38 or later; no "%" here, which Django's SQLite cursor rewrites).
    return f"(unixepoch({column}) / {seconds})"


def pg_bucket(column: str, seconds: int) -> str:
    return f"(floor(extract(epoch FROM {column}) / {seconds})::bigint)"


def _sqlite_hour(column: str) -> str:
    return sqlite_bucket(column, SECONDS_PER_HOUR)


def _pg_hour(column: str) -> str:
    return pg_bucket(column, SECONDS_PER_HOUR)


_PROGRAM = "(SELECT program_id FROM enrollments_enrollment WHERE id = {row}.enrollment_id)"
_AUTHOR = "COALESCE({row}.author_id, -1)"
_CHANGED = (
    "(NEW.status IS NOT OLD.status OR NEW.due_at IS NOT OLD.due_at "
    "OR NEW.author_id IS NOT OLD.author_id OR NEW.enrollment_id IS NOT OLD.enrollment_id)"
)


def _sqlite_add(row: str, hour: str, signed: str, late: str, drafts: str) -> str:
    """Adds to the row's own author and to everyone, in one statement."""
    program = _PROGRAM.format(row=row)
    author = _AUTHOR.format(row=row)
    return (
        f"INSERT INTO {TABLE} (program_id, author_id, hour, signed, late, drafts) "
        f"SELECT {program}, who, {hour}, {signed}, {late}, {drafts} "
        f"FROM (SELECT {author} AS who UNION ALL SELECT {EVERYONE}) WHERE true "
        "ON CONFLICT (program_id, author_id, hour) DO UPDATE SET "
        "signed = signed + excluded.signed, late = late + excluded.late, "
        "drafts = drafts + excluded.drafts;"
    )


def _sqlite_draft_gone(row: str) -> str:
    # A plain UPDATE: a missing row (emptied first by the test suite's flush) stays missing.
    program = _PROGRAM.format(row=row)
    author = _AUTHOR.format(row=row)
    hour = _sqlite_hour(f"{row}.due_at")
    return (
        f"UPDATE {TABLE} SET drafts = drafts - 1 WHERE program_id = {program} "
        f"AND author_id IN ({author}, {EVERYONE}) AND hour = {hour};"
    )


def _sqlite_install() -> list[str]:
    signed = _sqlite_add(
        "NEW",
        _sqlite_hour("NEW.signed_at"),
        "1",
        "CASE WHEN NEW.signed_late THEN 1 ELSE 0 END",
        "0",
    )
    draft = _sqlite_add("NEW", _sqlite_hour("NEW.due_at"), "0", "0", "1")
    is_signed = "NEW.status = 'signed' AND NEW.signed_at IS NOT NULL"
    return [
        f"""CREATE TRIGGER IF NOT EXISTS note_hours_signed_insert AFTER INSERT ON notes_note
           WHEN {is_signed} BEGIN {signed} END""",
        f"""CREATE TRIGGER IF NOT EXISTS note_hours_draft_insert AFTER INSERT ON notes_note
           WHEN NEW.status = 'draft' BEGIN {draft} END""",
        f"""CREATE TRIGGER IF NOT EXISTS note_hours_signed_update AFTER UPDATE ON notes_note
           WHEN {is_signed} AND OLD.status IS NOT 'signed' BEGIN {signed} END""",
        f"""CREATE TRIGGER IF NOT EXISTS note_hours_draft_leave AFTER UPDATE ON notes_note
           WHEN OLD.status = 'draft' AND {_CHANGED} BEGIN {_sqlite_draft_gone("OLD")} END""",
        f"""CREATE TRIGGER IF NOT EXISTS note_hours_draft_enter AFTER UPDATE ON notes_note
           WHEN NEW.status = 'draft' AND {_CHANGED} BEGIN {draft} END""",
        f"""CREATE TRIGGER IF NOT EXISTS note_hours_draft_delete AFTER DELETE ON notes_note
           WHEN OLD.status = 'draft' BEGIN {_sqlite_draft_gone("OLD")} END""",
    ]


def _pg_add(row: str, hour: str, signed: str, late: str, drafts: str) -> str:
    program = _PROGRAM.format(row=row)
    author = _AUTHOR.format(row=row)
    return (
        f"INSERT INTO {TABLE} (program_id, author_id, hour, signed, late, drafts) "
        f"SELECT {program}, who, {hour}, {signed}, {late}, {drafts} "
        f"FROM (VALUES ({author}), ({EVERYONE})) AS w (who) "
        "ON CONFLICT (program_id, author_id, hour) DO UPDATE SET "
        f"signed = {TABLE}.signed + excluded.signed, late = {TABLE}.late + excluded.late, "
        f"drafts = {TABLE}.drafts + excluded.drafts;"
    )


def _pg_install() -> list[str]:
    program = _PROGRAM.format(row="OLD")
    author = _AUTHOR.format(row="OLD")
    gone = (
        f"UPDATE {TABLE} SET drafts = drafts - 1 WHERE program_id = {program} "
        f"AND author_id IN ({author}, {EVERYONE}) AND hour = {_pg_hour('OLD.due_at')};"
    )
    signed = _pg_add(
        "NEW", _pg_hour("NEW.signed_at"), "1", "CASE WHEN NEW.signed_late THEN 1 ELSE 0 END", "0"
    )
    draft = _pg_add("NEW", _pg_hour("NEW.due_at"), "0", "0", "1")
    changed = _CHANGED.replace(" IS NOT ", " IS DISTINCT FROM ")
    return [
        f"""CREATE OR REPLACE FUNCTION note_hours_kept() RETURNS trigger AS $$
           BEGIN
             IF TG_OP = 'INSERT' THEN
               IF NEW.status = 'signed' AND NEW.signed_at IS NOT NULL THEN {signed} END IF;
               IF NEW.status = 'draft' THEN {draft} END IF;
             ELSIF TG_OP = 'UPDATE' THEN
               IF NEW.status = 'signed' AND NEW.signed_at IS NOT NULL
                  AND OLD.status IS DISTINCT FROM 'signed' THEN {signed} END IF;
               IF {changed} THEN
                 IF OLD.status = 'draft' THEN {gone} END IF;
                 IF NEW.status = 'draft' THEN {draft} END IF;
               END IF;
             ELSIF OLD.status = 'draft' THEN {gone}
             END IF;
             RETURN NULL;
           END; $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {_PG_TRIGGER} ON notes_note",
        f"""CREATE TRIGGER {_PG_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON notes_note
           FOR EACH ROW EXECUTE FUNCTION note_hours_kept()""",
    ]


def _recount(hour: Any) -> str:
    """Every note's contribution, summed per program, author and hour."""
    parts = []
    for who in ("COALESCE(n.author_id, -1)", str(EVERYONE)):
        parts.append(
            f"SELECT e.program_id, {who} AS author_id, {hour('n.signed_at')} AS hour, "
            "1 AS signed, CASE WHEN n.signed_late THEN 1 ELSE 0 END AS late, 0 AS drafts "
            "FROM notes_note n JOIN enrollments_enrollment e ON e.id = n.enrollment_id "
            "WHERE n.status = 'signed' AND n.signed_at IS NOT NULL"
        )
        parts.append(
            f"SELECT e.program_id, {who}, {hour('n.due_at')}, 0, 0, 1 "
            "FROM notes_note n JOIN enrollments_enrollment e ON e.id = n.enrollment_id "
            "WHERE n.status = 'draft'"
        )
    return (
        f"INSERT INTO {TABLE} (program_id, author_id, hour, signed, late, drafts) "
        "SELECT program_id, author_id, hour, SUM(signed), SUM(late), SUM(drafts) "
        f"FROM ({' UNION ALL '.join(parts)}) AS counted GROUP BY program_id, author_id, hour"
    )


def _rebuild_sql(vendor: str) -> list[str]:
    hour = _pg_hour if vendor == "postgresql" else _sqlite_hour
    return [f"DELETE FROM {TABLE}", _recount(hour)]


KEPT = Kept(
    table="notes_note",
    sqlite_triggers=TRIGGERS,
    pg_function=_PG_TRIGGER,
    sqlite=_sqlite_install,
    postgresql=_pg_install,
    recount=_rebuild_sql,
)
install, uninstall = KEPT.install, KEPT.uninstall
pause, resume, rebuild = KEPT.pause, KEPT.resume, KEPT.rebuild
