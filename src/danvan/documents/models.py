"""Attachments (tệp đính kèm) of any record, and the running numbers of official
documents (số văn bản) per agency and year."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.units.models import Agency


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """attachments/2026/03/<random>.pdf: the stored name never reveals the original
    one (often a citizen's name) and cannot be guessed or collide."""
    now = timezone.localtime()
    suffix = PurePosixPath(filename).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 6:
        suffix = ""
    return f"attachments/{now:%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    """A stored file belonging to any record, named by the owner's model label and
    primary key so that any module can attach files without a foreign key to it."""

    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    owner_type = models.CharField(_("owner type"), max_length=100)
    owner_id = models.CharField(_("owner id"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment (tệp đính kèm)")
        verbose_name_plural = _("attachments")
        ordering = ["owner_type", "owner_id", "created_at", "pk"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="attachment_owner_idx")]

    def __str__(self) -> str:
        return self.original_name


class DocumentNumberSequence(models.Model):
    """The last number issued for one symbol by one agency in one year.

    Numbers run from 01 each calendar year (Nghị định 30/2020/NĐ-CP). Keyed by symbol,
    each kind of document (QĐ-UBND, TB-UBND…) has its own series.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="document_number_sequences",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    symbol = models.CharField(_("symbol"), max_length=40)
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document number sequence (số, ký hiệu văn bản)")
        verbose_name_plural = _("document number sequences")
        ordering = ["agency", "-year", "symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "symbol"], name="document_number_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.symbol}: {self.last_number}"
