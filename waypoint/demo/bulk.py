"""Bulk loading for the bench: a million participants and twenty million notes.

Rows are plain tuples built in Python (no model instances) and written in one go per
table and batch: ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3's ``cursor.copy``),
one prepared ``INSERT`` run with ``executemany`` on SQLite. Columns a table's rows do
not set get their field's default, the same for every row (``Table``). Ids that other
rows point to are reserved up front (``reserve_ids``), so a batch writes every table
once, parents first, without reading anything back.

``History`` writes an enrollment's contacts and their notes in their final state:
spread over the enrollment's life, about one in seven an attempt to reach the person,
most notes signed within the program's window (some late), drafts only in the last
two weeks. A signed note is never updated afterwards (the database refuses, see
``notes`` migration 0002), so it goes in signed. ``History.add`` returns what the
enrollment's own row must say about its newest contact, its attempts since and its
oldest open draft, the fields ``notes.actions.refresh_signals`` keeps, so the
enrollment is written consistent with its history and never updated.

The words come from the demo's pools (``waypoint.demo.notes``), with the pronouns
filled in ahead and the person's name filled in per note.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Model
from psycopg.types.json import Jsonb

from waypoint.demo.notes import (
    ATTEMPTS,
    EARLY_OBJECTIVE,
    HOURS,
    IN_PERSON,
    METHODS,
    MINUTES,
    SHARED,
    VIEW_AFTER,
    VOICES,
    Who,
    fill,
)
from waypoint.enrollments import quiet_days
from waypoint.notes import contact_quarters, note_hours
from waypoint.notes.models import Contact, Method, Note, Place

# Version 7 UUIDs: 48 bits of time, version 7, 12 random bits, the variant, 62 random bits.
_V7_RANDOM = (0xFFF << 64) | ((1 << 62) - 1)
_V7_SET = (7 << 76) | (0b10 << 62)
NAME = "\x00"  # stands for the person's name in the prepared words
POOL = 256  # prepared notes per program and pronouns (a power of two)
ATTEMPT_SHARE = 0.15
DRAFT_DAYS = 14  # drafts only among the contacts of the last two weeks
DRAFT_SHARE = 0.35  # of those contacts
LATE_SHARE = 0.08  # signed after the program's window closed
# Plain strings (psycopg would write an Enum's name, not its value).
COMPLETED, ATTEMPTED = str(Contact.Outcome.COMPLETED), str(Contact.Outcome.ATTEMPTED)
DRAFT, SIGNED = str(Note.Status.DRAFT), str(Note.Status.SIGNED)


def uuid_hex(bits: int) -> str:
    """A UUID from 128 random bits, as 32 hex digits (both databases take it): version
    7 (RFC 9562), led by the time in milliseconds. Time-ordered ids go in at the right
    edge of the unique indexes, where random version-4 ids at twenty million rows touch
    a page anywhere in an index far larger than PostgreSQL's buffers (and after every
    checkpoint write the whole page to the WAL again)."""
    ms = time.time_ns() // 1_000_000
    return f"{(ms << 80) | (bits & _V7_RANDOM) | _V7_SET:032x}"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


class Table:
    """Writes rows to one model's table. ``columns`` (attnames) are given per row, in
    that order; every other column except an unlisted primary key gets its field's
    default, the same for every row."""

    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - fields.keys()
        if unknown:
            raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
        rest = [f for name, f in fields.items() if name not in columns and not f.primary_key]
        constants: list[Any] = []
        for f in rest:
            value = f.get_default()
            if (f.unique and value is not None) or (value is None and not f.null):
                raise ValueError(f"{model.__name__}.{f.attname}: give it in every row")
            constants.append(f.get_db_prep_save(value, connection))
        self.constants = tuple(constants)
        self.table = model._meta.db_table
        self.names = [fields[c].column for c in columns] + [f.column for f in rest]
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Writes the rows (inside the caller's transaction); returns how many."""
        columns = ", ".join(_quote(name) for name in self.names)
        with connection.cursor() as cursor:
            if self.postgres:
                return self._copy(cursor.cursor, columns, rows)
            marks = ", ".join("?" * len(self.names))
            # Names from the model, quoted; the values go as parameters.
            sql = f"INSERT INTO {_quote(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608
            tail = self.constants
            found = [row + tail for row in rows]
            # The driver's own executemany, with ? marks (Django's wrapper expects %s).
            sqlite3.Cursor.executemany(cursor.cursor, sql, found)
            return len(found)

    def _copy(self, cursor: Any, columns: str, rows: Iterable[tuple[Any, ...]]) -> int:
        """COPY in PostgreSQL's text format, the lines written in chunks: several times
        faster than ``write_row`` per row. A line whose values hold a tab, a newline or a
        backslash (the bench's words never do) is escaped value by value."""
        tail = "".join("\t" + _text(value) for value in self.constants) + "\n"
        count = 0
        chunk: list[str] = []
        with cursor.copy(f"COPY {_quote(self.table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                line = "\t".join([NULL if v is None else str(v) for v in row])
                if (
                    line.count("\t") != len(row) - 1
                    or line.count("\\") != row.count(None)  # each NULL is one \N
                    or "\n" in line
                    or "\r" in line
                ):
                    line = "\t".join(_text(v) for v in row)
                chunk.append(line + tail)
                count += 1
                if len(chunk) >= 2000:
                    copy.write("".join(chunk))
                    chunk.clear()
            if chunk:
                copy.write("".join(chunk))
        return count


NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    """One value in COPY's text format, escaped."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, Jsonb):
        value = json.dumps(value.obj)
    return str(value).translate(_ESCAPES)


@contextmanager
def loading() -> Iterator[bool]:
    """Settings for a bench load inside the caller's transaction; yields whether the
    foreign keys are left unchecked (PostgreSQL only). On SQLite the triggers that keep
    the note and contact counts are dropped for the block and put back at its end; the bench
    recounts after the build.

    - ``synchronous_commit = off``: a crash loses the last batches, never breaks one.
    - ``session_replication_role = replica`` (superusers only, as pg_dump's restores
      use): no foreign-key checks at commit, which cost a third of the load's time. The
      rows point only at rows written before them, by ids reserved up front; the tests
      check every reference of a small build. Without the right to set it, the checks
      run and the load is slower. It is set back before the block ends, so the rest of
      an enclosing transaction has its triggers (the signed notes' among them) again.
    """
    if connection.vendor != "postgresql":
        # The kept note, contact and due-day counts are recounted after the build;
        # their triggers would take two thirds of the load's time.
        note_hours.pause()
        contact_quarters.pause()
        quiet_days.pause()
        yield False
        note_hours.resume()
        contact_quarters.resume()
        quiet_days.resume()
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT current_setting('is_superuser')")
        unchecked = cursor.fetchone()[0] == "on"
        if unchecked:
            cursor.execute("SET LOCAL session_replication_role = replica")
    yield unchecked
    if unchecked:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")


def reserve_ids(model: type[Model], count: int) -> int:
    """Reserves ``count`` consecutive ids of the model's table; returns the first.

    PostgreSQL moves the table's sequence past them in one statement. SQLite computes
    them from the largest id used (the transaction holds the write lock; inserting
    them moves ``sqlite_sequence`` on). The bench is the only writer of these tables
    while it builds.
    """
    table = model._meta.db_table
    if count <= 0:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            return int(cursor.fetchone()[0]) - count + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_quote(table)}")  # noqa: S608
        top = int(cursor.fetchone()[0])
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        return max(top, int(row[0]) if row else 0) + 1


def moment(value: datetime) -> Any:
    """A datetime as the database takes it: aware for psycopg, naive UTC text for SQLite
    (what Django's SQLite backend stores)."""
    if connection.vendor == "postgresql":
        return value
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def day(value: Any) -> Any:
    if value is None or connection.vendor == "postgresql":
        return value
    return value.isoformat()


# (outcome, method, minutes range, place, detail, attempt result, six sections)
Prepared = tuple[str, str, tuple[int, int], str, str, str, str, str, str, str, str, str]


def _prepared(rng: Any, key: str, pronouns: str) -> list[Prepared]:
    """POOL notes for one program and one set of pronouns, the name left as NAME."""
    who = Who(NAME, pronouns)
    voice = VOICES[key]
    methods, weights = zip(*METHODS[key], strict=True)
    found: list[Prepared] = []
    hours = [
        f"{h % 12 or 12}{':30' if half else ''} {'am' if h < 12 else 'pm'}"
        for h in range(HOURS[key][0], HOURS[key][1] + 1)
        for half in (0, 1)
    ]
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    while len(found) < POOL:
        if rng.random() < ATTEMPT_SHARE:
            method, result, what, nxt = rng.choice(ATTEMPTS)
            extra = {"hour": rng.choice(hours), "day": rng.choice(days)}
            found.append(
                (
                    ATTEMPTED,
                    str(method),
                    (0, 0),
                    str(Place.REMOTE),
                    "",
                    str(result),
                    "",
                    fill(what, who, **extra),
                    "",
                    "",
                    fill(nxt, who, **extra),
                    "",
                )
            )
            continue
        method = rng.choices(methods, weights)[0]
        if method in IN_PERSON:
            place, detail = rng.choice(voice.places or ((Place.OFFICE, ""),))
            if method == Method.OUTREACH and voice.outreach_places:
                place, detail = rng.choice(voice.outreach_places)
            if method == Method.HOME_VISIT:
                place, detail = Place.HOME, ""
        else:
            place, detail = Place.REMOTE, ""
        early = rng.random() < 0.1
        objective = rng.sample(EARLY_OBJECTIVE if early else voice.objective, 2)
        strengths = rng.sample(voice.strengths + SHARED.strengths, rng.randint(1, 2))
        assessment = rng.sample(voice.assessment + SHARED.assessment, rng.randint(1, 2))
        view = f'"{rng.choice(voice.their_words + SHARED.their_words)}"'
        if rng.random() < 0.5:
            view += " " + rng.choice(VIEW_AFTER)
        plan = rng.sample(voice.steps + SHARED.steps, rng.randint(1, 2))
        if voice.promises and rng.random() < 0.3:
            promise = rng.choice(voice.promises)
            plan.append(f"I will {promise[0].lower()}{promise[1:]}.")
        found.append(
            (
                COMPLETED,
                str(method),
                MINUTES[method],
                str(place),
                detail,
                "",
                " ".join(fill(s, who) for s in strengths),
                " ".join(fill(s, who) for s in objective),
                " ".join(fill(s, who) for s in assessment),
                fill(view, who),
                " ".join(fill(s, who) for s in plan),
                rng.choice(voice.data + SHARED.data * 2),
            )
        )
    return found


CONTACT_COLUMNS = (
    "id",
    "public_id",
    "organization_id",
    "enrollment_id",
    "participant_id",
    "outcome",
    "method",
    "happened_at",
    "minutes",
    "place",
    "place_detail",
    "attempt_result",
    "logged_by_id",
    "logged_at",
)
NOTE_COLUMNS = (
    "public_id",
    "organization_id",
    "contact_id",
    "enrollment_id",
    "participant_id",
    "status",
    "strengths",
    "objective",
    "assessment",
    "participant_view",
    "plan",
    "data",
    "author_id",
    "created_at",
    "updated_by_id",
    "updated_at",
    "due_at",
    "signed_by_id",
    "signed_at",
    "signed_late",
)


@dataclass
class Signals:
    """What an enrollment's row says about its contacts (see refresh_signals)."""

    last_contact_at: datetime | None = None
    attempts_in_row: int = 0
    note_due_at: datetime | None = None


@dataclass
class History:
    """Contacts and notes for many enrollments, collected as rows until ``write``."""

    rng: Any
    now: datetime
    program_keys: dict[int, str]
    next_contact_id: int = 0
    contacts: list[tuple[Any, ...]] = field(default_factory=list)
    notes: list[tuple[Any, ...]] = field(default_factory=list)
    pools: dict[tuple[str, str], list[Prepared]] = field(default_factory=dict)

    def _pool(self, key: str, pronouns: str) -> list[Prepared]:
        first = pronouns.split("/")[0]
        kind = first if first in ("she", "he") else "they"
        found = self.pools.get((key, kind))
        if found is None:
            found = self.pools[(key, kind)] = _prepared(self.rng, key, f"{kind}/")
        return found

    def add(
        self,
        *,
        count: int,
        organization_id: int,
        enrollment_id: int,
        participant_id: int,
        program_id: int,
        note_due_hours: int,
        author_id: int,
        name: str,
        pronouns: str,
        start: datetime,
        end: datetime,
    ) -> Signals:
        """``count`` contacts, each with its note, between ``start`` and ``end``.

        Times are worked out and written as naive UTC: what Django's SQLite backend
        stores, and what PostgreSQL reads in the UTC session Django opens (formatting
        an aware datetime costs twice as much, for twenty million notes)."""
        rng = self.rng
        random = rng.random
        bits = rng.getrandbits
        now = self.now.astimezone(UTC).replace(tzinfo=None)
        pool = self._pool(self.program_keys[program_id], pronouns)
        end = min(end.astimezone(UTC).replace(tzinfo=None), now - timedelta(minutes=30))
        start = min(start.astimezone(UTC).replace(tzinfo=None), end - timedelta(hours=1))
        span = int((end - start).total_seconds()) // 60
        window = timedelta(hours=note_due_hours)
        window_minutes = note_due_hours * 60
        recent = now - timedelta(days=DRAFT_DAYS)
        last_contact: datetime | None = None
        attempts = 0
        first_due: datetime | None = None
        contact_id = self.next_contact_id
        contacts = self.contacts
        notes = self.notes
        for offset in sorted(random() for _ in range(count)):
            at = start + timedelta(minutes=int(offset * span))
            outcome, method, (low, high), place, detail, result, s, o, a, v, p, d = pool[bits(8)]
            logged = at + timedelta(minutes=5 + bits(7))
            if logged > now:
                logged = now
            due = at + window
            if outcome == COMPLETED:
                minutes: int | None = low + bits(6) % (high - low + 1)
                last_contact = at
                attempts = 0
            else:
                minutes = None
                attempts += 1
            logged_text = str(logged)
            if at >= recent and random() < DRAFT_SHARE:
                status, signer, signed_text, late = DRAFT, None, None, False
                updated_text = logged_text
                if first_due is None or due < first_due:
                    first_due = due
            else:
                if random() < LATE_SHARE:
                    signed = due + timedelta(minutes=30 + bits(12))
                else:
                    signed = logged + timedelta(minutes=bits(16) % window_minutes)
                if signed > now:
                    signed = now
                status, signer, late = SIGNED, author_id, signed > due
                signed_text = updated_text = str(signed)
            contacts.append(
                (
                    contact_id,
                    uuid_hex(bits(128)),
                    organization_id,
                    enrollment_id,
                    participant_id,
                    outcome,
                    method,
                    str(at),
                    minutes,
                    place,
                    detail,
                    result,
                    author_id,
                    logged_text,
                )
            )
            notes.append(
                (
                    uuid_hex(bits(128)),
                    organization_id,
                    contact_id,
                    enrollment_id,
                    participant_id,
                    status,
                    s.replace(NAME, name),
                    o.replace(NAME, name),
                    a.replace(NAME, name),
                    v.replace(NAME, name),
                    p.replace(NAME, name),
                    d.replace(NAME, name),
                    author_id,
                    logged_text,
                    author_id,
                    updated_text,
                    str(due),
                    signer,
                    signed_text,
                    late,
                )
            )
            contact_id += 1
        self.next_contact_id = contact_id
        return Signals(
            last_contact_at=last_contact.replace(tzinfo=UTC) if last_contact else None,
            attempts_in_row=attempts,
            note_due_at=first_due.replace(tzinfo=UTC) if first_due else None,
        )

    def write(self) -> tuple[int, int]:
        """Writes the contacts, then their notes; returns how many of each."""
        contacts = Table(Contact, CONTACT_COLUMNS).write(self.contacts)
        notes = Table(Note, NOTE_COLUMNS).write(self.notes)
        self.contacts, self.notes = [], []
        return contacts, notes
