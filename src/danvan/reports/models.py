"""Periodic reports (báo cáo định kỳ): drafted from the figures, issued with a number.

A report is a draft while officers edit its narrative; its table is recomputed on
request. Issuing freezes the table (``data``), gives the report the agency's next number
and stores the XLSX, PDF and DOCX files; from then on nothing about it changes, whatever
happens to the cases it counted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.reports.periodic_periods import PeriodKind


class IssuedReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        related_name="periodic_reports",
    )
    # The agency's unit, kept for lists and permission checks by unit.
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    form_code = models.CharField(_("form"), max_length=20)
    form_version = models.CharField(_("form version"), max_length=20)
    period_kind = models.CharField(_("reporting period"), max_length=16, choices=PeriodKind.choices)
    period_year = models.PositiveSmallIntegerField(_("year"))
    period_number = models.PositiveSmallIntegerField(_("period number"))
    period_start = models.DateField(_("data from"))
    period_end = models.DateField(_("data until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The table as computed (see reports.periodic_selectors.build_table); frozen at issue.
    data = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("figures computed at"))
    narrative = models.TextField(_("narrative"), blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    number_text = models.CharField(_("number and symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    xlsx_file = models.ForeignKey(
        "documents.Attachment",
        verbose_name=_("XLSX file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pdf_file = models.ForeignKey(
        "documents.Attachment",
        verbose_name=_("PDF file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    docx_file = models.ForeignKey(
        "documents.Attachment",
        verbose_name=_("DOCX file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("periodic report (báo cáo định kỳ)")
        verbose_name_plural = _("periodic reports")
        ordering = ["-period_end", "form_code", "-pk"]
        indexes = [
            models.Index(fields=["unit", "period_end"], name="report_unit_period"),
        ]
        constraints = [
            # One draft at a time per agency, form and period: officers share it.
            models.UniqueConstraint(
                fields=[
                    "agency",
                    "form_code",
                    "form_version",
                    "period_kind",
                    "period_year",
                    "period_number",
                ],
                condition=models.Q(status="draft"),
                name="report_one_draft_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(number__isnull=False, issued_on__isnull=False)
                    & ~models.Q(number_text="")
                ),
                name="report_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        number = self.number_text or str(_("draft"))
        return f"{self.form_code} {self.period_year} ({number})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
