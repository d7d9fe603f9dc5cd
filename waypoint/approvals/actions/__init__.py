"""Every change to an approval, audited and atomic. Other apps call these names from
``waypoint.approvals.actions``."""

from waypoint.approvals.actions._common import asks, settings_for, settings_of
from waypoint.approvals.actions.deciding import (
    approve,
    mirror,
    record_approved,
    request_approval,
    return_for_changes,
    withdraw,
)
from waypoint.approvals.actions.settings import update_approval_settings

__all__ = [
    "approve",
    "asks",
    "mirror",
    "record_approved",
    "request_approval",
    "return_for_changes",
    "settings_for",
    "settings_of",
    "update_approval_settings",
    "withdraw",
]
