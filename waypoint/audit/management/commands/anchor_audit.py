"""manage.py anchor_audit: seal every shard's head into each organization's trail."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waypoint.audit.actions import anchor
from waypoint.audit.chain import split_chain
from waypoint.audit.models import AuditChain


class Command(BaseCommand):
    help = (
        "Write an anchor event for each organization that seals the sequence number and hash "
        "of every shard of its audit trail; print each anchor's hash to keep outside the "
        "database (run it hourly, beside the nightly verify_audit)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        chains = AuditChain.objects.values_list("chain", flat=True)
        for organization_id in sorted({split_chain(chain)[0] for chain in chains}):
            event = anchor(organization_id=organization_id)
            self.stdout.write(
                f"Organization {organization_id}: anchor #{event.seq} at "
                f"{event.at.isoformat()} hash {event.hash}"
            )
