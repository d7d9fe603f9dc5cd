"""The switch behind the audit table's append-only triggers on SQLite.

Production never turns it on. The test suite turns it on only while Django
empties the test database between transactional tests (PostgreSQL's TRUNCATE
needs no permit: its triggers are per row).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_state = threading.local()


def permit_flag() -> int:
    return 1 if getattr(_state, "permit", False) else 0


@contextmanager
def permit_flush() -> Iterator[None]:
    _state.permit = True
    try:
        yield
    finally:
        _state.permit = False
