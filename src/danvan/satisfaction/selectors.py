"""The service-satisfaction index of a unit (and all units below it) over a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count

from danvan.satisfaction.models import Aspect, SatisfactionRating
from danvan.units.models import AdministrativeUnit


def to_index(average: float | None) -> float | None:
    """A mean score of 1–5 as 0–100: 1 is 0, 3 is 50, 5 is 100."""
    return None if average is None else round((average - 1) / 4 * 100, 1)


@dataclass(frozen=True)
class SatisfactionIndex:
    ratings: int
    average: float | None  # mean overall score, 1–5
    index: float | None  # the same on 0–100
    aspects: dict[str, float | None] = field(default_factory=dict)  # mean per aspect, 1–5
    distribution: dict[int, int] = field(default_factory=dict)  # score → number of ratings


def satisfaction_index(unit: AdministrativeUnit, *, start: date, end: date) -> SatisfactionIndex:
    ratings = SatisfactionRating.objects.filter(
        unit_path__startswith=unit.path, rated_on__range=(start, end)
    )
    means = ratings.aggregate(
        n=Count("pk"), score=Avg("score"), **{a: Avg(a) for a in Aspect.values}
    )
    distribution = dict.fromkeys(range(1, 6), 0)
    for score, n in ratings.values_list("score").annotate(n=Count("pk")).order_by():
        distribution[score] = n
    average = None if means["score"] is None else round(float(means["score"]), 2)
    return SatisfactionIndex(
        ratings=means["n"],
        average=average,
        index=to_index(average),
        aspects={a: None if means[a] is None else round(float(means[a]), 2) for a in Aspect.values},
        distribution=distribution,
    )
