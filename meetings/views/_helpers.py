"""Small helpers the meetings views share."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from ..models import Meeting


def meeting_redirect(meeting: Meeting) -> HttpResponse:
    """Back to the meeting's page."""
    return redirect("meetings:meeting-detail", pk=meeting.pk)


#: The largest id the database holds (BigAutoField: SQLite's INTEGER, PostgreSQL's bigint).
MAX_ID = 2**63 - 1


def int_or_none(value: str | None) -> int | None:
    """A query or form value as a row id, or None when it is missing, not ASCII digits ("²"
    passes str.isdigit() but not int()) or past the largest id: a lookup by a foreign key with
    a bigger number overflows in the database driver (a 500 instead of "not found")."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
