"""Reads of the meetings' official documents: their stored copies, download names, PDFs."""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import strip_tags

from documents.rendering import render_pdf
from documents.rendering.context import signer_name
from documents.selectors import ascii_name

from ..models import Invitation, InvitationLetter, Meeting, Minutes, Notice, SignedDocument
from ..sanitize import minutes_markup_size
from .context import invitation_context, minutes_context, notice_context

NOTICE_TEMPLATE = "documents/notice.html"
MINUTES_TEMPLATE = "documents/minutes.html"
INVITATION_TEMPLATE = "documents/invitation.html"

#: Draft minutes with more body text than this (characters, tags stripped) are rendered in a
#: Celery job instead of the request: past it a render takes about a second or more on the
#: server. Measured with scripts/bench_render_estimate.py; figures in docs/benchmarks.md
#: ("Draft minutes: render time by length of the text").
MINUTES_DRAFT_INLINE_MAX_CHARS = 24_000
#: Characters of body text on an A4 page of minutes (same benchmark): spreads the progress bar.
MINUTES_CHARS_PER_PAGE = 2_000
#: A short text can still be slow to lay out when its markup is heavy: 500 empty table rows
#: (1,000 elements, no text) take as long as 12 pages of text (docs/benchmarks.md, "Heavy
#: markup"). Past either of these a draft goes to the job whatever its text; a real 12-page
#: draft has about 30,000 characters of HTML and fewer than a hundred elements.
MINUTES_DRAFT_INLINE_MAX_HTML_CHARS = 60_000
MINUTES_DRAFT_INLINE_MAX_ELEMENTS = 1_000


def signed_document_get(
    *,
    notice: Notice | None = None,
    minutes: Minutes | None = None,
    letter: InvitationLetter | None = None,
    invitation: Invitation | None = None,
) -> SignedDocument | None:
    """The archived copy of this signed notice, signed minutes, invitation letter (`letter`) or
    one invitee's personal letter (`letter` + `invitation`), or None before it is made."""
    if letter is not None:
        if invitation is not None:
            return SignedDocument.objects.filter(
                kind=SignedDocument.Kind.PERSONAL_INVITATION, letter=letter, invitation=invitation
            ).first()
        return SignedDocument.objects.filter(kind=SignedDocument.Kind.INVITATION, letter=letter).first()
    if notice is not None:
        return SignedDocument.objects.filter(kind=SignedDocument.Kind.NOTICE, notice=notice).first()
    if minutes is not None:
        return SignedDocument.objects.filter(kind=SignedDocument.Kind.MINUTES, minutes=minutes).first()
    raise ValueError("Give a notice, minutes or an invitation letter.")


def notice_of_meeting_get(meeting: Meeting) -> Notice | None:
    """The meeting's issued notice of conclusions, with what its document needs."""
    return (
        Notice.objects.filter(meeting=meeting)
        .select_related("meeting", "committee", "signed_by", "meeting__presiding")
        .first()
    )


def invitation_letter_current(meeting: Meeting) -> InvitationLetter | None:
    """The meeting's invitation letter in force (a postponement supersedes the earlier one), with
    what its document needs; None before the meeting is convened."""
    return (
        InvitationLetter.objects.filter(meeting=meeting, superseded_at__isnull=True)
        .select_related("meeting", "meeting__committee", "meeting__presiding", "committee", "signed_by")
        .first()
    )


def notice_filename(notice: Notice) -> str:
    """ "TB-01-2026-BCDCQDT.pdf": type, number, year, issuer code, ASCII only."""
    code = ascii_name(notice.committee.short_code)
    return f"{ascii_name(notice.doc_type)}-{notice.number:02d}-{notice.year}-{code}.pdf"


