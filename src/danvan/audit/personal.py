"""Access log of personal data: one *read* entry when an official is shown a person's
details (Luật Bảo vệ dữ liệu cá nhân 2025; Nghị định 13/2023/NĐ-CP required a log of
processing too).

Pages call :func:`record_personal_data_read` once per page, naming the record shown
(a petition, a reception session, a village's household register…) and which kinds of
personal data it showed. The same official opening the same record with the same
action again within ``DANVAN_PERSONAL_READ_LOG_MINUTES`` is not logged again, so
reloading a page or paging through a list does not flood the hash chain; 0 logs every
access. The entry's label is the kind of record and its id, never a person's name: the
audit log cannot be edited later, so it must not keep what retention will erase.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from danvan.audit.models import AuditEntry
from danvan.audit.services import neutral_label, record_read


def recently_logged(*, actor: Any, action: str, target: models.Model, minutes: int) -> bool:
    if minutes <= 0 or not getattr(actor, "is_authenticated", False):
        return False
    return AuditEntry.objects.filter(
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        kind=AuditEntry.Kind.READ,
        action=action,
        actor_id=actor.pk,
        occurred_at__gte=timezone.now() - timedelta(minutes=minutes),
    ).exists()


def record_personal_data_read(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    fields: list[str],
    unit_id: int | None = None,
    reason: str = "",
) -> AuditEntry | None:
    """Log that ``actor`` was shown the personal ``fields`` of ``target``; None when the
    same read was logged moments ago or nothing personal was shown."""
    if not fields:
        return None
    minutes = settings.DANVAN_PERSONAL_READ_LOG_MINUTES
    if recently_logged(actor=actor, action=action, target=target, minutes=minutes):
        return None
    return record_read(
        actor=actor,
        action=action,
        target=target,
        fields=fields,
        reason=reason,
        unit_id=unit_id,
        target_label=neutral_label(target),
    )
