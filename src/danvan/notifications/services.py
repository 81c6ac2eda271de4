"""Sending notifications.

Staff: rows for the in-app list now, e-mail after commit in a task (:func:`notify`).

Citizens: :func:`notify_citizen` records what they are told about a step of their case
(a ``CitizenNotice``) and one ``Delivery`` per channel that can reach them, inside the
transaction of the step; sending happens after commit, in a task (:func:`deliver`),
with retries. A send that fails, or a notice that cannot even be written, never undoes
or blocks the step itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.notifications.channels import (
    Channel,
    DeliveryError,
    Message,
    Recipient,
    enabled_channels,
)
from danvan.notifications.models import CitizenNotice, Delivery, DeliveryStatus, Notification
from danvan.notifications.selectors import due_deliveries, recipient_of
from danvan.notifications.texts import render
from danvan.petitions.models import Petition

logger = logging.getLogger("danvan.notifications")


def notify(
    *, recipients: Iterable[Any], topic: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Create one notification per distinct recipient and e-mail those with an address.

    The e-mail is queued after the surrounding transaction commits, so a failed or slow
    mail server never loses or delays the change that caused the notification.
    """
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, topic=topic, title=title, body=body, url=url))
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.recipient.email]
    if ids:
        from danvan.notifications.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return created


# ---------------------------------------------------------------------------------------
# Citizens

# Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final.
RETRY_DELAYS = (
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A delivery being sent is held this long; if the worker dies mid-send, it is tried
# again afterwards rather than lost (at least once, never twice at the same time).
CLAIM_TIME = timedelta(minutes=10)


def _reaching(channels: list[Channel], recipient: Recipient) -> list[Channel]:
    reaching = []
    for channel in channels:
        try:
            if channel.can_reach(recipient):
                reaching.append(channel)
        except Exception:
            logger.exception("notification channel %s failed to check an address", channel.name)
    return reaching


def notify_citizen(
    *, petition: Petition, event: str, extra: dict[str, Any] | None = None
) -> CitizenNotice | None:
    """Record what the petitioner is told about ``event`` and queue its sending.

    Call it inside the transaction of the step: a rollback then sends nothing. The
    notice is kept even when no channel reaches the person (it shows on the tracking
    page). ``extra`` may give values the text would otherwise read from the petition
    (``date``, ``due_on``, ``to_agency``, ``new_code``). Never raises: a notification
    problem must not cost the citizen the step itself.
    """
    try:
        # A savepoint: if anything here fails, the step's own writes stay intact.
        with transaction.atomic():
            words = render(petition, event, extra)
            notice = CitizenNotice.objects.create(
                petition=petition, event=event, subject=words.subject, text=words.text
            )
            recipient = recipient_of(petition)
            now = timezone.now()
            deliveries = Delivery.objects.bulk_create(
                [
                    Delivery(
                        notice=notice,
                        channel=channel.name,
                        address_hint=channel.masked_address(recipient)[:80],
                        next_attempt_at=now,
                    )
                    for channel in _reaching(enabled_channels(), recipient)
                ]
            )
    except Exception:
        logger.exception("citizen notice %r for petition %s not recorded", event, petition.pk)
        return None
    ids = [d.pk for d in deliveries]
    if ids:
        # robust: a queue that cannot take the job leaves the deliveries pending for
        # `danvan send-notifications`, and the step's request still succeeds.
        transaction.on_commit(partial(_enqueue, ids), robust=True)
    return notice


def _enqueue(ids: list[int]) -> None:
    from danvan.notifications.tasks import deliver_notices

    deliver_notices.enqueue(ids)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver(
    *, ids: list[int] | None = None, now: datetime | None = None, limit: int | None = None
) -> DeliveryReport:
    """Attempt every pending delivery whose time has come (only ``ids`` if given)."""
    now = now or timezone.now()
    due = due_deliveries(now=now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    todo = list(due.values_list("pk", "next_attempt_at")[:limit])
    report = DeliveryReport()
    if not todo:
        return report
    channels = {channel.name: channel for channel in enabled_channels()}
    retries: list[tuple[int, datetime]] = []
    for pk, planned in todo:
        if not _claim(pk, planned, now):
            continue
        delivery = Delivery.objects.select_related(
            "notice__petition__petitioner_user", "notice__petition__agency"
        ).get(pk=pk)
        status = _attempt(delivery, channels.get(delivery.channel), now)
        if status == DeliveryStatus.SENT:
            report.sent += 1
        elif status == DeliveryStatus.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
            if delivery.next_attempt_at is not None:
                retries.append((delivery.pk, delivery.next_attempt_at))
    for pk, when in retries:
        _schedule_retry(pk, when)
    return report


def _schedule_retry(pk: int, when: datetime) -> None:
    """Ask the worker to try again at ``when`` where the task backend can defer a job (the
    database backend can); elsewhere ``danvan send-notifications`` and the daily watch
    pick the delivery up. A queue that refuses the job only leaves the delivery pending."""
    from django.tasks import task_backends

    from danvan.notifications.tasks import deliver_notices

    try:
        if not task_backends[deliver_notices.backend].supports_defer:
            return
        deliver_notices.using(run_after=when).enqueue([pk])
    except Exception:
        logger.warning("retry of delivery %s could not be queued", pk, exc_info=True)


def _claim(pk: int, planned: datetime | None, now: datetime) -> bool:
    """Take the delivery for one attempt, unless another worker (or the cron command)
    took it since it was listed: then it is theirs, and it is not sent twice."""
    return bool(
        Delivery.objects.filter(
            pk=pk, status=DeliveryStatus.PENDING, next_attempt_at=planned
        ).update(next_attempt_at=now + CLAIM_TIME)
    )


def _attempt(delivery: Delivery, channel: Channel | None, now: datetime) -> str:
    notice = delivery.notice
    petition = notice.petition
    error: DeliveryError | None = None
    if channel is None:
        error = DeliveryError("channel not enabled", permanent=True)
    else:
        message = Message(
            # The address is read now, from the petition: it is stored nowhere else.
            recipient=recipient_of(petition),
            subject=notice.subject,
            text=notice.text,
            reference=f"delivery-{delivery.pk}",
            params={"code": petition.tracking_code, "event": notice.event},
        )
        try:
            channel.send(message)
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # a bug in a channel: keep it for a retry, and say so
            logger.error(
                "delivery %s: channel %s crashed", delivery.pk, channel.name, exc_info=True
            )
            error = DeliveryError(f"{channel.name}: {type(exc).__name__}")
    delivery.attempts += 1
    if error is None:
        delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
        delivery.next_attempt_at, delivery.last_error = None, ""
    elif error.permanent or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        delivery.last_error = error.reason
        logger.warning(
            "delivery %s via %s failed for good after %d attempt(s): %s",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
            error.reason,
        )
    else:
        delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
        delivery.last_error = error.reason
        logger.warning(
            "delivery %s via %s failed (attempt %d of %d), next attempt at %s: %s",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
            MAX_ATTEMPTS,
            delivery.next_attempt_at.isoformat(timespec="minutes"),
            error.reason,
        )
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "last_error", "sent_at"])
    return delivery.status
