"""Ways to make quarterly reports of committee A in any status, through the services as the
people allowed to act (the tasks cast: `standing` and `secretary` draft, `chair` approves)."""

from __future__ import annotations

from django.utils import timezone

from reports import services
from reports.compliance import previous_quarter
from reports.models import QuarterlyReport

RS = QuarterlyReport.Status


def last_quarter() -> tuple[int, int]:
    """The quarter before today's: always one a report may be written for."""
    year, quarter, _end = previous_quarter(timezone.localdate())
    return year, quarter


def make_report(cast, status: str = RS.DRAFT, *, year: int | None = None, quarter: int | None = None):
    """A report of committee A for the last quarter (or the one given), pushed to `status`."""
    if year is None or quarter is None:
        year, quarter = last_quarter()
    report = services.report_create(
        committee=cast.committee, actor=cast.secretary, year=year, quarter=quarter
    )
    if status == RS.DRAFT:
        return report
    report = services.report_update(
        report=report,
        actor=cast.secretary,
        title=report.title,
        results="Tổ chức 1 phiên họp thường kỳ; ban hành 1 thông báo kết luận.",
    )
    report = services.report_submit(report=report, actor=cast.secretary)
    if status == RS.SUBMITTED:
        return report
    return services.report_approve(report=report, actor=cast.chair)
