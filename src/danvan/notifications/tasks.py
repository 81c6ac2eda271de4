from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from danvan.notifications.models import Notification

logger = logging.getLogger(__name__)


@task()
def send_notification_emails(ids: list[int]) -> int:
    """E-mail each notification not yet e-mailed; a failure is logged and left for a
    later retry (the row keeps ``emailed_at`` empty), never raised into the caller."""
    sent = 0
    pending = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient"
    )
    for notification in pending:
        address = notification.recipient.email
        if not address:
            continue
        try:
            send_mail(
                subject=notification.title,
                message=notification.body,
                from_email=None,
                recipient_list=[address],
            )
        except OSError:
            logger.warning(
                "e-mail for notification %s failed; will retry", notification.pk, exc_info=True
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
