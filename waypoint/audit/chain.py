"""The hash chains: each event's hash covers its own fields and the previous hash.

An organization's trail is ``SHARDS`` chains, so that requests writing at the same
moment append to different chains instead of waiting for one head. A chain's key is
``shard * 2**40 + organization id``: shard 0 is the organization's id itself, the one
chain each organization had before the trail was sharded, so its events still verify.
docs/architecture.md ("Audit trail") gives the tamper-evidence argument.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
SHARDS = 16
SHARD_BITS = 40


def chain_key(organization_id: int, shard: int = 0) -> int:
    """The chain of one shard of an organization's trail (organization 0: no organization)."""
    if not 0 <= shard < SHARDS:
        raise ValueError(f"shard {shard} is not between 0 and {SHARDS - 1}")
    return (shard << SHARD_BITS) | organization_id


def chain_keys(organization_id: int) -> list[int]:
    """Every shard's chain of an organization, shard 0 first."""
    return [chain_key(organization_id, shard) for shard in range(SHARDS)]


def split_chain(chain: int) -> tuple[int, int]:
    """(organization id, shard) of a chain key."""
    return chain & ((1 << SHARD_BITS) - 1), chain >> SHARD_BITS


def canonical(value: Any) -> Any:
    """What a JSON column will give back: plain strings, numbers, lists and dicts."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def event_hash(
    *,
    prev_hash: str,
    chain: int,
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor_role: str,
    action: str,
    object_type: str,
    object_id: str,
    participant_id: int | None,
    changes: Any,
    request_id: str,
) -> str:
    body = json.dumps(
        [
            prev_hash,
            chain,
            seq,
            at.astimezone(UTC).isoformat(),
            actor_id,
            actor_role,
            action,
            object_type,
            object_id,
            participant_id,
            changes,
            request_id,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()
