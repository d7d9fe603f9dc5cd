"""Every change to file reviews, audited and atomic. Other apps call these names from
``waypoint.quality.actions``."""

from waypoint.quality.actions._common import (
    DEFAULT_ITEMS,
    checklist_of,
    install_default_items,
    settings_for,
    settings_of,
)
from waypoint.quality.actions.corrections import (
    add_correction,
    mark_correction_done,
    recheck_correction,
)
from waypoint.quality.actions.reviews import AnswerData, save_answers, sign_review, start_review
from waypoint.quality.actions.settings import (
    add_checklist_item,
    keep_default_checklist,
    move_checklist_item,
    set_checklist_item_active,
    update_checklist_item,
    update_quality_settings,
)

__all__ = [
    "DEFAULT_ITEMS",
    "AnswerData",
    "add_checklist_item",
    "add_correction",
    "checklist_of",
    "install_default_items",
    "keep_default_checklist",
    "mark_correction_done",
    "move_checklist_item",
    "recheck_correction",
    "save_answers",
    "set_checklist_item_active",
    "settings_for",
    "settings_of",
    "sign_review",
    "start_review",
    "update_checklist_item",
    "update_quality_settings",
]
