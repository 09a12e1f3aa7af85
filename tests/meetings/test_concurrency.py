"""Races on PostgreSQL: notice numbers never repeat when two notices are signed at the same
instant, and two secretaries saving the same minutes never overwrite each other. Each thread has
its own database connection; the barrier releases them together right before the service call."""

import threading

import pytest
from django.db import connection, transaction

from meetings import services
from meetings.models import Meeting, Minutes, Notice
from members.models import Committee, User

S = Meeting.Status
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(jobs):
    """Run each zero-argument callable in its own thread, all released at once; return
    (results, errors) in no particular order."""
    barrier = threading.Barrier(len(jobs), timeout=30)
    results, errors = [], []
    lock = threading.Lock()

    def worker(job):
        try:
            prepared = job()  # loads rows on this thread's connection, returns the racing call
            barrier.wait()
            outcome = prepared()
            with lock:
                results.append(outcome)
        except Exception as exc:  # noqa: BLE001 - the test inspects every failure
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    return results, errors


def test_conclusions_sign_gives_numbers_1_and_2_when_two_notices_are_signed_at_the_same_instant(meeting_cast):
    mc = meeting_cast
    meetings = [mc.meeting_in(S.MINUTES_SIGNED), mc.meeting_in(S.MINUTES_SIGNED)]
    for meeting in meetings:
        services.conclusion_add(
            meeting=meeting, actor=mc.secretary, text="Giao Sở Tài chính bố trí kinh phí."
        )

    def sign(meeting_pk):
        def prepare():
            meeting, chair = Meeting.objects.get(pk=meeting_pk), User.objects.get(pk=mc.chair.pk)
            return lambda: services.conclusions_sign(meeting=meeting, actor=chair).number

        return prepare

    numbers, errors = run_together([sign(m.pk) for m in meetings])

    assert errors == []
    assert sorted(numbers) == [1, 2]
    assert sorted(Notice.objects.filter(committee=mc.committee).values_list("number", flat=True)) == [1, 2]
    assert set(Meeting.objects.filter(pk__in=[m.pk for m in meetings]).values_list("status", flat=True)) == {
        S.NOTICE_ISSUED
    }


def test_register_next_number_gives_1_to_8_when_eight_threads_ask_at_once(meeting_cast):
    committee_pk = meeting_cast.committee.pk

    def take():
        committee = Committee.objects.get(pk=committee_pk)

        def call():
            with transaction.atomic():
                return services.register_next_number(committee=committee, doc_type="GM", year=2031)

        return call

    numbers, errors = run_together([take for _ in range(8)])

    assert errors == []
    assert sorted(numbers) == list(range(1, 9))


def test_minutes_update_saves_once_and_raises_stale_once_when_two_secretaries_save_at_the_same_instant(
    meeting_cast,
):
    mc = meeting_cast
    meeting = mc.meeting_in(S.MINUTES_DRAFTED)
    minutes_pk = mc.main_minutes(meeting).pk

    def save(user_pk, text):
        def prepare():
            minutes, user = Minutes.objects.get(pk=minutes_pk), User.objects.get(pk=user_pk)
            return lambda: services.minutes_update(minutes=minutes, actor=user, body=text, expected_version=1)

        return prepare

    saved, errors = run_together(
        [save(mc.secretary.pk, "<p>Bản A</p>"), save(mc.secretary2.pk, "<p>Bản B</p>")]
    )
    for error in errors:
        if not isinstance(error, services.MinutesStale):
            raise error

    assert len(saved) == 1
    assert [type(e) for e in errors] == [services.MinutesStale]
    winner = Minutes.objects.get(pk=minutes_pk)
    assert (winner.body, winner.version) == (saved[0].body, 2)
    assert errors[0].current.body == winner.body
    assert errors[0].submitted_body != winner.body


def test_minutes_update_raises_stale_when_saved_again_with_the_same_expected_version(meeting_cast):
    mc = meeting_cast
    minutes = mc.main_minutes(mc.meeting_in(S.MINUTES_DRAFTED))
    services.minutes_update(minutes=minutes, actor=mc.secretary, body="<p>Bản A</p>", expected_version=1)
    with pytest.raises(services.MinutesStale) as exc:
        services.minutes_update(minutes=minutes, actor=mc.secretary2, body="<p>Bản B</p>", expected_version=1)
    assert "+<p>Bản B</p>" in exc.value.diff
    assert Minutes.objects.get(pk=minutes.pk).body == "<p>Bản A</p>"
