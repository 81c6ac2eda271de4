"""Incremental petition figures: one fact row per petition and counts per unit and period.

``PetitionFact`` holds what one petition contributes to the figures (where it is
handled, the day it was received, its kind, channel and flags). ``UnitPeriodFigures``
holds, for one unit (the unit of the handling agency) and one period, one column per
figure: the sum of the facts of the petitions that unit received in that period. Rows
exist only when at least one petition was received. Figures of a unit and everything
below it are the sum of the rows whose ``unit_path`` starts with the unit's path.

Periods come in two grains: whole calendar months, and halves of a month (the 1st to
the 14th, the 15th to the end). Statutory report periods run from the 15th to the
14th, so they and calendar months are made of whole rows. A half-month only partly in
an arbitrary period is counted from the facts of its days in the period, or as its row
less the facts of its other days, whichever reads fewer days; the facts are indexed
by day. Daily rows would not pay: a commune receives about one petition a day, so
they would be nearly as many as the facts, and each change would write a third row.

Only ``danvan.figures.services`` writes these tables.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.TextChoices):
    MONTH = "m", _("Month")
    HALF_MONTH = "h", _("Half month (1st–14th or 15th–end)")


# Count columns of UnitPeriodFigures: the figures (names as in
# danvan.figures.selectors.FIGURE_NAMES), then one per channel of arrival.
FIGURE_COLUMNS: tuple[str, ...] = (
    "received",
    "cases",
    "complaint",
    "denunciation",
    "petition",
    "feedback",
    "within_competence",
    "forwarded",
    "accepted",
    "resolved",
    "resolved_on_time",
    "overdue_now",
    "repeated",
)
CHANNEL_PREFIX = "channel_"
CHANNEL_COLUMNS: tuple[str, ...] = (
    "channel_reception",
    "channel_post",
    "channel_portal",
    "channel_hotline",
    "channel_email",
    "channel_transfer",
)
COUNT_COLUMNS: tuple[str, ...] = FIGURE_COLUMNS + CHANNEL_COLUMNS


class PetitionFact(models.Model):
    """What one petition contributes to the figures, as last counted. The difference
    between this and a fresh count of the petition is what a change adds to the
    counts; ``danvan rebuild-figures`` compares both with the petition table."""

    # No database constraint: the counts must be able to outlive a deleted petition
    # until the rebuild takes them out, and the fact table stays cheap to fill.
    petition = models.OneToOneField(
        "petitions.Petition",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    unit_path = models.CharField(max_length=255)
    received_on = models.DateField()
    kind = models.CharField(max_length=16)
    channel = models.CharField(max_length=16)
    within_competence = models.BooleanField(default=False)
    forwarded = models.BooleanField(default=False)
    accepted = models.BooleanField(default=False)
    resolved = models.BooleanField(default=False)
    resolved_on_time = models.BooleanField(default=False)
    overdue_now = models.BooleanField(default=False)
    repeated = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("petition fact")
        verbose_name_plural = _("petition facts")
        indexes = [
            # The days of a period outside whole half-months, for a subtree or the nation.
            models.Index(
                fields=["unit_path", "received_on"],
                name="figures_fact_path_day",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["received_on"], name="figures_fact_day"),
            # The daily watch compares the overdue facts with the petitions' flags.
            models.Index(
                fields=["petition"],
                name="figures_fact_overdue",
                condition=models.Q(overdue_now=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.unit_path} {self.received_on}"


class UnitPeriodFigures(models.Model):
    """Counts of the petitions one unit's agencies received in one month or half-month."""

    unit_path = models.CharField(max_length=255)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField()  # the first day: the 1st of the month, or the 1st or 15th

    received = models.IntegerField(default=0)
    cases = models.IntegerField(default=0)
    complaint = models.IntegerField(default=0)
    denunciation = models.IntegerField(default=0)
    petition = models.IntegerField(default=0)
    feedback = models.IntegerField(default=0)
    within_competence = models.IntegerField(default=0)
    forwarded = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    overdue_now = models.IntegerField(default=0)
    repeated = models.IntegerField(default=0)

    channel_reception = models.IntegerField(default=0)
    channel_post = models.IntegerField(default=0)
    channel_portal = models.IntegerField(default=0)
    channel_hotline = models.IntegerField(default=0)
    channel_email = models.IntegerField(default=0)
    channel_transfer = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("figures of a unit and period")
        verbose_name_plural = _("figures of units and periods")
        constraints = [
            models.UniqueConstraint(
                fields=["unit_path", "grain", "period"], name="figures_unit_period_key"
            )
        ]
        indexes = [
            # The nation: every unit for a few periods.
            models.Index(fields=["grain", "period"], name="figures_period"),
            # A province or a commune: a subtree by prefix.
            models.Index(
                fields=["unit_path"], name="figures_unit_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_path} {self.grain} {self.period}"
