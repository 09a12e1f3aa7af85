"""HTTP for the calendar: the month page, one meeting's .ics, and the private iCalendar feed."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import permissions, services
from ..selectors import calendar as selectors

ICS_TYPE = "text/calendar; charset=utf-8"


def _month_from(value: str | None, today: datetime.date) -> datetime.date:
    """ "2026-11" → 1 November 2026; anything else → this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2999:
            return datetime.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _host(request: HttpRequest) -> str:
    return request.get_host().split(":")[0]


@login_required
@require_http_methods(["GET", "HEAD"])
def calendar_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _month_from(request.GET.get("month"), today)
    view = "list" if request.GET.get("view") == "list" else "grid"
    month = selectors.calendar_month_for_user(request.user, first=first, today=today)
    return render(request, "meetings/calendar_month.html", {"month": month, "view": view})


@login_required
@require_http_methods(["GET", "HEAD"])
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk)
    body = selectors.meeting_ical(meeting, host=_host(request), absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """Create, replace or revoke the person's private feed address."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "rotate":
            services.calendar_token_rotate(user=request.user)
            messages.success(
                request, _("Your new calendar address is ready. Any older address no longer works.")
            )
        elif action == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, _("Your calendar address is revoked: it no longer works."))
        return redirect("meetings:calendar-feed-settings")
    token = selectors.calendar_token_get(request.user)
    feed_url = (
        request.build_absolute_uri(reverse("meetings:calendar-feed", args=[token.token])) if token else ""
    )
    return render(request, "meetings/calendar_feed_settings.html", {"token": token, "feed_url": feed_url})


@never_cache
@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: calendar apps fetch this. The token is the key; unknown or revoked → 404."""
    user = selectors.calendar_token_user(token)
    if user is None:
        raise Http404
    body = selectors.calendar_feed_ical(user, host=_host(request), absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
