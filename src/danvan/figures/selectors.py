"""Petition figures of a unit and everything below it, for dashboards and reports.

This is the interface the dashboards and periodic reports use. Every figure is additive
over the unit tree: the figure of a unit equals the sum over its children plus what its
own agencies handle (see :func:`child_figures`). Each figure has a drill-down list:
``danvan.petitions.selectors.figure_petitions(unit, start=, end=, figure=name)``, and
gives the same number as counting that list.

The numbers come from the stored counts (``danvan.figures.models``), kept in step with
every petition change by ``danvan.figures.services``: whole months and half-months of
the period are read from the rows of counts, and a half-month only partly in the period
from the facts of a few days (see ``danvan.figures.counting.split_period``); the
petition table is never scanned. Every figure counts the petitions
*received* in the period; ``overdue_now`` is the current state of those petitions (the
ones received in the period that are open and past a legal deadline today).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import StrIndex, Substr
from django.utils import timezone

from danvan.figures.counting import FACT_FILTERS, Split, split_period
from danvan.figures.models import (
    CHANNEL_PREFIX,
    COUNT_COLUMNS,
    Grain,
    PetitionFact,
    UnitPeriodFigures,
)
from danvan.petitions.selectors import FIGURES
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


_INDEX = {column: i for i, column in enumerate(COUNT_COLUMNS)}


def _zeros() -> list[int]:
    return [0] * len(COUNT_COLUMNS)


def _figures(totals: list[int]) -> Figures:
    return Figures(
        counts={name: totals[_INDEX[name]] for name in FIGURE_NAMES},
        by_channel={
            column.removeprefix(CHANNEL_PREFIX): totals[i]
            for i, column in enumerate(COUNT_COLUMNS)
            if column.startswith(CHANNEL_PREFIX) and totals[i]
        },
    )


def _rows(path: str, split: Split) -> QuerySet[UnitPeriodFigures] | None:
    periods = Q()
    if split.months:
        periods |= Q(grain=Grain.MONTH, period__in=split.months)
    if split.halves:
        periods |= Q(grain=Grain.HALF_MONTH, period__in=split.halves)
    if not periods:
        return None
    return UnitPeriodFigures.objects.filter(periods, unit_path__startswith=path)


def _facts(path: str, ranges: list[tuple[date, date]]) -> QuerySet[PetitionFact] | None:
    if not ranges:
        return None
    days = Q()
    for first, last in ranges:
        days |= Q(received_on__range=(first, last))
    return PetitionFact.objects.filter(days, unit_path__startswith=path)


def _split(start: date, end: date) -> Split:
    return split_period(start, end, today=timezone.localdate())


_SUMS = {column: Sum(column) for column in COUNT_COLUMNS}
_COUNTS = {column: Count("pk", filter=FACT_FILTERS[column]) for column in COUNT_COLUMNS}


def _add_to(totals: list[int], row: Mapping[str, Any], sign: int = 1) -> None:
    for i, column in enumerate(COUNT_COLUMNS):
        totals[i] += sign * (row[column] or 0)


def _totals(path: str, start: date, end: date) -> list[int]:
    split = _split(start, end)
    totals = _zeros()
    rows = _rows(path, split)
    if rows is not None:
        _add_to(totals, rows.aggregate(**_SUMS))
    for ranges, sign in ((split.days, 1), (split.minus, -1)):
        facts = _facts(path, ranges)
        if facts is not None:
            _add_to(totals, facts.aggregate(**_COUNTS), sign)
    return totals


def _child_key(path: str) -> Substr:
    """In SQL: the path of the child of ``path`` a row's unit lies under (``path``
    itself for the unit's own agencies), so that rows are grouped per child."""
    after = len(path) + 1
    return Substr(
        "unit_path", 1, Value(len(path)) + StrIndex(Substr("unit_path", after), Value("/"))
    )


def _totals_by_child(path: str, start: date, end: date) -> dict[str, list[int]]:
    """Totals per child of ``path`` (by its path; ``path`` itself: own agencies)."""
    split = _split(start, end)
    by_child: dict[str, list[int]] = {}
    grouped: list[tuple[Iterable[tuple[Any, ...]], int]] = []
    key = _child_key(path)
    rows = _rows(path, split)
    if rows is not None:
        grouped.append(
            (rows.annotate(child=key).values_list("child").annotate(**_SUMS).order_by(), 1)
        )
    for ranges, sign in ((split.days, 1), (split.minus, -1)):
        facts = _facts(path, ranges)
        if facts is not None:
            grouped.append(
                (
                    facts.annotate(child=key).values_list("child").annotate(**_COUNTS).order_by(),
                    sign,
                )
            )
    for result, sign in grouped:
        for child, *counts in result:
            totals = by_child.setdefault(child, _zeros())
            for i, n in enumerate(counts):
                totals[i] += sign * (n or 0)
    return by_child


def unit_figures(unit: AdministrativeUnit, *, start: date, end: date) -> Figures:
    """Figures for petitions received from ``start`` to ``end`` (inclusive) by the
    agencies of ``unit`` and of every unit below it; ``overdue_now`` is as of today."""
    return _figures(_totals(unit.path, start, end))


def monthly_figures(unit: AdministrativeUnit, *, year: int) -> list[tuple[date, Figures]]:
    """One entry per month of ``year`` (first day of the month, figures of that month)."""
    months = [date(year, month, 1) for month in range(1, 13)]
    by_month = {month: _zeros() for month in months}
    rows = (
        UnitPeriodFigures.objects.filter(
            unit_path__startswith=unit.path, grain=Grain.MONTH, period__in=months
        )
        .values("period")
        .annotate(**_SUMS)
        .order_by()
    )
    for row in rows:
        _add_to(by_month[row["period"]], row)
    return [(month, _figures(by_month[month])) for month in months]


def child_figures(
    unit: AdministrativeUnit, *, start: date, end: date
) -> list[tuple[AdministrativeUnit | None, Figures]]:
    """Figures of each active child unit (communes of a province, provinces of the
    nation), in Vietnamese alphabetical order, then ``(None, figures)`` for what the
    unit's own agencies received (e.g. the provincial inspectorate).

    The rows add up to :func:`unit_figures` of ``unit`` exactly: a child that is no
    longer active is listed too when it has petitions in the period, and petitions
    recorded under a path that names no child unit count with the unit's own."""
    totals = _totals_by_child(unit.path, start, end)
    children = list(unit.children.order_by("name_collation", "pk"))
    by_child = {child.path: _zeros() for child in children}
    own = _zeros()
    for path, counts in totals.items():
        target = by_child.get(path, own)
        for i, n in enumerate(counts):
            target[i] += n
    rows: list[tuple[AdministrativeUnit | None, Figures]] = [
        (child, _figures(by_child[child.path]))
        for child in children
        if child.is_active or any(by_child[child.path])
    ]
    rows.append((None, _figures(own)))
    return rows
