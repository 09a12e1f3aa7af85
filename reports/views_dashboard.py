"""The site's home: the dashboard for whoever steers or runs a committee (chair, deputy, standing
member, support group), and the tasks home ("Việc của tôi" and the next meetings) for everyone
else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tasks.charts import scoreboard_chart_svg
from tasks.views.home import home as tasks_home

from .charts import fluid, trend_chart_svg
from .dashboard import dashboard_committee, dashboard_committees, dashboard_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    committees = dashboard_committees(request.user)
    if not committees:
        return tasks_home(request)
    committee = dashboard_committee(committees, request.GET.get("committee"))
    board = dashboard_for(request.user, committee, timezone.localdate())
    chart_title = _("Directives by lead agency, %(period)s") % {"period": board.board.period.label}
    trend_title = _("Meetings, attendance and directives done on time, %(first)s – %(last)s") % {
        "first": board.trends[0].period.label,
        "last": board.trends[-1].period.label,
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "dashboard": board,
            "committee": committee,
            "committees": committees,
            "board": board.board,
            "chart_title": chart_title,
            # Safe: both charts escape every text they draw (tasks.charts, reports.charts).
            "chart": mark_safe(fluid(scoreboard_chart_svg(board.board.rows, title=chart_title))),  # noqa: S308
            "trend_title": trend_title,
            "trend_chart": mark_safe(fluid(trend_chart_svg(board.trends, title=trend_title))),  # noqa: S308
        },
    )
