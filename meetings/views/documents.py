"""HTTP for the official documents as PDF: the notice of conclusions and the minutes.

Signed documents are served from the copy archived at signing (never re-rendered, so a later
template change cannot alter them); unsigned minutes are rendered on demand as a marked draft.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from documents.views import archived_document_response

from .. import permissions
from ..documents import selectors as documents
from ..documents import services as document_services
from ..models import Meeting, Minutes
from ..permissions import MeetingAccess, Right
from ..selectors import minutes as minutes_selectors

PDF = "application/pdf"
logger = logging.getLogger(__name__)


def _serve_signed(request: HttpRequest, meeting: Meeting, **source) -> HttpResponse:
    """The stored copy of a signed document (archived now if its job has not run yet), as a
    download carrying its SHA-256. A storage failure answers 503 with a message to try again; a
    stored copy whose file has vanished answers 404 and is logged, never re-rendered (a new
    rendering might differ from what was signed)."""
    try:
        document = document_services.signed_document_get_or_archive(**source)
        return archived_document_response(document, filename=documents.signed_document_filename(document))
    except FileNotFoundError:
        logger.error("The archived file of signed document %s of meeting %s is missing.", source, meeting.pk)
        raise Http404 from None
    except OSError:
        logger.exception("Could not store or read signed document %s of meeting %s.", source, meeting.pk)
        response = render(request, "meetings/document_unavailable.html", {"meeting": meeting}, status=503)
        response["Retry-After"] = "60"
        return response


@login_required
@require_http_methods(["GET", "HEAD"])
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed notice of conclusions, to those who may read the issued conclusions."""
    meeting, access = permissions.access_meeting(request.user, pk)
    if not access.may(Right.VIEW_CONCLUSIONS):
        raise Http404
    notice = documents.notice_of_meeting_get(meeting)
    if notice is None:
        raise Http404
    # Documents signed before archiving existed (old demo data) are archived on first request.
    return _serve_signed(request, meeting, notice=notice)


@login_required
@require_GET  # not HEAD: a draft is rendered, or a render job started, by each request
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's minutes: signed, from their archived copy; a draft marked "DỰ THẢO",
    rendered now, or in a job when it is long (over a second to render)."""
    meeting, access = permissions.access_meeting(request.user, pk)
    return _minutes_response(request, access, minutes_selectors.minutes_main_get(meeting))


@login_required
@require_GET
def minutes_document_pdf(request: HttpRequest, pk: int, minutes_pk: int) -> HttpResponse:
    """One biên bản of the meeting by its record: the minutes or one of their addenda (each
    addendum is a numbered biên bản of its own)."""
    meeting, access = permissions.access_meeting(request.user, pk)
    return _minutes_response(request, access, minutes_selectors.minutes_of_meeting_get(meeting, minutes_pk))


def _minutes_response(request: HttpRequest, access: MeetingAccess, minutes: Minutes | None) -> HttpResponse:
    meeting = access.meeting
    if minutes is None or not access.can_view_minutes(minutes):
        raise Http404
    if minutes.locked:
        return _serve_signed(request, meeting, minutes=minutes)
    if documents.minutes_draft_is_slow(minutes):
        # Over a second to render: a Celery job does it; its page shows the progress, then the link.
        job = document_services.render_job_request(minutes=minutes, actor=request.user)
        return HttpResponseRedirect(job.get_absolute_url(), status=303)
    response = HttpResponse(documents.minutes_draft_pdf(minutes), content_type=PDF)
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.minutes_filename(minutes, draft=True)}"'
    )
    return response
