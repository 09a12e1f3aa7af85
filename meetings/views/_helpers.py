"""Small helpers the meetings views share."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from ..models import Meeting


def meeting_redirect(meeting: Meeting) -> HttpResponse:
    """Back to the meeting's page."""
    return redirect("meetings:meeting-detail", pk=meeting.pk)


def int_or_none(value: str | None) -> int | None:
    """A query or form value as a number, or None when it is missing or not a number."""
    try:
        return int(value) if value else None
    except ValueError:
        return None
