"""Writes of the documents app: the next number in a register, the archived copy of a signed
document, and documents rendered in a job."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.jobs import enqueue_after_commit
from members.models import Committee

from . import jobs, selectors
from .models import ArchivedDocument, RegisterCounter, RenderJob
from .registry import render_kind
from .rendering.progress import LABEL_DONE, LABEL_QUEUED, LABEL_STARTED, render_progress

# --- the register (Decree 30/2020, Art. 15) ----------------------------------------------------


@transaction.atomic
def register_next_number(*, committee: Committee, doc_type: str, year: int) -> int:
    """The next number in the committee's register for this type and year: 1, 2, ... from 1
    each year, never repeated, even when two documents are issued at the same instant."""
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(committee=committee, doc_type=doc_type, year=year, last_number=0)],
        ignore_conflicts=True,
    )
    counter = RegisterCounter.objects.select_for_update().get(
        committee=committee, doc_type=doc_type, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


# --- the archive of signed documents --------------------------------------------------------------


D = TypeVar("D", bound=ArchivedDocument)


def archived_document_store(
    document: D, *, pdf: bytes, filename: str, reason: str, stored_first: Callable[[], D | None]
) -> D:
    """Store a new archive row with its PDF, SHA-256 and size. The caller holds a lock on what
    was signed; on a database without row locks (SQLite) a concurrent archiver may still store
    first: then the copy made here is deleted and `stored_first()` (theirs) is returned."""
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.size = len(pdf)
    document.file.save(filename, ContentFile(pdf), save=False)
    document._change_reason = reason
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        existing = stored_first()
        if existing is None:
            raise
        return existing
    return document


# --- documents rendered in a job (a draft that takes more than a second) ----------------------

#: Rendered files are kept this long, then deleted with their jobs (the daily cleanup).
RENDER_JOB_KEEP_FOR = datetime.timedelta(days=1)
_LIVE = [RenderJob.Status.QUEUED, RenderJob.Status.RUNNING]


@transaction.atomic
def render_job_request(*, kind: str, source, actor, filename: str) -> RenderJob:
    """Render `source` for `actor` in a Celery job (it would take more than a second in the
    request). The job already queued, running or done for the same version and person is
    reused; a lost one (stuck, or its file gone) is replaced."""
    renderer = render_kind(kind)
    if not renderer.can_view(actor, source):
        raise PermissionDenied
    version = renderer.version(source)

    def live() -> RenderJob | None:
        return selectors.render_job_live_get(
            kind=kind, source_id=source.pk, source_version=version, user=actor
        )

    job = live()
    if job is not None:
        if selectors.render_job_is_stuck(job):
            render_job_fail(job_id=job.pk, message=selectors.RENDER_JOB_STUCK_MESSAGE)
        elif job.status == RenderJob.Status.DONE and not job.file.storage.exists(job.file.name):
            job.delete()
        else:
            return job
    try:
        with transaction.atomic():
            job = RenderJob.objects.create(
                requested_by=actor,
                kind=kind,
                source_id=source.pk,
                source_version=version,
                step=LABEL_QUEUED,
                filename=filename,
            )
    except IntegrityError:
        # The same person's second request won the race (one live job per version): use it.
        job = live()
        if job is None:
            raise
        return job
    job_id = str(job.pk)
    enqueue_after_commit(jobs.render_document, job_id=job_id)
    return job


def render_job_run(*, job_id) -> RenderJob:
    """Render the job's source, saving its progress as WeasyPrint reports it, then store the file
    and mark the job done. Called by the job; a job already claimed or finished is left alone, so
    a second delivery of the same job does nothing. Errors propagate: the caller fails the job."""
    claimed = RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
        status=RenderJob.Status.RUNNING, progress=1, step=LABEL_STARTED
    )
    job = RenderJob.objects.get(pk=job_id)
    if not claimed:
        return job
    renderer = render_kind(job.kind)
    source = renderer.load(job.source_id)
    if source is None:
        render_job_fail(job_id=job.pk, message=selectors.RENDER_JOB_GONE_MESSAGE)
        return RenderJob.objects.get(pk=job.pk)
    if renderer.version(source) != job.source_version:
        render_job_fail(job_id=job.pk, message=selectors.RENDER_JOB_CHANGED_MESSAGE)
        return RenderJob.objects.get(pk=job.pk)

    running = RenderJob.objects.filter(pk=job.pk, status=RenderJob.Status.RUNNING)

    def report(percent: int, label: str) -> None:
        # Committed at once (no transaction here), so the polling page sees it.
        running.update(progress=min(percent, 99), step=label[:120])

    with render_progress(report, expected_pages=renderer.pages_estimate(source)):
        pdf = renderer.render(source)
    job.file.save(job.filename, ContentFile(pdf), save=False)
    if not running.update(
        status=RenderJob.Status.DONE,
        progress=100,
        step=LABEL_DONE,
        file=job.file.name,
        finished_at=timezone.now(),
    ):
        job.file.delete(save=False)  # failed meanwhile: keep no file nobody can download
    return RenderJob.objects.get(pk=job.pk)


def render_job_fail(*, job_id, message: str) -> bool:
    """Mark a queued or running job failed, with a message for the person who asked (Vietnamese,
    what to do next, never a traceback). A finished job is left as it is."""
    return bool(
        RenderJob.objects.filter(pk=job_id, status__in=_LIVE).update(
            status=RenderJob.Status.FAILED, error=message[:300], finished_at=timezone.now()
        )
    )


def render_job_cleanup(*, older_than: datetime.timedelta = RENDER_JOB_KEEP_FOR) -> int:
    """Delete render jobs made before `older_than` ago with their files, and any file left in the
    renders folder that old with no job (a render whose job row went first). Returns the jobs
    deleted; safe to run twice or while jobs run."""
    cutoff = timezone.now() - older_than
    storage = RenderJob._meta.get_field("file").storage
    deleted = 0
    for job in RenderJob.objects.filter(created_at__lt=cutoff).only("pk", "file"):
        if job.file.name:
            storage.delete(job.file.name)
        deleted += RenderJob.objects.filter(pk=job.pk).delete()[0]
    kept = set(RenderJob.objects.exclude(file="").values_list("file", flat=True))
    folders = ["renders"]
    while folders:
        folder = folders.pop()
        if not storage.exists(folder):
            continue
        subfolders, files = storage.listdir(folder)
        folders += [f"{folder}/{name}" for name in subfolders]
        for name in files:
            path = f"{folder}/{name}"
            if path not in kept and storage.get_modified_time(path) < cutoff:
                storage.delete(path)
    return deleted
