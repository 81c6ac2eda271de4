"""Disclosures (công khai thông tin) of a commune: Luật 10/2022/QH15, Đ.11–13."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    """The 14 subjects a commune must disclose (Đ.11), numbered as in the law."""

    PLANS = "s01", _("1. Socio-economic plans (kế hoạch phát triển kinh tế - xã hội)")
    BUDGET = "s02", _("2. Budget estimates and final accounts (dự toán, quyết toán ngân sách)")
    LAND = (
        "s03",
        _(
            "3. Projects, land recovery, compensation and resettlement "
            "(dự án, thu hồi đất, bồi thường, tái định cư)"
        ),
    )
    DEMOCRACY_RULES = (
        "s04",
        _("4. Rules on grassroots democracy of the commune (quy chế thực hiện dân chủ)"),
    )
    FUNDS_RAISED = "s05", _("5. Contributions raised from the people (các khoản huy động)")
    PUBLIC_ASSETS = "s06", _("6. Management of public assets (quản lý tài sản công)")
    SOCIAL_SUPPORT = "s07", _("7. Lists of people receiving social support (chính sách an sinh)")
    RELIEF = "s08", _("8. Relief and emergency support (cứu trợ, hỗ trợ khẩn cấp)")
    CALL_UP = "s09", _("9. Military call-up lists (danh sách gọi nhập ngũ)")
    INSPECTION = (
        "s10",
        _("10. Inspection results and corruption cases (kết quả thanh tra, vụ việc tham nhũng)"),
    )
    CONSULTATION = "s11", _("11. Results of consulting the people (kết quả lấy ý kiến)")
    FEES = "s12", _("12. Fees and charges (phí, lệ phí)")
    PROCEDURES = "s13", _("13. Administrative procedures (thủ tục hành chính)")
    OTHER = "s14", _("14. Other matters required by law (nội dung khác)")

    @classmethod
    def number(cls, n: int) -> Subject:
        return cls(f"s{n:02d}")


class Form(models.TextChoices):
    """How the information was made known (Đ.12)."""

    NOTICE_BOARD = "notice_board", _("Posted at the commune office (niêm yết)")
    PORTAL = "portal", _("Published on the portal (cổng thông tin)")
    LOUDSPEAKER = "loudspeaker", _("Read on the loudspeaker (loa truyền thanh)")
    VILLAGE = "village", _("Through the village head or village meeting (trưởng thôn, hội nghị)")
    OTHER = "other", _("Other")


class Disclosure(models.Model):
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    # The unit's tree path, so a province reads its communes' disclosures with one prefix.
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    subject = models.CharField(_("subject"), max_length=4, choices=Subject.choices)
    title = models.CharField(_("title"), max_length=300)
    decided_on = models.DateField(_("date of the decision or document"))
    published_on = models.DateField(_("disclosed on"), null=True, blank=True)
    posting_until = models.DateField(_("posted until"), null=True, blank=True)
    permanent = models.BooleanField(_("posted permanently"), default=False)
    forms = models.JSONField(_("forms of disclosure"), default=list, blank=True)
    loudspeaker_days = models.PositiveSmallIntegerField(
        _("days on the loudspeaker"), null=True, blank=True
    )
    document = models.ForeignKey(
        "documents.Attachment",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(_("shown on the citizen portal"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("disclosure (công khai thông tin)")
        verbose_name_plural = _("disclosures")
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["unit_path", "decided_on"], name="disclosure_path_day"),
            models.Index(fields=["unit", "published_on"], name="disclosure_unit_pub"),
        ]

    def __str__(self) -> str:
        return self.title
