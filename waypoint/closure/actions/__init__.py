"""Every change to an ending, audited and atomic. One module per stage; other apps call
these names from ``waypoint.closure.actions``."""

from waypoint.closure.actions._common import (
    DEFAULT_REASONS,
    install_default_reasons,
    reasons_for,
    settings_for,
)
from waypoint.closure.actions.after import (
    SweepResult,
    close_check_in,
    daily_sweep,
    give_up_check_in,
    notify_long_silence,
    record_check_in,
    skip_check_in,
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
    "SweepResult",
    "approve_closure",
    "close_check_in",
    "closure_checks",
    "daily_sweep",
    "give_up_check_in",
    "install_default_reasons",
    "notify_long_silence",
    "reasons_for",
    "record_check_in",
    "reopen_enrollment",
    "request_closure",
    "return_closure",
    "settings_for",
    "skip_check_in",
    "withdraw_closure",
]
