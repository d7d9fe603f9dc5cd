"""``flush`` that may empty the audit table on SQLite too.

Emptying every table is the one operation allowed to remove audit events, as
PostgreSQL's TRUNCATE (which ``flush`` uses there) is not a row UPDATE or
DELETE. The test suite relies on it between transactional tests.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush

from waypoint.audit.guard import permit_flush


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        with permit_flush():
            super().handle(**options)
