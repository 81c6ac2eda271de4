"""Ratings of how a case was handled (Luật Thực hiện dân chủ ở cơ sở 2022, Art. 35)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Aspect(models.TextChoices):
    """What the citizen may rate besides the overall score."""

    TIMELINESS = "timeliness", _("Timeliness")
    ATTITUDE = "attitude", _("Attitude of the officials")
    CLARITY = "clarity", _("Clarity of the explanations")
    OUTCOME = "outcome", _("The outcome")


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class SatisfactionRating(models.Model):
    """One rating per closed case, given by whoever holds the tracking code. The unit is
    copied from the case so that the index rolls up the unit tree like other figures."""

    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="satisfaction",
    )
    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    score = models.PositiveSmallIntegerField(_("overall score"), validators=SCORE)
    timeliness = models.PositiveSmallIntegerField(
        _("timeliness"), validators=SCORE, null=True, blank=True
    )
    attitude = models.PositiveSmallIntegerField(
        _("attitude"), validators=SCORE, null=True, blank=True
    )
    clarity = models.PositiveSmallIntegerField(
        _("clarity"), validators=SCORE, null=True, blank=True
    )
    outcome = models.PositiveSmallIntegerField(
        _("outcome"), validators=SCORE, null=True, blank=True
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_on = models.DateField(_("rated on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction rating (đánh giá sự hài lòng)")
        verbose_name_plural = _("satisfaction ratings")
        indexes = [models.Index(fields=["unit_path", "rated_on"], name="rating_unit_period")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.score}/5"
