"""Geometry of the hotspot pages' small SVG drawings: one sparkline per unit (the
weekly case families) and the province's weekly bars. Drawn on the server; the numbers
are always in a table beside them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from danvan.hotspots.selectors import WeekPoint
from danvan.reports.charts import BarChart, grouped_bars

SPARK_WIDTH = 96
SPARK_HEIGHT = 24
_PAD = 2


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str  # "x,y x,y …" for an SVG polyline
    last_x: float
    last_y: float
    top: int  # the largest value, for the text alternative
    values: list[int]


def sparkline(values: Sequence[int]) -> Sparkline:
    """A line through ``values`` left to right, scaled to the largest (0 at the bottom)."""
    top = max(values, default=0)
    scale = (SPARK_HEIGHT - 2 * _PAD) / top if top else 0.0
    step = (SPARK_WIDTH - 2 * _PAD) / max(len(values) - 1, 1)
    coords = [
        (round(_PAD + i * step, 1), round(SPARK_HEIGHT - _PAD - v * scale, 1))
        for i, v in enumerate(values)
    ]
    last_x, last_y = coords[-1] if coords else (float(_PAD), float(SPARK_HEIGHT - _PAD))
    return Sparkline(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        points=" ".join(f"{x},{y}" for x, y in coords),
        last_x=last_x,
        last_y=last_y,
        top=top,
        values=list(values),
    )


def weekly_bars(points: Sequence[WeekPoint]) -> BarChart:
    """Papers and case families for each week, labelled by the week's last day."""
    return grouped_bars([(p.end.strftime("%d/%m"), (p.papers, p.families)) for p in points])
