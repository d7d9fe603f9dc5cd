"""Every change to an ending, audited and atomic. One module per stage; other apps call
these names from ``waypoint.closure.actions``."""

from waypoint.closure.actions._common import (
    DEFAULT_REASONS,
    install_default_reasons,
    reasons_for,
    settings_for,
    settings_of,
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
from waypoint.closure.actions.forecast import (
    Record,
    clear_forecast,
    exit_questions,
    record_interview,
    schedule_interview,
    send_transition_reminders,
    set_forecast,
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
    "Record",
    "Reopened",
    "SweepResult",
    "add_closure_reason",
    "approve_closure",
    "clear_forecast",
    "close_check_in",
    "closure_checks",
    "daily_sweep",
    "exit_questions",
    "give_up_check_in",
    "install_default_reasons",
    "move_closure_reason",
    "notify_long_silence",
    "reasons_for",
    "record_check_in",
    "record_interview",
    "reopen_enrollment",
    "request_closure",
    "return_closure",
    "schedule_interview",
    "send_transition_reminders",
    "set_closure_reason_active",
    "set_forecast",
    "settings_for",
    "settings_of",
    "skip_check_in",
    "update_closure_reason",
    "update_closure_settings",
    "withdraw_closure",
]
