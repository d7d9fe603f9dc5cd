"""Adding needs, putting them in the participant's order, and marking them met."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Domain, Need
from waypoint.audit.actions import Entry, record
from waypoint.enrollments.models import Enrollment
from waypoint.errors import ActionRefused

MAX_DESCRIPTION = 1000


def _check_writer(by: Any, enrollment: Enrollment) -> None:
    if not access_for(by).can_write(enrollment.program_id):
        raise ActionRefused("Your role in this program is read only.")


def _audit(by: Any, action: str, need: Need, changes: dict[str, Any]) -> None:
    if need.sensitive and "description" in changes:
        changes = {**changes, "description": "(sensitive: not copied into the audit trail)"}
    record(
        by=by,
        action=action,
        role=access_for(by).role_in([need.enrollment.program_id]),
        organization_id=need.enrollment.organization_id,
        entries=[Entry("need", str(need.public_id), need.participant_id, changes)],
    )


@transaction.atomic
def add_need(*, by: Any, enrollment: Enrollment, domain: str, description: str) -> Need:
    """Add a need with the next number; it goes last in the participant's order."""
    _check_writer(by, enrollment)
    if domain not in Domain.values:
        raise ActionRefused("Choose the area of life this need is about.", field="domain")
    description = description.strip()
    if not description:
        raise ActionRefused("Write the need, in their words if you can.", field="description")
    if len(description) > MAX_DESCRIPTION:
        raise ActionRefused(f"Keep it under {MAX_DESCRIPTION} characters.", field="description")
    # Lock the enrollment so two people adding at once get different numbers.
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    top = Need.objects.filter(enrollment=locked).aggregate(
        number=Max("number"), priority=Max("priority")
    )
    need = Need.objects.create(
        enrollment=locked,
        participant_id=locked.participant_id,
        number=(top["number"] or 0) + 1,
        priority=(top["priority"] or 0) + 1,
        domain=domain,
        description=description,
        created_by=by,
    )
    _audit(
        by, "create", need, {"number": need.number, "domain": domain, "description": description}
    )
    return need


@transaction.atomic
def move_need(*, by: Any, need: Need, direction: str) -> Need:
    """Move a need one place up or down the participant's order."""
    _check_writer(by, need.enrollment)
    if direction not in ("up", "down"):
        raise ActionRefused("Move a need up or down.")
    Enrollment.objects.select_for_update().get(pk=need.enrollment_id)
    order = list(
        Need.objects.filter(enrollment_id=need.enrollment_id).order_by("priority", "number")
    )
    index = next(i for i, n in enumerate(order) if n.pk == need.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        where = "first" if direction == "up" else "last"
        raise ActionRefused(f"Need {need.number} is already {where}.")
    order[index], order[other] = order[other], order[index]
    for position, item in enumerate(order, start=1):
        item.priority = position
    Need.objects.bulk_update(order, ["priority"])
    moved = order[other]
    _audit(
        by,
        "update",
        moved,
        {"order": [n.number for n in order], "moved": direction},
    )
    return moved


@transaction.atomic
def set_need_status(*, by: Any, need: Need, status: str) -> Need:
    _check_writer(by, need.enrollment)
    if status not in Need.Status.values:
        raise ActionRefused("Choose open, met or no longer a need.", field="status")
    if status == need.status:
        return need
    before = need.status
    need.status = status
    need.save(update_fields=["status"])
    _audit(by, "update", need, {"status": [before, status]})
    return need
