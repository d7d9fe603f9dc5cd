"""Reads of the HMIS import pages: an organization's imports, for its administrators."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.http import Http404

from waypoint.accounts.queries import access_for
from waypoint.hmis.models import HmisImport

if TYPE_CHECKING:
    from waypoint.accounts.models import User


def visible_imports(user: User) -> list[HmisImport]:
    access = access_for(user)
    if not access.is_admin or access.organization_id is None:
        return []
    return list(
        HmisImport.objects.filter(organization_id=access.organization_id).select_related(
            "started_by"
        )[:20]
    )


def import_for(user: User, public_id: uuid.UUID) -> HmisImport:
    """The import, for an administrator of its organization; 404 for everyone else."""
    access = access_for(user)
    job = HmisImport.objects.select_related("started_by").filter(public_id=public_id).first()
    if job is None or not access.is_admin or access.organization_id != job.organization_id:
        raise Http404
    return job
