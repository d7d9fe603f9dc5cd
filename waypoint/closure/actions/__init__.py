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
from waypoint.closure.actions.post_plan import (
    GoalEdit,
    PostPlanData,
    ResourceData,
    SupportData,
    acknowledge_post_plan,
    build_post_plan,
    new_post_plan_version,
    post_plan_back_to_draft,
    save_post_plan,
    send_post_plan,
    share_post_plan,
)

__all__ = [
    "DEFAULT_REASONS",
    "CheckResult",
    "GoalEdit",
    "PostPlanData",
    "Reopened",
    "ResourceData",
    "SupportData",
    "acknowledge_post_plan",
    "approve_closure",
    "build_post_plan",
    "closure_checks",
    "install_default_reasons",
    "new_post_plan_version",
    "post_plan_back_to_draft",
    "reasons_for",
    "reopen_enrollment",
    "request_closure",
    "return_closure",
    "save_post_plan",
    "send_post_plan",
    "settings_for",
    "share_post_plan",
    "withdraw_closure",
]
