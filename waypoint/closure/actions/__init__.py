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
from waypoint.closure.actions.settings import (
    add_closure_reason,
    move_closure_reason,
    set_closure_reason_active,
    update_closure_reason,
    update_closure_settings,
)

__all__ = [
    "DEFAULT_REASONS",
    "CheckResult",
    "Reopened",
    "add_closure_reason",
    "approve_closure",
    "closure_checks",
    "install_default_reasons",
    "move_closure_reason",
    "reasons_for",
    "reopen_enrollment",
    "request_closure",
    "return_closure",
    "set_closure_reason_active",
    "settings_for",
    "update_closure_reason",
    "update_closure_settings",
    "withdraw_closure",
]
