"""Writes for exports: asking for one, building its file (at once or on the worker),
starting a failed one again, and deleting files past their retention."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.audit.services import record_read, record_write
from danvan.core.permissions import require_perm
from danvan.exports.models import ACTIVE_STATUSES, ExportFormat, ExportJob, ExportStatus
from danvan.exports.registry import ExportableList, checked_params, get_list
from danvan.exports.selectors import can_retry, storage_name
from danvan.exports.writers import RowWriter, open_writer

logger = logging.getLogger(__name__)

# Up to this many rows the file is built during the request and sent at once; longer
# lists go to the worker, and the user follows the progress.
IMMEDIATE_ROWS = 2000
# Rows between two progress updates (and the size of each fetch from the database).
BATCH_SIZE = 500
RETENTION = timedelta(days=7)


class _Superseded(Exception):  # noqa: N818 - a signal between two functions, not an error
    """A newer run of the same job has taken over; this run keeps nothing."""


def request_export(*, actor: Any, list_code: str, params: Mapping[str, Any], fmt: str) -> ExportJob:
    """Ask for an export of one list with the page's filters. Short lists come back
    built (status ``done``); longer ones come back queued and are built by the worker."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to export a list."))
    entry = get_list(list_code)
    if entry is None:
        raise ValidationError(
            {"list": _("There is no list “%(code)s” to export.") % {"code": list_code[:60]}},
            code="unknown_list",
        )
    if fmt not in ExportFormat.values:
        raise ValidationError(
            {"format": _("Choose a format for the export: CSV or XLSX.")}, code="unknown_format"
        )
    cleaned = checked_params(actor, entry, params)
    total = entry.rows(actor, cleaned).count()
    in_background = total > IMMEDIATE_ROWS
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=actor,
            list_code=entry.code,
            params=cleaned,
            format=fmt,
            language=translation.get_language() or "",
            total=total,
        )
        record_write(
            actor=actor,
            action="exports.request",
            target=job,
            after={"list": entry.code, "format": fmt, "params": cleaned, "rows": total},
        )
        if in_background:
            transaction.on_commit(partial(_enqueue, job.pk))
    if in_background:
        return job
    return run_export(job_id=job.pk)


def _enqueue(job_id: int) -> None:
    from danvan.exports.tasks import build_export

    build_export.enqueue(job_id)


