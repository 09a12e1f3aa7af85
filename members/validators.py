"""Validators for what people type: text the portal puts in e-mail headers and official
documents, and dates it calculates with."""

from __future__ import annotations

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bidirectional overrides and isolates: they reorder how a name reads (a "spoofed" sender or
# subject) and have no place in a Vietnamese name or title.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_single_line(value: str) -> bool:
    """No line break (\\n, \\r, U+2028, U+2029), no control character, no bidirectional override."""
    return not any(
        unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS for char in value
    )


def single_line(value: str) -> None:
    """Refuse a name or title that would break an e-mail header it becomes part of (a new line
    starts a new header) or print oddly in a document."""
    if not is_single_line(value):
        raise ValidationError(
            _("Write this on one line, without line breaks or control characters."), code="single_line"
        )


#: The years a date typed into the portal may fall in. Year 1 or 9999 parse as dates but overflow
#: as soon as a time zone or a day is added (a 500): the calendar shows the same years.
FIRST_YEAR = 1900
LAST_YEAR = 2999


def within_portal_years(value: datetime.date | datetime.datetime) -> None:
    """Refuse a date or time outside FIRST_YEAR..LAST_YEAR (local time for a datetime)."""
    year = timezone.localtime(value).year if isinstance(value, datetime.datetime) else value.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
