"""What the counts the database keeps with triggers share (``notes.note_hours``,
``notes.contact_quarters``, ``enrollments.quiet_days``): running the statements each
builds from its own constants, and dropping SQLite triggers by name."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection


def run(statements: Iterable[str]) -> None:
    """Run statements built from constants (never from input) on the default
    connection."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drops(names: Iterable[str]) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]
