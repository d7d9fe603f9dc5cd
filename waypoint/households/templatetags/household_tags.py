"""The household region of a participant page (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django import template

from waypoint.households import queries

register = template.Library()


@register.inclusion_tag("households/_region.html", takes_context=True)
def household_region(context: Any, participant: Any) -> dict[str, Any]:
    """The person's current household under the privacy rule, its history, and their
    open enrollments that may be enrolled as a household."""
    user = context["request"].user
    return {"participant": participant, "region": queries.region(user, participant)}


@register.inclusion_tag("households/_conference_picks.html", takes_context=True)
def household_picks(context: Any, conference: Any, discussions: Any) -> dict[str, Any]:
    """Household members of the people discussed, to invite with one click (only those
    the reader may see by name under the household privacy rule)."""
    user = context["request"].user
    people = [d.participant for d in discussions]
    taken = {a.name for a in context.get("attendees", [])}
    return {
        "conference": conference,
        "picks": [p for p in queries.conference_picks(user, people) if p.name not in taken],
        "csrf_token": context.get("csrf_token"),
    }
