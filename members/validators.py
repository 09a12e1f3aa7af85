"""Validators for text the portal puts in e-mail headers and official documents."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
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
