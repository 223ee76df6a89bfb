"""The bar chart drawn beside the results table, as plain geometry for an SVG template.

The SVG has no viewBox: lengths across are percentages of the chart's width and text sizes
are CSS pixels, so labels stay readable from a phone to a wide screen (a scaled viewBox
would shrink the text to nothing on a 390-pixel screen). The table beside it carries every
figure; the chart only helps the eye.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tavolo.rounds import tally
from tavolo.rounds.services.results import RoundResults, figure_columns, format_figure, rank_label

# Vertical layout in pixels; bars take at most BAR_SPAN percent of the width, leaving room
# for the figure written after the bar.
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
ROW_GAP = 14
TOP = 6
BAR_SPAN = 82
LABEL_CHARS = 42


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    value_text: str
    label_y: int
    bar_y: int
    width_percent: float
    leading: bool


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: int
    bar_height: int = BAR_HEIGHT
    span: int = BAR_SPAN

    def value_x(self, bar: Bar) -> str:
        return f"{bar.width_percent:.2f}%"


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _scale(results: RoundResults) -> Fraction:
    """The value drawn as a full bar: the method's natural maximum."""
    method = results.round.method.value
    if method == tally.SCORE:
        return Fraction(tally.SCORE_MAX)
    if method == tally.SCHULZE:
        return Fraction(max(len(results.tally.rows) - 1, 1))
    if method == tally.APPROVAL:
        return Fraction(max(results.ballots, 1))
    return Fraction(max((row.value or 0 for row in results.tally.rows), default=0) or 1)


def bar_chart(results: RoundResults) -> BarChart:
    key = figure_columns(results.round.method)[0][0]
    scale = _scale(results)
    bars = []
    y = TOP
    for row, proposal in results.rows():
        value = Fraction(row.value or 0)
        title = results.title_of(proposal)
        bars.append(Bar(
            label=f"{rank_label(row)} · {_shorten(title)}", title=title,
            value_text=format_figure(key, row.figures[key]),
            label_y=y + LABEL_HEIGHT - 6, bar_y=y + LABEL_HEIGHT,
            width_percent=float(min(value / scale, 1) * BAR_SPAN),
            leading=row.rank == 1 and results.ballots > 0,
        ))
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    return BarChart(tuple(bars), height=y)
