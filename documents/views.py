"""HTTP for documents rendered in a job: the page that shows the progress, then the download.

Only the person who asked sees a job or its file; everyone else gets 404 (the id is a random
UUID, and still checked). The page polls a small fragment every second with htmx and works
without JavaScript (it reloads itself).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from .models import RenderJob
from .permissions import get_render_job_for_user
from .registry import render_kind
from .selectors import render_job_status

PDF = "application/pdf"
#: htmx stops polling when a response has this status (and still swaps it in).
STOP_POLLING = 286


def see_other(url: str) -> HttpResponseRedirect:
    """303: the browser follows with a GET, whatever the method of the request (a POST here)."""
    return HttpResponseRedirect(url, status=303)


@login_required
@require_http_methods(["GET", "HEAD"])
def render_job_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The job's page: heading, progress bar and step; then the download link or the failure."""
    job = get_render_job_for_user(request.user, pk)
    context = {**render_job_status(job), "source": job.source}
    response = render(request, render_kind(job.kind).page_template, context)
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def render_job_fragment(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The part of the page that changes, polled every second until the job is finished."""
    job = get_render_job_for_user(request.user, pk)
    context = render_job_status(job)
    response = render(request, "documents/_render_job_status.html", context)
    if context["finished"]:
        response.status_code = STOP_POLLING
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def render_job_file(request: HttpRequest, pk: UUID) -> FileResponse:
    """The rendered file, to the person who asked for it only."""
    job = get_render_job_for_user(request.user, pk)
    if job.status != RenderJob.Status.DONE:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=PDF)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def render_job_retry(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Ask for the document again: the feature's own PDF link for the same source decides
    afresh (a signed copy, a quick draft, or a new job for the source as it now stands)."""
    job = get_render_job_for_user(request.user, pk)
    return see_other(render_kind(job.kind).retry_url(job))


def archived_document_response(document, *, filename: str) -> FileResponse:
    """The stored copy of a signed document as a download carrying its SHA-256
    (`X-Content-SHA256`). Raises FileNotFoundError when the stored file has vanished and OSError
    when storage fails: the feature's view answers those (404, or 503 with a page to try again),
    and never re-renders (a new rendering might differ from what was signed)."""
    handle = document.file.open("rb")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=PDF)
    response["X-Content-SHA256"] = document.sha256
    return response
