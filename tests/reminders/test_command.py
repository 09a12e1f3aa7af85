"""`python manage.py reminders [--at YYYY-MM-DDTHH:MM] [--dry-run]` and the beat job calling the
same sweep (members.jobs.run_reminders)."""

from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from members import jobs, reminders
from members.models import Notification, ReminderOccurrence

from .conftest import at


def _run(*args) -> str:
    out = StringIO()
    call_command("reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_per_rule_who_would_be_reminded_of_what_in_vietnamese(rc):
    with time_machine.travel(at(2027, 1, 4, 8, 0), tick=False):
        output = _run("--dry-run", "--at", "2027-01-04T08:00")

    assert "Nhắc việc tính đến 04/01/2027 08:00 (chạy thử: không ghi gì)." in output
    section = output.split("1. Phiên họp định kỳ hằng quý của Ban chỉ đạo (khoản 1 Điều 8)")[1].split("\n\n")[
        0
    ]
    assert "Sẽ nhắc" in section and rc.chair.full_name in section
    assert "Ban chỉ đạo A chưa triệu tập phiên họp định kỳ quý I/2027" in section
    assert f"[meetings.quarter:committee={rc.committee.pk}:2027Q1:first-working-day]" in section
    assert (
        "8. Chưa có kế hoạch công tác được phê duyệt trước ngày 31 tháng 01\n   Không có gì cần nhắc."
        in output
    )
    assert not ReminderOccurrence.objects.exists() and not Notification.objects.exists()


def test_a_run_reminds_then_a_second_run_says_they_were_sent_earlier(rc):
    first = _run("--at", "2027-01-04T08:00")
    second = _run("--at", "2027-01-04T08:15")

    assert "Đã nhắc" in first and "Tổng cộng: đã nhắc" in first
    assert ReminderOccurrence.objects.filter(rule="meetings.quarter").count() == 2
    assert "Đã nhắc" not in second
    assert "2 lượt đã nhắc trước đó, không nhắc lại." in second


def test_without_at_the_command_runs_as_of_now(rc):
    with time_machine.travel(at(2027, 1, 4, 7, 30), tick=False):
        output = _run("--dry-run")
    assert "Nhắc việc tính đến 04/01/2027 07:30" in output


@pytest.mark.parametrize("value", ["2027-13-04T08:00", "04/01/2027 08:00", "2027-01-04", "ngày mai"])
def test_a_bad_at_is_refused_with_a_clear_message_and_nothing_runs(rc, value):
    with pytest.raises(CommandError) as refused:
        _run("--at", value)
    assert str(refused.value) == (
        f"--at {value} không phải là một thời điểm: hãy ghi theo dạng YYYY-MM-DDTHH:MM, ví dụ 2027-01-04T08:00."
    )
    assert not ReminderOccurrence.objects.exists()


def test_run_reminders_job_sweeps_as_of_now_and_sends_nothing_twice(rc):
    with time_machine.travel(at(2027, 1, 4, 8, 0), tick=False):
        first = jobs.run_reminders.delay().get()
        second = jobs.run_reminders()
    assert first["meetings.quarter"] == 2
    assert second["meetings.quarter"] == 0
    assert Notification.objects.filter(kind="meetings.reminder_quarter_meeting").count() == 5


def test_a_failing_rule_is_printed_and_the_command_exits_with_an_error(rc, monkeypatch):
    def broken(at):
        raise ZeroDivisionError("lỗi trong quy tắc")

    monkeypatch.setitem(
        reminders._RULES, "test.broken", reminders.ReminderRule("test.broken", 1, "Quy tắc hỏng", broken)
    )
    out = StringIO()
    with pytest.raises(CommandError, match="Số quy tắc bị lỗi: 1."):
        call_command("reminders", "--dry-run", "--at", "2027-01-04T08:00", stdout=out)
    assert "Quy tắc hỏng\n   Quy tắc này bị lỗi: ZeroDivisionError: lỗi trong quy tắc" in out.getvalue()
    assert "Tổng cộng:" in out.getvalue()
