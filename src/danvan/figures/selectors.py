"""Petition figures of a unit and everything below it, for dashboards and reports.

This is the interface the dashboards and periodic reports use. Every figure is additive
over the unit tree: the figure of a unit equals the sum over its children plus what its
own agencies handle (see :func:`child_figures`). Each figure has a drill-down list:
``danvan.petitions.selectors.figure_petitions(unit, start=, end=, figure=name)``.

FIRST VERSION: counts straight from the petition table. To be replaced by incremental
aggregates with the same signatures and results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from danvan.petitions.selectors import FIGURES, petitions_in
from danvan.units.models import AdministrativeUnit

# Headline figures, in display order; each is a key of petitions.selectors.FIGURES.
FIGURE_NAMES: tuple[str, ...] = tuple(FIGURES)


@dataclass(frozen=True)
class Figures:
    counts: dict[str, int]  # FIGURE_NAMES → count
    by_channel: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        return self.counts[name]

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved petitions resolved within the legal period, 0–100."""
        resolved = self.counts.get("resolved", 0)
        if not resolved:
            return None
        return round(100 * self.counts.get("resolved_on_time", 0) / resolved, 1)


def unit_figures(unit: AdministrativeUnit, *, start: date, end: date) -> Figures:
    """Figures for petitions received from ``start`` to ``end`` (inclusive) by the
    agencies of ``unit`` and of every unit below it; ``overdue_now`` is as of today."""
    from django.db.models import Count

    received = petitions_in(unit).filter(received_on__range=(start, end))
    counts = {name: FIGURES[name](received).count() for name in FIGURE_NAMES}
    channels = dict(received.values_list("channel").annotate(n=Count("pk")).order_by())
    return Figures(counts=counts, by_channel=channels)


def monthly_figures(unit: AdministrativeUnit, *, year: int) -> list[tuple[date, Figures]]:
    """One entry per month of ``year`` (first day of the month, figures of that month)."""
    import calendar

    result = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        result.append((first, unit_figures(unit, start=first, end=last)))
    return result


def child_figures(
    unit: AdministrativeUnit, *, start: date, end: date
) -> list[tuple[AdministrativeUnit | None, Figures]]:
    """Figures of each active child unit (communes of a province, provinces of the
    nation), in Vietnamese alphabetical order, then ``(None, figures)`` for what the
    unit's own agencies received (e.g. the provincial inspectorate)."""
    children = list(unit.children.filter(is_active=True).order_by("name_collation"))
    rows: list[tuple[AdministrativeUnit | None, Figures]] = [
        (child, unit_figures(child, start=start, end=end)) for child in children
    ]
    from django.db.models import Count

    own = petitions_in(unit).filter(unit=unit, received_on__range=(start, end))
    counts = {name: FIGURES[name](own).count() for name in FIGURE_NAMES}
    channels = dict(own.values_list("channel").annotate(n=Count("pk")).order_by())
    rows.append((None, Figures(counts=counts, by_channel=channels)))
    return rows
