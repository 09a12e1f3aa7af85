"""Charts drawn on the server as SVG, so the page and the quarterly report's PDF (WeasyPrint)
show the same picture.

A chart here is a pure function of its rows: a self-contained `<svg>` string with no script, no
external reference (fonts by family name, patterns defined inside), every text escaped, a
`<title>` and `<desc>` for screen readers, and fills that differ by pattern as well as by shade,
so the chart still reads printed in grey. The data table next to it is the accessible equivalent.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

FONT_FAMILY = "DejaVu Sans, sans-serif"

WIDTH = 760
LABEL_WIDTH = 250  # agency names, right-aligned before the bars
BAR_LEFT = LABEL_WIDTH + 10
BAR_WIDTH = 440
TOP = 78  # below the title and the legend
ROW_HEIGHT = 26
BAR_HEIGHT = 16
BOTTOM = 34  # the axis labels
MAX_LABEL = 38  # characters of an agency name before "…" (the whole name is in its <title>)


class ChartRow(Protocol):
    name: str
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int


def _clean(text: object) -> str:
    """Text as XML 1.0 accepts it: without control characters (a NUL makes the file unreadable)."""
    return "".join(ch for ch in str(text) if unicodedata.category(ch) not in ("Cc", "Cs"))


def _text(value: object) -> str:
    return escape(_clean(value))


def _short(name: str) -> str:
    name = " ".join(_clean(name).split())
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1].rstrip() + "…"


def _segments(prefix: str) -> list[tuple[str, str, str, str]]:
    """(row attribute, legend label, fill, the <pattern> that draws it): dark solid, hatched,
    cross-hatched, dotted light — four fills that stay apart in grey."""
    return [
        (
            "done_on_time",
            _("Done on time"),
            "#1b5e20",
            "",
        ),
        (
            "done_late",
            _("Done late"),
            f"url(#{prefix}-late)",
            f'<pattern id="{prefix}-late" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="#f4c542"/>'
            '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#5c4300" stroke-width="1.5"/>'
            "</pattern>",
        ),
        (
            "overdue",
            _("Overdue"),
            f"url(#{prefix}-overdue)",
            f'<pattern id="{prefix}-overdue" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="#a4161a"/>'
            '<path d="M0,3 h6 M3,0 v6" stroke="#ffffff" stroke-width="1"/>'
            "</pattern>",
        ),
        (
            "in_progress",
            _("In progress"),
            f"url(#{prefix}-open)",
            f'<pattern id="{prefix}-open" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="#cfe2ff"/>'
            '<circle cx="3" cy="3" r="1" fill="#0b4f8a"/>'
            "</pattern>",
        ),
    ]


def _scale(largest: int) -> tuple[int, int]:
    """(step, top) of the axis: four whole-number steps that reach at least `largest`."""
    step = max(1, math.ceil(largest / 4))
    return step, 4 * step


def scoreboard_chart_svg(rows: Sequence[ChartRow], *, title: str, id_prefix: str = "scoreboard") -> str:
    """Horizontal stacked bars, one per agency (done on time, done late, overdue, in progress),
    with a legend, an axis of whole numbers, and the total at the end of each bar."""
    prefix = re.sub(r"[^A-Za-z0-9-]", "", id_prefix) or "chart"
    segments = _segments(prefix)
    totals = [sum(getattr(row, key) for key, *_rest in segments) for row in rows]
    step, top = _scale(max(totals, default=0))
    height = TOP + max(len(rows), 1) * ROW_HEIGHT + BOTTOM
    description = _(
        "Directives of each lead agency (%(count)s agencies) by timeliness: done on time, done late, "
        "overdue and in progress. The table next to the chart gives the figures."
    ) % {"count": len(rows)}

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="12">',
        f'<title id="{prefix}-title">{_text(title)}</title>',
        f'<desc id="{prefix}-desc">{_text(description)}</desc>',
        "<defs>" + "".join(pattern for *_rest, pattern in segments) + "</defs>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold" fill="#212529">{_text(title)}</text>',
    ]
    # The legend: a swatch and a label per kind, in the bars' order.
    for index, (_key, label, fill, _pattern) in enumerate(segments):
        x = 10 + index * 185
        out.append(
            f'<g><rect x="{x}" y="38" width="14" height="14" fill="{fill}" stroke="#212529" stroke-width="0.5"/>'
            f'<text x="{x + 20}" y="50" fill="#212529">{_text(label)}</text></g>'
        )
    bottom = TOP + max(len(rows), 1) * ROW_HEIGHT
    # The axis: a grid line and a whole number at each step.
    for tick in range(0, top + 1, step):
        x = BAR_LEFT + BAR_WIDTH * tick / top
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="#ced4da" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#495057">{tick}</text>'
        )
    if not rows:
        out.append(
            f'<text x="{BAR_LEFT}" y="{TOP + 17}" fill="#495057">{_text(_("No directives in this period."))}</text>'
        )
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        y = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        out.append(f"<g><title>{_text(row.name)}</title>")
        out.append(
            f'<text x="{LABEL_WIDTH}" y="{y + 12:.1f}" text-anchor="end" fill="#212529">{_text(_short(row.name))}</text>'
        )
        x = float(BAR_LEFT)
        for key, label, fill, _pattern in segments:
            count = getattr(row, key)
            if not count:
                continue
            width = BAR_WIDTH * count / top
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="0.5"><title>{_text(label)}: {count}</title></rect>'
            )
            x += width
        out.append(f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" fill="#212529">{total}</text></g>')
    out.append("</svg>")
    return "".join(out)
