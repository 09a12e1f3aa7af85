"""The home page (Ban chỉ đạo của tôi): one's committees and role in each, and the next meetings
with one's own answer. It lives in meetings, the highest app whose records it shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.selectors import committee_list_for_user

from ..selectors.meetings import upcoming_meetings_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    committees = committee_list_for_user(request.user)
    upcoming = upcoming_meetings_for_user(request.user)
    return render(request, "meetings/home.html", {"committees": committees, "upcoming": upcoming})
