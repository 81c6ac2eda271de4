"""Reads for attachments and document numbers."""

from __future__ import annotations

from django.db import models

from danvan.documents.models import Attachment, DocumentNumberSequence
from danvan.documents.services import owner_key
from danvan.units.models import Agency


def attachments_of(owner: models.Model) -> models.QuerySet[Attachment]:
    """The files attached to ``owner``, oldest first."""
    owner_type, owner_id = owner_key(owner)
    return Attachment.objects.filter(owner_type=owner_type, owner_id=owner_id).order_by(
        "created_at", "pk"
    )


def last_issued_number(*, agency: Agency, year: int, symbol: str) -> int:
    """The last number issued for ``symbol`` by ``agency`` in ``year`` (0 if none)."""
    sequence = DocumentNumberSequence.objects.filter(
        agency=agency, year=year, symbol=symbol
    ).first()
    return sequence.last_number if sequence is not None else 0
