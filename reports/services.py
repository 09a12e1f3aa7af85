"""Writes of the reports app: the archival copy of a signed document."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import permissions as meeting_permissions
from meetings.models import Invitation, InvitationLetter, MeetingError, Minutes, Notice

from . import selectors
from .jobs import render_document
from .models import RenderJob, SignedDocument
from .rendering import ARCHIVAL_VARIANT
from .rendering.progress import LABEL_DONE, LABEL_QUEUED, LABEL_STARTED, render_progress


def signed_document_get_or_archive(**source) -> SignedDocument:
    """The stored copy of a signed document (same keywords as signed_document_archive), made
    now if its job has not run yet: a plain read when it exists, so a download takes no lock."""
    return selectors.signed_document_get(**source) or signed_document_archive(**source)


@transaction.atomic
def signed_document_archive(
    *,
    notice: Notice | None = None,
    minutes: Minutes | None = None,
    letter: InvitationLetter | None = None,
    invitation: Invitation | None = None,
) -> SignedDocument:
    """Render a signed notice, signed minutes or an invitation letter once as PDF/A and store it
    with its SHA-256 (Decree 30/2020, Art. 15: the signed original is kept as issued). `letter`
    alone is the letter listing every invitee (archived when the meeting is convened); `letter` +
    `invitation` is that invitee's personal letter (archived at its first download). Idempotent:
    a second call, or a second worker, gets the stored copy."""
    if sum(x is not None for x in (notice, minutes, letter)) != 1:
        raise ValueError("Give exactly one of notice, minutes or letter.")
    if invitation is not None and (letter is None or invitation.meeting_id != letter.meeting_id):
        raise ValueError("A personal invitation goes with the letter of its own meeting.")
    # Locking the source row makes a concurrent archiver wait, then find the copy made here.
    if letter is not None:
        letter = InvitationLetter.objects.select_for_update().get(pk=letter.pk)
        existing = selectors.signed_document_get(letter=letter, invitation=invitation)
    elif notice is not None:
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        existing = selectors.signed_document_get(notice=notice)
    else:
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if not minutes.locked:
            raise MeetingError(_("Only signed minutes are archived."))
        existing = selectors.signed_document_get(minutes=minutes)
    if existing is not None:
        return existing

    if letter is not None:
        letter = InvitationLetter.objects.select_related(
            "meeting", "meeting__committee", "meeting__presiding", "committee", "signed_by"
        ).get(pk=letter.pk)
        if invitation is not None:
            invitation = Invitation.objects.select_related("user", "user__organization").get(pk=invitation.pk)
        pdf = selectors.invitation_pdf(letter, invitation, pdf_variant=ARCHIVAL_VARIANT)
        document = SignedDocument(
            kind=SignedDocument.Kind.PERSONAL_INVITATION if invitation else SignedDocument.Kind.INVITATION,
            meeting=letter.meeting,
            letter=letter,
            invitation=invitation,
        )
        filename = selectors.invitation_filename(letter, invitation)
    elif notice is not None:
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
    if letter is not None:
        document._change_reason = "archived at first download" if invitation else "archived at issue"
    else:
        document._change_reason = "archived at signing"
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Another archiver stored it first (SQLite has no row locks to make it wait): keep theirs.
        document.file.delete(save=False)
        source = {"notice": notice, "minutes": minutes, "letter": letter, "invitation": invitation}
        existing = selectors.signed_document_get(**{k: v for k, v in source.items() if v is not None})
        if existing is None:
            raise
        return existing
    return document


# --- documents rendered in a job (a draft that takes more than a second) ----------------------

#: Rendered files are kept this long, then deleted with their jobs (the daily cleanup).
RENDER_JOB_KEEP_FOR = datetime.timedelta(days=1)
_LIVE = [RenderJob.Status.QUEUED, RenderJob.Status.RUNNING]


@transaction.atomic
def render_job_request(*, minutes: Minutes, actor) -> RenderJob:
    """Render this unsigned draft for `actor` in a Celery job (it would take more than a second in
    the request). The job already queued, running or done for the same version and person is
    reused; a lost one (stuck, or its file gone) is replaced."""
    if minutes.locked:
        raise ValueError("Signed minutes are served from the archive, never rendered as a draft.")
    if not meeting_permissions.can_view_minutes(actor, minutes.meeting, minutes):
        raise PermissionDenied
    job = selectors.render_job_live_get(minutes=minutes, user=actor)
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
                kind=RenderJob.Kind.MINUTES_DRAFT,
                meeting=minutes.meeting,
                source_id=minutes.pk,
                source_version=minutes.version,
                step=LABEL_QUEUED,
                filename=selectors.minutes_filename(minutes, draft=True),
            )
    except IntegrityError:
        # The same person's second request won the race (one live job per version): use it.
        job = selectors.render_job_live_get(minutes=minutes, user=actor)
        if job is None:
            raise
        return job
    job_id = str(job.pk)
    transaction.on_commit(lambda: render_document.delay(job_id=job_id))
    return job


def render_job_run(*, job_id) -> RenderJob:
    """Render the job's draft, saving its progress as WeasyPrint reports it, then store the file
    and mark the job done. Called by the job; a job already claimed or finished is left alone, so
    a second delivery of the same job does nothing. Errors propagate: the caller fails the job."""
    claimed = RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
        status=RenderJob.Status.RUNNING, progress=1, step=LABEL_STARTED
    )
    job = RenderJob.objects.get(pk=job_id)
    if not claimed:
        return job
    minutes = (
        Minutes.objects.select_related(
            "meeting", "meeting__committee", "meeting__presiding", "meeting__secretary"
        )
        .filter(pk=job.source_id)
        .first()
    )
    if minutes is None:
        render_job_fail(job_id=job.pk, message=selectors.RENDER_JOB_GONE_MESSAGE)
        return RenderJob.objects.get(pk=job.pk)
    if minutes.version != job.source_version:
        render_job_fail(job_id=job.pk, message=selectors.RENDER_JOB_CHANGED_MESSAGE)
        return RenderJob.objects.get(pk=job.pk)

    running = RenderJob.objects.filter(pk=job.pk, status=RenderJob.Status.RUNNING)

    def report(percent: int, label: str) -> None:
        # Committed at once (no transaction here), so the polling page sees it.
        running.update(progress=min(percent, 99), step=label[:120])

    with render_progress(report, expected_pages=selectors.minutes_draft_pages_estimate(minutes)):
        pdf = selectors.minutes_draft_pdf(minutes)
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
