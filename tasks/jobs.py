"""Celery jobs of the tasks app (thin: load, call one service, idempotent). Named jobs.py: `tasks`
is the directives app, so its Celery code is never called tasks.py."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import plans_documents
from .models import WorkPlan


# A busy database (SQLite's "database is locked" when several workers write) is transient: retry
# with backoff, a few times; the service is idempotent, so a retry never stores twice.
@shared_task(
    name="tasks.jobs.archive_approved_plan",
    time_limit=300,
    soft_time_limit=240,
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    max_retries=5,
)
def archive_approved_plan(*, plan_id: int) -> int:
    """Store the archival PDF of a just-approved plan; a rerun returns the stored copy."""
    return plans_documents.plan_document_archive(plan=WorkPlan.objects.get(pk=plan_id)).pk
