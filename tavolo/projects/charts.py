"""Grouped bar charts drawn on the server as SVG: geometry here, drawing in a template.

No JavaScript and no charting library: the chart is plain SVG with a title and a
description, each bar has a tooltip (``<title>``), the two series differ by pattern as well
as by colour, and the same figures are always in a table beside the chart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import format_currency
from flask_babel import get_locale

from tavolo.templating import euro

FONT_SIZE = 14
CHAR_WIDTH = 8.0  # average width of a digit or letter at FONT_SIZE, for label room


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    fill: str
    hatched: bool = False


@dataclass
class Bar:
    series: Series
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass
class Group:
    x: float
    lines: list[str]
    bars: list[Bar] = field(default_factory=list)


@dataclass
class BarChart:
    width: float
    height: float
    left: float
    top: float
    right: float
    baseline: float
    ticks: list[tuple[float, str]]
    groups: list[Group]
    series: list[Series]

    @property
    def empty(self) -> bool:
        return not self.groups


def nice_step(largest: int, intervals: int = 4) -> int:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) so that ``intervals`` steps cover ``largest``."""
    if largest <= 0:
        return 1
    raw = largest / intervals
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return max(1, int(factor * power))
    return int(10 * power)  # pragma: no cover - the loop always returns


def label_lines(label: str) -> list[str]:
    """``2004/2005`` → ``["2004/", "2005"]`` so that periods fit under narrow groups."""
    match = re.fullmatch(r"(\d{4}\s*[-/])\s*(\d{4})", label)
    if match:
        return [match.group(1).replace(" ", ""), match.group(2)]
    return [label]


def grouped_bars(categories: Sequence[str], series: Sequence[Series],
                 values: Sequence[Sequence[int | None]],
                 tick_label: Callable[[int], str], value_label: Callable[[int | None], str],
                 height: float = 360) -> BarChart:
    """Lay out one group of bars per category; ``values[i][s]`` is series ``s`` of group ``i``.

    The width grows with the number of groups (the template scales it to the page).
    """
    largest = max((v or 0 for row in values for v in row), default=0)
    step = nice_step(largest)
    top_value = step * max(1, math.ceil(largest / step))
    ticks_values = list(range(0, top_value + 1, step))
    tick_texts = [tick_label(v) for v in ticks_values]
    left = 14 + CHAR_WIDTH * max((len(t) for t in tick_texts), default=4)
    top, bottom, right = 16.0, 2.6 * FONT_SIZE + 14, 12.0
    bar_width = 19.0 if len(categories) > 6 else 30.0
    group_width = bar_width * len(series) + 16
    plot_width = max(group_width * len(categories), 240.0)
    width = left + plot_width + right
    baseline = height - bottom
    plot_height = baseline - top

    def y_of(value: int) -> float:
        return baseline - plot_height * value / top_value

    chart = BarChart(width=width, height=height, left=left, top=top, right=width - right,
                     baseline=baseline, ticks=[(y_of(v), t) for v, t in
                                               zip(ticks_values, tick_texts, strict=True)],
                     groups=[], series=list(series))
    offset = (plot_width - group_width * len(categories)) / 2
    for index, category in enumerate(categories):
        center = left + offset + group_width * (index + 0.5)
        group = Group(x=center, lines=label_lines(category))
        first_x = center - bar_width * len(series) / 2
        for position, serie in enumerate(series):
            value = values[index][position]
            if value is None:
                continue
            y = y_of(value)
            group.bars.append(Bar(serie, first_x + bar_width * position, y, bar_width - 2,
                                  max(baseline - y, 0.0 if value == 0 else 1.0),
                                  f"{category} – {serie.label}: {value_label(value)}"))
        chart.groups.append(group)
    return chart


def euro_whole(cents: int) -> str:
    """An axis label: whole euro the reader's way (``€ 20.000``)."""
    return format_currency(Decimal(cents) / 100, "EUR", format="¤ #,##0",
                           locale=str(get_locale()), currency_digits=False)


def funding_chart(rows, contribution_label: str, spend_label: str) -> BarChart:
    """Contribution and total spend per period (``funding.FundingRow`` list)."""
    series = [Series("contribution", contribution_label, "#0066CC"),
              Series("spend", spend_label, "#17324D", hatched=True)]
    return grouped_bars([row.label for row in rows], series,
                        [[row.contribution_cents, row.total_spend_cents] for row in rows],
                        tick_label=euro_whole, value_label=euro)
