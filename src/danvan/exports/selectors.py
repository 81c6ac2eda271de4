"""Reads for exports: a user's jobs, whether one may be downloaded or started again."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from danvan.exports.models import ACTIVE_STATUSES, ExportJob, ExportStatus
from danvan.exports.registry import checked_params, get_list

# A running job whose worker has not written a batch for this long is taken as stopped.
STALE_AFTER = timedelta(minutes=10)


def jobs_of(user: Any) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(user=user).order_by("-created_at", "-pk")


def job_of(user: Any, pk: int) -> ExportJob | None:
    """The user's own job; someone else's is as good as missing."""
    return jobs_of(user).filter(pk=pk).first()


def storage_name(job: ExportJob) -> str:
    """Where the job's file is kept: one name per job, saying nothing of its content."""
    return f"exports/{job.created_at:%Y/%m}/{job.key.hex}.{job.format}"


def can_retry(job: ExportJob, *, now: datetime) -> bool:
    if job.status == ExportStatus.FAILED:
        return True
    last_sign = job.heartbeat_at or job.created_at
    return job.status in ACTIVE_STATUSES and last_sign < now - STALE_AFTER


def may_download(user: Any, job: ExportJob) -> bool:
    """The file is ready and the user still holds the list's permission (a role revoked
    since the export was built closes the download too)."""
    if job.status != ExportStatus.DONE or not job.file or job.user_id != user.pk:
        return False
    entry = get_list(job.list_code)
    if entry is None:
        return False
    try:
        checked_params(user, entry, job.params)
    except (PermissionDenied, ValidationError):
        return False
    return True


_UNSAFE = re.compile(r"[^\w.-]+")


def download_name(job: ExportJob, *, title: str) -> str:
    """A file name in the user's language, Vietnamese letters kept, nothing else that a
    file system or a header could choke on."""
    when = timezone.localtime(job.finished_at or job.created_at)
    base = _UNSAFE.sub("-", unicodedata.normalize("NFC", title)).strip("-.") or "export"
    return f"{base[:80]}-{when:%Y%m%d-%H%M}.{job.format}"
