"""Reading the audit trail, and checking it has not been tampered with."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from waypoint.audit.chain import GENESIS, chain_key, chain_keys, event_hash, split_chain
from waypoint.audit.models import AuditChain, AuditEvent


@dataclass(frozen=True)
class Tampering:
    chain: int
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        organization_id, shard = split_chain(self.chain)
        name = f"Chain {organization_id}" + (f" (shard {shard})" if shard else "")
        where = f"event #{self.seq}" + (f" (id {self.event_id})" if self.event_id else "")
        return f"{name}: {where} {self.reason}"


def verify_chain(chain: int, anchored: dict[int, str] | None = None) -> Tampering | None:
    """The first event in ``chain`` that was changed, removed or inserted; None if intact.

    ``anchored`` maps sequence numbers to the hash an anchor event sealed for them: an
    event that no longer has it was rewritten, even if the chain was rebuilt around it.
    """
    anchored = anchored or {}
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
        if anchored.get(event.seq, event.hash) != event.hash:
            return Tampering(
                chain, event.seq, event.pk, "is not the event an anchor sealed (rewritten)."
            )
        prev, expected_seq = event.hash, expected_seq + 1
    last = expected_seq - 1
    if any(seq > last for seq in anchored):
        return Tampering(chain, last + 1, None, "and later events an anchor sealed are missing.")
    head = AuditChain.objects.filter(chain=chain).first()
    if head is not None and head.seq != last:
        return Tampering(chain, expected_seq, None, "and later events are missing.")
    if head is not None and head.seq and head.last_hash != prev:
        return Tampering(chain, head.seq, None, "does not match the chain's recorded head.")
    return None


def _anchored(organization_id: int) -> dict[int, dict[int, str]]:
    """What the organization's anchor events sealed: {chain: {seq: hash}}."""
    sealed: dict[int, dict[int, str]] = {}
    anchors = AuditEvent.objects.filter(
        chain=chain_key(organization_id), action=AuditEvent.Action.ANCHOR
    ).values_list("changes", flat=True)
    for changes in anchors.iterator(chunk_size=2000):
        heads = changes.get("heads", {}) if isinstance(changes, dict) else {}
        for chain, (seq, digest) in heads.items():
            sealed.setdefault(int(chain), {})[int(seq)] = str(digest)
    return sealed


def verify_organization(organization_id: int) -> list[Tampering]:
    """The first tampered event of each shard of an organization's trail; [] if intact.

    Shard 0 is walked first, since its anchor events say what the other shards held."""
    problems = []
    first = verify_chain(chain_key(organization_id))
    if first is not None:
        problems.append(first)
    sealed = _anchored(organization_id)
    present = set(
        AuditChain.objects.filter(chain__in=chain_keys(organization_id)[1:]).values_list(
            "chain", flat=True
        )
    )
    present |= set(
        AuditEvent.objects.filter(chain__in=chain_keys(organization_id)[1:])
        .values_list("chain", flat=True)
        .distinct()
    )
    for chain in sorted(present | set(sealed)):
        found = verify_chain(chain, sealed.get(chain))
        if found is not None:
            problems.append(found)
    return problems


def verify_all() -> list[Tampering]:
    chains = set(AuditChain.objects.values_list("chain", flat=True))
    chains |= set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    organizations = sorted({split_chain(chain)[0] for chain in chains})
    return [problem for org in organizations for problem in verify_organization(org)]


def events_for_participant(participant_id: int) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(participant_id=participant_id)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def events_by_actor(actor_id: int) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(actor_id=actor_id)
        .select_related("participant")
        .order_by("-at", "-pk")
    )
