"""A participant's page, drawn whole: the record, each enrollment's panel and what has
happened. Views of other apps that refuse a form on this page render it through here
(a page-level module, beside the views)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from waypoint.conferences import outcomes as conference_outcomes
from waypoint.enrollments import queries as enrollment_queries
from waypoint.enrollments.panels import enrollment_panels
from waypoint.http import AuthedRequest
from waypoint.participants.models import Participant


def render_participant(
    request: AuthedRequest,
    participant: Participant,
    *,
    bound: dict[int, dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "participant": participant,
        "enrollments": enrollment_panels(request.user, participant, bound or {}),
        "timeline": conference_outcomes.with_conferences(
            enrollment_queries.timeline(request.user, participant),
            conference_outcomes.signed_discussions(request.user, participant),
        ),
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    return render(request, "participants/detail.html", context, status=status)
