"""The notifications of the quarterly report (Điều 7.9), registered with members.notifications
from ReportsConfig.ready(), as tasks.notifications registers the plans'."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_noop

from members.notifications import NotificationKind, register_notification_kind

from .models import QuarterlyReport


def reports_by_id(ids: set[int]) -> Mapping[int, QuarterlyReport]:
    return QuarterlyReport.objects.in_bulk(ids)


def _kinds() -> list[NotificationKind]:
    report = {"report": reports_by_id}
    return [
        NotificationKind(
            "reports.quarterly_submitted",
            gettext_noop("“%(report)s” is submitted for your approval."),
            objects=report,
            label=gettext_noop("Quarterly report to approve"),
        ),
        NotificationKind(
            "reports.quarterly_returned",
            gettext_noop("“%(report)s” is returned to draft. Reason: %(reason)s"),
            objects=report,
            label=gettext_noop("Quarterly report returned"),
        ),
        NotificationKind(
            "reports.quarterly_approved",
            gettext_noop("“%(report)s” is approved and issued as %(symbol)s."),
            objects=report,
            label=gettext_noop("Quarterly report approved"),
        ),
        # The reminders (reports.reminders).
        NotificationKind(
            "reports.reminder_quarterly_missing",
            gettext_noop(
                "The report of %(committee)s for quarter %(quarter)s is not submitted yet: it was due by %(deadline)s."
            ),
            dates=("deadline",),
            label=gettext_noop("Reminder: a quarterly report not submitted"),
        ),
        NotificationKind(
            "reports.reminder_quarterly_pending",
            gettext_noop("“%(report)s”, submitted on %(date)s, is waiting for your approval."),
            dates=("date",),
            objects=report,
            label=gettext_noop("Reminder: a quarterly report to approve"),
        ),
    ]


def register_report_notifications() -> None:
    for kind in _kinds():
        register_notification_kind(kind)
