"""Matters the households of a village discuss and decide (dân bàn và quyết định,
Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Art. 15–22)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Household(models.Model):
    """A household (hộ gia đình) of a village: the unit that votes (Art. 17)."""

    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    code = models.CharField(_("household code"), max_length=40)
    head_name = models.CharField(_("head or representative"), max_length=200)
    head_name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representative's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household (hộ gia đình)")
        verbose_name_plural = _("households")
        ordering = ["village", "code"]
        constraints = [
            models.UniqueConstraint(fields=["village", "code"], name="decisions_household_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.head_name}"


class Subject(models.TextChoices):
    """The six matters decided by the people (Art. 15)."""

    INFRASTRUCTURE = "infrastructure", _("Contributions to infrastructure and public works")
    COMMUNITY_FUND = "community_fund", _("Collection and use of community funds")
    VILLAGE_RULES = "village_rules", _("Village rules and conventions (hương ước, quy ước)")
    VILLAGE_HEAD = "village_head", _("Electing or dismissing the village head")
    BOARD_MEMBERS = "board_members", _("Electing members of people's boards")
    OTHER = "other", _("Other matters")


class DecisionForm(models.TextChoices):
    """How the households decide (Art. 17)."""

    MEETING = "meeting", _("Meeting of household representatives")
    BALLOT = "ballot", _("Ballot sent to each household")
    ONLINE = "online", _("Online vote")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for votes")
    CLOSED = "closed", _("Closed and counted")
    SENT = "sent", _("Result sent to the commune")
    RECOGNISED = "recognised", _("Recognised by the commune")
    REFUSED = "refused", _("Refused by the commune")


class CommunityDecision(models.Model):
    """One matter put to the households of a village."""

    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="community_decisions",
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    title = models.CharField(_("title"), max_length=300)
    form = models.CharField(_("form"), max_length=10, choices=DecisionForm.choices)
    noticed_on = models.DateField(_("notice given on"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    counting_board = models.JSONField(_("counting board"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    # Snapshot taken when voting opens: households registered later do not move the bar.
    households_total = models.PositiveIntegerField(_("households counted"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    votes_agree = models.PositiveIntegerField(_("agree"), default=0)
    votes_disagree = models.PositiveIntegerField(_("disagree"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstain"), default=0)
    threshold = models.CharField(_("threshold"), max_length=20, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    send_due_on = models.DateField(_("result due at the commune"), null=True, blank=True)
    sent_on = models.DateField(_("result sent on"), null=True, blank=True)
    sent_late = models.BooleanField(_("sent late"), default=False)
    answer_due_on = models.DateField(_("answer due"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_late = models.BooleanField(_("answered late"), default=False)
    answer_reason = models.TextField(_("reason for the answer"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community decision (dân bàn và quyết định)")
        verbose_name_plural = _("community decisions")
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class VoteChannel(models.TextChoices):
    PAPER = "paper", _("Paper ballot entered by the counting board")
    ONLINE = "online", _("Online by the household representative")


class HouseholdVote(models.Model):
    """The one vote of a household on a decision, whatever the channel."""

    decision = models.ForeignKey(
        CommunityDecision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="votes"
    )
    choice = models.CharField(_("choice"), max_length=10, choices=VoteChoice.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=VoteChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        verbose_name = _("household vote")
        verbose_name_plural = _("household votes")
        constraints = [
            # The database, not only the service, keeps one vote per household.
            models.UniqueConstraint(fields=["decision", "household"], name="decisions_one_vote")
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.choice}"


class CitizenInitiative(models.Model):
    """A matter households ask to put to the vote (Art. 16): it must gather the support of
    at least 10% of the village's households within 3 months."""

    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="citizen_initiatives",
    )
    title = models.CharField(_("title"), max_length=300)
    proposed_on = models.DateField(_("proposed on"))
    valid_until = models.DateField(_("valid until"))
    supported_on = models.DateField(_("enough support reached on"), null=True, blank=True)
    supporters = models.ManyToManyField(
        Household, verbose_name=_("supporting households"), related_name="initiatives"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citizen initiative (kiến nghị của công dân)")
        verbose_name_plural = _("citizen initiatives")
        ordering = ["-proposed_on", "-pk"]

    def __str__(self) -> str:
        return self.title
