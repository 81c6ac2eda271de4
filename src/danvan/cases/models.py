"""Case families (vụ việc): the papers (đơn) that are one matter.

One grievance sent to the commune, the province and the centre is three đơn and one vụ
việc; a repeat after a decision (tái diễn) and a related paper join the same family.
Every petition belongs to exactly one family, created with it; confirmed links merge
families. Statistics count đơn as petitions and vụ việc as distinct families.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseFamily(models.Model):
    # Where the matter is: the lowest unit common to its papers' units.
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    first_received_on = models.DateField(_("first received on"))
    last_received_on = models.DateField(_("last received on"))
    # Cached figures and flags, refreshed by cases.services.refresh_family whenever a
    # member changes and every night (prolonged depends on today).
    petition_count = models.PositiveIntegerField(_("papers (đơn)"), default=1)
    repeat_count = models.PositiveIntegerField(_("repeats"), default=0)
    max_people = models.PositiveIntegerField(_("most signers or visitors"), default=1)
    is_open = models.BooleanField(_("open"), default=True)
    is_mass = models.BooleanField(_("mass case (đông người)"), default=False)
    is_prolonged = models.BooleanField(_("prolonged case (kéo dài)"), default=False)
    is_level_skipping = models.BooleanField(
        _("sent past the competent level (vượt cấp)"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case family (vụ việc)")
        verbose_name_plural = _("case families")
        indexes = [
            models.Index(fields=["unit_path", "last_received_on"], name="family_unit_period"),
        ]

    def __str__(self) -> str:
        return f"VV-{self.pk}"


class LinkKind(models.TextChoices):
    COPY = "copy", _("Copy of the same paper sent to several bodies")
    REPEAT = "repeat", _("Repeat after a decision (tái diễn)")
    RELATED = "related", _("Related")


class PetitionLink(models.Model):
    """A link an officer confirmed between a new petition and an earlier one."""

    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.CASCADE, related_name="links_out"
    )
    other = models.ForeignKey(
        "petitions.Petition", on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("kind of link"), max_length=10, choices=LinkKind.choices)
    # Why the match was offered (["person", "content", "place"]) and the text score.
    reasons = models.JSONField(default=list, blank=True)
    score = models.FloatField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link between petitions")
        verbose_name_plural = _("links between petitions")
        constraints = [
            models.UniqueConstraint(fields=["petition", "other"], name="petition_link_once"),
            models.CheckConstraint(
                condition=~models.Q(petition=models.F("other")), name="petition_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} → {self.other_id} ({self.kind})"
