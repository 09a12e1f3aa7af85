"""The minutes' rich text, cleaned: only the tags a biên bản needs, no attribute that could fetch
anything (so rendering it as PDF never loads a file or a URL), and no more markup than a PDF can
lay out in reasonable time (the limits below, checked by the minutes services)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Tags and attributes the minutes' rich text may keep; everything else (img, script, style,
# links to files) is dropped, so rendering it never fetches anything.
MINUTES_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def sanitize_minutes_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=MINUTES_TAGS,
        attributes={"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}},
        url_schemes=set(),
    )


# What a minutes text may hold once cleaned. Layout time grows with the elements, not the text:
# 2,000 empty table rows take 2 to 5 s, 6,000 empty paragraphs 8 to 21 s (docs/benchmarks.md,
# "Heavy markup"), so at these limits the draft still renders within the job's time limit, and
# a text nested thousands deep never reaches the renderer. No real biên bản comes near them: a
# 100-page text is about 300,000 characters of HTML, and a long table belongs in a paper.
MINUTES_MAX_HTML_CHARS = 500_000
MINUTES_MAX_ELEMENTS = 8_000
MINUTES_MAX_TABLE_ROWS = 2_000
MINUTES_MAX_DEPTH = 20

_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*>")
_VOID = {"br"}


@dataclass(frozen=True)
class MarkupSize:
    """What makes cleaned minutes HTML slow to lay out: its length, its elements (tags opened),
    its table rows and how deep its tags nest."""

    chars: int
    elements: int
    table_rows: int
    depth: int


def minutes_markup_size(clean_html: str) -> MarkupSize:
    """Measure cleaned HTML (as sanitize_minutes_html returns it: every "<" opens or closes a tag,
    text has "&lt;") in one pass, without parsing it."""
    elements = rows = depth = deepest = 0
    for match in _TAG.finditer(clean_html):
        closing, name = match.groups()
        if closing:
            depth = max(depth - 1, 0)
            continue
        elements += 1
        if name == "tr":
            rows += 1
        if name not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return MarkupSize(chars=len(clean_html), elements=elements, table_rows=rows, depth=deepest)


def minutes_markup_refusal(clean_html: str) -> str | None:
    """Why this cleaned text cannot be kept as minutes (too large, too many tags or table rows,
    nested too deep), in words the secretary can act on; None when it is within the limits."""
    size = minutes_markup_size(clean_html)
    checks = (
        (
            size.chars,
            MINUTES_MAX_HTML_CHARS,
            _(
                "The text of the minutes is too large: %(count)s characters of HTML, the limit is %(max)s. Move long annexes to a paper attached to the meeting."
            ),
        ),
        (
            size.table_rows,
            MINUTES_MAX_TABLE_ROWS,
            _(
                "The text of the minutes has %(count)s table rows, the limit is %(max)s. Move long tables to a paper attached to the meeting."
            ),
        ),
        (
            size.elements,
            MINUTES_MAX_ELEMENTS,
            _(
                "The text of the minutes has %(count)s tags, the limit is %(max)s. Remove empty paragraphs and rows, or move long parts to a paper attached to the meeting."
            ),
        ),
        (
            size.depth,
            MINUTES_MAX_DEPTH,
            _(
                "The text of the minutes nests tags %(count)s levels deep, the limit is %(max)s. Simplify the lists, quotations and tables inside one another."
            ),
        ),
    )
    for count, limit, message in checks:
        if count > limit:
            return message % {
                "count": number_format(count, force_grouping=True),
                "max": number_format(limit, force_grouping=True),
            }
    return None
