"""What closing puts on the navigator's home (their own closures a supervisor returned,
and those still waiting) and on the supervision page (closures waiting for approval in
the supervisor's programs, oldest first, with their age in days). One query each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from waypoint.access import enrollment_scope
from waypoint.accounts.queries import access_for
from waypoint.closure.models import Closure, ClosureEvent

if TYPE_CHECKING:
    from waypoint.accounts.models import User

LIMIT = 100
SUPERVISING = ("admin", "manager", "supervisor")


@dataclass
class Item:
    closure: Closure
    days: int
    comment: str = ""

    @property
    def participant(self) -> Any:
        return self.closure.enrollment.participant


@dataclass
class Found:
    returned: list[Item] = field(default_factory=list)
    waiting: list[Item] = field(default_factory=list)

    @property
    def participants(self) -> list[Any]:
        return [i.participant for i in [*self.returned, *self.waiting]]


def _rows(closures: Any, today: date) -> list[Closure]:
    return list(
        closures.select_related(
            "enrollment__participant", "enrollment__program", "requested_by", "decided_by"
        ).order_by("requested_at", "pk")[:LIMIT]
    )


def _age(closure: Closure, today: date) -> int:
    return max(0, (today - timezone.localdate(closure.requested_at)).days)


def navigator_filter(user: User, today: date) -> QuerySet[Closure]:
    """The closures ``navigator`` lists, unordered and unjoined."""
    return Closure.objects.filter(
        enrollment_scope(access_for(user), via="enrollment__"),
        requested_by=user,
        status__in=[Closure.Status.REQUESTED, Closure.Status.RETURNED],
    )


def navigator(user: User, today: date) -> Found | None:
    """The user's own closures a supervisor returned (with the comment), and those still
    waiting for approval."""
    rows = _rows(navigator_filter(user, today).prefetch_related(_returns()), today)
    if not rows:
        return None
    found = Found()
    for c in rows:
        if c.status == Closure.Status.RETURNED:
            comments = [e.comment for e in getattr(c, "return_events", [])]
            found.returned.append(Item(c, _age(c, today), comments[-1] if comments else ""))
        else:
            found.waiting.append(Item(c, _age(c, today)))
    return found


def _returns() -> Any:
    from django.db.models import Prefetch

    return Prefetch(
        "events",
        ClosureEvent.objects.filter(kind=ClosureEvent.Kind.RETURNED).order_by("at", "pk"),
        to_attr="return_events",
    )


def supervisor(user: User, program_id: int | None, today: date) -> Found | None:
    """Closures waiting for approval in the programs the user supervises (or the one
    chosen), oldest first."""
    access = access_for(user)
    programs = access.programs_with(SUPERVISING)
    closures = Closure.objects.filter(status=Closure.Status.REQUESTED).exclude(requested_by=user)
    if access.is_admin:
        closures = closures.filter(organization_id=access.organization_id or -1)
    else:
        closures = closures.filter(enrollment__program_id__in=programs)
    if program_id is not None:
        closures = closures.filter(enrollment__program_id=program_id)
    if not access.is_admin and not programs:
        return None
    rows = _rows(closures.filter(enrollment_scope(access, via="enrollment__")), today)
    if not rows:
        return None
    return Found(waiting=[Item(c, _age(c, today)) for c in rows])
