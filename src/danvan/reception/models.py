"""Citizen reception (tiếp công dân): sessions, leaders' schedules and the register.

The register (sổ tiếp công dân) holds the fields of Luật Tiếp công dân 2013, Art. 25:
date, name, address, identity paper, content, documents handed in, and how the matter
is handled. A visit may create petitions in the same step, so reception and handling
stay linked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.crypto import EncryptedTextField


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular reception (thường xuyên)")
    LEADER_PERIODIC = "leader_periodic", _("Leader's periodic reception (định kỳ)")
    AD_HOC = "ad_hoc", _("Ad-hoc reception (đột xuất)")


class ReceptionSession(models.Model):
    agency = models.ForeignKey("units.Agency", verbose_name=_("agency"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The head received in person, or delegated the session (counted apart in form 01/TCD).
    delegated = models.BooleanField(_("delegated by the head"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reception session (buổi tiếp công dân)")
        verbose_name_plural = _("reception sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["agency", "held_on"], name="session_agency_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("At least one day a week")
    MONTHLY = "monthly", _("At least one day a month")


class LeaderSchedule(models.Model):
    """A leader's duty to receive citizens in person (Luật Tiếp công dân Art. 12, 15, 18)."""

    agency = models.ForeignKey("units.Agency", verbose_name=_("agency"), on_delete=models.PROTECT)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    frequency = models.CharField(_("required frequency"), max_length=10, choices=Frequency.choices)
    planned_days = models.CharField(
        _("planned days"),
        max_length=100,
        blank=True,
        help_text=_("For example: every Tuesday morning; the 15th of each month."),
    )
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("leader's reception schedule (lịch tiếp công dân)")
        verbose_name_plural = _("leaders' reception schedules")

    def __str__(self) -> str:
        return f"{self.leader} – {self.get_frequency_display()}"


class RefusalGround(models.TextChoices):
    """Luật Tiếp công dân 2013, Art. 9."""

    INCAPACITATED = (
        "incapacitated",
        _("Intoxicated or unable to control their behaviour (Art. 9(1))"),
    )
    THREATENING = "threatening", _("Threatened or insulted officials, broke the rules (Art. 9(2))")
    SETTLED_CASE = (
        "settled_case",
        _("Matter already settled lawfully, reviewed and explained, yet pursued again (Art. 9(3))"),
    )
    OTHER_LAW = "other_law", _("Other case provided by law (Art. 9(4))")


class Handling(models.TextChoices):
    PETITION_RECEIVED = "petition_received", _("Petition received for handling")
    GUIDED = "guided", _("Guided to the competent agency")
    EXPLAINED = "explained", _("Explained and answered on the spot")
    REFUSED = "refused", _("Reception refused")


class Visit(models.Model):
    """One visit (lượt tiếp) in the register; a group visit is one visit of many people."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.PROTECT, related_name="visits")
    register_number = models.PositiveIntegerField(_("register number"))
    visited_at = models.DateTimeField(_("time"))
    full_name = models.CharField(_("full name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    identity_document = EncryptedTextField(_("identity paper number"), blank=True, default="")
    # The visitor brought a denunciation: who came is kept only in the denunciation's
    # protected identity, never on this register line (Luật Tố cáo 2018, Art. 47).
    identity_protected = models.BooleanField(_("identity protected (denouncer)"), default=False)
    people_count = models.PositiveIntegerField(_("number of people"), default=1)
    representatives = models.JSONField(_("representatives"), default=list, blank=True)
    content = models.TextField(_("content"))
    documents_provided = models.TextField(_("documents handed in"), blank=True)
    is_repeat = models.BooleanField(_("repeat visit on the same matter"), default=False)
    handling = models.CharField(_("handling"), max_length=20, choices=Handling.choices)
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    result_notes = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit (lượt tiếp công dân)")
        verbose_name_plural = _("visits")
        ordering = ["session", "register_number"]

    def __str__(self) -> str:
        return f"{self.register_number}. {'—' if self.identity_protected else self.full_name}"

    @property
    def is_group(self) -> bool:
        """A visit of 5 people or more counts as a group (đoàn đông người)."""
        return self.people_count >= 5
