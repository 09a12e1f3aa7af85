"""Celery jobs of the documents app (thin: load, call one service, idempotent)."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded

from . import selectors, services

logger = logging.getLogger(__name__)


class RenderDocumentTask(Task):
    """Past the hard time limit the worker kills the process rendering, so the job's own `except`
    never runs; Celery then calls `on_failure` in the worker's main process: fail the job there."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        job_id = (kwargs or {}).get("job_id")
        if job_id:
            timed_out = isinstance(exc, TimeLimitExceeded | SoftTimeLimitExceeded)
            message = (
                selectors.RENDER_JOB_TIMEOUT_MESSAGE if timed_out else selectors.RENDER_JOB_ERROR_MESSAGE
            )
            services.render_job_fail(job_id=job_id, message=message)


# A long document is rendered here rather than in the request. 60 s is ~50 times the 12-page
# minutes' render time (docs/benchmarks.md); no retry: the person sees the failure and may try again.
@shared_task(
    name="documents.jobs.render_document", base=RenderDocumentTask, soft_time_limit=60, time_limit=90
)
def render_document(*, job_id: str) -> str:
    """Render the document a person asked for (documents.services.render_job_request), saving its
    progress as it goes. Past the soft time limit, or on any error, the job fails with a message
    for the person; the traceback goes to the log only. A second run does nothing."""
    try:
        services.render_job_run(job_id=job_id)
    except SoftTimeLimitExceeded:
        logger.warning("Render job %s stopped at its soft time limit", job_id)
        services.render_job_fail(job_id=job_id, message=selectors.RENDER_JOB_TIMEOUT_MESSAGE)
    except Exception:
        logger.exception("Render job %s failed", job_id)
        services.render_job_fail(job_id=job_id, message=selectors.RENDER_JOB_ERROR_MESSAGE)
    return job_id


@shared_task(name="documents.jobs.cleanup_render_jobs")
def cleanup_render_jobs() -> int:
    """Daily: delete render jobs older than a day, with their files."""
    return services.render_job_cleanup()
