"""Reading imports of people: only administrators and the managers of the import's
program open one (404 for everyone else)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from waypoint.accounts.models import Program, Role
from waypoint.accounts.queries import access_for
from waypoint.imports.models import ImportedRow, PeopleImport
from waypoint.participants.queries import record_listing

if TYPE_CHECKING:
    from waypoint.accounts.models import User

PEOPLE_SHOWN = 100


def managed_programs(user: User) -> QuerySet[Program]:
    """The programs ``user`` may import people into: all of the organization's for an
    administrator, the ones they manage for a program manager."""
    access = access_for(user)
    programs = Program.objects.filter(organization_id=access.organization_id or -1)
    if not access.is_admin:
        programs = programs.filter(pk__in=access.programs_with({Role.MANAGER}))
    return programs.order_by("name")


def import_for(user: User, public_id: Any) -> PeopleImport:
    access = access_for(user)
    job: PeopleImport | None = (
        PeopleImport.objects.filter(
            organization_id=access.organization_id or -1, public_id=public_id
        )
        .select_related("program", "started_by")
        .first()
    )
    if job is None or not access.can_manage(job.program_id):
        raise Http404("Not found.")
    return job


def recent_imports(user: User, limit: int = 10) -> list[PeopleImport]:
    return list(
        PeopleImport.objects.filter(program__in=managed_programs(user))
        .select_related("program", "started_by")
        .defer("rows", "problems", "headers")[:limit]
    )


def people_created(user: User, job: PeopleImport) -> tuple[list[ImportedRow], int]:
    """The first people the import created (each read recorded), and how many in all."""
    made = job.created_rows.select_related("participant")
    shown = list(made[:PEOPLE_SHOWN])
    record_listing(user, [r.participant for r in shown], "list")
    return shown, made.count() if len(shown) == PEOPLE_SHOWN else len(shown)
