"""Sending notifications: rows for the in-app list now, e-mail after commit in a task."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from danvan.notifications.models import Notification


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
