"""Celery jobs of the reports app (thin: load, call one service, idempotent)."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.db import OperationalError

logger = logging.getLogger(__name__)


# A busy database (SQLite's "database is locked" when several workers write) is transient: retry
# with backoff, a few times; the service is idempotent, so a retry never stores twice.
@shared_task(
    name="reports.jobs.archive_signed_document",
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
    from meetings.models import InvitationLetter, Minutes, Notice

    from .services import signed_document_archive

    if notice_id is not None:
        document = signed_document_archive(notice=Notice.objects.get(pk=notice_id))
    elif letter_id is not None:
        document = signed_document_archive(letter=InvitationLetter.objects.get(pk=letter_id))
    else:
        document = signed_document_archive(minutes=Minutes.objects.get(pk=minutes_id))
    return document.pk


class RenderDocumentTask(Task):
    """Past the hard time limit the worker kills the process rendering, so the job's own `except`
    never runs; Celery then calls `on_failure` in the worker's main process: fail the job there."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from .selectors import RENDER_JOB_ERROR_MESSAGE, RENDER_JOB_TIMEOUT_MESSAGE
        from .services import render_job_fail

        job_id = (kwargs or {}).get("job_id")
        if job_id:
            timed_out = isinstance(exc, TimeLimitExceeded | SoftTimeLimitExceeded)
            message = RENDER_JOB_TIMEOUT_MESSAGE if timed_out else RENDER_JOB_ERROR_MESSAGE
            render_job_fail(job_id=job_id, message=message)


# A long document is rendered here rather than in the request (issue: large documents). 60 s is
# ~50 times the 12-page minutes' render time (docs/benchmarks.md); no retry: the person sees the
# failure and may try again.
@shared_task(name="reports.jobs.render_document", base=RenderDocumentTask, soft_time_limit=60, time_limit=90)
def render_document(*, job_id: str) -> str:
    """Render the document a person asked for (reports.services.render_job_request), saving its
    progress as it goes. Past the soft time limit, or on any error, the job fails with a message
    for the person; the traceback goes to the log only. A second run does nothing."""
    from .selectors import RENDER_JOB_ERROR_MESSAGE, RENDER_JOB_TIMEOUT_MESSAGE
    from .services import render_job_fail, render_job_run

    try:
        render_job_run(job_id=job_id)
    except SoftTimeLimitExceeded:
        logger.warning("Render job %s stopped at its soft time limit", job_id)
        render_job_fail(job_id=job_id, message=RENDER_JOB_TIMEOUT_MESSAGE)
    except Exception:
        logger.exception("Render job %s failed", job_id)
        render_job_fail(job_id=job_id, message=RENDER_JOB_ERROR_MESSAGE)
    return job_id


@shared_task(name="reports.jobs.cleanup_render_jobs")
def cleanup_render_jobs() -> int:
    """Daily: delete render jobs older than a day, with their files."""
    from .services import render_job_cleanup

    return render_job_cleanup()
