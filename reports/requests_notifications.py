"""The notifications of agency reports on request, registered with members.notifications from
ReportsConfig.ready() (`register_request_notifications`)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_noop

from members.notifications import NotificationKind, register_notification_kind

from .models import AgencyReportRequest


def requests_by_id(ids: set[int]) -> Mapping[int, AgencyReportRequest]:
    return AgencyReportRequest.objects.in_bulk(ids)


def _kinds() -> list[NotificationKind]:
    request = {"request": requests_by_id}
    return [
        NotificationKind(
            "reports.request_created",
            gettext_noop("Your agency is asked for a report by %(due)s: %(request)s."),
            dates=("due",),
            objects=request,
            label=gettext_noop("Report asked of your agency"),
        ),
        NotificationKind(
            "reports.request_answered",
            gettext_noop("%(agency)s sent its report for %(request)s."),
            objects=request,
            label=gettext_noop("An agency sent its report"),
        ),
        NotificationKind(
            "reports.request_reminder",
            gettext_noop("Your agency's report for %(request)s is due on %(due)s and not sent yet."),
            dates=("due",),
            objects=request,
            label=gettext_noop("Reminder: a report asked of your agency"),
        ),
    ]


def register_request_notifications() -> None:
    for kind in _kinds():
        register_notification_kind(kind)
