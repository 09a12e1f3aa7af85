"""The site's home: the meetings home (one's committees, the coming meetings) with "Việc của tôi"
on top for whoever has directive work or actions waiting (Điều 6.2, 9.3: the member's and the
focal officer's daily page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetings.views.home import home_context

from .. import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "tasks/home.html", {**home_context(request.user), "work": selectors.my_work(request.user)}
    )
