"""Administrators' corrections to the official working calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.calendar.workdays import DAY_OFF, WORKING_DAY


class CalendarOverride(models.Model):
    """An extra day off or a make-up working day decided for one date.

    Wins over the ``holidays`` package, so decisions it does not know yet (a Tết day
    added by the Prime Minister, a swapped working day) still count in deadlines.
    Change rows only through :mod:`danvan.calendar.services`, which audits the change
    and tells deadline owners through ``working_calendar_changed``.
    """

    class Kind(models.TextChoices):
        DAY_OFF = DAY_OFF, _("Day off")
        WORKING_DAY = WORKING_DAY, _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.CharField(
        _("reason"), max_length=300, help_text=_("Shown to citizens, in Vietnamese.")
    )
    legal_reference = models.CharField(
        _("legal reference"),
        max_length=300,
        blank=True,
        help_text=_("The decision or notice that sets this day, with its number and date."),
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

    class Meta:
        verbose_name = _("calendar override (điều chỉnh lịch nghỉ/làm bù)")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[DAY_OFF, WORKING_DAY]),
                name="calendar_override_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"
