"""While a participant holds the device, this session reaches only their screen.

A navigator can hand the device to the participant to fill in chosen sections of
an assessment themselves. Until a staff member enters their password to take it
back, every other page of Waypoint redirects to the participant's screen, so
nobody holding the device can browse other records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

HANDOVER = "waypoint_handover"
# The only routes a handed-over session may use.
ALLOWED = frozenset({"assessment_self", "assessment_handback", "logout", "login"})


def handover_of(request: HttpRequest) -> dict[str, Any] | None:
    value = request.session.get(HANDOVER) if hasattr(request, "session") else None
    return value if isinstance(value, dict) else None


class HandoverMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        handover = handover_of(request)
        if handover is None or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.view_name in ALLOWED or match.view_name.startswith("api:"):
            return None
        return redirect("assessment_self", public_id=handover["assessment"])
