"""After the goodbye on the navigator's home (their check-ins due this week or overdue)
and on the supervision page (each program's check-in figures, and the long-silence list
of candidates to close)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from waypoint.closure import queries
from waypoint.closure.models import CheckIn, ClosureSettings

if TYPE_CHECKING:
    from waypoint.accounts.models import User


@dataclass
class DueCheckIn:
    check_in: CheckIn
    overdue: bool
    today: bool


@dataclass
class NavigatorAfter:
    check_ins: list[DueCheckIn]

    @property
    def participants(self) -> list[Any]:
        return [item.check_in.participant for item in self.check_ins]


def navigator_filter(user: User, today: date) -> QuerySet[CheckIn]:
    """The check-ins ``navigator`` lists, unordered and unjoined."""
    return queries.check_ins_due_filter(user, today)


def navigator(user: User, today: date) -> NavigatorAfter | None:
    """The check-ins ``user`` owns that are overdue or due within a week of ``today``
    (the local date), oldest first; None when there are none."""
    found = queries.check_ins_due(user, today)
    if not found:
        return None
    return NavigatorAfter(
        [DueCheckIn(c, overdue=c.due_on < today, today=c.due_on == today) for c in found]
    )


@dataclass
class ProgramAfter:
    program: Any
    figures: list[queries.CheckInFigure]
    silence_days: int

    @property
    def due(self) -> int:
        return sum(f.due for f in self.figures)

    @property
    def reached(self) -> int:
        return sum(f.reached for f in self.figures)

    @property
    def stable(self) -> int:
        return sum(f.stable for f in self.figures)

    @property
    def reached_share(self) -> int | None:
        return round(100 * self.reached / self.due) if self.due else None

    @property
    def stable_share(self) -> int | None:
        return round(100 * self.stable / self.reached) if self.reached else None


@dataclass
class SupervisorAfter:
    programs: list[ProgramAfter]
    quiet: list[queries.Quiet] = field(default_factory=list)

    @property
    def participants(self) -> list[Any]:
        return [q.enrollment.participant for q in self.quiet]

    @property
    def silence_on(self) -> bool:
        return any(p.silence_days for p in self.programs)


def _silence_days(program: Any) -> int:
    try:
        rules: ClosureSettings = program.closure_settings
    except ClosureSettings.DoesNotExist:
        return 0  # the defaults: off
    return int(rules.silence_days)


def supervisor(user: User, program_id: int | None, today: date) -> SupervisorAfter | None:
    """Per program the supervisor oversees (or the one chosen): the check-in figures, and
    the open enrollments quiet for the program's ``silence_days`` (when it is on). None
    when no program has either. Two queries for any number of programs and people
    (three with the long-silence list on)."""
    from waypoint.caseload.queries import supervised_programs

    found = supervised_programs(user).select_related("closure_settings")
    if program_id is not None:
        found = found.filter(pk=program_id)
    programs = list(found)
    if not programs:
        return None
    ids = [p.pk for p in programs]
    silence = {p.pk: _silence_days(p) for p in programs if _silence_days(p) > 0}
    figures = queries.check_in_figures(ids, today)
    shown = [
        ProgramAfter(p, figures.get(p.pk, []), silence.get(p.pk, 0))
        for p in programs
        if figures.get(p.pk) or p.pk in silence
    ]
    if not shown:
        return None
    return SupervisorAfter(shown, queries.silence_candidates(silence, today))
