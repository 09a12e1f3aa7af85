"""Celery jobs of the meetings app (thin: load, call one service, idempotent)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .documents import services as document_services
from .models import InvitationLetter, Minutes, Notice


# A busy database (SQLite's "database is locked" when several workers write) is transient: retry
# with backoff, a few times; the service is idempotent, so a retry never stores twice.
@shared_task(
    name="meetings.jobs.archive_signed_document",
    time_limit=300,
    soft_time_limit=240,
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    max_retries=5,
)
def archive_signed_document(
    *, notice_id: int | None = None, minutes_id: int | None = None, letter_id: int | None = None
) -> int:
    """Store the archival PDF of a just-signed notice, minutes or invitation letter; a rerun
    returns the stored copy."""
    if notice_id is not None:
        document = document_services.signed_document_archive(notice=Notice.objects.get(pk=notice_id))
    elif letter_id is not None:
        document = document_services.signed_document_archive(
            letter=InvitationLetter.objects.get(pk=letter_id)
        )
    else:
        document = document_services.signed_document_archive(minutes=Minutes.objects.get(pk=minutes_id))
    return document.pk
