"""Acceptance: a notification failure (SMTP down) is retried and logged; the case update
is saved regardless."""

from __future__ import annotations

import logging
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from danvan.audit.models import AuditEntry
from danvan.notifications import services, sms
from danvan.notifications.models import CitizenEvent, CitizenNotice, Delivery, DeliveryStatus
from danvan.notifications.services import MAX_ATTEMPTS, RETRY_DELAYS
from danvan.notifications.tasks import retry_due_deliveries
from danvan.petitions import services as petitions
from danvan.petitions.models import PetitionEvent, Status
from tests.notifications.conftest import EMAIL, D, classified, receive_with_contact


def accept_while_smtp_is_down(tree, staff, settings, smtp, capture, caplog):
    """Receive and classify with the mail server up, then accept while it is down."""
    settings.DANVAN_NOTIFICATION_CHANNELS = ["email"]
    with capture(execute=True):
        p = classified(staff, receive_with_contact(staff, tree.agency(tree.ba_dinh)))
    mail.outbox.clear()
    smtp(False)
    with caplog.at_level(logging.WARNING, logger="danvan.notifications"), capture(execute=True):
        p = petitions.accept(
            actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-03-04")
        )
    return p, CitizenNotice.objects.get(petition=p, event=CitizenEvent.ACCEPTED).deliveries.get()


def test_smtp_down_the_step_is_saved_and_the_message_is_sent_once_smtp_is_back(
    tree, staff, settings, smtp, django_capture_on_commit_callbacks, caplog
):
    before = timezone.now()
    p, delivery = accept_while_smtp_is_down(
        tree, staff, settings, smtp, django_capture_on_commit_callbacks, caplog
    )

    # The case update is saved: status, event and audit entry.
    p.refresh_from_db()
    assert p.status == Status.ACCEPTED
    assert PetitionEvent.objects.filter(petition=p, action="accept").exists()
    assert AuditEntry.objects.filter(action="petitions.accept", target_id=str(p.pk)).exists()

    # The message waits for a retry, and the failure is logged without the address.
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now()
    assert delivery.next_attempt_at >= before + RETRY_DELAYS[0]
    assert "ConnectionRefusedError" in delivery.last_error
    warnings = [r for r in caplog.records if r.name == "danvan.notifications"]
    assert [r.levelno for r in warnings] == [logging.WARNING]
    assert f"delivery {delivery.pk} via email failed (attempt 1 of 5)" in warnings[0].getMessage()
    assert EMAIL not in caplog.text
    assert mail.outbox == []

    # Nothing is due before the delay.
    assert retry_due_deliveries().sent == 0
    delivery.refresh_from_db()
    assert delivery.attempts == 1

    # Later, still down: a second attempt, and a longer wait.
    later = timezone.now() + timedelta(minutes=6)
    report = retry_due_deliveries(now=later)
    assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 2)
    assert delivery.next_attempt_at == later + RETRY_DELAYS[1]

    # The mail server is back: the next run sends it.
    smtp(True)
    report = retry_due_deliveries(now=later + timedelta(hours=1))
    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert (delivery.attempts, delivery.last_error, delivery.next_attempt_at) == (3, "", None)
    assert delivery.sent_at is not None
    [sent] = mail.outbox
    assert sent.to == [EMAIL]
    assert p.tracking_code in sent.body

    # Sent once: later runs leave it alone.
    assert retry_due_deliveries(now=later + timedelta(days=3)).sent == 0
    assert len(mail.outbox) == 1


def test_after_five_failures_the_delivery_fails_and_is_not_retried(
    tree, staff, settings, smtp, django_capture_on_commit_callbacks, caplog
):
    _p, delivery = accept_while_smtp_is_down(
        tree, staff, settings, smtp, django_capture_on_commit_callbacks, caplog
    )
    now = timezone.now()
    for attempt in range(2, MAX_ATTEMPTS + 1):
        now += RETRY_DELAYS[attempt - 2] + timedelta(seconds=1)
        retry_due_deliveries(now=now)
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None
    assert "failed for good after 5 attempt(s)" in caplog.text

    smtp(True)
    assert retry_due_deliveries(now=now + timedelta(days=30)).sent == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert mail.outbox == []


