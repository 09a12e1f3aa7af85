"""Reads of the quarterly reports: a committee's list for one person, a report's history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from .models import QuarterlyReport
from .permissions import ReportsAccess


def report_list(access: ReportsAccess) -> QuerySet[QuarterlyReport]:
    """The committee's reports, newest quarter first; drafts and submitted ones only for those who
    write or approve them."""
    reports = QuarterlyReport.objects.filter(committee_id=access.committee_id).select_related(
        "committee", "approved_by"
    )
    if not access.sees_drafts:
        reports = reports.filter(status=QuarterlyReport.Status.APPROVED)
    return reports.order_by("-year", "-quarter")


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    who: str
    what: str
    detail: str


#: The reasons the services record (reports.services.quarterly) → what the page says; the words
#: after the reason (what changed, why returned, the number) are shown as they were recorded.
HISTORY_LABELS = {
    "drafted": gettext_lazy("Drafted"),
    "edited": gettext_lazy("Edited"),
    "figures refreshed": gettext_lazy("Figures refreshed"),
    "submitted for approval": gettext_lazy("Submitted for approval"),
    "returned to draft": gettext_lazy("Returned to draft"),
    "approved as": gettext_lazy("Approved as"),
}


def _entry(reason: str) -> tuple[str, str]:
    for start, label in HISTORY_LABELS.items():
        if reason == start or reason.startswith(start + " ") or reason.startswith(start + ":"):
            return str(label), reason[len(start) :].lstrip(": ")
    return reason, ""


def report_history(report: QuarterlyReport) -> list[HistoryEntry]:
    """Who did what to the report, oldest first (its simple-history rows, one query)."""
    rows = report.history.select_related("history_user").order_by("history_date", "history_id")
    entries = []
    for row in rows:
        what, detail = _entry(row.history_change_reason or "")
        who = row.history_user.display_name if row.history_user else "—"
        entries.append(HistoryEntry(at=row.history_date, who=who, what=what, detail=detail))
    return entries
