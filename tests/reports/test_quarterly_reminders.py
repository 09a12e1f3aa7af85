"""Reminder rule 9 (Điều 7.9), on the reminders' pinned calendar (tests/reminders/conftest.py):
the last quarter's report not submitted by the committee's threshold reminds the support group's
lead and the standing member once; a report waiting 3 working days for approval reminds the chair,
and the deputy acting for them."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from members.models import Notification
from members.workdays import add_working_days
from reports.models import QuarterlyReport
from tests.conftest import Cast
from tests.reminders.conftest import START, ReminderCast, at, fired, sweep
from tests.reports.quarterly import RS, make_report

MISSING = "reports.quarterly_missing"
PENDING = "reports.quarterly_pending"
Q4_END = datetime.date(2026, 12, 31)


@pytest.fixture
def rc(db) -> ReminderCast:
    """The reminders' cast (with the support group's lead), built on their pinned day."""
    with time_machine.travel(START, tick=False):
        return ReminderCast(Cast())


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return at(day.year, day.month, day.day, hour)


def _report_at(
    cast, moment: datetime.datetime, status: str, year: int = 2026, quarter: int = 4
) -> QuarterlyReport:
    with time_machine.travel(moment, tick=False):
        return make_report(cast, status, year=year, quarter=quarter)


def test_a_report_not_submitted_by_the_threshold_reminds_the_lead_and_the_standing_member_once(rc):
    deadline = add_working_days(Q4_END, rc.committee.quarterly_report_working_days)
    key = f"{MISSING}:committee={rc.committee.pk}:2026Q4"
    assert key not in fired(sweep(_at(deadline, 20), MISSING))

    reminded = fired(sweep(_at(deadline + datetime.timedelta(days=1)), MISSING))
    assert reminded[key] == {"lead", "standing"}
    note = Notification.objects.get(user=rc.lead, kind="reports.reminder_quarterly_missing")
    assert "IV/2026" in str(note) and deadline.strftime("%d/%m/%Y") in str(note)
    assert note.url.endswith(f"/committees/{rc.committee.pk}/reports/")

    assert key not in fired(sweep(_at(deadline + datetime.timedelta(days=3)), MISSING))  # once


def test_a_draft_still_reminds_but_a_submitted_report_does_not(rc):
    deadline = add_working_days(Q4_END, rc.committee.quarterly_report_working_days)
    key = f"{MISSING}:committee={rc.committee.pk}:2026Q4"
    report = _report_at(rc, at(2027, 1, 4), RS.DRAFT)
    assert key in fired(sweep(_at(deadline + datetime.timedelta(days=1)), MISSING))

    QuarterlyReport.objects.filter(pk=report.pk).delete()
    Notification.objects.all().delete()
    _report_at(rc, at(2027, 1, 4), RS.SUBMITTED)
    day = deadline + datetime.timedelta(days=2)
    assert key not in fired(sweep(_at(day), MISSING))


def test_the_threshold_is_the_committee_s_setting(rc):
    rc.committee.quarterly_report_working_days = 2
    rc.committee.save(update_fields=["quarterly_report_working_days"])
    key = f"{MISSING}:committee={rc.committee.pk}:2026Q4"
    day = add_working_days(Q4_END, 2) + datetime.timedelta(days=1)
    assert key in fired(sweep(_at(day), MISSING))


def test_a_report_waiting_3_working_days_reminds_the_chair(rc):
    # Submitted on Tuesday 05/01/2027: three working days later is Friday 08/01.
    report = _report_at(rc, at(2027, 1, 5, 10), RS.SUBMITTED)
    key_prefix = f"{PENDING}:report={report.pk}:"
    assert not [k for k in fired(sweep(at(2027, 1, 7, 18), PENDING)) if k.startswith(key_prefix)]

    reminded = fired(sweep(at(2027, 1, 8, 9), PENDING))
    (key,) = [k for k in reminded if k.startswith(key_prefix)]
    assert reminded[key] == {"chair"}
    note = Notification.objects.get(user=rc.chair, kind="reports.reminder_quarterly_pending")
    assert report.title in str(note) and "05/01/2027" in str(note)
    assert note.url == report.get_absolute_url()
    assert not fired(sweep(at(2027, 1, 11, 9), PENDING))  # once per submission


def test_the_deputy_acting_for_the_chair_is_reminded_too(rc):
    report = _report_at(rc, at(2027, 1, 5, 10), RS.SUBMITTED)
    rc.chair_away(start=datetime.date(2027, 1, 7), end=datetime.date(2027, 1, 12))
    reminded = fired(sweep(at(2027, 1, 8, 9), PENDING))
    (key,) = [k for k in reminded if k.startswith(f"{PENDING}:report={report.pk}:")]
    assert reminded[key] == {"chair", "deputy"}


def test_an_approved_report_reminds_no_one(rc):
    _report_at(rc, at(2027, 1, 5, 10), RS.APPROVED)
    assert not fired(sweep(at(2027, 1, 12, 9), PENDING))
