"""The supervision blocks other pages include: on the supervision page, navigators not
met lately and the next sessions; on the navigator's home, the agreed actions that are
theirs. Each reads through ``supervision.queries`` (no participant is named)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from waypoint.supervision import queries

register = template.Library()


@register.simple_tag(takes_context=True)
def supervision_block(context: Any, program_id: Any = None) -> queries.SupervisorBlock:
    request = context["request"]
    chosen = program_id if isinstance(program_id, int) else None
    return queries.supervisor_block(request.user, timezone.localdate(), chosen)


@register.simple_tag(takes_context=True)
def my_agreed_actions(context: Any) -> list[Any]:
    return queries.my_agreed_actions(context["request"].user)


@register.simple_tag(takes_context=True)
def has_sessions_page(context: Any) -> bool:
    """Whether the signed-in person's roles open the sessions page (auditors' do not)."""
    from waypoint.permissions import MATRIX, roles_of

    return bool(MATRIX["supervision_sessions"]["GET"] & roles_of(context["request"].user))
