"""Hashing of audit entries: one canonical JSON form, SHA-256 over it and the previous hash."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "kind",
    "action",
    "actor_id",
    "actor_label",
    "target_type",
    "target_id",
    "target_label",
    "unit_id",
    "ip_address",
    "user_agent",
    "request_id",
    "before",
    "after",
    "reason",
)


def to_json_value(value: Any) -> Any:
    """Round-trip through JSON so what we hash is exactly what the database returns."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["occurred_at"] = _timestamp(payload["occurred_at"])
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    )
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()
