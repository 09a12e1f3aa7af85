"""The reminders' cast and clock.

`rc` is the tasks cast (committee A with its chair, deputy, standing member, members of org_a and
org_b, secretary and focal officer of org_a; committee B with one member), plus a support-group
lead of committee A, built on a pinned day (Tuesday 01/12/2026, 09:00 in Hà Nội time) so every test
reads the same calendar whatever day it runs. `sweep(at, *rules)` travels to `at` (time-machine)
and runs the sweep there, as the beat job would at that moment.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

import pytest
import time_machine

from meetings.models import Meeting
from members.models import Notification, RoleAssignment
from members.reminders import Outcome, ReminderResult, RuleReport, reminders_sweep
from tests.conftest import Cast
from tests.members.factories import RoleAssignmentFactory, UserFactory
from tests.tasks.conftest import TaskCast

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=VN)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A moment in the portal's time zone."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN)


def sweep(moment: datetime.datetime, *rules: str, dry_run: bool = False) -> list[RuleReport]:
    with time_machine.travel(moment, tick=False):
        return reminders_sweep(at=moment, rules=rules or None, dry_run=dry_run)


def results(reports: Iterable[RuleReport], *outcomes: Outcome) -> list[ReminderResult]:
    outcomes = outcomes or (Outcome.SENT,)
    return [r for report in reports for r in report.of(*outcomes)]


def fired(reports: Iterable[RuleReport], *outcomes: Outcome) -> dict[str, set[str]]:
    """{occurrence key: the usernames reminded} of the reminders with these outcomes (sent by default)."""
    return {r.reminder.key: {u.username for u in r.reminder.users} for r in results(reports, *outcomes)}


def notified(kind: str) -> dict[str, set[str]]:
    """{occurrence key: the usernames} of the stored notifications of `kind`."""
    found: dict[str, set[str]] = {}
    for key, username in Notification.objects.filter(kind=kind).values_list(
        "occurrence_key", "user__username"
    ):
        found.setdefault(key, set()).add(username)
    return found


class ReminderCast(TaskCast):
    def __init__(self, cast: Cast) -> None:
        super().__init__(cast)
        self.lead = UserFactory(username="lead", full_name="Lê Thị Tổ Trưởng", organization=cast.org_a)
        RoleAssignmentFactory(
            user=self.lead,
            committee=cast.committee,
            role=RoleAssignment.Role.SECRETARIAT_LEAD,
            organization=cast.org_a,
        )

    def meeting_at(self, start: datetime.datetime, kind: str = Meeting.Kind.QUARTERLY, **kwargs) -> Meeting:
        """A draft meeting of committee A starting at `start`, made at the clock's now."""
        return self.new_meeting(kind, start_at=start, **kwargs)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def rc(db) -> ReminderCast:
    with time_machine.travel(START, tick=False):
        return ReminderCast(Cast())
