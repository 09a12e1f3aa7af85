"""HTTP for one directive: its page with the timeline, and the actions on it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors
from ..permissions import access_directive


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    directive = selectors.directive_for_page(access.directive)
    context = {
        "directive": directive,
        "timeline": selectors.directive_timeline(directive),
        "pending_extension": selectors.pending_extension(directive),
        **access.page_flags(),
    }
    return render(request, "tasks/directive_detail.html", context)
