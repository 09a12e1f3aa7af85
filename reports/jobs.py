"""Celery jobs of the reports app (thin: load, call one service, idempotent)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import quarterly_documents
from .models import QuarterlyReport


@shared_task(
    name="reports.jobs.archive_approved_report",
    time_limit=300,
    soft_time_limit=240,
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    max_retries=5,
)
def archive_approved_report(*, report_id: int) -> int:
    """Store the archival PDF of a just-approved quarterly report; a rerun returns the stored copy."""
    return quarterly_documents.report_document_archive(report=QuarterlyReport.objects.get(pk=report_id)).pk
