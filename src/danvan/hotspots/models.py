"""Hotspot early warning (cảnh báo sớm điểm nóng): thresholds and the alerts sent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HotspotThreshold(models.Model):
    """The score above which a province is alerted about one of its units."""

    province = models.OneToOneField(
        "units.AdministrativeUnit",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    threshold = models.FloatField(_("alert threshold (score)"))
    window_days = models.PositiveSmallIntegerField(_("window (days)"), default=30)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hotspot alert threshold")
        verbose_name_plural = _("hotspot alert thresholds")

    def __str__(self) -> str:
        return f"{self.province_id}: {self.threshold}"


class HotspotAlert(models.Model):
    """One alert: a unit crossed the threshold on a day. A unit is alerted again only
    after it has dropped below the threshold."""

    province = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    raised_on = models.DateField(_("raised on"))
    score = models.FloatField(_("score"))
    threshold = models.FloatField(_("threshold"))
    details = models.JSONField(default=dict, blank=True)
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)

    class Meta:
        verbose_name = _("hotspot alert")
        verbose_name_plural = _("hotspot alerts")
        ordering = ["-raised_on", "-score"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.raised_on} {self.score:.1f}"
