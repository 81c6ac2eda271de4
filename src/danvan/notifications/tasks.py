from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from danvan.notifications.channels import DeliveryError, EmailChannel, Message, Recipient
from danvan.notifications.models import Notification
from danvan.notifications.services import DeliveryReport, deliver

logger = logging.getLogger(__name__)


def _email_channel() -> EmailChannel:
    # Built per run with this module's ``send_mail``, so replacing that one name (as
    # the tests do to simulate a mail server that is down) reaches every staff e-mail.
    return EmailChannel(send_mail=send_mail)


@task()
def send_notification_emails(ids: list[int]) -> int:
    """E-mail each notification not yet e-mailed; a failure is logged and left for a
    later retry (the row keeps ``emailed_at`` empty), never raised into the caller."""
    sent = 0
    channel = _email_channel()
    pending = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient"
    )
    for notification in pending:
        address = notification.recipient.email
        if not address:
            continue
        try:
            channel.send(
                Message(
                    recipient=Recipient(email=address),
                    subject=notification.title,
                    text=notification.body,
                    reference=f"notification-{notification.pk}",
                )
            )
        except DeliveryError as exc:
            logger.warning(
                "e-mail for notification %s failed; will retry: %s", notification.pk, exc.reason
            )
            continue
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        sent += 1
    return sent


def resend_pending(*, max_age_days: int = 7) -> int:
    """Retry e-mails that failed earlier (run by the daily watch)."""
    since = timezone.now() - timedelta(days=max_age_days)
    ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__gte=since, recipient__email__isnull=False
        ).values_list("pk", flat=True)
    )
    return send_notification_emails.call(ids) if ids else 0


@task()
def deliver_notices(ids: list[int]) -> dict[str, int]:
    """Send the citizens' messages queued by ``notify_citizen`` (after commit)."""
    return asdict(deliver(ids=ids))


def retry_due_deliveries(*, now: datetime | None = None, limit: int = 1000) -> DeliveryReport:
    """Send every citizen message whose next attempt is due: those that failed for a
    temporary reason and those whose task never ran. Run by ``danvan send-notifications``
    (from cron every few minutes) and by the daily watch."""
    return deliver(now=now, limit=limit)
