"""Reads for the dashboards: headline figures of a unit and period, the monthly trend,
the ranking of the units below, and the values behind the choropleth map.

Petition counts come from ``danvan.figures.selectors`` (the same numbers as every
report); each figure carries the address of the list of cases behind it.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.figures.selectors import Figures, child_figures, monthly_figures, unit_figures
from danvan.petitions.models import Channel, Petition
from danvan.petitions.selectors import FIGURES as DRILLABLE_FIGURES
from danvan.petitions.selectors import petitions_in
from danvan.reception.models import Frequency, LeaderSchedule, ReceptionSession, SessionKind
from danvan.reception.selectors import (
    MonthCompliance,
    _weeks_of_month,  # the one ISO week-to-month rule
    reception_figures,
)
from danvan.satisfaction.selectors import SatisfactionIndex, satisfaction_index
from danvan.units.models import AdministrativeUnit, Agency, UnitLevel

FIGURE_LABELS: dict[str, Promise] = {
    "received": _("Received"),
    "complaint": _("Complaints"),
    "denunciation": _("Denunciations"),
    "petition": _("Petitions (kiến nghị)"),
    "feedback": _("Feedback"),
    "cases": _("Cases (vụ việc)"),
    "within_competence": _("Within competence"),
    "forwarded": _("Forwarded"),
    "accepted": _("Accepted"),
    "resolved": _("Resolved"),
    "resolved_on_time": _("Resolved on time"),
    "overdue_now": _("Overdue now"),
    "repeated": _("Repeated petitions"),
}
KIND_FIGURES = ("complaint", "denunciation", "petition", "feedback")
# The headline row, in this order, for whichever of them the figures interface has.
HEADLINE_FIGURES = ("received", "cases", "accepted", "resolved", "overdue_now")

MAX_YEARS = 5
WORST_SHOWN = 10
CLASS_COUNT = 5  # colour classes of the map and the grid


def figure_label(name: str) -> Promise | str:
    return FIGURE_LABELS.get(name, name)


# --- Period and links ---------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def query(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    def months(self, *, today: date) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, up to the current one."""
        last = min(self.end, today)
        result = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (last.year, last.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result


def default_period(*, today: date) -> Period:
    return Period(date(today.year, 1, 1), today)


def figure_url(unit: AdministrativeUnit, *, period: Period, figure: str) -> str | None:
    """The staff list of the petitions behind one figure, or None if it has none."""
    if figure not in DRILLABLE_FIGURES:
        return None
    query = urlencode({"unit": unit.pk, **period.query, "figure": figure})
    return f"{reverse('petitions:figure-list')}?{query}"


def channel_url(unit: AdministrativeUnit, *, period: Period, channel: str) -> str:
    query = urlencode({**period.query, "channel": channel})
    return f"{reverse('reports:channel-list', args=[unit.pk])}?{query}"


def reception_url(unit: AdministrativeUnit, *, period: Period) -> str:
    return f"{reverse('reports:reception', args=[unit.pk])}?{urlencode(period.query)}"


def dashboard_url(unit: AdministrativeUnit, *, period: Period, measure: str | None = None) -> str:
    params = dict(period.query)
    if measure:
        params["measure"] = measure
    return f"{reverse('reports:dashboard', args=[unit.pk])}?{urlencode(params)}"


# --- Figures with their links -------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One number on the dashboard and the list behind it."""

    key: str
    label: Promise | str
    value: int | float | None
    url: str | None = None
    detail: str = ""  # e.g. "3 / 4" beside a rate


def _count_cells(
    names: Sequence[str], figures: Figures, unit: AdministrativeUnit, period: Period
) -> list[Cell]:
    return [
        Cell(
            name,
            figure_label(name),
            figures.counts[name],
            figure_url(unit, period=period, figure=name),
        )
        for name in names
        if name in figures.counts
    ]


def channel_petitions(
    unit: AdministrativeUnit, *, start: date, end: date, channel: str
) -> QuerySet[Petition]:
    """The petitions behind one channel figure (received in the period that way)."""
    return petitions_in(unit).filter(received_on__range=(start, end), channel=channel)


# --- Reception: leaders' sessions held vs required ----------------------------------


@dataclass(frozen=True)
class ReceptionCompliance:
    held: int
    required: int
    delegated: int
    months: list[tuple[int, int]]
    rows: list[tuple[Agency, MonthCompliance]]

    @property
    def rate(self) -> float | None:
        if not self.required:
            return None
        return round(100 * min(self.held, self.required) / self.required, 1)


def reception_compliance(
    unit: AdministrativeUnit, *, period: Period, today: date
) -> ReceptionCompliance:
    """Leaders' periodic reception held in person vs required (Luật Tiếp công dân,
    Art. 12, 15, 18), summed over the schedules of the agencies of the unit and below,
    for each month of the period up to this one.

    The same counting as ``reception.selectors.leader_compliance`` (one session in each
    week of the month for a weekly duty, one in the month for a monthly duty), done in
    two queries for the whole subtree instead of several per agency and month.
    """
    months = period.months(today=today)
    if not months:
        return ReceptionCompliance(0, 0, 0, months, [])
    first = date(*months[0], 1)
    last_year, last_month = months[-1]
    last = date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    schedules = list(
        LeaderSchedule.objects.filter(
            agency__unit__path__startswith=unit.path, valid_from__lte=last
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=first))
        .select_related("agency", "agency__unit", "leader")
        .order_by("agency__unit__path", "agency__name", "pk")
    )
    # The weeks of a month may start before its first day and end after its last.
    sessions: dict[tuple[int, int], list[tuple[date, bool]]] = defaultdict(list)
    for agency_id, leader_id, held_on, delegated in ReceptionSession.objects.filter(
        agency_id__in={s.agency_id for s in schedules},
        kind=SessionKind.LEADER_PERIODIC,
        held_on__range=(first - timedelta(days=6), last + timedelta(days=6)),
    ).values_list("agency_id", "chaired_by_id", "held_on", "delegated"):
        sessions[(agency_id, leader_id)].append((held_on, delegated))

    rows: list[tuple[Agency, MonthCompliance]] = []
    for schedule in schedules:
        held_by = sessions.get((schedule.agency_id, schedule.leader_id), [])
        for year, month in months:
            month_first = date(year, month, 1)
            month_last = date(year, month, calendar.monthrange(year, month)[1])
            in_force = schedule.valid_from <= month_last and (
                schedule.valid_until is None or schedule.valid_until > month_first
            )
            if not in_force:
                continue
            in_month = [(d, was) for d, was in held_by if month_first <= d <= month_last]
            delegated_count = sum(1 for _d, was in in_month if was)
            in_person = [d for d, was in held_by if not was]
            if schedule.frequency == Frequency.WEEKLY:
                weeks = set(_weeks_of_month(year, month))
                held_weeks = {d - timedelta(days=d.weekday()) for d in in_person}
                required, held = len(weeks), len(held_weeks & weeks)
            else:
                required = 1
                held = min(1, sum(1 for _d, was in in_month if not was))
            rows.append(
                (
                    schedule.agency,
                    MonthCompliance(schedule, year, month, required, held, delegated_count),
                )
            )
    return ReceptionCompliance(
        held=sum(c.held for _a, c in rows),
        required=sum(c.required for _a, c in rows),
        delegated=sum(c.delegated for _a, c in rows),
        months=months,
        rows=rows,
    )


