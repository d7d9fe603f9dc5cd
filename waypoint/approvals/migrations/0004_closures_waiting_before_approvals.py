"""Closures asked for before closures joined the approvals get their pending approval,
so every closure waiting is on the approvals' pages too."""

from typing import Any

from django.db import migrations


def add_pending(apps: Any, schema_editor: Any) -> None:
    Approval = apps.get_model("approvals", "Approval")
    ApprovalStep = apps.get_model("approvals", "ApprovalStep")
    Closure = apps.get_model("closure", "Closure")
    known = Approval.objects.filter(kind="closure").values("subject_id")
    waiting = (
        Closure.objects.filter(status="requested", requested_by__isnull=False)
        .exclude(pk__in=known)
        .select_related("enrollment")
    )
    for closure in waiting.iterator():
        approval = Approval.objects.create(
            organization_id=closure.enrollment.organization_id,
            program_id=closure.enrollment.program_id,
            enrollment_id=closure.enrollment_id,
            kind="closure",
            subject_id=closure.pk,
            status="pending",
            reason=(closure.reason_label or "")[:1000],
            requested_by_id=closure.requested_by_id,
            requested_at=closure.requested_at,
        )
        ApprovalStep.objects.create(
            approval=approval,
            kind="requested",
            by_id=closure.requested_by_id,
            at=closure.requested_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0003_closure_kind"),
        ("closure", "0006_post_plan_creation_key"),
    ]

    operations = [migrations.RunPython(add_pending, migrations.RunPython.noop)]
