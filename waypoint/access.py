"""The one access core: who may open which participant and which enrollment's records.

Every funnel (``participant_for``, ``enrollment_for``, ``assessment_for``, ``need_for``,
``version_for``, ``note_for``, ``referral_for``, ``consent_for`` ...) calls this module,
so the rule is decided in one place:

- **The person** (name, pronouns, languages, ways to reach them, consents) may be seen
  by anyone who may see at least one of that person's enrollments.
- **An enrollment and everything that belongs to it** (assessments, needs, plans,
  contacts, notes, appointments, commitments, referrals) is decided per program:
  administrators see their whole organization; managers, supervisors and auditors every
  enrollment of the programs they hold that role in; navigators and program staff the
  enrollments they are assigned to in a program where they hold that role, and every
  enrollment of such a program that turns on team visibility. Someone who works only in
  another program sees the person, never the other program's records.

Whatever the user may not see answers 404, so nobody learns that it exists; a role
that only reads answers 403 on a write. Every record opened is written to the audit
trail before it is shown (rule 10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import PROGRAM_WIDE_ROLES, Role
from waypoint.accounts.queries import StaffAccess, access_for
from waypoint.audit.actions import Entry, record

if TYPE_CHECKING:
    from waypoint.accounts.models import User

TEAM_ROLES = frozenset({Role.NAVIGATOR, Role.STAFF})
READ_ONLY = gettext_lazy("Your role in this program is read only.")


# --- The rule, as a filter ------------------------------------------------------------


def enrollment_scope(access: StaffAccess, via: str = "") -> Q:
    """Which enrollments ``access`` may open, as a filter on ``Enrollment``, or, with
    ``via`` (``"enrollment__"``), on a model joined to its enrollment: the same rule
    without a subquery, for lists that join the enrollment anyway."""
    if access.organization_id is None or access.outside:
        return Q(pk__in=[])
    org = Q(**{f"{via}organization_id": access.organization_id})
    if access.is_admin:
        return org
    scope = Q(pk__in=[])
    wide = access.programs_with(PROGRAM_WIDE_ROLES)
    if wide:
        scope |= Q(**{f"{via}program_id__in": sorted(wide)})
    team = access.programs_with(TEAM_ROLES) - wide
    if team:
        scope |= Q(**{f"{via}navigator_id": access.user_id, f"{via}program_id__in": sorted(team)})
        if shared := sorted(team & access.team_visible):
            scope |= Q(**{f"{via}program_id__in": shared})
    return org & scope


def visible_enrollments(user: User) -> QuerySet[Any]:
    from waypoint.enrollments.models import Enrollment

    return Enrollment.objects.filter(enrollment_scope(access_for(user)))


def participant_filter(access: StaffAccess, *, one: bool = False) -> Q:
    """Which participants ``access`` may see (the person rule), as a filter on Participant.

    ``one=True`` phrases it as a correlated EXISTS, which is what a lookup of a single
    person wants; lists and searches use the IN (subquery) form.
    """
    from waypoint.enrollments.models import Enrollment

    if access.organization_id is None or access.outside:
        return Q(pk__in=[])
    org = Q(organization_id=access.organization_id)
    if access.is_admin:
        return org
    scope = enrollment_scope(access)
    if one:
        return org & Q(Exists(Enrollment.objects.filter(scope, participant_id=OuterRef("pk"))))
    return org & Q(pk__in=Enrollment.objects.filter(scope).values("participant_id"))


# --- The rule, for one enrollment already in hand -----------------------------------------


def sees_enrollment(access: StaffAccess, enrollment: Any) -> bool:
    """The same rule as ``enrollment_scope``, for one enrollment (its program loaded)."""
    if access.organization_id is None or access.outside:
        return False
    if enrollment.organization_id != access.organization_id:
        return False
    if access.is_admin:
        return True
    held = access.roles_by_program.get(enrollment.program_id, frozenset())
    if held & PROGRAM_WIDE_ROLES:
        return True
    if held & TEAM_ROLES:
        return bool(enrollment.navigator_id == access.user_id or enrollment.program.team_visibility)
    return False


def sees_participant(user: User, participant_id: int) -> bool:
    """Whether ``user`` may see this person (the person rule)."""
    from waypoint.participants.models import Participant

    access = access_for(user)
    return Participant.objects.filter(
        participant_filter(access, one=True), pk=participant_id
    ).exists()


# --- Opening one record -------------------------------------------------------------------


def open_enrollment_record(
    user: User,
    found: Any,
    enrollment: Any,
    *,
    kind: str,
    write: bool = False,
    audit: bool = True,
) -> StaffAccess:
    """Let ``user`` open ``found``, a record of ``enrollment`` (or the enrollment itself),
    or raise 404 (may not know it exists) / 403 (may read, not write). Records the read."""
    access = access_for(user)
    if found is None or enrollment is None or not sees_enrollment(access, enrollment):
        raise Http404("Not found.")
    if write and not access.can_write(enrollment.program_id):
        raise PermissionDenied(READ_ONLY)
    if audit:
        record(
            by=user,
            action="view",
            role=access.role_in([enrollment.program_id]),
            organization_id=enrollment.organization_id,
            entries=[Entry(kind, str(found.public_id), enrollment.participant_id)],
        )
    return access


def open_person_record(
    user: User, found: Any, participant_id: int | None, *, kind: str, audit: bool = True
) -> StaffAccess:
    """Let ``user`` open ``found``, a record of the person rather than of one enrollment
    (a consent), or raise 404. Records the read."""
    access = access_for(user)
    if found is None or participant_id is None or not sees_participant(user, participant_id):
        raise Http404("Not found.")
    if audit:
        record(
            by=user,
            action="view",
            role=access.primary_role,
            organization_id=found.organization_id,
            entries=[Entry(kind, str(found.public_id), participant_id)],
        )
    return access


def enrollment_record(
    user: User,
    model: Any,
    public_id: Any,
    *,
    kind: str,
    path: str = "enrollment",
    related: tuple[str, ...] = (),
    write: bool = False,
    audit: bool = True,
) -> Any:
    """Fetch the ``model`` row with ``public_id`` and open it through the core. ``path`` is
    how the row reaches its enrollment (``"enrollment"``, ``"plan__enrollment"``, or
    ``""`` for an enrollment itself)."""
    prefix = f"{path}__" if path else ""
    found = (
        model.objects.filter(public_id=public_id)
        .select_related(f"{prefix}program", f"{prefix}participant", f"{prefix}navigator", *related)
        .first()
    )
    enrollment = found
    if found is not None and path:
        for step in path.split("__"):
            enrollment = getattr(enrollment, step)
    open_enrollment_record(user, found, enrollment, kind=kind, write=write, audit=audit)
    return found
