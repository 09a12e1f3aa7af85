"""The reminder rule of agency reports on request (members.reminders), registered from
ReportsConfig.ready() (`register_request_reminders`).

10. Agency reports on request (Điều 7.7, 11.2): while a request is open, each asked agency that has
   not sent its report reminds its member and focal officers 3 days before the due date, 1 day
   before and on the morning of it (from midnight, Asia/Ho_Chi_Minh); a reminder whose day came
   before the request was made is skipped (being asked told them), and a sweep that was down
   fires only the latest stage due. An agency that has answered is not reminded.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from members.models import RoleAssignment, User
from members.permissions import AGENCY_ROLES
from members.reminders import Reminder, ReminderRule, local_day, register_reminder_rule

from .models import AgencySubmission
from .requests_selectors import open_requests_due_by

#: The reminders before the due date: days before it → the stage's name.
BEFORE_DUE = {3: "3d", 1: "1d", 0: "today"}
RULE_NUMBER = 10  # 9 is the quarterly report's (reports.reminders)


def _agency_people(pairs: set[tuple[int, int]], on: datetime.date) -> dict[tuple[int, int], list[User]]:
    """{(committee, agency): its member and focal officers in force on `on`}, in one query."""
    if not pairs:
        return {}
    found: dict[tuple[int, int], dict[int, User]] = defaultdict(dict)
    assignments = (
        RoleAssignment.objects.in_force(on)
        .filter(
            role__in=AGENCY_ROLES,
            committee_id__in={c for c, _o in pairs},
            organization_id__in={o for _c, o in pairs},
            user__is_active=True,
        )
        .select_related("user")
    )
    for a in assignments:
        found[(a.committee_id, a.organization_id)][a.user_id] = a.user
    return {pair: sorted(people.values(), key=lambda u: u.pk) for pair, people in found.items()}


def requests_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 10: 3 days before, 1 day before and on the due date, to each asked agency not answered."""
    today = local_day(at)
    requests = list(
        open_requests_due_by(today + datetime.timedelta(days=max(BEFORE_DUE)))
        .filter(due_date__gte=today)
        .prefetch_related("organizations")
        .order_by("pk")
    )
    answered = set(
        AgencySubmission.objects.filter(request__in=requests).values_list("request_id", "organization_id")
    )
    due = []
    for request in requests:
        days_left = (request.due_date - today).days
        before = next(days for days in sorted(BEFORE_DUE) if days >= days_left)
        if local_day(request.created_at) >= request.due_date - datetime.timedelta(days=before):
            continue
        for org in request.organizations.all():
            if (request.pk, org.pk) not in answered:
                due.append((request, org.pk, before))
    people = _agency_people({(r.committee_id, org) for r, org, _b in due}, today)
    return [
        Reminder(
            key=f"reports.request:request={r.pk}:org={org}:{r.due_date:%Y-%m-%d}:{BEFORE_DUE[before]}",
            users=people.get((r.committee_id, org), []),
            kind="reports.request_reminder",
            params={"request": r.pk, "due": r.due_date},
            url=r.get_absolute_url(),
        )
        for r, org, before in due
    ]


def register_request_reminders() -> None:
    register_reminder_rule(
        ReminderRule(
            "reports.agency_requests",
            RULE_NUMBER,
            _("Agency reports asked, not sent 3 days, 1 day before and on the due date"),
            requests_due,
        )
    )
