from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnlineSubmission(models.Model):
    """One submission from the portal, keyed by the form's idempotency key, so that a
    double click or a retried request never creates a second case."""

    key = models.UUIDField(_("idempotency key"), unique=True)
    petitions = models.ManyToManyField("petitions.Petition", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("online submission (đơn gửi trực tuyến)")
        verbose_name_plural = _("online submissions")

    def __str__(self) -> str:
        return str(self.key)
