from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message to one user; e-mail copies are sent by a background task."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    topic = models.CharField(_("topic"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification (thông báo)")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class CitizenEvent(models.TextChoices):
    """The steps of a case a citizen is told about."""

    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted for resolution")
    REFUSED = "refused", _("Not accepted")
    FORWARDED = "forwarded", _("Forwarded to the competent agency")
    GUIDED = "guided", _("Guided to the competent agency")
    DECIDED = "decided", _("Decided")
    EXTENDED = "extended", _("Period extended")


class CitizenNotice(models.Model):
    """What a citizen was told about a step of their case, in the words sent.

    The text names no one and repeats nothing of the content; it is kept even when no
    channel can reach the person, so the public tracking page can show it.
    """

    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.CASCADE, related_name="citizen_notices"
    )
    event = models.CharField(_("event"), max_length=16, choices=CitizenEvent.choices)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citizen notice (thông báo cho người dân)")
        verbose_name_plural = _("citizen notices")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.event}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One notice through one channel. The address is read from the petition when
    sending; only a masked hint is stored here (personal data stays in one place)."""

    notice = models.ForeignKey(CitizenNotice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=40)
    address_hint = models.CharField(_("address (masked)"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery (lần gửi thông báo)")
        verbose_name_plural = _("deliveries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel"], name="delivery_one_per_channel")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.channel} {self.status}"