def test_a_plugged_in_channel_is_used_and_a_permanent_failure_fails_at_once(
    tree, staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.notifications import fake_channels

    settings.DANVAN_NOTIFICATION_CHANNELS = ["tests.notifications.fake_channels.PigeonChannel"]
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    delivery = Delivery.objects.get(notice__petition=p)
    assert (delivery.channel, delivery.status) == ("pigeon", DeliveryStatus.SENT)
    assert fake_channels.sent[-1].reference == f"delivery-{delivery.pk}"

    monkeypatch.setattr(fake_channels, "refusing", True)
    with django_capture_on_commit_callbacks(execute=True):
        p = classified(staff, p)
        p = petitions.accept(
            actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-03-04")
        )
    delivery = Delivery.objects.get(notice__petition=p, notice__event=CitizenEvent.ACCEPTED)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert (delivery.last_error, delivery.next_attempt_at) == ("pigeon refused", None)
    monkeypatch.setattr(fake_channels, "refusing", False)
    assert retry_due_deliveries(now=timezone.now() + timedelta(days=1)).sent == 0


def test_a_channel_no_longer_enabled_fails_its_pending_deliveries(tree, staff, settings):
    p = receive_with_contact(staff, tree.agency(tree.ba_dinh))  # queued, not yet sent
    settings.DANVAN_NOTIFICATION_CHANNELS = ["email"]
    report = retry_due_deliveries()
    assert (report.sent, report.failed) == (1, 1)
    failed = Delivery.objects.get(notice__petition=p, channel="sms")
    assert (failed.status, failed.last_error) == (DeliveryStatus.FAILED, "channel not enabled")
    assert sms.outbox == []


def test_a_queue_that_cannot_take_the_job_leaves_the_message_for_the_cron_command(
    tree, staff, monkeypatch, django_capture_on_commit_callbacks
):
    from danvan.notifications import tasks

    def queue_down(*args, **kwargs):
        raise ConnectionError("task queue unavailable")

    monkeypatch.setattr(tasks, "deliver_notices", SimpleNamespace(enqueue=queue_down))
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    p.refresh_from_db()
    assert p.status == Status.RECEIVED
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    monkeypatch.undo()

    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert "Đã gửi: 2" in out.getvalue()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(sms.outbox) == len(mail.outbox) == 1


def test_the_daily_watch_also_sends_what_is_due(tree, staff):
    from danvan.petitions.tasks import watch_deadlines_task

    receive_with_contact(staff, tree.agency(tree.ba_dinh))  # queued, not yet sent
    watch_deadlines_task.call()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_delivery_is_taken_by_one_worker_only(tree, staff):
    receive_with_contact(staff, tree.agency(tree.ba_dinh))  # queued, not yet sent
    delivery = Delivery.objects.filter(channel="email").get()
    now = timezone.now()
    # Two workers listed it at the same time; the second to claim it finds it taken.
    assert services._claim(delivery.pk, delivery.next_attempt_at, now)
    assert not services._claim(delivery.pk, delivery.next_attempt_at, now)
    report = retry_due_deliveries(now=now)
    assert (report.sent, len(mail.outbox), len(sms.outbox)) == (1, 0, 1)
    # A worker that died mid-send leaves it to be tried again after the claim expires.
    report = retry_due_deliveries(now=now + services.CLAIM_TIME)
    assert (report.sent, len(mail.outbox)) == (1, 1)


def test_with_a_deferring_queue_the_retry_is_queued_for_its_time(
    tree, staff, settings, smtp, django_capture_on_commit_callbacks, caplog
):
    """With a backend that can defer jobs (the database backend in production), the worker
    retries by itself at the planned time; no cron job is needed."""
    from django.tasks import task_backends

    _petition, delivery = accept_while_smtp_is_down(
        tree, staff, settings, smtp, django_capture_on_commit_callbacks, caplog
    )
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    later = timezone.now() + timedelta(minutes=6)
    services.deliver(now=later)
    delivery.refresh_from_db()
    [queued] = backend.results
    assert queued.task.name == "deliver_notices"
    assert queued.args == [[delivery.pk]]
    assert queued.task.run_after == delivery.next_attempt_at
