"""Exports of lists (xuất dữ liệu) to XLSX and CSV, built at once or in the background."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    CSV = "csv", _("CSV")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


ACTIVE_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportJob(models.Model):
    """One export asked for by one user: the list, its filters, the progress and the file.

    The file lives in the private storage (MEDIA_ROOT/exports/…), which no URL serves:
    it is sent only by the download view, to the user who asked for it.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    list_code = models.CharField(_("list"), max_length=60)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    # Each run takes the next number; a run that is no longer the latest (a worker that
    # died and came back after a retry) stops at its next batch and keeps nothing.
    attempt = models.PositiveIntegerField(default=0)
    file = models.FileField(_("file"), upload_to="exports/", max_length=255, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("export (xuất dữ liệu)")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="exportjob_user_created"),
            models.Index(fields=["expires_at"], name="exportjob_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.list_code} #{self.pk} ({self.format})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0
