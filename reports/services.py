"""Writes of the reports app: the archival copy of a signed document."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import MeetingError, Minutes, Notice

from . import selectors
from .models import SignedDocument
from .rendering import ARCHIVAL_VARIANT


@transaction.atomic
def signed_document_archive(
    *, notice: Notice | None = None, minutes: Minutes | None = None
) -> SignedDocument:
    """Render a signed notice or signed minutes once as PDF/A and store it with its SHA-256
    (Decree 30/2020, Art. 15: the signed original is kept as issued). Idempotent: a second call,
    or a second worker, gets the stored copy."""
    if (notice is None) == (minutes is None):
        raise ValueError("Give exactly one of notice or minutes.")
    # Locking the source row makes a concurrent archiver wait, then find the copy made here.
    if notice is not None:
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        existing = selectors.signed_document_get(notice=notice)
    else:
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if not minutes.locked:
            raise MeetingError(_("Only signed minutes are archived."))
        existing = selectors.signed_document_get(minutes=minutes)
    if existing is not None:
        return existing

    if notice is not None:
        notice = selectors.notice_of_meeting_get(notice.meeting)
        pdf = selectors.notice_pdf(notice, pdf_variant=ARCHIVAL_VARIANT)
        document = SignedDocument(kind=SignedDocument.Kind.NOTICE, meeting=notice.meeting, notice=notice)
        filename = selectors.notice_filename(notice)
    else:
        minutes = Minutes.objects.select_related(
            "meeting", "meeting__committee", "meeting__presiding", "meeting__secretary"
        ).get(pk=minutes.pk)
        pdf = selectors.minutes_pdf(minutes, pdf_variant=ARCHIVAL_VARIANT)
        document = SignedDocument(kind=SignedDocument.Kind.MINUTES, meeting=minutes.meeting, minutes=minutes)
        filename = selectors.minutes_filename(minutes)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.size = len(pdf)
    document.file.save(filename, ContentFile(pdf), save=False)
    document._change_reason = "archived at signing"
    document.save()
    return document
