"""Writing audit events. Every action and every read funnel calls ``record``.

Events are appended in the caller's transaction: if this fails, the caller's
change rolls back and a read returns nothing (ARCHITECTURE.md rule 10).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypoint.audit.chain import canonical, event_hash
from waypoint.audit.models import AuditChain, AuditEvent
from waypoint.middleware import current_request_id


@dataclass(frozen=True)
class Entry:
    """One thing that happened to one object."""

    object_type: str
    object_id: str
    participant_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def record(
    *,
    by: Any,
    action: str,
    entries: Iterable[Entry],
    role: str = "",
    organization_id: int | None = None,
) -> list[AuditEvent]:
    """Append one event per entry to the organization's chain, in order. ``action`` is
    one of ``AuditEvent.Action``: the trail speaks a fixed list of verbs."""
    if action not in AuditEvent.Action.values:
        raise ValueError(f"{action!r} is not an audit verb (AuditEvent.Action).")
    entries = list(entries)
    if not entries:
        return []
    actor_id = by.pk if by is not None and by.is_authenticated else None
    if organization_id is None and actor_id is not None:
        organization_id = by.organization_id
    chain_key = organization_id or 0
    head = AuditChain.objects.select_for_update().filter(chain=chain_key).first()
    if head is None:
        head = AuditChain.objects.create(chain=chain_key)
    now = timezone.now()
    request_id = current_request_id.get()
    events = []
    seq, prev = head.seq, head.last_hash
    for entry in entries:
        seq += 1
        changes = canonical(entry.changes)
        digest = event_hash(
            prev_hash=prev,
            chain=chain_key,
            seq=seq,
            at=now,
            actor_id=actor_id,
            actor_role=role,
            action=action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            participant_id=entry.participant_id,
            changes=changes,
            request_id=request_id,
        )
        events.append(
            AuditEvent(
                organization_id=organization_id,
                chain=chain_key,
                seq=seq,
                at=now,
                actor_id=actor_id,
                actor_role=role,
                action=action,
                object_type=entry.object_type,
                object_id=entry.object_id,
                participant_id=entry.participant_id,
                changes=changes,
                request_id=request_id,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    AuditEvent.objects.bulk_create(events)
    head.seq, head.last_hash = seq, prev
    head.save(update_fields=["seq", "last_hash"])
    return events
