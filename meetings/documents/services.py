"""Writes of the meetings' official documents: the archived copy of what was signed, and long
draft minutes rendered in a job (through the documents app)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from documents import services as document_services
from documents.models import RenderJob
from documents.registry import RenderKind, register_render_kind
from documents.rendering import ARCHIVAL_VARIANT

from .. import permissions
from ..models import Invitation, InvitationLetter, MeetingError, Minutes, Notice, SignedDocument
from . import selectors

#: The kind of render job of long draft minutes (documents.RenderJob.kind).
MINUTES_DRAFT = "minutes_draft"


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
        reason = "archived at first download" if invitation else "archived at issue"
    elif notice is not None:
        notice = selectors.notice_of_meeting_get(notice.meeting)
        pdf = selectors.notice_pdf(notice, pdf_variant=ARCHIVAL_VARIANT)
        document = SignedDocument(kind=SignedDocument.Kind.NOTICE, meeting=notice.meeting, notice=notice)
        filename = selectors.notice_filename(notice)
        reason = "archived at signing"
    else:
        minutes = selectors.minutes_for_render_get(minutes.pk)
        pdf = selectors.minutes_pdf(minutes, pdf_variant=ARCHIVAL_VARIANT)
        document = SignedDocument(kind=SignedDocument.Kind.MINUTES, meeting=minutes.meeting, minutes=minutes)
        filename = selectors.minutes_filename(minutes)
        reason = "archived at signing"
    source = {"notice": notice, "minutes": minutes, "letter": letter, "invitation": invitation}
    return document_services.archived_document_store(
        document,
        pdf=pdf,
        filename=filename,
        reason=reason,
        stored_first=lambda: selectors.signed_document_get(
            **{k: v for k, v in source.items() if v is not None}
        ),
    )


# --- long draft minutes, rendered in a job ----------------------------------------------------------


def render_job_request(*, minutes: Minutes, actor) -> RenderJob:
    """Render this unsigned draft for `actor` in a Celery job (it would take more than a second in
    the request); the documents app reuses a live job for the same version and person."""
    if minutes.locked:
        raise ValueError("Signed minutes are served from the archive, never rendered as a draft.")
    return document_services.render_job_request(
        kind=MINUTES_DRAFT,
        source=minutes,
        actor=actor,
        filename=selectors.minutes_filename(minutes, draft=True),
    )


def _minutes_retry_url(job: RenderJob) -> str:
    # The PDF link of the same biên bản (the minutes or an addendum) decides afresh.
    minutes = Minutes.objects.only("pk", "meeting_id").get(pk=job.source_id)
    return reverse(
        "meetings:minutes-document-pdf", kwargs={"pk": minutes.meeting_id, "minutes_pk": minutes.pk}
    )


def register_document_kinds() -> None:
    """Tell the documents app how to render long draft minutes in a job (MeetingsConfig.ready)."""
    register_render_kind(
        RenderKind(
            name=MINUTES_DRAFT,
            # Looked up at each call, so the selectors stay replaceable (tests, a reload).
            load=lambda minutes_id: selectors.minutes_for_render_get(minutes_id),
            version=lambda minutes: minutes.version,
            can_view=lambda user, minutes: permissions.can_view_minutes(user, minutes.meeting, minutes),
            render=lambda minutes: selectors.minutes_draft_pdf(minutes),
            pages_estimate=lambda minutes: selectors.minutes_draft_pages_estimate(minutes),
            retry_url=_minutes_retry_url,
            page_template="meetings/minutes_render_job.html",
        )
    )
