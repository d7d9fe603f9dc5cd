from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from waypoint.accounts.models import Program
from waypoint.accounts.queries import access_for


def waypoint(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"idle_minutes": settings.IDLE_TIMEOUT_MINUTES}
    access = access_for(user)
    roles = access.roles

    def first_program() -> Program | None:
        if not access.roles_by_program:
            return None
        return Program.objects.filter(pk=min(access.roles_by_program)).first()

    return {
        "access": access,
        "nav_supervise": bool(roles & {"admin", "manager", "supervisor", "auditor"}),
        "nav_write": bool(roles & {"admin", "manager", "supervisor", "navigator", "staff"}),
        "nav_admin": access.is_admin,
        "nav_partner": access.partner_provider_id is not None,
        "terms_program": first_program() if len(access.roles_by_program) == 1 else None,
        "idle_minutes": settings.IDLE_TIMEOUT_MINUTES,
    }