def run_export(*, job_id: int) -> ExportJob:
    """Build the file of a queued (or interrupted) job from the start. Running it again
    for the same job is safe: the new run takes over, starts from row one and replaces
    the file; an older run still going stops at its next batch."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status not in ACTIVE_STATUSES:
            return job  # already built, failed or expired: a repeated delivery of the task
        now = timezone.now()
        job.attempt += 1
        job.status = ExportStatus.RUNNING
        job.done = 0
        job.error = ""
        job.started_at = job.heartbeat_at = now
        job.finished_at = None
        job.save(
            update_fields=[
                "attempt",
                "status",
                "done",
                "error",
                "started_at",
                "heartbeat_at",
                "finished_at",
            ]
        )
    attempt = job.attempt
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            _build(job, attempt)
        except _Superseded:
            pass
        except (PermissionDenied, ValidationError) as exc:
            # Our own messages (the list, the filters, the permission): no personal data.
            text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            _fail(job, attempt, text)
        except Exception:
            logger.exception("export job %s failed", job.pk)
            # The exception's text may quote a row's data; the message stays generic.
            _fail(
                job,
                attempt,
                _(
                    "The file could not be built. Try again; if it fails again, tell the "
                    "system administrator."
                ),
            )
    job.refresh_from_db()
    return job


def _build(job: ExportJob, attempt: int) -> None:
    entry = get_list(job.list_code)
    if entry is None:
        raise ValidationError(_("This list can no longer be exported."), code="unknown_list")
    user = job.user
    # Checked again: a role may have been revoked since the request.
    params = checked_params(user, entry, job.params)
    rows = entry.rows(user, params)
    _progress(job.pk, attempt, total=rows.count(), done=0)
    personal = bool(entry.personal_columns) and rules.has_perm(
        "exports.include_personal_data", user
    )
    with tempfile.TemporaryDirectory(prefix="danvan-export-") as folder:
        path = Path(folder) / f"export.{job.format}"
        writer = open_writer(job.format, path, title=str(entry.title))
        try:
            result = _write_rows(
                job, attempt, entry=entry, rows=rows, writer=writer, personal=personal
            )
        except BaseException:
            # Close anyway so that openpyxl removes its own temporary file.
            with suppress(Exception):
                writer.close()
            raise
        writer.close()
        _finish(job, attempt, path, entry=entry, result=result)


@dataclass
class _Written:
    rows: int = 0
    revealed: int = 0  # rows whose personal data was written
    fields: set[str] = field(default_factory=set)  # personal fields written at least once


def _write_rows(
    job: ExportJob,
    attempt: int,
    *,
    entry: ExportableList,
    rows: QuerySet[Any],
    writer: RowWriter,
    personal: bool,
) -> _Written:
    user = job.user
    headers = [str(column.header) for column in entry.columns]
    if personal:
        headers += [str(column.header) for column in entry.personal_columns]
        headers.append(_("Note"))
    writer.header(headers)
    result = _Written()
    for item in rows.iterator(chunk_size=BATCH_SIZE):
        cells: list[Any] = [column.value(item) for column in entry.columns]
        if personal:
            shown = _personal_cells(entry, user, item)
            if shown is None:
                cells += [""] * len(entry.personal_columns)
                cells.append(str(entry.withheld_note(item)))
            else:
                cells += [value for _column, value in shown]
                cells.append("")
                written = [column.fields for column, value in shown if value not in ("", None)]
                if written:
                    result.revealed += 1
                    result.fields.update(name for names in written for name in names)
        writer.row(cells)
        result.rows += 1
        if result.rows % BATCH_SIZE == 0:
            _progress(job.pk, attempt, done=result.rows)
    return result


def _personal_cells(entry: ExportableList, user: Any, item: Any) -> list[tuple[Any, Any]] | None:
    assert entry.may_see_personal is not None  # noqa: S101 - register() ensures it
    if not entry.may_see_personal(user, item):
        return None
    return [(column, column.value(item)) for column in entry.personal_columns]


def _progress(job_id: int, attempt: int, **fields: Any) -> None:
    updated = ExportJob.objects.filter(
        pk=job_id, attempt=attempt, status=ExportStatus.RUNNING
    ).update(heartbeat_at=timezone.now(), **fields)
    if not updated:
        raise _Superseded


def _finish(
    job: ExportJob,
    attempt: int,
    path: Path,
    *,
    entry: ExportableList,
    result: _Written,
) -> None:
    name = storage_name(job)
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().select_related("user").get(pk=job.pk)
        if locked.attempt != attempt or locked.status != ExportStatus.RUNNING:
            raise _Superseded
        # One name per job: a run replaces what an earlier, interrupted run left there.
        if default_storage.exists(name):
            default_storage.delete(name)
        with path.open("rb") as handle:
            stored = default_storage.save(name, File(handle))
        now = timezone.now()
        locked.file.name = stored
        locked.status = ExportStatus.DONE
        locked.total = locked.done = result.rows
        locked.finished_at = locked.heartbeat_at = now
        locked.expires_at = now + RETENTION
        locked.save(
            update_fields=[
                "file",
                "status",
                "total",
                "done",
                "finished_at",
                "heartbeat_at",
                "expires_at",
            ]
        )
        if result.revealed:
            record_read(
                actor=locked.user,
                action="exports.read_personal_data",
                target=locked,
                fields=sorted(result.fields),
                reason=f"{entry.code}: {result.rows} rows, personal data in {result.revealed}",
            )


def _fail(job: ExportJob, attempt: int, message: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        updated = ExportJob.objects.filter(
            pk=job.pk, attempt=attempt, status=ExportStatus.RUNNING
        ).update(
            status=ExportStatus.FAILED,
            error=message[:300],
            finished_at=now,
            heartbeat_at=now,
            expires_at=now + RETENTION,
        )
        if updated:
            record_write(
                actor=None,
                action="exports.fail",
                target=job,
                after={"status": ExportStatus.FAILED, "attempt": attempt},
            )


def retry_export(*, actor: Any, job: ExportJob) -> ExportJob:
    """Start a failed export again (or one whose worker stopped answering); the worker
    builds it from the first row."""
    require_perm(actor, "exports.manage_job", job, message=_("This export is not yours."))
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().get(pk=job.pk)
        if not can_retry(locked, now=timezone.now()):
            raise ValidationError(
                _(
                    "Only a failed export, or one that has made no progress for a while, can "
                    "be started again."
                ),
                code="not_retryable",
            )
        before = locked.status
        locked.status = ExportStatus.QUEUED
        locked.done = 0
        locked.error = ""
        locked.finished_at = locked.expires_at = None
        # Counts as activity: a second retry waits for this one to stall in turn.
        locked.heartbeat_at = timezone.now()
        locked.save(
            update_fields=["status", "done", "error", "finished_at", "expires_at", "heartbeat_at"]
        )
        record_write(
            actor=actor,
            action="exports.retry",
            target=locked,
            before={"status": before},
            after={"status": locked.status},
        )
        transaction.on_commit(partial(_enqueue, locked.pk))
    return locked


def delete_expired_exports(*, now: datetime | None = None) -> int:
    """Delete the files of exports past their retention (7 days after they were built or
    failed) and of exports stuck for as long; the rows stay, marked expired. Run by the
    daily watch."""
    now = now or timezone.now()
    expired = list(
        ExportJob.objects.filter(
            Q(expires_at__lte=now, status__in=[ExportStatus.DONE, ExportStatus.FAILED])
            | Q(status__in=ACTIVE_STATUSES, created_at__lte=now - RETENTION)
        )
    )
    for job in expired:
        for name in {job.file.name or "", storage_name(job)} - {""}:
            if default_storage.exists(name):
                default_storage.delete(name)
    if not expired:
        return 0
    with transaction.atomic():
        ExportJob.objects.filter(pk__in=[job.pk for job in expired]).update(
            status=ExportStatus.EXPIRED, file=""
        )
        record_write(
            actor=None,
            action="exports.delete_expired",
            after={"jobs": [job.pk for job in expired]},
        )
    return len(expired)
