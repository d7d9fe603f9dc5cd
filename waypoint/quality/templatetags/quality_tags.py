"""The file-review blocks other pages include: the navigator's corrections on their home
page and the supervisor's queue on the supervision page. Each records the participants
it names as shown."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from waypoint.participants.queries import record_listing
from waypoint.quality import queries

register = template.Library()


@register.inclusion_tag("quality/_home_block.html", takes_context=True)
def quality_home(context: Any) -> dict[str, Any]:
    user = context["request"].user
    corrections = queries.my_corrections(user)
    if corrections:
        shown = {c.enrollment.participant_id: c.enrollment.participant for c in corrections}
        record_listing(user, shown.values(), "list")
    return {"corrections": corrections, "today": timezone.localdate()}


@register.inclusion_tag("quality/_supervision_block.html", takes_context=True)
def quality_supervision(context: Any, program_id: int | None = None) -> dict[str, Any]:
    user = context["request"].user
    # The supervision page has read the programs the user oversees already.
    overseen = context.get("all_programs")
    block = queries.supervision_block(
        user, program_id, timezone.localdate(), overseen=list(overseen) if overseen else None
    )
    if not block.programs:
        return {"block": None}
    if shown := block.participants:
        record_listing(user, {p.pk: p for p in shown}.values(), "list")
    return {"block": block}


@register.inclusion_tag("quality/_participant_block.html", takes_context=True)
def quality_participant(context: Any, participant: Any) -> dict[str, Any]:
    """The corrections assigned to the user for the person whose page this is (the page
    has recorded that it was opened)."""
    user = context["request"].user
    return {
        "corrections": queries.my_corrections(user, participant.pk),
        "today": timezone.localdate(),
    }
