"""The dashboard's trend chart, drawn on the server as SVG (the same picture for the page and a
PDF), in the manner of tasks.charts: a pure function of its rows, no script, no style attribute,
no external reference, every text escaped, a `<title>` and `<desc>` for screen readers, a
viewBox so it scales down to a phone, and marks that differ by shape as well as by colour. The
table next to it on the page gives the same numbers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tasks.charts import FONT_FAMILY

WIDTH = 480
LEFT = 48  # the axis' numbers
RIGHT = 12
PANEL_HEIGHT = 168
PLOT_TOP = 30  # below the panel's title
PLOT_HEIGHT = 86
TOP = 8
PLOT_WIDTH = WIDTH - LEFT - RIGHT


class TrendRow(Protocol):
    label: str  # the quarter in full ("Quý 3/2026"), in each mark's <title>
    year: int
    quarter: int
    meetings_held: int
    attendance_rate: float | None
    on_time_rate: float | None


def fluid(svg: str) -> str:
    """The chart made to shrink with the page (Bootstrap's img-fluid: at most the column's width,
    the height following): a class on the `<svg>` element, so no style attribute is needed."""
    return re.sub(r"^<svg ", '<svg class="img-fluid" ', svg, count=1)


def _text(value: object) -> str:
    """Text as XML 1.0 accepts it (no control characters), escaped."""
    return escape("".join(ch for ch in str(value) if unicodedata.category(ch) not in ("Cc", "Cs")))


def _number(value: float) -> str:
    """A rate as the page writes it: whole, or with one decimal in the language's way (85,7)."""
    return str(int(value)) if value == int(value) else number_format(value, 1)


def _panel_axis(out: list[str], top: float, ticks: list[int], peak: int, unit: str) -> None:
    for tick in ticks:
        y = top + PLOT_TOP + PLOT_HEIGHT * (1 - tick / peak)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ced4da" stroke-width="1"/>'
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#495057">{tick}{unit}</text>'
        )


def _slot_x(index: int, count: int) -> float:
    return LEFT + PLOT_WIDTH * (index + 0.5) / count


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _x_labels(out: list[str], top: float, rows: Sequence[TrendRow]) -> None:
    """The quarter under each slot (I–IV, as Vietnamese writes "Quý I"), and the year under the
    first slot and under each first quarter: short enough to stay legible on a phone."""
    y = top + PLOT_TOP + PLOT_HEIGHT + 17
    for index, row in enumerate(rows):
        x = _slot_x(index, len(rows))
        out.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="#212529" font-size="13">{ROMAN[row.quarter]}</text>'
        )
        if index == 0 or row.quarter == 1:
            out.append(
                f'<text x="{x:.1f}" y="{y + 15:.1f}" text-anchor="middle" fill="#495057" font-size="12">{row.year}</text>'
            )


def _bars(out: list[str], top: float, rows: Sequence[TrendRow], title: str) -> None:
    values = [row.meetings_held for row in rows]
    step = max(1, math.ceil(max(values, default=0) / 4))
    peak = 4 * step
    out.append(f'<text x="10" y="{top + 18}" font-weight="bold" fill="#212529">{_text(title)}</text>')
    _panel_axis(out, top, list(range(0, peak + 1, step)), peak, "")
    slot = PLOT_WIDTH / max(len(rows), 1)
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        height = PLOT_HEIGHT * value / peak
        x = _slot_x(index, len(rows)) - slot * 0.3
        y = top + PLOT_TOP + PLOT_HEIGHT - height
        out.append(
            f'<g><title>{_text(row.label)}: {value}</title><rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.6:.1f}" '
            f'height="{height:.1f}" fill="#0b4f8a"/>'
            f'<text x="{x + slot * 0.3:.1f}" y="{y - 3:.1f}" text-anchor="middle" fill="#212529">{value}</text></g>'
        )
    _x_labels(out, top, rows)


def _line(
    out: list[str], top: float, rows: Sequence[TrendRow], key: str, title: str, colour: str, square: bool
) -> None:
    """A rate (0–100 %) per quarter: points joined where consecutive quarters both have one; a
    quarter without a figure shows a dash."""
    out.append(f'<text x="10" y="{top + 18}" font-weight="bold" fill="#212529">{_text(title)}</text>')
    _panel_axis(out, top, [0, 50, 100], 100, "%")
    points: list[tuple[float, float] | None] = []
    for index, row in enumerate(rows):
        value = getattr(row, key)
        if value is None:
            points.append(None)
            continue
        points.append((_slot_x(index, len(rows)), top + PLOT_TOP + PLOT_HEIGHT * (1 - value / 100)))
    for a, b in zip(points, points[1:], strict=False):
        if a is not None and b is not None:
            out.append(
                f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" stroke="{colour}" stroke-width="2"/>'
            )
    for index, (row, point) in enumerate(zip(rows, points, strict=True)):
        x = _slot_x(index, len(rows))
        if point is None:
            y = top + PLOT_TOP + PLOT_HEIGHT - 4
            out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="#495057">–</text>')
            continue
        value = getattr(row, key)
        shown = _number(value) + "%"
        mark = (
            f'<rect x="{x - 4:.1f}" y="{point[1] - 4:.1f}" width="8" height="8" fill="{colour}"/>'
            if square
            else f'<circle cx="{x:.1f}" cy="{point[1]:.1f}" r="4.5" fill="{colour}"/>'
        )
        label_y = point[1] - 8 if point[1] - 8 > top + PLOT_TOP - 4 else point[1] + 16
        out.append(
            f"<g><title>{_text(row.label)}: {_text(shown)}</title>{mark}"
            f'<text x="{x:.1f}" y="{label_y:.1f}" text-anchor="middle" fill="#212529">{_text(shown)}</text></g>'
        )
    _x_labels(out, top, rows)


def trend_chart_svg(rows: Sequence[TrendRow], *, title: str, id_prefix: str = "trends") -> str:
    """Three small charts over the same quarters, one above the other: committee meetings held
    (bars), the members' attendance rate and the on-time rate of directives done (lines)."""
    prefix = re.sub(r"[^A-Za-z0-9-]", "", id_prefix) or "chart"
    height = TOP + 3 * PANEL_HEIGHT + 4
    first = rows[0].label if rows else ""
    last = rows[-1].label if rows else ""
    description = _(
        "Three charts for each quarter from %(first)s to %(last)s: the committee's meetings held, the "
        "members' attendance rate at them, and the share of directives done on time. The table next "
        "to the chart gives the figures."
    ) % {"first": first, "last": last}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="13">',
        f'<title id="{prefix}-title">{_text(title)}</title>',
        f'<desc id="{prefix}-desc">{_text(description)}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    _bars(out, TOP, rows, _("Committee meetings held"))
    _line(out, TOP + PANEL_HEIGHT, rows, "attendance_rate", _("Members' attendance rate"), "#1b5e20", False)
    _line(
        out,
        TOP + 2 * PANEL_HEIGHT,
        rows,
        "on_time_rate",
        _("Share of directives done on time"),
        "#8b1a1a",
        True,
    )
    out.append("</svg>")
    return "".join(out)
