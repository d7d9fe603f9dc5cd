"""Writing audit events. Every action and every read funnel calls ``record``.

Events are appended in the caller's transaction: if this fails, the caller's
change rolls back and a read returns nothing (ARCHITECTURE.md rule 10).

An organization's trail is ``SHARDS`` hash chains (``audit/chain.py``). A writer
locks the head of whichever shard no one else holds at that moment, so requests of
one organization append side by side instead of one at a time; ``anchor`` seals
every shard's head into shard 0 so that the chains vouch for each other.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from waypoint.audit.chain import SHARDS, canonical, chain_key, chain_keys, event_hash
from waypoint.audit.models import AuditChain, AuditEvent
from waypoint.middleware import current_request_id

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from waypoint.accounts.models import User


@dataclass(frozen=True)
class Entry:
    """One thing that happened to one object."""

    object_type: str
    object_id: str
    participant_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def open_chain(organization_id: int) -> None:
    """Make the heads of every shard of an organization's trail (idempotent)."""
    AuditChain.objects.bulk_create(
        [AuditChain(chain=key) for key in chain_keys(organization_id)], ignore_conflicts=True
    )


def _free_head(organization_id: int, request_id: str) -> AuditChain:
    """Lock the head of one shard of the organization's trail and return it.

    On PostgreSQL: the first shard no other transaction holds (SKIP LOCKED; a shard this
    transaction already holds counts as free, so a request never waits on itself), or,
    when all are busy, the turn of a random one. Databases without SKIP LOCKED write one
    transaction at a time anyway (SQLite); there the request id picks the shard, so
    every shard is still used and verified.
    """
    keys = chain_keys(organization_id)
    if connection.features.has_select_for_update_skip_locked:
        heads = AuditChain.objects.filter(chain__in=keys).order_by("chain")
        head = heads.select_for_update(skip_locked=True).first()
        if head is None and heads.count() < SHARDS:
            open_chain(organization_id)
            head = heads.select_for_update(skip_locked=True).first()
        if head is not None:
            return head
        wanted = random.choice(keys)
    else:
        wanted = keys[zlib.crc32(request_id.encode()) % SHARDS] if request_id else keys[0]
    head = AuditChain.objects.select_for_update().filter(chain=wanted).first()
    if head is None:
        open_chain(organization_id)
        head = AuditChain.objects.select_for_update().get(chain=wanted)
    return head


def _append(
    head: AuditChain,
    *,
    organization_id: int | None,
    actor_id: int | None,
    role: str,
    action: str,
    entries: list[Entry],
) -> list[AuditEvent]:
    now = timezone.now()
    request_id = current_request_id.get()
    events = []
    seq, prev = head.seq, head.last_hash
    for entry in entries:
        seq += 1
        changes = canonical(entry.changes)
        digest = event_hash(
            prev_hash=prev,
            chain=head.chain,
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
                chain=head.chain,
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


@transaction.atomic
def record(
    *,
    by: User | AnonymousUser | None,
    action: str,
    entries: Iterable[Entry],
    role: str = "",
    organization_id: int | None = None,
) -> list[AuditEvent]:
    """Append one event per entry to one shard of the organization's trail, in order.
    ``action`` is one of ``AuditEvent.Action``: the trail speaks a fixed list of verbs."""
    if action not in AuditEvent.Action.values:
        raise ValueError(f"{action!r} is not an audit verb (AuditEvent.Action).")
    entries = list(entries)
    if not entries:
        return []
    actor_id = by.pk if by is not None and by.is_authenticated else None
    if organization_id is None and actor_id is not None:
        organization_id = by.organization_id  # type: ignore[union-attr]
    head = _free_head(organization_id or 0, current_request_id.get())
    return _append(
        head,
        organization_id=organization_id,
        actor_id=actor_id,
        role=role,
        action=action,
        entries=entries,
    )


@transaction.atomic
def anchor(*, organization_id: int) -> AuditEvent:
    """Seal the head (sequence number and hash) of every other shard of the organization's
    trail into an ``anchor`` event on shard 0, and return it. Its hash, kept outside the
    database, vouches for every event written before it (docs/architecture.md)."""
    open_chain(organization_id)
    first = AuditChain.objects.select_for_update().get(chain=chain_key(organization_id))
    heads = {
        str(key): [seq, last_hash]
        for key, seq, last_hash in AuditChain.objects.filter(
            chain__in=chain_keys(organization_id)[1:], seq__gt=0
        )
        .order_by("chain")
        .values_list("chain", "seq", "last_hash")
    }
    (event,) = _append(
        first,
        organization_id=organization_id or None,
        actor_id=None,
        role="",
        action=AuditEvent.Action.ANCHOR,
        entries=[Entry("audit_trail", str(organization_id), None, {"heads": heads})],
    )
    return event