def minutes_filename(minutes: Minutes, *, draft: bool = False) -> str:
    """Signed: "BB-03-2026-BCDCQDT.pdf" (number, year, issuer, like the notice); unnumbered:
    "BB-2026-03-15-BCDCQDT.pdf" (meeting date), an addendum "…-BO-SUNG-<id>"; drafts start
    with "DU-THAO-"."""
    meeting = minutes.meeting
    code = ascii_name(meeting.committee.short_code)
    if minutes.number is not None and not draft:
        return f"BB-{minutes.number:02d}-{minutes.year}-{code}.pdf"
    held_on = timezone.localdate(meeting.start_at)
    addendum = f"-BO-SUNG-{minutes.pk}" if minutes.addendum_to_id else ""
    name = f"BB-{held_on:%Y-%m-%d}-{code}{addendum}.pdf"
    return f"DU-THAO-{name}" if draft else name


def invitation_filename(letter: InvitationLetter, invitation: Invitation | None = None) -> str:
    """ "GM-04-2026-BCDCQDT.pdf"; a personal letter adds the invitee's name in ASCII
    ("GM-04-2026-BCDCQDT-Nguyen-Van-A.pdf"), or the invitation's number when the name has none."""
    code = ascii_name(letter.committee.short_code)
    name = f"{ascii_name(letter.doc_type)}-{letter.number:02d}-{letter.year}-{code}"
    if invitation is not None:
        person = ascii_name(signer_name(invitation.user.display_name))
        name = f"{name}-{person or invitation.pk}"
    return f"{name}.pdf"


def signed_document_filename(document: SignedDocument) -> str:
    if document.kind == SignedDocument.Kind.NOTICE:
        return notice_filename(document.notice)
    if document.kind == SignedDocument.Kind.INVITATION:
        return invitation_filename(document.letter)
    if document.kind == SignedDocument.Kind.PERSONAL_INVITATION:
        return invitation_filename(document.letter, document.invitation)
    return minutes_filename(document.minutes)


def minutes_draft_pdf(minutes: Minutes) -> bytes:
    """Unsigned minutes, rendered on demand and marked "DỰ THẢO" on every page; never stored."""
    return render_pdf(MINUTES_TEMPLATE, minutes_context(minutes), draft=True)


def notice_pdf(notice: Notice, *, pdf_variant: str | None = None) -> bytes:
    return render_pdf(NOTICE_TEMPLATE, notice_context(notice), pdf_variant=pdf_variant)


def minutes_pdf(minutes: Minutes, *, pdf_variant: str | None = None) -> bytes:
    return render_pdf(MINUTES_TEMPLATE, minutes_context(minutes), pdf_variant=pdf_variant)


def invitation_pdf(
    letter: InvitationLetter, invitation: Invitation | None = None, *, pdf_variant: str | None = None
) -> bytes:
    """The invitation letter listing every invitee, or with `invitation` that invitee's own."""
    return render_pdf(INVITATION_TEMPLATE, invitation_context(letter, invitation), pdf_variant=pdf_variant)


def minutes_body_chars(minutes: Minutes) -> int:
    """The length of the minutes text as read, tags stripped."""
    return len(strip_tags(minutes.body))


def minutes_draft_is_slow(minutes: Minutes) -> bool:
    """Whether rendering this draft would take more than about a second: its text is longer
    than MINUTES_DRAFT_INLINE_MAX_CHARS, or its markup (HTML length, elements) is heavier than a
    long text's, e.g. thousands of empty table rows (docs/benchmarks.md)."""
    size = minutes_markup_size(minutes.body)
    return (
        size.chars > MINUTES_DRAFT_INLINE_MAX_HTML_CHARS
        or size.elements > MINUTES_DRAFT_INLINE_MAX_ELEMENTS
        or minutes_body_chars(minutes) > MINUTES_DRAFT_INLINE_MAX_CHARS
    )


def minutes_draft_pages_estimate(minutes: Minutes) -> int:
    """About how many pages the draft will have (the body, plus the header and signatures)."""
    return 1 + minutes_body_chars(minutes) // MINUTES_CHARS_PER_PAGE


def minutes_for_render_get(minutes_id: int) -> Minutes | None:
    """Minutes with what their document needs, or None when they are gone."""
    return (
        Minutes.objects.select_related(
            "meeting", "meeting__committee", "meeting__presiding", "meeting__secretary"
        )
        .filter(pk=minutes_id)
        .first()
    )
