"""Statutory deadline rules as versioned data: one row per version of a rule."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

RULE_ID_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"
VARIANT_NAMES = ("complex", "remote", "remote_complex", "several_locations")


class Unit(models.TextChoices):
    WORKING = "working", _("Working days")
    CALENDAR = "calendar", _("Calendar days")


class Direction(models.TextChoices):
    AFTER = "after", _("After the event")
    BEFORE = "before", _("Before the event (notice period)")


class DeadlineRule(models.Model):
    """One version of a statutory period, in force from ``effective_from``.

    A case keeps the version in force when its clock started (see
    :func:`danvan.deadlines.selectors.rule_in_force`), so a new version never moves
    deadlines already running. Rows are added by migrations, never edited in place.
    """

    rule_id = models.CharField(
        _("rule id"),
        max_length=64,
        validators=[RegexValidator(RULE_ID_PATTERN)],
        help_text=_('Stable identifier such as "complaint.first".'),
    )
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(
        _("effective until"),
        null=True,
        blank=True,
        help_text=_("For information; the next version's start is what counts."),
    )
    title = models.CharField(_("title"), max_length=300)
    days = models.PositiveIntegerField(_("days"))
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.AFTER
    )
    starts_on = models.CharField(
        _("starts on"), max_length=300, help_text=_("The event that starts the clock.")
    )
    variants = models.JSONField(
        _("variants"),
        default=dict,
        blank=True,
        help_text=_(
            "Other periods in days for complex, remote, remote_complex and "
            "several_locations cases; a missing key means the base period."
        ),
    )
    max_extensions = models.PositiveSmallIntegerField(_("maximum extensions"), default=0)
    extension_days = models.PositiveIntegerField(_("days per extension"), default=0)
    roll_forward = models.BooleanField(
        _("move off days off"),
        default=True,
        help_text=_(
            "A calendar-day period ending on a day off ends on the next working day "
            "(Civil Code 2015, Art. 148); a notice period moves to the previous one."
        ),
    )
    citation = models.CharField(_("citation"), max_length=300)
    source_note = models.TextField(_("source note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline rule version (quy định thời hạn)")
        verbose_name_plural = _("deadline rule versions")
        ordering = ["rule_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_id", "effective_from"], name="deadline_rule_version_unique"
            ),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="deadline_rule_days_pos"),
            models.CheckConstraint(
                condition=models.Q(unit__in=Unit.values), name="deadline_rule_unit_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="deadline_rule_direction_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.effective_from.isoformat()})"
