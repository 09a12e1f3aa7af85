"""The quarterly report's reminder rule (members.reminders), registered from ReportsConfig.ready().

9. Quarterly report (Điều 7.9): the report of the quarter just ended, not submitted by the
   committee's threshold (Committee.quarterly_report_working_days working days after the quarter's
   end), reminds the support group's lead and the standing member, once per committee and quarter,
   from the day after that threshold until the next quarter ends. A report submitted and waiting
   3 working days for approval reminds the chair, and a deputy an acting period in force names,
   once per submission (a report returned and submitted again starts a new occurrence).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import ChairActingPeriod, Committee, CommitteeUserObjectPermission, RoleAssignment, User
from members.reminders import (
    Reminder,
    ReminderRule,
    day_start,
    local_day,
    register_reminder_rule,
    role_holders,
)
from members.workdays import add_working_days

from .compliance import previous_quarter, report_deadline
from .models import QuarterlyReport

Role = RoleAssignment.Role
RS = QuarterlyReport.Status
PENDING_WORKING_DAYS = 3
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def missing_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 9: the last quarter's report not submitted by the committee's threshold."""
    today = local_day(at)
    year, quarter, end = previous_quarter(today)
    sent = QuarterlyReport.objects.filter(
        committee_id=OuterRef("pk"), year=year, quarter=quarter, status__in=(RS.SUBMITTED, RS.APPROVED)
    )
    committees = [
        c
        for c in Committee.objects.exclude(Exists(sent))
        .only("pk", "name", "quarterly_report_working_days")
        .order_by("pk")
        if report_deadline(c, end) < today
    ]
    people = role_holders([c.pk for c in committees], (Role.SECRETARIAT_LEAD, Role.STANDING_MEMBER), today)
    return [
        Reminder(
            key=f"reports.quarterly_missing:committee={c.pk}:{year}Q{quarter}",
            users=people.get(c.pk, []),
            kind="reports.reminder_quarterly_missing",
            params={
                "committee": c.name,
                "quarter": f"{ROMAN[quarter]}/{year}",
                "deadline": report_deadline(c, end),
            },
            url=reverse("reports:quarterly-list", kwargs={"committee_pk": c.pk}),
        )
        for c in committees
    ]


def _approvers(committee_ids: set[int], today: datetime.date) -> dict[int, list[User]]:
    """{committee: the chair and the acting deputies of today} in two queries."""
    found: dict[int, dict[int, User]] = defaultdict(dict)
    rows = (
        CommitteeUserObjectPermission.objects.filter(
            content_object_id__in=list(committee_ids),
            permission__codename="approve_plans",
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    )
    for row in rows:
        found[int(row.content_object_id)][row.user_id] = row.user
    acting = (
        ChairActingPeriod.objects.covering(today)
        .filter(committee_id__in=committee_ids, deputy__is_active=True)
        .select_related("deputy")
    )
    for period in acting:
        found[period.committee_id].setdefault(period.deputy_id, period.deputy)
    return {cid: list(people.values()) for cid, people in found.items()}


def pending_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 9: a report submitted 3 working days ago and still waiting for approval."""
    today = local_day(at)
    reports = [
        r
        for r in QuarterlyReport.objects.filter(
            status=RS.SUBMITTED,
            submitted_at__lt=day_start(today - datetime.timedelta(days=PENDING_WORKING_DAYS - 1)),
        )
        .only("pk", "committee_id", "submitted_at", "title")
        .order_by("pk")
        if add_working_days(local_day(r.submitted_at), PENDING_WORKING_DAYS) <= today
    ]
    people = _approvers({r.committee_id for r in reports}, today)
    return [
        Reminder(
            key=f"reports.quarterly_pending:report={r.pk}:{timezone.localtime(r.submitted_at):%Y%m%dT%H%M%S}",
            users=people.get(r.committee_id, []),
            kind="reports.reminder_quarterly_pending",
            params={"report": r.pk, "date": local_day(r.submitted_at)},
            url=r.get_absolute_url(),
        )
        for r in reports
    ]


def register_report_reminders() -> None:
    for rule in (
        ReminderRule(
            "reports.quarterly_missing",
            9,
            _("The last quarter's report not submitted in time"),
            missing_due,
        ),
        ReminderRule(
            "reports.quarterly_pending",
            9,
            _("A quarterly report waiting 3 working days for approval"),
            pending_due,
        ),
    ):
        register_reminder_rule(rule)
