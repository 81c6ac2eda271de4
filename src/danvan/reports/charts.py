"""Geometry of the small server-drawn SVG charts (no JavaScript chart library needed;
the numbers are always in a table beside the chart)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 220
_TOP, _BOTTOM, _LEFT = 16, 28, 36
PLOT_HEIGHT = HEIGHT - _TOP - _BOTTOM


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int  # 0 first series, 1 second


@dataclass(frozen=True)
class Group:
    label: str
    label_x: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    groups: list[Group]
    top_value: int
    top_y: float
    baseline_y: float
    left: int


def grouped_bars(groups: Sequence[tuple[str, Sequence[int]]]) -> BarChart:
    """Bars side by side for each group (a month), scaled to the largest value."""
    top = max([v for _label, values in groups for v in values], default=0) or 1
    slot = (WIDTH - _LEFT) / max(len(groups), 1)
    baseline = _TOP + PLOT_HEIGHT
    result = []
    for i, (label, values) in enumerate(groups):
        bar_width = slot * 0.8 / max(len(values), 1)
        x0 = _LEFT + i * slot + slot * 0.1
        bars = []
        for j, value in enumerate(values):
            height = round(PLOT_HEIGHT * value / top, 1)
            bars.append(
                Bar(
                    x=round(x0 + j * bar_width, 1),
                    y=round(baseline - height, 1),
                    width=round(bar_width - 1, 1),
                    height=height,
                    value=value,
                    series=j,
                )
            )
        result.append(Group(label, round(_LEFT + i * slot + slot / 2, 1), bars))
    return BarChart(WIDTH, HEIGHT, result, top, _TOP, baseline, _LEFT)
