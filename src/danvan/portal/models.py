from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnlineSubmission(models.Model):
    """One submission from the portal, keyed by the form's idempotency key, so that a
    double click or a retried request never creates a second case."""

    key = models.UUIDField(_("idempotency key"), unique=True)
    # A keyed hash of the sender's address, for rate limits without keeping the address.
    sender_hash = models.CharField(max_length=64, blank=True, db_index=True)
    petitions = models.ManyToManyField("petitions.Petition", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("online submission (đơn gửi trực tuyến)")
        verbose_name_plural = _("online submissions")

    def __str__(self) -> str:
        return str(self.key)
