"""The demo's approvals: one plan waiting a few days, one returned once then approved
and shared. ``check_approvals`` runs on the whole demo in ``test_demo_any_day.py``."""

from __future__ import annotations

from django.utils import timezone

from waypoint.accounts.models import Organization
from waypoint.approvals import actions
from waypoint.approvals.models import Approval
from waypoint.demo import approvals as demo_approvals
from waypoint.demo.management.commands import seed_demo
from waypoint.plans.models import PlanVersion


def check_approvals(out: str) -> None:
    line = next(x for x in out.splitlines() if x.startswith("Approvals:"))
    assert line == (
        "Approvals: 1 plan waiting for a supervisor's approval, 1 returned once then approved."
    )
    org = Organization.objects.get(name=seed_demo.ORGANIZATION_NAME)
    approvals = Approval.objects.filter(organization=org, kind="plan")
    [waiting] = approvals.filter(status=Approval.Status.PENDING)
    assert actions.settings_of(waiting.program).plan
    days = (timezone.localdate() - timezone.localdate(waiting.requested_at)).days
    assert days in (demo_approvals.WAITING_DAYS, demo_approvals.WAITING_DAYS + 1)
    version = PlanVersion.objects.get(pk=waiting.subject_id)
    assert version.status == PlanVersion.Status.DRAFT
    assert waiting.requested_by == version.plan.enrollment.navigator
    [approved] = approvals.filter(status=Approval.Status.APPROVED)
    shared = PlanVersion.objects.get(pk=approved.subject_id)
    assert shared.status == PlanVersion.Status.SHARED
    steps = list(approved.steps.order_by("at", "pk"))
    assert [s.kind for s in steps] == ["requested", "returned", "asked_again", "approved"]
    assert all(s.at <= timezone.now() for s in steps)
    assert steps[1].comment == demo_approvals.RETURN_COMMENT
    assert approved.decided_by != approved.requested_by
