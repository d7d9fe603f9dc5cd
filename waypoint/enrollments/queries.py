"""Reading enrollments: the funnel for one, and the timeline."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from waypoint.access import enrollment_record, enrollment_scope, visible_enrollments
from waypoint.accounts.queries import access_for
from waypoint.enrollments.models import (
    STATUS_TERMS,
    Enrollment,
    EnrollmentEvent,
)
from waypoint.participants.models import Participant

if TYPE_CHECKING:
    from waypoint.accounts.models import User


def enrollment_for(user: User, public_id: Any, *, write: bool = False) -> Enrollment:
    """An enrollment the user may open (the access core's per-program rule); 404
    otherwise. Records the read."""
    found: Enrollment = enrollment_record(
        user, Enrollment, public_id, kind="enrollment", path="", write=write
    )
    return found


def created_with(user: User, creation_key: str | None) -> Enrollment | None:
    """The enrollment an earlier submit of the same form made, if the user may see it."""
    try:
        key = uuid.UUID(creation_key or "")
    except ValueError:
        return None
    return visible_enrollments(user).filter(creation_key=key).select_related("participant").first()


def _label(status: str, terms: dict[str, str]) -> str:
    from waypoint.accounts.terminology import term

    return term(STATUS_TERMS.get(status, status), terms)


def timeline(user: User, participant: Participant, limit: int = 200) -> list[Any]:
    """What happened, newest first, in the enrollments this user may open: each change of
    status, phase or navigator, and each step of a closure (asked for approval, returned,
    approved, withdrawn) from ``waypoint.closure``."""
    from waypoint.closure.models import ClosureEvent

    # The access rule on the joined enrollment (no subquery: it plans in a fraction of
    # the time, and SQLite never lists every enrollment the user may open first).
    access = access_for(user)
    events = EnrollmentEvent.objects.filter(
        enrollment_scope(access, via="enrollment__"), participant=participant
    )
    found: list[Any] = list(
        events.select_related(
            "enrollment__program", "navigator", "previous_navigator", "by"
        ).order_by("-at", "-pk")[:limit]
    )
    for event in found:
        terms = event.enrollment.program.terminology
        event.from_label = _label(event.from_status, terms) if event.from_status else ""
        event.to_label = _label(event.to_status, terms) if event.to_status else ""
    steps = list(
        ClosureEvent.objects.filter(
            enrollment_scope(access, via="closure__enrollment__"),
            closure__participant=participant,
            kind__in=CLOSURE_STEPS,
        )
        .select_related("closure__enrollment__program", "by")
        .order_by("-at", "-pk")[:limit]
    )
    for step in steps:
        step.is_closure = True  # type: ignore[attr-defined]
        step.enrollment = step.closure.enrollment  # type: ignore[attr-defined]
    found.extend(steps)
    found.sort(key=lambda ev: ev.at, reverse=True)
    return found[:limit]


# The steps of a closure the timeline shows (closing and reopening show as status changes).
CLOSURE_STEPS = ("requested", "returned", "approved", "withdrawn")
