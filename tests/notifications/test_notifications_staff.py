"""Staff in-app notifications still work, and their e-mail copies go through the e-mail
channel."""

from __future__ import annotations

import logging

from django.core import mail

from danvan.notifications import tasks
from danvan.notifications.models import Notification
from danvan.notifications.services import notify


def test_in_app_notifications_are_listed_and_marked_read(tree, staff, client_for):
    notify(recipients=[staff.handler, staff.leader], topic="t", title="Hồ sơ quá hạn", body="2")
    assert Notification.objects.filter(recipient=staff.handler, read_at__isnull=True).count() == 1
    client = client_for(staff.handler)
    page = client.get("/staff/notifications/")
    assert "Hồ sơ quá hạn" in page.content.decode()
    client.post("/staff/notifications/read/")
    assert not Notification.objects.filter(recipient=staff.handler, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=staff.leader, read_at__isnull=True).exists()


def test_staff_email_goes_through_the_email_channel_and_a_failure_waits_for_the_watch(
    tree, staff, settings, smtp, django_capture_on_commit_callbacks, caplog
):
    staff.handler.email = "cuong@example.gov.vn"
    staff.handler.save()
    smtp(False)
    with (
        caplog.at_level(logging.WARNING, logger="danvan.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        [row] = notify(recipients=[staff.handler], topic="t", title="Quá hạn", body="1 hồ sơ")
    row.refresh_from_db()
    assert row.emailed_at is None
    assert f"notification {row.pk} failed; will retry: SMTP: ConnectionRefusedError" in caplog.text
    smtp(True)
    assert tasks.resend_pending() == 1
    row.refresh_from_db()
    assert row.emailed_at is not None
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (["cuong@example.gov.vn"], "Quá hạn", "1 hồ sơ")