def reception_sessions(unit: AdministrativeUnit, *, period: Period) -> QuerySet[ReceptionSession]:
    return (
        ReceptionSession.objects.filter(
            agency__unit__path__startswith=unit.path,
            held_on__range=(period.start, period.end),
        )
        .select_related("agency", "chaired_by")
        .order_by("-held_on", "pk")
    )


# --- Measures for the map and the grid ----------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise
    higher_is_worse: bool
    value: Callable[[Figures], float | None]
    figure: str | None  # the figure whose list explains the value
    suffix: str = ""


def _per_thousand(figures: Figures) -> float | None:
    received = figures.counts.get("received", 0)
    if not received:
        return None
    return round(1000 * figures.counts.get("overdue_now", 0) / received, 1)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "overdue_rate",
            _("Overdue now per 1,000 received"),
            higher_is_worse=True,
            value=_per_thousand,
            figure="overdue_now",
            suffix="‰",
        ),
        Measure(
            "on_time_rate",
            _("Resolved on time (% of resolved)"),
            higher_is_worse=False,
            value=lambda f: f.on_time_rate,
            figure="resolved_on_time",
            suffix="%",
        ),
        Measure(
            "overdue_now",
            _("Overdue now"),
            higher_is_worse=True,
            value=lambda f: f.counts.get("overdue_now", 0),
            figure="overdue_now",
        ),
        Measure(
            "received",
            _("Petitions received"),
            higher_is_worse=True,
            value=lambda f: f.counts.get("received", 0),
            figure="received",
        ),
    )
}
DEFAULT_MEASURE = "overdue_rate"


