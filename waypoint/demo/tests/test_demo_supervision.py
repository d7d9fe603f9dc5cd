"""The demo's supervision sessions: one signed and one draft per program's supervisor,
dated from the day the demo is loaded. ``check_supervision`` runs on the whole demo in
``test_demo_any_day.py``."""

from __future__ import annotations

from django.utils import timezone

from waypoint.accounts.models import Organization
from waypoint.demo.management.commands import seed_demo
from waypoint.supervision.models import AgreedAction, Session


def check_supervision(out: str) -> None:
    line = next(x for x in out.splitlines() if x.startswith("Supervision sessions:"))
    today = timezone.localdate()
    org = Organization.objects.get(name=seed_demo.ORGANIZATION_NAME)
    sessions = Session.objects.filter(organization=org)
    signed = sessions.filter(status=Session.Status.SIGNED)
    drafts = sessions.filter(status=Session.Status.DRAFT)
    open_actions = AgreedAction.objects.filter(session__in=sessions, done_at__isnull=True)
    assert signed.count() >= 2 and drafts.count() >= 2
    assert line == (
        f"Supervision sessions: {signed.count()} signed, {drafts.count()} drafts; "
        f"{open_actions.count()} agreed actions open."
    )
    for session in sessions.select_related("program"):
        assert session.held_on <= today
        assert session.next_on is None or session.next_on > session.held_on
        assert session.supervisor_id != session.navigator_id
        assert session.program.organization_id == org.pk
    for action in AgreedAction.objects.filter(session__in=sessions).select_related("session"):
        assert action.owner_id in (action.session.supervisor_id, action.session.navigator_id)
    # Something to look at on the supervision page and a navigator's home.
    assert signed.filter(next_on__gt=today).exists()
    assert open_actions.filter(owner_id__in=sessions.values("navigator_id")).exists()
