"""Writes for attachments and document numbers. Each public function checks permission,
validates, writes and records an audit entry in one transaction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_text
from danvan.documents.filetypes import clean_filename, detect
from danvan.documents.models import Attachment, DocumentNumberSequence
from danvan.documents.rules import unit_of_owner
from danvan.units.models import Agency

# Scans of a few dozen pages fit comfortably; larger files are usually unreduced photos.
MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024

FIRST_YEAR = 2000
LAST_YEAR = 2100
# "QĐ-UBND", "TB-UBND", "UBND-VP": groups of letters or digits joined by hyphens.
_SYMBOL_RE = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
MAX_SYMBOL_LENGTH = 40


@dataclass(frozen=True)
class IssuedNumber:
    number: int
    text: str  # "15/QĐ-UBND"


def owner_key(owner: models.Model) -> tuple[str, str]:
    """(owner_type, owner_id) as stored on attachments, e.g. ("petitions.petition", "42")."""
    if owner.pk is None:
        raise ValueError("Save the owner before attaching files to it.")
    return owner._meta.label_lower, str(owner.pk)


def _too_large(size: int, max_size: int) -> ValidationError:
    return ValidationError(
        _("The file is too large (%(size)s). The limit is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(max_size)},
        code="too_large",
    )


def _read_upload(upload: UploadedFile | bytes, max_size: int) -> bytes:
    if isinstance(upload, bytes):
        data = upload
    else:
        # Check the size Django measured before reading a huge file into memory.
        if upload.size is not None and upload.size > max_size:
            raise _too_large(upload.size, max_size)
        upload.seek(0)
        data = b"".join(upload.chunks())
    if len(data) > max_size:
        raise _too_large(len(data), max_size)
    return data


@transaction.atomic
def store_attachment(
    *,
    actor: Any,
    owner: models.Model,
    upload: UploadedFile | bytes,
    name: str = "",
    max_size: int = MAX_ATTACHMENT_SIZE,
) -> Attachment:
    """Check a file by its content and store it as an attachment of ``owner``.

    ``upload`` is a Django upload (its own name is used unless ``name`` is given) or raw
    bytes with ``name``. Raises ``ValidationError`` for an oversized, empty, damaged or
    disguised file (see ``filetypes.detect``).
    """
    require_perm(
        actor,
        "documents.store_attachment",
        owner,
        message=_("You may not attach files to this record."),
    )
    owner_type, owner_id = owner_key(owner)
    if not name and isinstance(upload, UploadedFile):
        name = upload.name or ""
    data = _read_upload(upload, max_size)
    original_name = clean_filename(name)
    detected = detect(data, original_name)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    attachment = Attachment(
        original_name=original_name,
        content_type=detected.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        owner_type=owner_type,
        owner_id=owner_id,
        uploaded_by=actor if is_user else None,
    )
    attachment.file.save(f"upload{detected.extension}", ContentFile(data), save=False)
    try:
        attachment.save()
        unit = unit_of_owner(owner)
        # The audit keeps what identifies the file, never its content.
        record_write(
            actor=actor,
            action="documents.attachment.store",
            target=attachment,
            after={
                "owner_type": owner_type,
                "owner_id": owner_id,
                "original_name": original_name,
                "content_type": detected.content_type,
                "size": len(data),
                "sha256": attachment.sha256,
            },
            unit_id=unit.pk if unit is not None else None,
        )
    except BaseException:
        # Do not leave an orphan file behind when the row could not be written.
        attachment.file.delete(save=False)
        raise
    return attachment


def clean_symbol(symbol: str) -> str:
    symbol = normalize_text(symbol).upper()
    if not symbol:
        raise ValidationError({"symbol": _("Enter the document symbol, e.g. QĐ-UBND.")})
    if len(symbol) > MAX_SYMBOL_LENGTH or not _SYMBOL_RE.match(symbol):
        raise ValidationError(
            {
                "symbol": _(
                    "The symbol may contain only letters and digits in groups joined by "
                    "hyphens, e.g. QĐ-UBND (at most %(n)d characters)."
                )
                % {"n": MAX_SYMBOL_LENGTH}
            }
        )
    return symbol


def format_document_number(number: int, symbol: str) -> str:
    """Numbers below 10 take a leading zero: "05/TB-UBND" (Nghị định 30/2020/NĐ-CP,
    Phụ lục I, Phần I, mục II, khoản 3)."""
    return f"{number:02d}/{symbol}"


@transaction.atomic
def next_document_number(*, actor: Any, agency: Agency, year: int, symbol: str) -> IssuedNumber:
    """Issue the next number of ``symbol`` for ``agency`` in ``year``.

    The sequence row is locked (``SELECT … FOR UPDATE``) for the rest of the caller's
    transaction, so two officers issuing at the same moment never get the same number;
    if the caller's transaction rolls back, the number is not used up.
    """
    require_perm(
        actor,
        "documents.issue_number",
        agency,
        message=_("You may not issue document numbers for this agency."),
    )
    symbol = clean_symbol(symbol)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("The year must be between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    if not agency.is_active:
        raise ValidationError(_("This agency is no longer active; it cannot issue documents."))
    sequence, _created = DocumentNumberSequence.objects.select_for_update().get_or_create(
        agency=agency, year=year, symbol=symbol
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number", "updated_at"])
    issued = IssuedNumber(
        number=sequence.last_number,
        text=format_document_number(sequence.last_number, symbol),
    )
    record_write(
        actor=actor,
        action="documents.number.issue",
        target=sequence,
        after={"agency": agency.code, "year": year, "symbol": symbol, "number": issued.number},
        unit_id=agency.unit_id,
    )
    return issued
