"""Reading supervision sessions: the one funnel (``session_for``), the list, and the
blocks on the supervision page and the navigator's home.

A session is seen by the supervisor who held it, the navigator it is about, and the
managers and administrators of its program. Everyone else (other supervisors, other
navigators, auditors, other organizations) gets 404, so nobody learns it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from waypoint.access import enrollment_scope, sees_enrollment
from waypoint.accounts.models import Membership, Role, User
from waypoint.accounts.queries import StaffAccess, access_for
from waypoint.audit.actions import Entry, record
from waypoint.enrollments.models import CAP_STATUSES, Enrollment
from waypoint.supervision.models import AgreedAction, Session

KIND = "supervision_session"
ACTION_KIND = "agreed_action"
# Navigators not met for this many weeks are listed on the supervision page.
NOT_MET_WEEKS = 4
# The roles a session can be about: the people who hold a caseload.
SUPERVISED_ROLES = (Role.NAVIGATOR, Role.STAFF)
LIST_SIZE = 50


def session_scope(access: StaffAccess) -> Q:
    """Which sessions ``access`` may open, as a filter on ``Session``."""
    if access.organization_id is None or access.outside:
        return Q(pk__in=[])
    org = Q(organization_id=access.organization_id)
    if access.is_admin:
        return org
    mine = Q(supervisor_id=access.user_id) | Q(navigator_id=access.user_id)
    managed = access.programs_with({Role.MANAGER})
    if managed:
        mine |= Q(program_id__in=sorted(managed))
    return org & mine


def sees_session(access: StaffAccess, session: Session) -> bool:
    if access.organization_id is None or access.outside:
        return False
    if session.organization_id != access.organization_id:
        return False
    return bool(
        access.is_admin
        or access.user_id in (session.supervisor_id, session.navigator_id)
        or access.can_manage(session.program_id)
    )


def visible_sessions(user: Any) -> QuerySet[Session]:
    return Session.objects.filter(session_scope(access_for(user)))


def _audit_view(user: Any, session: Session) -> None:
    access = access_for(user)
    record(
        by=user,
        action="view",
        role=access.role_in([session.program_id]),
        organization_id=session.organization_id,
        entries=[Entry(KIND, str(session.public_id), None)],
    )


def session_for(user: Any, public_id: Any, *, audit: bool = True) -> Session:
    """The session, if ``user`` may see it; 404 otherwise. Records the read."""
    session = (
        Session.objects.filter(public_id=public_id)
        .select_related("program", "supervisor", "navigator")
        .first()
    )
    if session is None or not sees_session(access_for(user), session):
        raise Http404("Not found.")
    if audit:
        _audit_view(user, session)
    return session


def agreed_action_for(user: Any, public_id: Any) -> AgreedAction:
    """An agreed action, if ``user`` may see its session; 404 otherwise."""
    found = (
        AgreedAction.objects.filter(public_id=public_id)
        .select_related("session", "session__program", "owner")
        .first()
    )
    if found is None or not sees_session(access_for(user), found.session):
        raise Http404("Not found.")
    return found


def sessions_list(user: Any) -> list[Session]:
    """The sessions ``user`` may see, newest first: held, about them, or in programs
    they manage. A fixed number of queries whatever the number of rows."""
    return list(
        visible_sessions(user)
        .select_related("program", "supervisor", "navigator")
        .order_by("-held_on", "-pk")[:LIST_SIZE]
    )


def supervised_program_ids(user: Any) -> list[int]:
    """Programs where ``user`` may hold supervision sessions (a query only for an
    administrator, who may in every program of the organization)."""
    access = access_for(user)
    if access.is_admin:
        from waypoint.accounts.queries import visible_programs

        return list(visible_programs(user).values_list("pk", flat=True))
    return sorted(pid for pid in access.roles_by_program if access.can_supervise(pid))


def supervisable(user: Any, program_ids: list[int]) -> QuerySet[User]:
    """The people a session in those programs can be about: their navigators and staff,
    never the supervisor themselves."""
    # IN (subquery), not a join: no DISTINCT over whole user rows to sort away.
    held = Membership.objects.filter(
        program_id__in=program_ids, role__in=list(SUPERVISED_ROLES)
    ).values("user_id")
    return (
        User.objects.filter(is_active=True, pk__in=held)
        .exclude(pk=user.pk)
        .order_by("display_name", "username")
    )


def discussable(user: Any, session: Session) -> QuerySet[Enrollment]:
    """The navigator's open enrollments in the session's program that ``user`` may see."""
    return (
        Enrollment.objects.filter(
            enrollment_scope(access_for(user)),
            program_id=session.program_id,
            navigator_id=session.navigator_id,
            status__in=list(CAP_STATUSES),
        )
        .select_related("participant", "program")
        .order_by("participant__preferred_name", "pk")
    )


def discussed_shown(user: Any, session: Session) -> list[Enrollment]:
    """The enrollments the session discussed that ``user`` may see (the rest are
    counted, never named)."""
    access = access_for(user)
    found = [
        d.enrollment
        for d in session.discussed.select_related(
            "enrollment__participant", "enrollment__program"
        ).order_by("enrollment__participant__preferred_name", "pk")
    ]
    return [e for e in found if sees_enrollment(access, e)]


# The blocks on other pages ---------------------------------------------------------


@dataclass
class NotMet:
    navigator: User
    last_on: date | None


@dataclass
class SupervisorBlock:
    not_met: list[NotMet] = field(default_factory=list)
    upcoming: list[Session] = field(default_factory=list)
    weeks: int = NOT_MET_WEEKS
    can_supervise: bool = False

    @property
    def shown(self) -> bool:
        return bool(self.not_met or self.upcoming)


def supervisor_block(user: Any, today: date, program_id: int | None = None) -> SupervisorBlock:
    """Navigators in the programs ``user`` supervises whom they have not met in the last
    ``NOT_MET_WEEKS`` weeks (never met first, by name, then the longest ago), and their
    next sessions. Two queries when the never-met fill the list, four at most."""
    programs = supervised_program_ids(user)
    if program_id is not None:
        programs = [p for p in programs if p == program_id]
    block = SupervisorBlock()
    if not programs:
        return block
    block.can_supervise = True
    since = today - timedelta(weeks=NOT_MET_WEEKS)
    people = supervisable(user, programs)
    # Never met first, by name: walked in the order of the name index, each person one
    # probe, so a program of 40,000 navigators costs the 50 shown, not a sort of all.
    mine = Session.objects.filter(supervisor_id=user.pk)
    never = people.filter(~Exists(mine.filter(navigator_id=OuterRef("pk"))))
    block.not_met = [NotMet(p, None) for p in never.order_by("display_name", "pk")[:LIST_SIZE]]
    if room := LIST_SIZE - len(block.not_met):
        # Then those met, but not since ``since``, longest ago first: read from the
        # supervisor's own sessions, a short list beside the people.
        met = list(
            mine.filter(navigator_id__in=people.values("pk"))
            .values("navigator_id")
            .annotate(last_on=Max("held_on"))
            .filter(last_on__lt=since)
            .order_by("last_on", "navigator__display_name", "navigator_id")[:room]
        )
        if met:
            found = User.objects.in_bulk([row["navigator_id"] for row in met])
            block.not_met += [NotMet(found[row["navigator_id"]], row["last_on"]) for row in met]
    # Each navigator's newest session says when they meet next (an older one's date
    # was overtaken by it).
    newest = Session.objects.filter(
        supervisor_id=user.pk, navigator_id=OuterRef("navigator_id")
    ).order_by("-held_on", "-pk")
    block.upcoming = list(
        Session.objects.filter(supervisor_id=user.pk, next_on__gte=today, program_id__in=programs)
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("navigator")
        .order_by("next_on", "pk")[:LIST_SIZE]
    )
    return block


def my_agreed_actions(user: Any) -> list[AgreedAction]:
    """Open agreed actions that are ``user``'s, from sessions about them or held by them,
    soonest due first. One query."""
    return list(
        AgreedAction.objects.filter(
            Q(session__navigator_id=user.pk) | Q(session__supervisor_id=user.pk),
            owner_id=user.pk,
            done_at__isnull=True,
            session__organization_id=user.organization_id,
        )
        .select_related("session", "session__supervisor", "session__navigator")
        .order_by("due_on", "pk")[:LIST_SIZE]
    )
