"""HTTP for the directive list (filters, search, pages of 50), the per-agency scoreboard with its
chart, and their CSV/XLSX exports. The list and its exports read the same filtered, ordered
queryset; the scoreboard and its exports the same `scoreboard_for`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from members.models import Committee

from .. import exports, selectors
from ..charts import scoreboard_chart_svg
from ..filters import PAGE_SIZE, DirectiveFilter, ScoreboardPeriodForm, with_labels
from ..permissions import TasksAccess, TasksRight, tasks_access
from ..scoreboard import Scoreboard, scoreboard_for


def _known_format(fmt: str) -> str:
    if fmt not in exports.FORMATS:
        raise Http404
    return fmt


# --- the directive list ---------------------------------------------------------------------------


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    filters = DirectiveFilter(request.GET or None, user=request.user)
    page = Paginator(filters.ordered(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/directive_list.html",
        {
            "filter": filters,
            "form": filters.form,
            "page_obj": page,
            "directives": with_labels(page.object_list),
            "shortcuts": selectors.committee_shortcuts(request.user),
        },
    )


@login_required
def directive_export(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = _known_format(fmt)
    filters = DirectiveFilter(request.GET or None, user=request.user)
    return exports.export_response(exports.directive_table(filters.ordered()), fmt)


# --- the scoreboard -----------------------------------------------------------------------------------


def _scoreboard(
    request: HttpRequest, committee_pk: int
) -> tuple[Committee, ScoreboardPeriodForm, Scoreboard]:
    # The person's roles first (no query with the pk): an id past the database's integer is a 404.
    access: TasksAccess = tasks_access(request.user, committee_pk)
    access.require(TasksRight.VIEW_SCOREBOARD)
    committee = get_object_or_404(Committee, pk=committee_pk)
    form = ScoreboardPeriodForm(request.GET or None, today=timezone.localdate())
    return committee, form, scoreboard_for(access, form.period())


@login_required
def scoreboard(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee, form, board = _scoreboard(request, committee_pk)
    title = _("Directives by lead agency, %(period)s") % {"period": board.period.label}
    return render(
        request,
        "tasks/scoreboard.html",
        {
            "committee": committee,
            "form": form,
            "board": board,
            "chart_title": title,
            # Safe: the chart escapes every text it draws (tasks.charts).
            "chart": mark_safe(scoreboard_chart_svg(board.rows, title=title)),  # noqa: S308
        },
    )


@login_required
def scoreboard_export(request: HttpRequest, committee_pk: int, fmt: str) -> HttpResponse:
    fmt = _known_format(fmt)
    committee, _form, board = _scoreboard(request, committee_pk)
    return exports.export_response(exports.scoreboard_table(board, committee.short_code), fmt)
