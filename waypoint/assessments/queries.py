"""Reading needs: through the participant funnel, with sensitive details kept to the
roles the program allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from waypoint.accounts.queries import access_for
from waypoint.assessments.models import Need
from waypoint.participants.queries import sees_participant


@dataclass(frozen=True)
class NeedView:
    need: Need
    shows_details: bool
    first: bool
    last: bool


def need_views(user: Any, needs: list[Need], program: Any) -> list[NeedView]:
    """Needs in the participant's order; sensitive ones without details unless allowed."""
    sees = access_for(user).sees_sensitive(program)
    ordered = sorted(needs, key=lambda n: (n.priority, n.number))
    return [
        NeedView(
            need=n,
            shows_details=sees or not n.sensitive,
            first=i == 0,
            last=i == len(ordered) - 1,
        )
        for i, n in enumerate(ordered)
    ]


def need_for(user: Any, public_id: Any, *, write: bool = False) -> Need:
    """A need of a participant the user may see (and change, with ``write``); 404 otherwise."""
    access = access_for(user)
    need = (
        Need.objects.filter(public_id=public_id)
        .select_related("enrollment__program", "enrollment__participant", "participant")
        .first()
    )
    if need is None or not sees_participant(user, need.participant_id):
        raise Http404("No such need.")
    if write and not access.can_write(need.enrollment.program_id):
        raise PermissionDenied("Your role in this program is read only.")
    return need
