"""People's boards of a commune (dân kiểm tra, giám sát): the People's Inspection Board
and the Community Investment Supervision Boards (Luật Thực hiện dân chủ ở cơ sở
10/2022/QH15; Nghị định 59/2023/NĐ-CP), their members, plans, visits and
recommendations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.crypto import EncryptedTextField


class BoardKind(models.TextChoices):
    PEOPLES_INSPECTION = (
        "inspection",
        _("People's Inspection Board (Ban thanh tra nhân dân)"),
    )
    INVESTMENT_SUPERVISION = (
        "supervision",
        _("Community Investment Supervision Board (Ban giám sát đầu tư của cộng đồng)"),
    )


class Board(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=BoardKind.choices)
    # Always the commune, even for a village's board: figures are grouped by commune.
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="boards",
    )
    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="village_boards",
    )
    name = models.CharField(_("name"), max_length=200)
    project_name = models.CharField(_("project"), max_length=300, blank=True)
    project_name_folded = models.CharField(max_length=300, blank=True, editable=False)
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("people's board (ban nhân dân)")
        verbose_name_plural = _("people's boards")
        ordering = ["commune__path", "kind", "-term_starts_on", "pk"]
        constraints = [
            # One supervision board per project of the commune while it works; the
            # service gives the readable message, this catches concurrent creations.
            models.UniqueConstraint(
                fields=["commune", "project_name_folded"],
                condition=Q(kind="supervision", dissolved_on__isnull=True),
                name="boards_one_board_per_project",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


class Position(models.TextChoices):
    HEAD = "head", _("Head (trưởng ban)")
    DEPUTY = "deputy", _("Deputy head (phó trưởng ban)")
    MEMBER = "member", _("Member (thành viên)")


class BoardMember(models.Model):
    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    full_name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    citizen_id = EncryptedTextField(
        _("citizen ID number"), blank=True, default="", digest_field="citizen_id_digest"
    )
    # Keyed digest of the ID so the same person can be found without decrypting.
    citizen_id_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    position = models.CharField(
        _("position"), max_length=10, choices=Position.choices, default=Position.MEMBER
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_memberships",
    )
    holds_commune_office = models.BooleanField(
        _("holds an office at the commune (cán bộ, công chức xã)"), default=False
    )
    involved_in_project = models.BooleanField(
        _("belongs to the investor, contractor or consultant of the project"), default=False
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("board member (thành viên ban)")
        verbose_name_plural = _("board members")
        ordering = ["board", "left_on", "position", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class BoardPlan(models.Model):
    """The board's programme of work for one quarter (kế hoạch hoạt động)."""

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    content = models.TextField(_("content"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quarterly plan (kế hoạch quý)")
        verbose_name_plural = _("quarterly plans")
        ordering = ["board", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "year", "quarter"], name="boards_one_plan_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="boards_plan_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board} Q{self.quarter}/{self.year}"


class SupervisionVisit(models.Model):
    """One inspection or supervision on the spot (kiểm tra, giám sát)."""

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    subject = models.CharField(_("place or subject"), max_length=300)
    participants = models.ManyToManyField(
        BoardMember, verbose_name=_("members taking part"), blank=True, related_name="visits"
    )
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision visit (kiểm tra, giám sát)")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return self.subject


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Recommendation(models.Model):
    """A recommendation (kiến nghị) of the board to the competent body."""

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="recommendations"
    )
    visit = models.ForeignKey(
        SupervisionVisit,
        verbose_name=_("visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    addressed_to = models.ForeignKey(
        "units.Agency",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="board_recommendations",
    )
    content = models.TextField(_("content"))
    sent_on = models.DateField(_("sent on"))
    answer_due_on = models.DateField(_("answer due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_late = models.BooleanField(_("answered late"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    follow_up = models.TextField(_("follow-up notes"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("board recommendation (kiến nghị)")
        verbose_name_plural = _("board recommendations")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["board", "sent_on"], name="boards_rec_board_sent")]

    def __str__(self) -> str:
        return self.content[:80]
