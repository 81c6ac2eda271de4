"""Reading and verifying the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from danvan.audit.chain import HASHED_FIELDS, entry_hash
from danvan.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    entry_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"mục #{self.seq}" + (f" (id {self.entry_id})" if self.entry_id else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(*, chunk_size: int = 5000) -> ChainReport:
    """Re-hash every entry in order; report edited, inserted or deleted entries."""
    problems: list[ChainProblem] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    values = AuditEntry.objects.order_by("seq").values(
        "id", "prev_hash", "entry_hash", *HASHED_FIELDS
    )
    for row in values.iterator(chunk_size=chunk_size):
        checked += 1
        seq = row["seq"]
        if seq != expected_seq:
            problems.append(
                ChainProblem(seq, row["id"], f"thiếu mục #{expected_seq}–#{seq - 1} (đã bị xóa)")
            )
        if row["prev_hash"] != prev_hash:
            problems.append(
                ChainProblem(seq, row["id"], "không nối với mục trước (chuỗi băm bị cắt)")
            )
        if entry_hash(row, row["prev_hash"]) != row["entry_hash"]:
            problems.append(ChainProblem(seq, row["id"], "nội dung đã bị sửa sau khi ghi"))
        prev_hash = row["entry_hash"]
        expected_seq = seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != prev_hash):
        problems.append(
            ChainProblem(
                head.last_seq,
                None,
                f"mục cuối phải là #{head.last_seq}, nhưng nhật ký dừng ở #{expected_seq - 1} "
                "(mục cuối đã bị xóa hoặc sửa)",
            )
        )
    return ChainReport(checked=checked, problems=problems)


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))


def entries_by_actor(actor_id: int) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(actor_id=actor_id)


__all__: list[Any] = [
    "ChainProblem",
    "ChainReport",
    "entries_by_actor",
    "entries_for",
    "verify_chain",
]
