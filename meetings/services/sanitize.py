"""The minutes' rich text: what survives the cleaner."""

from __future__ import annotations

import nh3

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
