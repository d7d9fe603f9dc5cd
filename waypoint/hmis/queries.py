"""Reads of the HMIS exchange: the exports someone may open, and an export's problems
grouped by person."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import Http404

from waypoint.accounts.queries import access_for
from waypoint.hmis.models import HmisExport, HmisIdentity
from waypoint.participants.models import Participant

if TYPE_CHECKING:
    from waypoint.accounts.models import User


def visible_exports(user: User) -> list[HmisExport]:
    """The organization's exports whose every program ``user`` manages (administrators:
    all), newest first."""
    access = access_for(user)
    if access.organization_id is None:
        return []
    found = HmisExport.objects.filter(organization_id=access.organization_id).select_related(
        "started_by"
    )[:200]
    return [job for job in found if _may_open(access, job)][:20]


def _may_open(access: Any, job: HmisExport) -> bool:
    if access.organization_id != job.organization_id:
        return False
    return access.is_admin or all(access.can_manage(pk) for pk in job.programs)


def export_for(user: User, public_id: uuid.UUID) -> HmisExport:
    job = HmisExport.objects.select_related("started_by").filter(public_id=public_id).first()
    if job is None or not _may_open(access_for(user), job):
        raise Http404
    return job


@dataclass
class PersonProblems:
    participant: Participant | None
    personal_id: str
    problems: list[dict[str, Any]] = field(default_factory=list)


def problems_by_person(job: HmisExport) -> tuple[list[dict[str, Any]], list[PersonProblems]]:
    """(problems of the export and its programs, problems of each person), people in the
    order of their first problem; each person looked up once."""
    general: list[dict[str, Any]] = []
    grouped: dict[str, PersonProblems] = {}
    for problem in job.problems:
        key = problem.get("personal_id") or ""
        if not key:
            general.append(problem)
            continue
        grouped.setdefault(key, PersonProblems(None, key)).problems.append(problem)
    # A person imported from an HMIS is written with the HMIS's PersonalID
    # (HmisIdentity); everyone else with their own id.
    imported = dict(
        HmisIdentity.objects.filter(
            organization_id=job.organization_id,
            kind=HmisIdentity.Kind.PARTICIPANT,
            source_id__in=list(grouped),
        ).values_list("object_id", "source_id")
    )
    ids = []
    for key in grouped:
        try:
            ids.append(uuid.UUID(key))
        except ValueError:
            continue
    found = Participant.objects.filter(organization_id=job.organization_id).filter(
        Q(public_id__in=ids) | Q(pk__in=[int(pk) for pk in imported])
    )
    for person in found:
        key = imported.get(str(person.pk), person.public_id.hex)
        if key in grouped:
            grouped[key].participant = person
    return general, list(grouped.values())


def severity_counts(problems: list[dict[str, Any]]) -> dict[str, int]:
    counted: dict[str, int] = defaultdict(int)
    for problem in problems:
        counted[problem["severity"]] += 1
    return dict(counted)
