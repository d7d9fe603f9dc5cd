"""The name index behind participant search: ``name_key`` contains a typed word.

``LIKE '%word%'`` cannot use an ordinary index, so each database gets one that can:

- PostgreSQL: the ``pg_trgm`` extension and a GIN trigram index on ``name_key``; the
  planner uses it for the plain ``name_key__contains`` filter by itself.
- SQLite: an FTS5 table with the ``trigram`` tokenizer, ``participant_name_fts``,
  mirroring ``name_key`` (external content: it stores only the index) and kept in step
  by triggers. ``name_contains`` adds a ``pk IN (SELECT rowid …)`` through it.

Both serve words of ``INDEXED_LENGTH`` characters or more; shorter words use the plain
filter, which scans. The plain filter is always kept, so results are the same with or
without the index. Migration ``participants.0003_name_search_index`` calls
``install``; a later migration that rebuilds the participants table on SQLite (Django
copies the table, which drops its triggers) must call ``install`` again: a test checks
the triggers are there after every migration.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "participant_name_fts"
PG_INDEX = "participant_name_trgm"
INDEXED_LENGTH = 3
TRIGGERS = ("participant_name_fts_ai", "participant_name_fts_ad", "participant_name_fts_au")

# Literal SQL (no names pasted in): the table, triggers and index named above.
_SQLITE_INSTALL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS participant_name_fts USING fts5(name_key, "
    "content='participants_participant', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS participant_name_fts_ai AFTER INSERT "
    "ON participants_participant BEGIN "
    "INSERT INTO participant_name_fts(rowid, name_key) VALUES (new.id, new.name_key); END",
    "CREATE TRIGGER IF NOT EXISTS participant_name_fts_ad AFTER DELETE "
    "ON participants_participant BEGIN "
    "INSERT INTO participant_name_fts(participant_name_fts, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); END",
    "CREATE TRIGGER IF NOT EXISTS participant_name_fts_au AFTER UPDATE "
    "ON participants_participant "
    "WHEN old.name_key IS NOT new.name_key OR old.id IS NOT new.id BEGIN "
    "INSERT INTO participant_name_fts(participant_name_fts, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); "
    "INSERT INTO participant_name_fts(rowid, name_key) VALUES (new.id, new.name_key); END",
    # Index the people already there (and repair an index whose triggers went missing).
    "INSERT INTO participant_name_fts(participant_name_fts) VALUES ('rebuild')",
)
_SQLITE_UNINSTALL = (
    "DROP TRIGGER IF EXISTS participant_name_fts_ai",
    "DROP TRIGGER IF EXISTS participant_name_fts_ad",
    "DROP TRIGGER IF EXISTS participant_name_fts_au",
    "DROP TABLE IF EXISTS participant_name_fts",
)
_POSTGRES_INSTALL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS participant_name_trgm ON participants_participant "
    "USING gin (name_key gin_trgm_ops)",
)
# The extension stays: dropping it could break anything else that came to use it.
_POSTGRES_UNINSTALL = ("DROP INDEX IF EXISTS participant_name_trgm",)
_FTS_LOOKUP = "SELECT rowid FROM participant_name_fts WHERE name_key LIKE %s"


def _run(schema_editor: Any, statements: tuple[str, ...]) -> None:
    for sql in statements:
        schema_editor.execute(sql)


def install(schema_editor: Any) -> None:
    """Create the name index for this database (nothing for other vendors)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, _SQLITE_INSTALL)
    elif vendor == "postgresql":
        _run(schema_editor, _POSTGRES_INSTALL)


def uninstall(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, _SQLITE_UNINSTALL)
    elif vendor == "postgresql":
        _run(schema_editor, _POSTGRES_UNINSTALL)


def _uses_fts() -> bool:
    from waypoint.participants.models import Participant

    return connections[router.db_for_read(Participant)].vendor == "sqlite"


def name_contains(word: str) -> Q:
    """Participants whose ``name_key`` contains ``word``: the plain filter, plus (SQLite,
    words of 3+ characters) the FTS5 lookup that lets SQLite skip the scan."""
    found = Q(name_key__contains=word)
    if len(word) >= INDEXED_LENGTH and not set(word) & set("%_\\") and _uses_fts():
        # A constant statement; the word goes in as a parameter.
        rows = RawSQL(_FTS_LOOKUP, (f"%{word}%",))  # noqa: S611
        found &= Q(pk__in=rows)
    return found


def checks_each_found(words: list[str]) -> bool:
    """Whether a search should check each person the name index finds against the
    user's access (EXISTS) rather than list everyone the user may see first (IN). On
    SQLite, when the index serves every word: SQLite builds that whole list for each
    search (0.5 s at a million people; 10 ms the other way). PostgreSQL joins the list
    well and keeps IN; a short word scans anyway, where IN is the cheaper of the two."""
    return _uses_fts() and all(len(word) >= INDEXED_LENGTH for word in words)
