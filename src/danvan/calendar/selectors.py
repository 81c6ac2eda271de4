"""Reads of the working calendar: the official holidays plus the overrides in the
database, and deadline arithmetic on it.

The calendar is kept in memory, shared by the threads of a process. Services call
:func:`invalidate_calendar_cache` inside the transaction of each change: that thread
then reads through a private copy checked against the table on every call (it alone
sees its uncommitted rows, and the change may still roll back) until the transaction
ends; the commit invalidates the shared copy. Other processes (web workers, the task
worker) notice a change within ``RECHECK_SECONDS`` by comparing a cheap fingerprint.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max

from danvan.calendar.models import CalendarOverride
from danvan.calendar.workdays import DayInfo, DeadlineResult, WorkingCalendar

RECHECK_SECONDS = 30.0


@dataclass
class _Cached:
    version: int
    fingerprint: tuple[Any, ...]
    checked_at: float
    calendar: WorkingCalendar


_lock = threading.Lock()
_version = 0
_shared: _Cached | None = None
# Per thread: whether it changed overrides in a transaction not known to be over.
_local = threading.local()


def _bump_version() -> None:
    global _version
    with _lock:
        _version += 1


def _settle() -> None:
    _bump_version()
    if not connection.in_atomic_block:
        _local.pending = False


def clear_calendar_cache() -> None:
    """Forget every cached calendar (tests roll back overrides behind the cache's back)."""
    global _shared
    with _lock:
        _shared = None
    _local.pending = False
    _local.cached = None
    _bump_version()


def invalidate_calendar_cache() -> None:
    """Call inside the transaction that changes overrides, after the change."""
    _local.pending = True
    _local.cached = None
    _bump_version()
    transaction.on_commit(_settle)


def _fingerprint() -> tuple[Any, ...]:
    # Any insert or delete changes the count, any save moves the latest updated_at.
    stats = CalendarOverride.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return (stats["count"], stats["latest"])


def _load(version: int, now: float) -> _Cached:
    # Fingerprint first: a write between the two reads then only causes a reload.
    fingerprint = _fingerprint()
    rows = CalendarOverride.objects.values_list("date", "kind", "reason")
    calendar = WorkingCalendar({day: (kind, reason) for day, kind, reason in rows})
    return _Cached(version, fingerprint, now, calendar)


def _private_calendar(now: float) -> WorkingCalendar:
    cached: _Cached | None = getattr(_local, "cached", None)
    if cached is None or cached.fingerprint != _fingerprint():
        cached = _load(_version, now)
        _local.cached = cached
    return cached.calendar


def get_calendar() -> WorkingCalendar:
    """The working calendar with every override in the database."""
    global _shared
    now = time.monotonic()
    if getattr(_local, "pending", False):
        if connection.in_atomic_block:
            return _private_calendar(now)
        # The transaction ended without a commit callback: it was rolled back.
        _local.pending = False
        _local.cached = None
    cached = _shared
    if cached is not None and cached.version == _version:
        if now - cached.checked_at < RECHECK_SECONDS:
            return cached.calendar
        if _fingerprint() == cached.fingerprint:
            cached.checked_at = now
            return cached.calendar
    version = _version
    fresh = _load(version, now)
    with _lock:
        if version == _version:
            _shared = fresh
    return fresh.calendar


def is_working_day(d: date) -> bool:
    return get_calendar().is_working_day(d)


def day_info(d: date) -> DayInfo:
    return get_calendar().day(d)


def add_working_days(start: date, n: int) -> DeadlineResult:
    """The n-th working day after ``start``; see :class:`WorkingCalendar`."""
    return get_calendar().add_working_days(start, n)


def add_calendar_days(start: date, n: int, *, roll_forward: bool = True) -> DeadlineResult:
    """``start`` + n days, moved to the next working day if it falls on a day off."""
    return get_calendar().add_calendar_days(start, n, roll_forward=roll_forward)


def working_days_between(a: date, b: date) -> int:
    """Working days d with ``a < d <= b`` (0 when ``b <= a``)."""
    return get_calendar().working_days_between(a, b)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    return get_calendar().next_working_day(d)


def year_days(year: int, *, include_weekends: bool = False) -> list[DayInfo]:
    """Holidays, days off and make-up working days of ``year``, for a year view.

    Ordinary Saturdays and Sundays are left out unless ``include_weekends``.
    """
    return get_calendar().special_days(year, include_weekends=include_weekends)
