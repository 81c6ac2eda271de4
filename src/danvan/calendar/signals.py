"""``working_calendar_changed``: the working calendar changed for some dates.

Sent by :mod:`danvan.calendar.services` after the transaction that added, changed or
removed a :class:`~danvan.calendar.models.CalendarOverride` commits (never for a
rolled-back change), with ``sender=CalendarOverride`` and ``dates``, a list of the
``datetime.date`` values whose override changed. Apps that store deadlines (petition
processing periods) connect to it and recompute every open deadline whose period
contains one of those dates, using :mod:`danvan.calendar.selectors`, which already
sees the new calendar when the signal arrives. Receivers should be idempotent: a
change of reason only, or an override that repeats the official calendar, is also
announced.

Receivers run with ``send_robust``: one failing receiver is logged and does not stop
the others, nor turn the already committed change into an error for the user.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

working_calendar_changed = Signal()


def send_after_commit(dates: Iterable[date]) -> None:
    """Announce ``dates`` once the current transaction commits."""
    changed = sorted(set(dates))

    def send() -> None:
        from danvan.calendar.models import CalendarOverride

        results = working_calendar_changed.send_robust(sender=CalendarOverride, dates=changed)
        for receiver, result in results:
            if isinstance(result, Exception):
                logger.error(
                    "working_calendar_changed receiver %r failed for %s",
                    receiver,
                    changed,
                    exc_info=result,
                )

    transaction.on_commit(send)
