"""Words for how far away a day is: "today", "in 14 days", "3 days ago"."""

from __future__ import annotations

from datetime import date

from django import template

register = template.Library()


def days_words(day: date | None, today: date | None) -> str:
    if day is None or today is None:
        return ""
    days = (day - today).days
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'' if days == 1 else 's'}"
    return f"{-days} day{'' if days == -1 else 's'} ago"


@register.filter
def days_from(day: date | None, today: date | None) -> str:
    """``{{ forecast.transition_on|days_from:today }}``."""
    return days_words(day, today)
