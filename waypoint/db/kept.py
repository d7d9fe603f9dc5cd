"""What the counts the database keeps with triggers share (``notes.note_hours``,
``notes.contact_quarters``, ``enrollments.quiet_days``).

Each writes its own triggers and recount from its own constants and describes them
with a ``Kept``; the ``Kept`` installs them (the migration that adds the table), takes
them away again, drops and restores the SQLite triggers around a bulk load, and
recounts everything (the bench after a bulk load, which loads with triggers off).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection


def run(statements: Iterable[str]) -> None:
    """Run statements built from constants (never from input) on the default
    connection."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drops(names: Iterable[str]) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


@dataclass(frozen=True)
class Kept:
    """One kept count: the triggers that keep it on each database, and its recount."""

    table: str  # the table the triggers watch
    sqlite_triggers: tuple[str, ...]  # their names on SQLite
    pg_function: str  # the PL/pgSQL function, and the name of its trigger
    sqlite: Callable[[], list[str]]  # CREATE TRIGGER statements for SQLite
    postgresql: Callable[[], list[str]]  # the function and its trigger for PostgreSQL
    recount: Callable[[str], list[str]]  # by vendor: empty the counts, count again

    def install(self, schema_editor: Any) -> None:
        """Create the triggers and count what is already there."""
        vendor = schema_editor.connection.vendor
        made = {"sqlite": self.sqlite, "postgresql": self.postgresql}.get(vendor, list)()
        for sql in [*made, *self.recount(vendor)]:
            schema_editor.execute(sql)

    def uninstall(self, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        statements: list[str] = []
        if vendor == "postgresql":
            statements = [
                f"DROP TRIGGER IF EXISTS {self.pg_function} ON {self.table}",
                f"DROP FUNCTION IF EXISTS {self.pg_function}()",
            ]
        elif vendor == "sqlite":
            statements = drops(self.sqlite_triggers)
        for sql in statements:
            schema_editor.execute(sql)

    def pause(self) -> None:
        """Drop the SQLite triggers inside the caller's transaction (a bulk load that
        recounts with ``rebuild`` afterwards); ``resume`` puts them back. PostgreSQL's
        bulk load turns triggers off by itself (``session_replication_role``)."""
        if connection.vendor == "sqlite":
            run(drops(self.sqlite_triggers))

    def resume(self) -> None:
        if connection.vendor == "sqlite":
            run(self.sqlite())

    def rebuild(self) -> None:
        """Recount every row (after a bulk load that bypassed the triggers)."""
        run(self.recount(connection.vendor))


def follow_rows(
    name: str,
    table: str,
    changed: str,
    add: Callable[[str], str],
    take: Callable[[str], str],
    recount: Callable[[str], list[str]],
) -> Kept:
    """The usual kept count: a row inserted into ``table`` adds its count (``add``, by
    vendor, reading ``NEW``), a row deleted takes its count away (``take``, reading
    ``OLD``), and an update for which ``changed`` holds takes the old count and adds
    the new one. The triggers are named ``<name>_insert``, ``_leave``, ``_enter`` and
    ``_delete`` on SQLite, and the function and its trigger ``<name>_kept`` on
    PostgreSQL (``changed`` written with ``IS NOT``, which becomes ``IS DISTINCT
    FROM`` there)."""
    function = f"{name}_kept"

    def sqlite() -> list[str]:
        plus, minus = add("sqlite"), take("sqlite")
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {table}
               BEGIN {plus} END""",
            f"""CREATE TRIGGER IF NOT EXISTS {name}_leave AFTER UPDATE ON {table}
               WHEN {changed} BEGIN {minus} END""",
            f"""CREATE TRIGGER IF NOT EXISTS {name}_enter AFTER UPDATE ON {table}
               WHEN {changed} BEGIN {plus} END""",
            f"""CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {table}
               BEGIN {minus} END""",
        ]

    def postgresql() -> list[str]:
        plus, minus = add("postgresql"), take("postgresql")
        differs = changed.replace(" IS NOT ", " IS DISTINCT FROM ")
        return [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
               BEGIN
                 IF TG_OP = 'INSERT' THEN {plus}
                 ELSIF TG_OP = 'DELETE' THEN {minus}
                 ELSIF {differs} THEN {minus} {plus}
                 END IF;
                 RETURN NULL;
               END; $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {function} ON {table}",
            f"""CREATE TRIGGER {function} AFTER INSERT OR UPDATE OR DELETE ON {table}
               FOR EACH ROW EXECUTE FUNCTION {function}()""",
        ]

    names = tuple(f"{name}_{when}" for when in ("insert", "leave", "enter", "delete"))
    return Kept(table, names, function, sqlite, postgresql, recount)
