"""The sweep itself (members.reminders.reminders_sweep): a dry run writes nothing, a second run
sends nothing, a failure rolls back claim and notifications together, one failing rule never
stops the others, and computing the rules takes a fixed number of queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import reminders, services
from members.models import Notification, ReminderOccurrence
from members.reminders import Outcome, Reminder, ReminderRule
from tasks.models import Directive, DirectiveEvent

from .conftest import at, fired, results, sweep

D = datetime.date
MOMENT = at(2027, 3, 22, 8, 0)  # a Monday


@pytest.fixture
def busy(rc):
    """Committee A on Monday 22/03/2027: the quarter's reminder already past, one directive due
    in 7 days, one due tomorrow, one a week overdue."""
    with time_machine.travel(at(2027, 3, 1), tick=False):
        return {
            "soon": rc.ad_hoc(title="Báo cáo chuyển đổi số", deadline=D(2027, 3, 29)),
            "tomorrow": rc.ad_hoc(title="Rà soát thủ tục", deadline=D(2027, 3, 23)),
            "overdue": rc.ad_hoc(title="Kết nối dữ liệu", deadline=D(2027, 3, 15)),
        }


def _counts() -> dict[str, int]:
    return {
        "occurrences": ReminderOccurrence.objects.count(),
        "notifications": Notification.objects.count(),
        "events": DirectiveEvent.objects.count(),
        "directive history": Directive.history.count(),
    }


def test_dry_run_reports_what_is_due_and_writes_nothing(rc, busy):
    before = _counts()

    reports = sweep(MOMENT, dry_run=True)

    assert _counts() == before
    due = fired(reports, Outcome.DUE)
    assert f"tasks.overdue:directive={busy['overdue'].pk}:2027-03-15:week=1" in due
    assert f"tasks.deadline:directive={busy['tomorrow'].pk}:2027-03-23:1d" in due
    assert fired(reports) == {}  # nothing sent
    texts = {r.reminder.key: r.text for r in results(reports, Outcome.DUE)}
    assert "23/03/2027" in texts[f"tasks.deadline:directive={busy['tomorrow'].pk}:2027-03-23:1d"]


def test_sweep_run_twice_at_once_sends_each_reminder_once(rc, busy):
    first = sweep(MOMENT)
    after_first = _counts()
    second = sweep(MOMENT)

    assert fired(first) and fired(second) == {}
    assert fired(second, Outcome.TAKEN) == fired(first)
    assert _counts() == after_first
    assert after_first["occurrences"] == len(fired(first))


def test_dry_run_after_a_sweep_reports_the_reminders_as_sent_earlier(rc, busy):
    first = sweep(MOMENT)
    reports = sweep(MOMENT, dry_run=True)
    assert fired(reports, Outcome.DUE) == {}
    assert fired(reports, Outcome.TAKEN) == fired(first)


def test_urging_of_a_directive_closed_after_the_rule_read_it_is_released_and_reported(rc, busy, monkeypatch):
    rule = reminders._RULES["tasks.overdue"]

    def due_then_cancelled(at):
        due = list(rule.due(at))
        rc.to_status(busy["overdue"], Directive.Status.CANCELLED)  # meanwhile, the chair cancels it
        return due

    monkeypatch.setitem(
        reminders._RULES,
        "tasks.overdue",
        ReminderRule(rule.name, rule.number, rule.label, due_then_cancelled),
    )

    reports = sweep(MOMENT, "tasks.overdue")

    [failed] = results(reports, Outcome.FAILED)
    assert failed.error  # the urging service's refusal
    assert not ReminderOccurrence.objects.filter(rule="tasks.overdue").exists()
    assert not DirectiveEvent.objects.filter(kind=DirectiveEvent.Kind.URGED).exists()


def _fake_rule(monkeypatch, rc, keys):
    def due(at):
        return [
            Reminder(
                key=key,
                users=[rc.chair],
                kind="meetings.cancelled",
                params={"meeting": rc.meeting.pk, "reason": key},
            )
            for key in keys
        ]

    monkeypatch.setitem(reminders._RULES, "test.fake", ReminderRule("test.fake", 9, "fake", due))


def test_a_failure_while_notifying_rolls_back_every_claim_of_the_batch(rc, monkeypatch):
    _fake_rule(monkeypatch, rc, ["test:a", "test:b"])
    real_notify = services.notify_claimed
    written = []

    def write_then_fail(messages):
        written.extend(real_notify(messages))  # the rows are in, then the connection drops
        raise ConnectionError("database gone")

    monkeypatch.setattr(services, "notify_claimed", write_then_fail)

    reports = sweep(MOMENT, "test.fake")

    assert len(written) == 2
    assert {r.outcome for r in results(reports, *Outcome)} == {Outcome.FAILED}
    assert not ReminderOccurrence.objects.exists()
    assert not Notification.objects.filter(occurrence_key__startswith="test:").exists()

    monkeypatch.setattr(services, "notify_claimed", real_notify)
    assert set(fired(sweep(MOMENT, "test.fake"))) == {"test:a", "test:b"}
    assert Notification.objects.filter(occurrence_key__startswith="test:").count() == 2


def test_a_rule_that_fails_never_stops_the_others(rc, busy, monkeypatch):
    def broken(at):
        raise ZeroDivisionError("bug in a rule")

    monkeypatch.setitem(reminders._RULES, "test.broken", ReminderRule("test.broken", 1, "broken", broken))

    reports = sweep(MOMENT)

    [failed] = [r for r in reports if r.error]
    assert failed.rule.name == "test.broken" and "bug in a rule" in failed.error
    assert f"tasks.overdue:directive={busy['overdue'].pk}:2027-03-15:week=1" in fired(reports)


def test_a_reminder_with_nobody_to_tell_is_not_claimed(rc, monkeypatch):
    def due(at):
        return [
            Reminder(
                key="test:nobody", users=[], kind="meetings.cancelled", params={"meeting": 1, "reason": "x"}
            )
        ]

    monkeypatch.setitem(reminders._RULES, "test.nobody", ReminderRule("test.nobody", 9, "nobody", due))
    assert results(sweep(MOMENT, "test.nobody"), *Outcome) == []
    assert not ReminderOccurrence.objects.exists()


def test_more_reminders_than_a_batch_are_all_claimed_once(rc, monkeypatch):
    monkeypatch.setattr(reminders, "BATCH", 3)
    _fake_rule(monkeypatch, rc, [f"test:{n:02d}" for n in range(8)])
    assert len(fired(sweep(MOMENT, "test.fake"))) == 8
    assert fired(sweep(MOMENT, "test.fake")) == {}
    assert ReminderOccurrence.objects.count() == 8


def test_notify_with_an_occurrence_key_gives_each_person_one_notification(rc):
    params = {"meeting": rc.meeting.pk, "reason": "Trùng lịch"}
    services.notify(
        users=[rc.chair, rc.deputy], kind="meetings.cancelled", params=params, occurrence_key="k:1"
    )
    services.notify(
        users=[rc.chair, rc.standing], kind="meetings.cancelled", params=params, occurrence_key="k:1"
    )
    assert sorted(
        Notification.objects.filter(occurrence_key="k:1").values_list("user__username", flat=True)
    ) == [
        "chair",
        "deputy",
        "standing",
    ]


def _queries_to_compute(moment) -> tuple[int, int]:
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
        reports = reminders.reminders_sweep(at=moment, dry_run=True)
    assert not [r for r in reports if r.error]
    return len(queries), sum(len(r.results) for r in reports)


def test_computing_every_rule_takes_the_same_queries_for_one_or_five_of_each_due_row(rc):
    def add(first, n):
        with time_machine.travel(at(2027, 3, 1), tick=False):
            for i in range(first, first + n):
                rc.ad_hoc(title=f"Nhiệm vụ {i}", deadline=D(2027, 3, 23 + i % 2))
                directive = rc.ad_hoc(title=f"Quá hạn {i}", deadline=D(2027, 3, 15))
                rc.to_status(directive, Directive.Status.IN_PROGRESS)
                meeting = rc.meeting_at(
                    at(2027, 3, 24, 8 + i % 8, 0), confirm_second_meeting=True, title=f"Họp {i}"
                )
                rc.do(meeting, "convene")

    add(0, 1)
    few, few_due = _queries_to_compute(MOMENT)
    add(1, 4)
    many, many_due = _queries_to_compute(MOMENT)

    assert many_due > few_due
    assert many == few
