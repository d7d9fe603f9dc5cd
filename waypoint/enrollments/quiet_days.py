"""People counted by the day their next contact falls due (``QuietDay``), so the
supervision page adds up a few thousand rows to say how many have gone quiet instead
of counting every enrollment past its contact date.

A row counts, for one program, one day and one shard, the enrollments in
``CASELOAD_STATUSES`` whose ``contact_due_on`` is that day. The shard is the
navigator's id modulo ``SHARDS`` (0 for those waiting for one): a contact moves one
person from one day to another, and navigators of one program logging contacts at the
same moment then mostly update different rows. A person stays in their navigator's
shard, so whatever added them is what takes them away.

Database triggers keep the rows (SQLite and PostgreSQL) in the same transaction as the
enrollment: a person enters their day's row when they start counting (a new
enrollment, a status back on the caseload, a due date set) and leaves it when their
program, status, due date or navigator changes or the enrollment is removed.
``rebuild`` recounts everything (the migration that adds the table, and the bench
after a bulk load).
"""

# Every statement here is built from the constants in this file, never from input.
# ruff: noqa: S608

from __future__ import annotations

from datetime import date

from django.db.models import Sum

from waypoint.db.kept import follow_rows
from waypoint.enrollments.models import CASELOAD_STATUSES, QuietDay

TABLE = "enrollments_quietday"
SHARDS = 16
_STATUSES = "(" + ", ".join(f"'{s}'" for s in CASELOAD_STATUSES) + ")"
_COUNTED = "({row}.status IN " + _STATUSES + " AND {row}.contact_due_on IS NOT NULL)"
# The remainder by integer division, spelt out: "%" would read as a placeholder.
_SHARD = (
    "(COALESCE({row}.navigator_id, 0) - COALESCE({row}.navigator_id, 0) / "
    + str(SHARDS)
    + " * "
    + str(SHARDS)
    + ")"
)
_CHANGED = (
    "(NEW.program_id IS NOT OLD.program_id OR NEW.status IS NOT OLD.status "
    "OR NEW.contact_due_on IS NOT OLD.contact_due_on "
    "OR NEW.navigator_id IS NOT OLD.navigator_id)"
)


def quiet_counts(program_ids: list[int], today: date) -> dict[int, int]:
    """How many people of each program have their contact due before ``today`` (one
    query over the kept rows)."""
    if not program_ids:
        return {}
    found = (
        QuietDay.objects.filter(program_id__in=program_ids, due_on__lt=today)
        .exclude(people=0)
        .values_list("program_id")
        .annotate(n=Sum("people"))
        .order_by()
    )
    return {pid: n for pid, n in found if n}


def _add() -> str:
    return (
        f"INSERT INTO {TABLE} (program_id, due_on, shard, people) "
        f"SELECT NEW.program_id, NEW.contact_due_on, {_SHARD.format(row='NEW')}, 1 "
        f"WHERE {_COUNTED.format(row='NEW')} "
        "ON CONFLICT (program_id, due_on, shard) DO UPDATE SET "
        f"people = {TABLE}.people + 1;"
    )


def _take() -> str:
    # A plain UPDATE: a missing row (emptied first by the test suite's flush) stays missing.
    return (
        f"UPDATE {TABLE} SET people = people - 1 "
        f"WHERE {_COUNTED.format(row='OLD')} AND program_id = OLD.program_id "
        f"AND due_on = OLD.contact_due_on AND shard = {_SHARD.format(row='OLD')};"
    )


def _rebuild_sql() -> list[str]:
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (program_id, due_on, shard, people) "
        f"SELECT e.program_id, e.contact_due_on, {_SHARD.format(row='e')} AS s, COUNT(*) "
        f"FROM enrollments_enrollment e WHERE {_COUNTED.format(row='e')} "
        "GROUP BY e.program_id, e.contact_due_on, s",
    ]


KEPT = follow_rows(
    "quiet_days",
    "enrollments_enrollment",
    _CHANGED,
    add=lambda vendor: _add(),
    take=lambda vendor: _take(),
    recount=lambda vendor: _rebuild_sql(),
)
TRIGGERS = KEPT.sqlite_triggers
install, uninstall = KEPT.install, KEPT.uninstall
pause, resume, rebuild = KEPT.pause, KEPT.resume, KEPT.rebuild
