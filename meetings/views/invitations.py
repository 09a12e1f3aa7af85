"""HTTP for the invitation letter (giấy mời, Mẫu 1.7) as PDF.

The letter listing every invitee is archived when the meeting is convened; a personal letter is
archived at its first download. Both are served from the stored copy ever after, with its
SHA-256 (see documents.py).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..documents import selectors as documents
from ..permissions import Right
from ..selectors import meetings as selectors
from .documents import _serve_signed


@login_required
@require_http_methods(["GET", "HEAD"])
def invitation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's invitation letter in force, to whoever sees the meeting and its papers;
    404 before the meeting is convened."""
    meeting, access = permissions.access_meeting(request.user, pk)
    if not access.may(Right.DOWNLOAD_INVITATION):
        raise Http404
    letter = documents.invitation_letter_current(meeting)
    if letter is None:
        raise Http404
    # A letter whose archive job has not run yet (or was issued before archiving) is stored now.
    return _serve_signed(request, meeting, letter=letter)


@login_required
@require_http_methods(["GET", "HEAD"])
def personal_invitation_pdf(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """One invitee's own letter, to that invitee or to those who prepare the meeting; 404 for
    everyone else. Archived at the first download."""
    meeting, access = permissions.access_meeting(request.user, pk)
    invitation = selectors.invitation_get(meeting, invitation_pk)
    if not access.may(Right.DOWNLOAD_PERSONAL_INVITATION, invitation):
        raise Http404
    letter = documents.invitation_letter_current(meeting)
    if letter is None:
        raise Http404
    return _serve_signed(request, meeting, letter=letter, invitation=invitation)
