"""SQLite, as Waypoint runs it: Django's backend plus one function the audit guard needs.

The audit table's triggers refuse UPDATE and DELETE unless
``waypoint_audit_permit()`` returns 1. Only the test suite's database flush turns
it on (see ``waypoint.audit.guard``); a connection that lacks the function (the
sqlite3 shell, say) is refused outright.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base

from waypoint.audit import guard


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        connection.create_function("waypoint_audit_permit", 0, guard.permit_flag)
        return connection
