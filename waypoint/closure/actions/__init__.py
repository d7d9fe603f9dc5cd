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
from waypoint.closure.actions.forecast import (
    Record,
    clear_forecast,
    exit_questions,
    record_interview,
    schedule_interview,
    send_transition_reminders,
    set_forecast,
)

__all__ = [
    "DEFAULT_REASONS",
    "CheckResult",
    "Record",
    "Reopened",
    "approve_closure",
    "clear_forecast",
    "closure_checks",
    "exit_questions",
    "install_default_reasons",
    "reasons_for",
    "record_interview",
    "reopen_enrollment",
    "request_closure",
    "return_closure",
    "schedule_interview",
    "send_transition_reminders",
    "set_forecast",
    "settings_for",
    "withdraw_closure",
]