@dataclass(frozen=True)
class LegendClass:
    shade: int  # 0 (best) … 4 (worst): the colour
    low: float
    high: float
    count: int


@dataclass(frozen=True)
class Classes:
    """Quantile classes of a set of values, lowest values first."""

    bounds: list[tuple[float, float]]
    shades: list[int]
    counts: list[int]
    missing: int  # units without a value (nothing to measure)

    @property
    def legend(self) -> list[LegendClass]:
        return [
            LegendClass(shade, low, high, n)
            for (low, high), shade, n in zip(self.bounds, self.shades, self.counts, strict=True)
        ]

    def shade_of(self, value: float | None) -> int | None:
        if value is None:
            return None
        for (_low, high), shade in zip(self.bounds, self.shades, strict=True):
            if value <= high:
                return shade
        return self.shades[-1] if self.shades else None


def quantile_classes(
    values: Sequence[float | None], *, higher_is_worse: bool, count: int = CLASS_COUNT
) -> Classes:
    """Up to ``count`` classes holding about as many units each; equal values always
    share a class, so fewer classes are made when values repeat."""
    present = sorted(v for v in values if v is not None)
    missing = len(values) - len(present)
    if not present:
        return Classes([], [], [], missing)
    n = len(present)
    highs = sorted({present[max(0, math.ceil(i * n / count) - 1)] for i in range(1, count + 1)})
    bounds = []
    low = present[0]
    for high in highs:
        bounds.append((low, high))
        later = [v for v in present if v > high]
        low = later[0] if later else high
    counts = [sum(1 for v in present if lo <= v <= hi) for lo, hi in bounds]
    k = len(bounds)
    shades = [round(i * (CLASS_COUNT - 1) / (k - 1)) if k > 1 else 2 for i in range(k)]
    if not higher_is_worse:
        shades = [CLASS_COUNT - 1 - s for s in shades]
    return Classes(bounds, shades, counts, missing)


# --- Units below ------------------------------------------------------------------

# The counts shown for each unit below, and for each month of the trend.
ROW_FIGURES = ("received", "resolved", "resolved_on_time", "overdue_now")
TREND_FIGURES = ROW_FIGURES


@dataclass(frozen=True)
class UnitRow:
    unit: AdministrativeUnit
    figures: Figures
    value: float | None  # the chosen measure
    shade: int | None
    url: str | None  # the unit's dashboard, if the user may open it
    cells: list[Cell]  # ROW_FIGURES, linked to their lists when the user may open them

    @property
    def on_time_rate(self) -> float | None:
        return self.figures.on_time_rate


def worst_first(rows: Sequence[UnitRow]) -> list[UnitRow]:
    """Most overdue now first; then the lowest on-time rate (units that resolved
    nothing come after those that did), then the most received."""

    def key(row: UnitRow) -> tuple[Any, ...]:
        rate = row.figures.on_time_rate
        return (
            -row.figures.counts.get("overdue_now", 0),
            rate is None,
            rate if rate is not None else 0.0,
            -row.figures.counts.get("received", 0),
            row.unit.name_collation,
        )

    return sorted(rows, key=key)


def by_measure(rows: Sequence[UnitRow], measure: Measure) -> list[UnitRow]:
    """Worst value of the measure first, units without a value last."""
    sign = -1 if measure.higher_is_worse else 1

    def key(row: UnitRow) -> tuple[Any, ...]:
        return (
            row.value is None,
            sign * (row.value or 0),
            -row.figures.counts.get("overdue_now", 0),
            row.unit.name_collation,
        )

    return sorted(rows, key=key)


# --- The map ------------------------------------------------------------------------


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    path: str
    value: float | None
    shade: int | None
    url: str | None
    highlighted: bool = False


@dataclass(frozen=True)
class ChoroplethMap:
    viewbox: str
    areas: list[MapArea]
    labels: list[tuple[str, float, float]]  # archipelago name, x, y
    detailed: bool  # one province drawn alone, at a finer tolerance


