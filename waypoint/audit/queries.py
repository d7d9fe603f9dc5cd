"""Reading the audit trail, and checking it has not been tampered with."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from waypoint.audit.chain import GENESIS, event_hash
from waypoint.audit.models import AuditChain, AuditEvent


@dataclass(frozen=True)
class Tampering:
    chain: int
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event #{self.seq}" + (f" (id {self.event_id})" if self.event_id else "")
        return f"Chain {self.chain}: {where} {self.reason}"


def verify_chain(chain: int) -> Tampering | None:
    """The first event in ``chain`` that was changed, removed or inserted; None if intact."""
    prev, expected_seq = GENESIS, 1
    events = AuditEvent.objects.filter(chain=chain).order_by("seq")
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return Tampering(chain, expected_seq, None, "is missing (the sequence jumps).")
        if event.prev_hash != prev:
            return Tampering(chain, event.seq, event.pk, "does not follow the event before it.")
        digest = event_hash(
            prev_hash=event.prev_hash,
            chain=event.chain,
            seq=event.seq,
            at=event.at,
            actor_id=event.actor_id,
            actor_role=event.actor_role,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            participant_id=event.participant_id,
            changes=event.changes,
            request_id=event.request_id,
        )
        if digest != event.hash:
            return Tampering(chain, event.seq, event.pk, "was changed after it was written.")
        prev, expected_seq = event.hash, expected_seq + 1
    head = AuditChain.objects.filter(chain=chain).first()
    if head is not None and head.seq != expected_seq - 1:
        return Tampering(chain, expected_seq, None, "and later events are missing.")
    if head is not None and head.seq and head.last_hash != prev:
        return Tampering(chain, head.seq, None, "does not match the chain's recorded head.")
    return None


def verify_all() -> list[Tampering]:
    chains = set(AuditChain.objects.values_list("chain", flat=True))
    chains |= set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    found = (verify_chain(chain) for chain in sorted(chains))
    return [t for t in found if t is not None]


def events_for_participant(participant_id: int) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(participant_id=participant_id)
        .select_related("actor")
        .order_by("-at", "-seq")
    )


def events_by_actor(actor_id: int) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(actor_id=actor_id)
        .select_related("participant")
        .order_by("-at", "-seq")
    )
