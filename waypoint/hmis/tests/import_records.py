"""URL kwargs of the HMIS import's routes for the generated permission tests: a checked
import of the enrollment's organization."""

from __future__ import annotations

from typing import Any


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    if route != "hmis_import":
        return None
    from waypoint.hmis.models import HmisImport

    job = HmisImport.objects.create(
        organization_id=enrollment.organization_id,
        started_by=world.admin,
        file_name="hmis.zip",
        projects={str(enrollment.program_id): {"name": "Project", "enrollments": 1}},
    )
    return {"public_id": job.public_id}
