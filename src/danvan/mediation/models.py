"""Grassroots mediation (hòa giải ở cơ sở, Luật Hòa giải ở cơ sở 2013): one mediation
team per village, its members, the disputes it mediates and the sessions held."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Art. 12: a mediation team has at least three members.
MIN_MEMBERS = 3


class MediationTeam(models.Model):
    # The commune is kept beside the village so that counts group by commune directly.
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="mediation_teams",
    )
    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="village_mediation_teams",
    )
    name = models.CharField(_("name"), max_length=200)
    formed_on = models.DateField(_("formed on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation team (tổ hòa giải)")
        verbose_name_plural = _("mediation teams")
        ordering = ["commune", "village__name_collation", "-formed_on"]
        constraints = [
            # The database too keeps one team in activity per village.
            models.UniqueConstraint(
                fields=["village"],
                condition=models.Q(dissolved_on__isnull=True),
                name="mediation_one_active_team",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MediationMember(models.Model):
    team = models.ForeignKey(
        MediationTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    is_leader = models.BooleanField(_("team leader (tổ trưởng)"), default=False)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mediator (hòa giải viên)")
        verbose_name_plural = _("mediators")
        ordering = ["team", "-is_leader", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_serving(self) -> bool:
        return self.left_on is None


class CaseKind(models.TextChoices):
    LAND_BOUNDARY = "land_boundary", _("Land boundary (ranh giới đất)")
    FAMILY = "family", _("Marriage and family (hôn nhân, gia đình)")
    NEIGHBOURS = "neighbours", _("Between neighbours (mâu thuẫn hàng xóm)")
    PROPERTY = "property", _("Property and debts (tài sản, vay mượn)")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Being mediated")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    SUCCESSFUL = "successful", _("Successful (hòa giải thành)")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful (hòa giải không thành)")
    REFERRED = "referred", _("Referred to the competent authority")
    WITHDRAWN = "withdrawn", _("Withdrawn by the parties")


class MediationCase(models.Model):
    team = models.ForeignKey(
        MediationTeam, verbose_name=_("team"), on_delete=models.PROTECT, related_name="cases"
    )
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="village_mediation_cases",
    )
    received_on = models.DateField(_("received on"))
    kind = models.CharField(_("kind of dispute"), max_length=20, choices=CaseKind.choices)
    summary = models.TextField(_("summary"))
    # Personal data: shown only to staff who may read the commune, never in statistics.
    parties = models.JSONField(_("parties"), default=list)
    mediators = models.ManyToManyField(
        MediationMember, verbose_name=_("mediators"), related_name="cases", blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    agreement = models.TextField(_("agreement reached"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation case (vụ việc hòa giải)")
        verbose_name_plural = _("mediation cases")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["commune", "received_on"], name="mediation_case_received"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.received_on:%d/%m/%Y}"


class MediationSession(models.Model):
    case = models.ForeignKey(
        MediationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["case", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y}"
