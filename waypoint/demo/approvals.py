"""Approvals for the demo (used by seed_demo, after the endings), dated from the day the
demo is loaded.

In Harbor Youth Works a supervisor approves a service plan version before it is shared:

- one person's new plan version has waited a few days for approval (it shows on the
  supervision page with its age);
- another's was returned once with a comment, asked again the next day and approved,
  so it is shared and its history shows every step.

The effect of approving (sharing the plan) goes through ``waypoint.plans.actions``; the
approvals' history is dated directly, as seed_demo dates the rest of the history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from waypoint.accounts.models import Program, User
from waypoint.approvals import actions
from waypoint.approvals.models import Approval, ApprovalStep
from waypoint.errors import ActionRefused
from waypoint.plans import actions as plans
from waypoint.plans.models import Goal, PlanVersion

WAITING_DAYS = 3
RETURN_COMMENT = (
    "Put the second goal in her own words, as she said it at the meeting, then send it again."
)


def _drafts(program: Program, limit: int) -> list[PlanVersion]:
    """Draft plan versions with goals, of people with a navigator; made by revising an
    acknowledged plan when there are too few drafts."""
    found = [
        v
        for v in PlanVersion.objects.filter(
            plan__enrollment__program=program,
            plan__enrollment__navigator__isnull=False,
            status=PlanVersion.Status.DRAFT,
        )
        .select_related("plan__enrollment__navigator")
        .order_by("pk")
        if Goal.objects.filter(version=v).exists()
    ][:limit]
    if len(found) >= limit:
        return found
    acknowledged = (
        PlanVersion.objects.filter(
            plan__enrollment__program=program,
            plan__enrollment__navigator__isnull=False,
            status=PlanVersion.Status.ACKNOWLEDGED,
        )
        .exclude(plan__versions__status__in=[PlanVersion.Status.DRAFT, PlanVersion.Status.SHARED])
        .select_related("plan__enrollment__navigator")
        .order_by("pk")
    )
    for version in acknowledged:
        if len(found) >= limit:
            break
        newest = version.plan.versions.order_by("-number").first()
        if newest is None or newest.pk != version.pk:
            continue
        if version.plan.enrollment.navigator is None:  # no navigator: refused anyway
            continue
        try:
            found.append(
                plans.revise(
                    by=version.plan.enrollment.navigator,
                    version=version,
                    reason="She started work: the plan follows her new hours.",
                )
            )
        except ActionRefused:
            continue
    return found


def _approval(version: PlanVersion, by: Any, at: datetime) -> Approval:
    enrollment = version.plan.enrollment
    return Approval.objects.create(
        organization_id=enrollment.organization_id,
        program_id=enrollment.program_id,
        enrollment=enrollment,
        kind="plan",
        subject_id=version.pk,
        details={"edit_version": version.edit_version},
        requested_by=by,
        requested_at=at,
    )


def _step(approval: Approval, kind: str, by: Any, at: datetime, comment: str = "") -> None:
    ApprovalStep.objects.create(approval=approval, kind=kind, by=by, at=at, comment=comment)


def seed_approvals(
    *,
    programs: dict[str, Program],
    supervisors: dict[str, User],
    manager: User,
    key: str,
    now: datetime,
) -> dict[str, int]:
    program = programs[key]
    supervisor = supervisors[key]
    actions.update_approval_settings(by=manager, program=program, changes={"plan": True})
    drafts = [v for v in _drafts(program, 2) if v.plan.enrollment.navigator_id != supervisor.pk]
    counts = {"waiting": 0, "approved": 0}
    if not drafts:
        return counts
    # Waiting a few days.
    waiting = drafts[0]
    navigator = waiting.plan.enrollment.navigator
    asked = now - timedelta(days=WAITING_DAYS, hours=2)
    approval = _approval(waiting, navigator, asked)
    _step(approval, ApprovalStep.Kind.REQUESTED, navigator, asked)
    counts["waiting"] = 1
    if len(drafts) < 2:
        return counts
    # Returned once, asked again, approved (and so shared).
    done = drafts[1]
    navigator = done.plan.enrollment.navigator
    asked = now - timedelta(days=5, hours=4)
    approval = _approval(done, navigator, asked)
    _step(approval, ApprovalStep.Kind.REQUESTED, navigator, asked)
    _step(
        approval, ApprovalStep.Kind.RETURNED, supervisor, asked + timedelta(hours=3), RETURN_COMMENT
    )
    again = asked + timedelta(days=1)
    _step(approval, ApprovalStep.Kind.ASKED_AGAIN, navigator, again)
    plans.share(by=supervisor, version=done, expected=done.edit_version, approved=True)
    decided = again + timedelta(hours=5)
    _step(
        approval,
        ApprovalStep.Kind.APPROVED,
        supervisor,
        decided,
        "Thank you: clear and in her words.",
    )
    Approval.objects.filter(pk=approval.pk).update(
        status=Approval.Status.APPROVED,
        requested_at=again,
        decided_by=supervisor,
        decided_at=decided,
        version=4,
    )
    counts["approved"] = 1
    return counts


def summary(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('waiting', 0)} plan waiting for a supervisor's approval, "
        f"{counts.get('approved', 0)} returned once then approved"
    )