ARCHIPELAGO_LABELS = {
    "hoang_sa": _("Hoàng Sa archipelago (Đà Nẵng)"),
    "truong_sa": _("Trường Sa archipelago (Khánh Hòa)"),
}


def national_map(rows: Sequence[UnitRow]) -> ChoroplethMap:
    """The 34 provinces coloured by the rows' shades (one row per province)."""
    from danvan.reports.maps import province_map

    geometry = province_map()
    by_code = {row.unit.code: row for row in rows}
    areas = []
    for code, shape in geometry.shapes.items():
        row = by_code.get(code)
        areas.append(
            MapArea(
                code=code,
                name=row.unit.name if row else shape.source_name,
                path=shape.path,
                value=row.value if row else None,
                shade=row.shade if row else None,
                url=row.url if row else None,
            )
        )
    labels = []
    for key, label in ARCHIPELAGO_LABELS.items():
        x, y = geometry.label_point(key)
        labels.append((str(label), round(x, 1), round(y, 1)))
    return ChoroplethMap(geometry.viewbox, areas, labels, detailed=False)


def province_alone(province: AdministrativeUnit) -> ChoroplethMap | None:
    from danvan.reports.maps import DETAILED_TOLERANCE, province_map

    shape = province_map(DETAILED_TOLERANCE).shapes.get(province.code)
    if shape is None:
        return None
    area = MapArea(shape.code, province.name, shape.path, None, None, None, highlighted=True)
    return ChoroplethMap(shape.viewbox(), [area], [], detailed=True)


# --- Trend --------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthPoint:
    month: date
    figures: Figures
    cells: list[Cell]  # received, resolved, resolved on time, overdue now; with links

    @property
    def received(self) -> int:
        return self.figures.counts.get("received", 0)

    @property
    def resolved(self) -> int:
        return self.figures.counts.get("resolved", 0)


def monthly_trend(unit: AdministrativeUnit, *, year: int) -> list[MonthPoint]:
    points = []
    for first, figures in monthly_figures(unit, year=year):
        last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
        points.append(
            MonthPoint(
                first, figures, _count_cells(TREND_FIGURES, figures, unit, Period(first, last))
            )
        )
    return points


# --- The dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    unit: AdministrativeUnit
    period: Period
    measure: Measure
    figures: Figures
    headline: list[Cell]
    by_kind: list[Cell]
    by_channel: list[Cell]
    handling: list[Cell]  # every other figure of the interface
    reception: dict[str, int]
    compliance: ReceptionCompliance
    satisfaction: SatisfactionIndex
    trend_year: int
    trend: list[MonthPoint]
    rows: list[UnitRow]  # units below, ranked by the measure (worst first)
    worst: list[UnitRow]  # the WORST_SHOWN worst by overdue now, then on-time rate
    own: Figures | None  # what the unit's own agencies received (not in any row)
    own_cells: list[Cell]  # the same as ROW_FIGURES, without links (no list of them alone)
    classes: Classes | None
    map: ChoroplethMap | None
    # Disclosures on time and board recommendations answered on time, linking to the
    # grassroots-democracy monitor; left out for the nation, where the monitor itself
    # is the place to read them (it judges every disclosure one by one).
    democracy: list[Cell] = field(default_factory=list)


