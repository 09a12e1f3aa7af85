"""Two sweeps at the same instant on PostgreSQL, each on its own connection (threads): every
occurrence is claimed once, every person told once, every overdue directive urged once."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from members.models import Notification, ReminderOccurrence
from members.reminders import Outcome, reminders_sweep
from tasks.models import Directive, DirectiveEvent

from .conftest import at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MOMENT = at(2027, 3, 22, 8, 0)


def _sweep_together(count: int):
    barrier = threading.Barrier(count, timeout=30)
    reports, errors = [], []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait()
            result = reminders_sweep(at=MOMENT)
            with lock:
                reports.append(result)
        except Exception as exc:  # noqa: BLE001 - the test inspects every failure
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a sweep is stuck (deadlock?)"
    return reports, errors


def test_two_sweeps_at_once_create_each_occurrence_and_notification_once(rc):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        for n in range(6):
            rc.ad_hoc(title=f"Quá hạn {n}", deadline=datetime.date(2027, 3, 15))
            rc.ad_hoc(title=f"Sắp đến hạn {n}", deadline=datetime.date(2027, 3, 23))

    reports, errors = _sweep_together(2)

    assert errors == []
    assert all(not report.error for run in reports for report in run)
    sent = [r.reminder.key for run in reports for report in run for r in report.of(Outcome.SENT)]
    failed = [r.error for run in reports for report in run for r in report.of(Outcome.FAILED)]
    assert failed == []
    assert len(sent) == len(set(sent))  # no key sent by both
    assert sorted(sent) == sorted(ReminderOccurrence.objects.values_list("key", flat=True))
    assert ReminderOccurrence.objects.filter(rule="tasks.overdue").count() == 6
    assert ReminderOccurrence.objects.filter(rule="tasks.deadlines").count() == 6
    assert DirectiveEvent.objects.filter(kind=DirectiveEvent.Kind.URGED).count() == 6
    assert set(
        Directive.objects.filter(title__startswith="Quá hạn").values_list("last_urged_at", flat=True)
    ) != {None}
    # One notification per person and occurrence, whoever sent it.
    keyed = Notification.objects.exclude(occurrence_key="")
    assert keyed.count() == keyed.values("user_id", "occurrence_key").distinct().count()
    assert Notification.objects.filter(kind="tasks.urged").count() == 6 * 2  # member and focal of org_a
