"""Test records for supervision sessions, and the URL kwargs of this app's routes for
the generated permission tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from waypoint.supervision.models import AgreedAction, Session


def a_session(
    supervisor: Any,
    navigator: Any,
    program: Any,
    *,
    days_ago: int = 1,
    signed: bool = False,
    what: str = "Book the team training",
) -> Session:
    """A session of ``supervisor`` with ``navigator``, with one agreed action for the
    navigator, made directly (``signed`` signs it after the action is added)."""
    today = timezone.localdate()
    session = Session.objects.create(
        organization_id=program.organization_id,
        program=program,
        supervisor=supervisor,
        navigator=navigator,
        held_on=today - timedelta(days=days_ago),
        support_offered="Talked through a hard week; offered a shorter caseload.",
    )
    AgreedAction.objects.create(
        session=session, what=what, owner=navigator, due_on=today + timedelta(days=7)
    )
    if signed:
        session.status = Session.Status.SIGNED
        session.signed_at = timezone.now()
        session.save(update_fields=["status", "signed_at"])
    return session


ROUTES = {
    "supervision_session_detail",
    "supervision_session_print",
    "supervision_session_sign",
    "supervision_action_add",
    "supervision_action_remove",
    "supervision_action_done",
}


def kwargs_for(route: str, world: Any, enrollment: Any, user: Any) -> dict[str, Any] | None:
    """The URL kwargs for one of this app's routes, or None when ``route`` is not one.
    The session is one the persona may open when its role lets it: Sam held it, with
    Pat in Home Base for the staff persona and with Nia in Youth Works for the rest."""
    if route in {"supervision_sessions", "supervision_session_new"}:
        return {}
    if route not in ROUTES:
        return None
    if user is not None and user.pk == world.staff.pk:
        session = a_session(world.supervisor, world.staff, world.home)
    else:
        session = a_session(world.supervisor, world.navigator, world.youth)
    if route.startswith("supervision_action_") and route != "supervision_action_add":
        return {"public_id": session.actions.get().public_id}
    return {"public_id": session.public_id}
