"""Reads of the reports app: the stored copy of a signed document, download names, drafts."""

from __future__ import annotations

import unicodedata

from django.utils import timezone

from meetings.models import Meeting, Minutes, Notice

from .models import SignedDocument
from .rendering import minutes_context, notice_context, render_pdf

NOTICE_TEMPLATE = "documents/notice.html"
MINUTES_TEMPLATE = "documents/minutes.html"


def signed_document_get(
    *, notice: Notice | None = None, minutes: Minutes | None = None
) -> SignedDocument | None:
    """The archived copy of this signed notice or signed minutes, or None before it is made."""
    if notice is not None:
        return SignedDocument.objects.filter(kind=SignedDocument.Kind.NOTICE, notice=notice).first()
    if minutes is not None:
        return SignedDocument.objects.filter(kind=SignedDocument.Kind.MINUTES, minutes=minutes).first()
    raise ValueError("Give a notice or minutes.")


def notice_of_meeting_get(meeting: Meeting) -> Notice | None:
    """The meeting's issued notice of conclusions, with what its document needs."""
    return (
        Notice.objects.filter(meeting=meeting)
        .select_related("meeting", "committee", "signed_by", "meeting__presiding")
        .first()
    )


def _ascii(text: str) -> str:
    """ "BCĐCQĐT" → "BCDCQDT": Đ has no decomposition, so it is mapped by hand."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text).strip("-")


def notice_filename(notice: Notice) -> str:
    """ "TB-01-2026-BCDCQDT.pdf": type, number, year, issuer code, ASCII only."""
    code = _ascii(notice.committee.short_code)
    return f"{_ascii(notice.doc_type)}-{notice.number:02d}-{notice.year}-{code}.pdf"


def minutes_filename(minutes: Minutes, *, draft: bool = False) -> str:
    """ "BB-2026-03-15-BCDCQDT.pdf" (meeting date); drafts start with "DU-THAO-"."""
    meeting = minutes.meeting
    held_on = timezone.localdate(meeting.start_at)
    name = f"BB-{held_on:%Y-%m-%d}-{_ascii(meeting.committee.short_code)}.pdf"
    return f"DU-THAO-{name}" if draft else name


def signed_document_filename(document: SignedDocument) -> str:
    if document.kind == SignedDocument.Kind.NOTICE:
        return notice_filename(document.notice)
    return minutes_filename(document.minutes)


def minutes_draft_pdf(minutes: Minutes) -> bytes:
    """Unsigned minutes, rendered on demand and marked "DỰ THẢO" on every page; never stored."""
    return render_pdf(MINUTES_TEMPLATE, minutes_context(minutes), draft=True)


def notice_pdf(notice: Notice, *, pdf_variant: str | None = None) -> bytes:
    return render_pdf(NOTICE_TEMPLATE, notice_context(notice), pdf_variant=pdf_variant)


def minutes_pdf(minutes: Minutes, *, pdf_variant: str | None = None) -> bytes:
    return render_pdf(MINUTES_TEMPLATE, minutes_context(minutes), pdf_variant=pdf_variant)
