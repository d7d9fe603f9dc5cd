"""The hash chain: each event's hash covers its own fields and the previous hash."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


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
