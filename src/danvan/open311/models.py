"""What the platform keeps about requests that arrived through Open311."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceRequest(models.Model):
    """A petition sent through Open311, with the token the client may look it up by, the
    key that sent it and the photo link it gave.

    The row is also what makes the petition's description and place public in GET
    requests: a program holding a key must tell its users that Open311 reports are
    public, while citizens writing on the portal or on paper were never told that.
    """

    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The portal's idempotency key of the submission (OnlineSubmission.key).
    token = models.UUIDField(_("token"), unique=True)
    api_token = models.ForeignKey(
        "api.ApiToken",
        verbose_name=_("API key"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    media_url = models.URLField(_("photo or video link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")

    def __str__(self) -> str:
        return str(self.token)
