"""Every change to an ending, audited and atomic. One module per stage; other apps call
these names from ``waypoint.closure.actions``."""

from waypoint.closure.actions._common import (
    DEFAULT_REASONS,
    install_default_reasons,
    reasons_for,
    settings_for,
)
from waypoint.closure.actions.closing import (
    CheckResult,
    Reopened,
    approve_closure,
    closure_checks,
    reopen_enrollment,
    request_closure,
    return_closure,
    withdraw_closure,
)

__all__ = [
    "DEFAULT_REASONS",
    "CheckResult",
    "Reopened",
    "approve_closure",
    "closure_checks",
    "install_default_reasons",
    "reasons_for",
    "reopen_enrollment",
    "request_closure",
    "return_closure",
    "settings_for",
    "withdraw_closure",
]
