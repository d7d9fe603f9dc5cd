"""Words for how far away a day is: "today", "in 14 days", "3 days ago"."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def days_words(day: date | None, today: date | None) -> str:
    if day is None or today is None:
        return ""
    days = (day - today).days
    if days == 0:
        return _("today")
    if days > 0:
        return ngettext("in %(days)s day", "in %(days)s days", days) % {"days": days}
    return ngettext("%(days)s day ago", "%(days)s days ago", -days) % {"days": -days}


@register.filter
def days_from(day: date | None, today: date | None) -> str:
    """``{{ forecast.transition_on|days_from:today }}``."""
    return days_words(day, today)
