"""Rule 10 (Điều 7.7, 11.2): an asked agency that has not sent its report is reminded 3 days and 1
day before the due date and on the morning of it (its member and focal officers), each once;
an agency that has answered, or a closed request, is not."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from members.models import Notification
from reports.models import AgencyReportRequest
from reports.requests_services import agency_request_close, agency_request_create, agency_submission_save
from tests.conftest import Cast
from tests.reminders.conftest import START, at, fired, notified, sweep
from tests.tasks.conftest import TaskCast

RULE = "reports.agency_requests"
DUE = datetime.date(2027, 3, 15)
ORG_A = {"member", "focal"}
ORG_B = {"member_b"}


@pytest.fixture
def cast_at_start(db) -> TaskCast:
    with time_machine.travel(START, tick=False):
        return TaskCast(Cast())


@pytest.fixture
def asked(cast_at_start) -> AgencyReportRequest:
    """Asked on Monday 01/03/2027 of org_a and org_b, due Monday 15/03/2027."""
    c = cast_at_start
    with time_machine.travel(at(2027, 3, 1), tick=False):
        return agency_request_create(
            committee=c.committee,
            actor=c.secretary,
            title="Báo cáo quý I",
            body="Báo cáo kết quả quý I",
            due_date=DUE,
            organizations=[c.org_a, c.org_b],
        )


def key(request, org, stage) -> str:
    return f"reports.request:request={request.pk}:org={org.pk}:{DUE:%Y-%m-%d}:{stage}"


def test_reminder_three_days_before_goes_to_each_agency_not_answered(cast_at_start, asked):
    c = cast_at_start
    assert fired(sweep(at(2027, 3, 11, 23, 0), RULE)) == {}
    assert fired(sweep(at(2027, 3, 12, 7, 0), RULE)) == {
        key(asked, c.org_a, "3d"): ORG_A,
        key(asked, c.org_b, "3d"): ORG_B,
    }
    note = Notification.objects.get(user=c.focal, kind="reports.request_reminder")
    assert "15/03/2027" in str(note) and note.url == asked.get_absolute_url()
    assert fired(sweep(at(2027, 3, 13), RULE)) == {}


def test_reminders_the_day_before_and_on_the_morning_each_once(cast_at_start, asked):
    c = cast_at_start
    sweep(at(2027, 3, 12), RULE)
    assert fired(sweep(at(2027, 3, 14, 9, 0), RULE)) == {
        key(asked, c.org_a, "1d"): ORG_A,
        key(asked, c.org_b, "1d"): ORG_B,
    }
    assert fired(sweep(at(2027, 3, 14, 18, 0), RULE)) == {}
    assert fired(sweep(at(2027, 3, 15, 0, 5), RULE)) == {
        key(asked, c.org_a, "today"): ORG_A,
        key(asked, c.org_b, "today"): ORG_B,
    }
    assert fired(sweep(at(2027, 3, 15, 16, 0), RULE)) == {}
    assert fired(sweep(at(2027, 3, 16, 8, 0), RULE)) == {}  # past the due date: the page shows it late


def test_agency_that_answered_is_not_reminded(cast_at_start, asked):
    c = cast_at_start
    with time_machine.travel(at(2027, 3, 10), tick=False):
        agency_submission_save(request=asked, organization=c.org_a, actor=c.focal, text="Đã báo cáo")
    assert fired(sweep(at(2027, 3, 12), RULE)) == {key(asked, c.org_b, "3d"): ORG_B}
    assert notified("reports.request_reminder") == {key(asked, c.org_b, "3d"): ORG_B}


def test_closed_request_reminds_nobody(cast_at_start, asked):
    with time_machine.travel(at(2027, 3, 10), tick=False):
        agency_request_close(request=asked, actor=cast_at_start.chair)
    assert fired(sweep(at(2027, 3, 12), RULE)) == {}
    assert fired(sweep(at(2027, 3, 15), RULE)) == {}


def test_stage_before_the_request_was_made_is_skipped(cast_at_start):
    c = cast_at_start
    with time_machine.travel(at(2027, 3, 13), tick=False):
        late = agency_request_create(
            committee=c.committee,
            actor=c.chair,
            title="Báo cáo gấp",
            body="Gấp",
            due_date=DUE,
            organizations=[c.org_b],
        )
    assert fired(sweep(at(2027, 3, 13, 10, 0), RULE)) == {}
    assert fired(sweep(at(2027, 3, 14), RULE)) == {key(late, c.org_b, "1d"): ORG_B}


def test_a_sweep_down_for_days_fires_only_the_latest_stage(cast_at_start, asked):
    c = cast_at_start
    assert fired(sweep(at(2027, 3, 14, 8, 0), RULE)) == {
        key(asked, c.org_a, "1d"): ORG_A,
        key(asked, c.org_b, "1d"): ORG_B,
    }