def dashboard(
    unit: AdministrativeUnit,
    *,
    period: Period,
    measure: str = DEFAULT_MEASURE,
    today: date,
    can_open: Callable[[AdministrativeUnit], bool],
) -> Dashboard:
    """Everything the dashboard of ``unit`` shows for ``period``; ``can_open`` says
    which units below get a link to their own dashboard."""
    chosen = MEASURES[measure]
    start, end = period.start, period.end
    figures = unit_figures(unit, start=start, end=end)
    satisfaction = satisfaction_index(unit, start=start, end=end)
    compliance = reception_compliance(unit, period=period, today=today)

    on_time = Cell(
        "on_time_rate",
        _("Resolved on time"),
        figures.on_time_rate,
        figure_url(unit, period=period, figure="resolved_on_time"),
        detail=f"{figures.counts.get('resolved_on_time', 0)} / {figures.counts.get('resolved', 0)}",
    )
    headline = []
    for cell in _count_cells(HEADLINE_FIGURES, figures, unit, period):
        if cell.key == "overdue_now":
            headline.append(on_time)
        headline.append(cell)
    if on_time not in headline:
        headline.append(on_time)
    if satisfaction.ratings:
        headline.append(
            Cell(
                "satisfaction",
                _("Satisfaction index (0–100)"),
                satisfaction.index,
                _satisfaction_url(unit, period=period),
                detail=str(satisfaction.ratings),
            )
        )
    if compliance.required:
        headline.append(
            Cell(
                "reception",
                _("Leaders' reception sessions held"),
                compliance.rate,
                reception_url(unit, period=period),
                detail=f"{compliance.held} / {compliance.required}",
            )
        )
    channels = [
        Cell(
            code,
            label,
            figures.by_channel.get(code, 0),
            channel_url(unit, period=period, channel=code),
        )
        for code, label in Channel.choices
    ]

    rows: list[UnitRow] = []
    own: Figures | None = None
    classes: Classes | None = None
    if unit.level < UnitLevel.COMMUNE:
        pairs = child_figures(unit, start=start, end=end)
        values = [chosen.value(f) for child, f in pairs if child is not None]
        classes = quantile_classes(values, higher_is_worse=chosen.higher_is_worse)
        for child, child_figs in pairs:
            if child is None:
                own = child_figs
                continue
            value = chosen.value(child_figs)
            readable = can_open(child)
            cells = _count_cells(ROW_FIGURES, child_figs, child, period)
            if not readable:
                cells = [Cell(c.key, c.label, c.value) for c in cells]
            rows.append(
                UnitRow(
                    unit=child,
                    figures=child_figs,
                    value=value,
                    shade=classes.shade_of(value),
                    url=dashboard_url(child, period=period, measure=measure) if readable else None,
                    cells=cells,
                )
            )
    # Only units with something wrong: a list of spotless units is not a warning.
    worst = [
        row
        for row in worst_first(rows)
        if row.figures.counts.get("overdue_now", 0)
        or (row.on_time_rate is not None and row.on_time_rate < 100)
    ][:WORST_SHOWN]
    rows = by_measure(rows, chosen)

    choropleth: ChoroplethMap | None = None
    if unit.level == UnitLevel.NATION:
        choropleth = national_map(rows)
    elif unit.level == UnitLevel.PROVINCE:
        choropleth = province_alone(unit)

    return Dashboard(
        unit=unit,
        period=period,
        measure=chosen,
        figures=figures,
        headline=headline,
        by_kind=_count_cells(KIND_FIGURES, figures, unit, period),
        by_channel=channels,
        handling=_count_cells(
            [n for n in figures.counts if n not in HEADLINE_FIGURES + KIND_FIGURES],
            figures,
            unit,
            period,
        ),
        reception=reception_figures(unit, start=start, end=end),
        compliance=compliance,
        satisfaction=satisfaction,
        trend_year=end.year,
        trend=monthly_trend(unit, year=end.year),
        rows=rows,
        worst=worst,
        own=own,
        own_cells=(
            [Cell(n, figure_label(n), own.counts[n]) for n in ROW_FIGURES if n in own.counts]
            if own is not None and own.counts.get("received")
            else []
        ),
        classes=classes,
        map=choropleth,
        democracy=_democracy_cells(unit, period=period, today=today),
    )


def _democracy_cells(unit: AdministrativeUnit, *, period: Period, today: date) -> list[Cell]:
    if unit.level == UnitLevel.NATION:
        return []
    # The monitor reads this module's reception counting: import it late.
    from danvan.compliance.selectors import democracy_counts

    rows = democracy_counts(unit, start=period.start, end=period.end, today=today).values()
    url = f"{reverse('compliance:monitor', args=[unit.pk])}?year={period.end.year}&quarter=0"

    def cell(key: str, label: Promise, done: str, of: str) -> Cell:
        a, b = sum(r[done] for r in rows), sum(r[of] for r in rows)
        rate = round(100 * a / b, 1) if b else None
        return Cell(key, label, rate, url, detail=f"{a} / {b}")

    return [
        cell("disclosures_on_time", _("Disclosed on time"), "disclosures_on_time", "disclosures"),
        cell(
            "board_answers",
            _("Board recommendations answered on time"),
            "board_answered_on_time",
            "board_recommendations",
        ),
    ]


def _satisfaction_url(unit: AdministrativeUnit, *, period: Period) -> str:
    query = urlencode({"unit": unit.pk, **period.query})
    return f"{reverse('petitions:statistics')}?{query}"
