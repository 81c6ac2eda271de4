"""Writing audit entries. Call these inside the transaction of the change they record."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from danvan.audit.chain import entry_hash, to_json_value
from danvan.audit.context import current_context
from danvan.audit.models import AuditChainHead, AuditEntry

# Records whose usual name holds a person's name or their own words: their entries are
# labelled by kind and id, because the log cannot be edited when retention later
# anonymises the record itself.
NEUTRAL_LABEL_MODELS = frozenset(
    {
        "petitions.petition",
        "petitions.protectedidentity",
        "reception.visit",
        "decisions.household",
        "boards.boardmember",
        "mediation.mediationmember",
        "dialogues.question",
        "consultations.comment",
    }
)


def neutral_label(target: models.Model) -> str:
    """``petition #12``: what an entry is about, without anyone's name in it."""
    return f"{target._meta.model_name} #{target.pk}"


def _label(obj: Any) -> str:
    if obj is None:
        return ""
    if isinstance(obj, models.Model) and obj._meta.label_lower in NEUTRAL_LABEL_MODELS:
        return neutral_label(obj)
    return str(obj)[:300]


def _append(
    *,
    kind: str,
    actor: Any,
    action: str,
    target: models.Model | None,
    before: Any,
    after: Any,
    reason: str,
    unit_id: int | None,
    target_label: str | None = None,
) -> AuditEntry:
    context = current_context()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        fields: dict[str, Any] = {
            "seq": head.last_seq + 1,
            "occurred_at": timezone.now(),
            "kind": kind,
            "action": action,
            "actor_id": actor.pk if is_user else None,
            "actor_label": _label(actor) if is_user else "system",
            "target_type": target._meta.label_lower if target is not None else "",
            "target_id": str(target.pk) if target is not None else "",
            "target_label": _label(target) if target_label is None else target_label[:300],
            "unit_id": unit_id,
            "ip_address": context.ip_address,
            "user_agent": context.user_agent,
            "request_id": context.request_id,
            "before": to_json_value(before),
            "after": to_json_value(after),
            "reason": reason,
        }
        digest = entry_hash(fields, head.last_hash)
        entry = AuditEntry.objects.create(**fields, prev_hash=head.last_hash, entry_hash=digest)
        head.last_seq = entry.seq
        head.last_hash = digest
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def record_write(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    unit_id: int | None = None,
) -> AuditEntry:
    """Record a change. ``actor`` is a user, or None for the system (commands, jobs)."""
    return _append(
        kind=AuditEntry.Kind.WRITE,
        actor=actor,
        action=action,
        target=target,
        before=before,
        after=after,
        reason=reason,
        unit_id=unit_id,
    )


def record_read(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    fields: list[str],
    reason: str = "",
    unit_id: int | None = None,
    target_label: str | None = None,
) -> AuditEntry:
    """Record that ``actor`` saw confidential ``fields`` of ``target``. ``target_label``
    replaces ``str(target)`` where that would write a person's name into the log."""
    return _append(
        kind=AuditEntry.Kind.READ,
        actor=actor,
        action=action,
        target=target,
        before=None,
        after={"fields": fields},
        reason=reason,
        unit_id=unit_id,
        target_label=target_label,
    )


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, for the before/after of an entry."""
    return {name: to_json_value(getattr(obj, name)) for name in fields}
