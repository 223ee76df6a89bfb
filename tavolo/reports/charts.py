"""Bar charts as inline SVG, drawn on the server (no JavaScript), readable by screen readers.

Each chart has a ``<title>`` and a ``<desc>`` named by ``aria-labelledby``; the page puts the
same figures in a table beside it. Every text is escaped; only numbers go into attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
VALUE_WIDTH = 110
TOP = 8


def bar_chart(chart_id: str, title: str, description: str,
              rows: Sequence[tuple[str, int]], value_text: Callable[[int], str]) -> Markup:
    """Horizontal bars, one per ``(label, value)``, with the value written at the bar's end."""
    largest = max((value for _, value in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP * 2 + max(len(rows), 1) * (BAR_HEIGHT + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + GAP)
        length = round(room * value / largest) if value > 0 else 0
        text = str(label)
        if len(text) > 34:
            text = text[:33] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" '
            f'font-size="12" fill="#1a1a1a">{escape(text)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="#0066cc"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT - 6}" font-size="12" '
            f'fill="#1a1a1a">{escape(value_text(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
