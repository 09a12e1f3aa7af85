"""The home page (Ban chỉ đạo của tôi): one's committees and role in each, and the next meetings
with one's own answer. It lives in meetings, the highest app whose records it shows; the tasks
app's home (tasks.views.home) adds "Việc của tôi" on top of the same context."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.models import User
from members.selectors import committee_list_for_user

from ..selectors.meetings import upcoming_meetings_for_user


def home_context(user: User) -> dict[str, object]:
    """What meetings/home.html shows: the person's committees and their coming meetings."""
    return {"committees": committee_list_for_user(user), "upcoming": upcoming_meetings_for_user(user)}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/home.html", home_context(request.user))
