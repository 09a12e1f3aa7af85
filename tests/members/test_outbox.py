"""The outbox (members.services.notify, members.outbox, members.jobs): a notification's row is
written in the transaction of its event with its e-mail's fate; the sweep claims what is due and
sends each e-mail once, retries a refused one with growing delays, then gives up visibly; the
daily digest sends one e-mail per person, once. Only the mail server is replaced (Django's locmem
backend, or one that refuses some addresses: tests/members/mailbackends.py)."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from members import outbox
from members.jobs import send_daily_digests, send_notification_emails, send_pending_emails
from members.models import Notification, NotificationPreference, User
from members.notifications import NotificationKind, register_notification_kind
from members.services import notify
from tests.members.mailbackends import busy, refuse_addresses, unknown

PLAIN = register_notification_kind(NotificationKind("tests.outbox", "%(text)s", label="Outbox test")).name
Status = Notification.EmailStatus

pytestmark = pytest.mark.django_db


def _notify(users, text="Giấy mời họp quý IV", **kwargs) -> list[Notification]:
    return notify(users=users, kind=PLAIN, params={"text": text}, url="/", **kwargs)


def _status(user: User) -> str:
    return Notification.objects.get(user=user).email_status


# --- written with the event -----------------------------------------------------------------------


def test_notify_writes_nothing_and_publishes_nothing_when_the_event_rolls_back(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _notify([cast.member, cast.chair])
            assert Notification.objects.count() == 2  # in the event's transaction
            raise RuntimeError("the event fails after notifying")
    assert Notification.objects.count() == 0
    assert callbacks == [] and mailoutbox == []


def test_notify_e_mails_the_pending_rows_once_the_event_commits(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        notes = _notify([cast.member, cast.chair])
        assert mailoutbox == []  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: published (the tests' Celery runs it at once)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.member.email, cast.chair.email])
    assert {n.email_status for n in Notification.objects.filter(pk__in=[n.pk for n in notes])} == {
        Status.SENT
    }


def test_notify_decides_each_persons_e_mail_by_their_address_and_choices(cast):
    User.objects.filter(pk=cast.member.pk).update(email="")
    User.objects.filter(pk=cast.deputy.pk).update(email_digest=True)
    NotificationPreference.objects.create(user=cast.chair, kind=PLAIN, by_email=False)
    people = User.objects.filter(pk__in=[cast.member.pk, cast.deputy.pk, cast.chair.pk, cast.standing.pk])

    _notify(people)

    assert _status(cast.member) == Status.NOT_EMAILED  # no address
    assert _status(cast.chair) == Status.NOT_EMAILED  # the portal only, for this kind
    assert _status(cast.deputy) == Status.DIGEST
    assert _status(cast.standing) == Status.PENDING


def test_a_variant_kind_follows_the_e_mail_choice_of_its_main_kind(cast):
    NotificationPreference.objects.create(user=cast.member, kind="meetings.absence_approved", by_email=False)
    notify(users=[cast.member], kind="meetings.absence_refused", params={"meeting": 1})
    assert _status(cast.member) == Status.NOT_EMAILED


def test_notify_with_an_occurrence_key_creates_nothing_the_second_time(cast):
    first = _notify([cast.chair, cast.deputy], occurrence_key="quarter:2027-Q1:first-day:1")
    again = _notify([cast.chair, cast.deputy, cast.standing], occurrence_key="quarter:2027-Q1:first-day:1")

    assert len(first) == 2 and all(n.pk for n in first)
    assert [n.user_id for n in again] == [cast.standing.pk]  # only the one not reminded yet
    assert Notification.objects.filter(occurrence_key="quarter:2027-Q1:first-day:1").count() == 3
    assert len(_notify([cast.chair], occurrence_key="quarter:2027-Q1:30-days:1")) == 1  # another occurrence


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_notifies_of_one_occurrence_create_one_row_per_person(cast):
    """Both transactions insert; the second waits on the first's rows, then finds them taken."""
    barrier = threading.Barrier(2)
    created: list[int] = []
    errors: list[BaseException] = []

    def remind() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                notes = _notify([cast.chair, cast.deputy], occurrence_key="directive:7:deadline-7d")
                time.sleep(0.3)  # hold the rows uncommitted while the other inserts
            created.append(len(notes))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=remind) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(created) == [0, 2]
    assert Notification.objects.filter(occurrence_key="directive:7:deadline-7d").count() == 2


# --- the sweep ------------------------------------------------------------------------------------------


def test_the_sweep_sends_each_pending_e_mail_once_however_often_it_runs(cast, mailoutbox):
    notes = _notify([cast.member, cast.chair, cast.deputy])

    assert send_pending_emails() == {"sent": 3, "retry": 0, "failed": 0, "not_emailed": 0}
    assert send_pending_emails()["sent"] == 0
    assert send_notification_emails([n.pk for n in notes]) == 0  # the immediate job, late
    assert len(mailoutbox) == 3
    for note in Notification.objects.all():
        assert note.email_status == Status.SENT and note.emailed_at is not None


def test_the_sweep_leaves_digest_and_portal_only_rows_alone(cast, mailoutbox):
    User.objects.filter(pk=cast.deputy.pk).update(email_digest=True)
    NotificationPreference.objects.create(user=cast.chair, kind=PLAIN, by_email=False)
    _notify(User.objects.filter(pk__in=[cast.deputy.pk, cast.chair.pk]))

    assert send_pending_emails()["sent"] == 0
    assert mailoutbox == []


def test_an_address_the_server_keeps_refusing_is_retried_later_and_later_then_given_up(
    cast, settings, monkeypatch, mailoutbox
):
    _notify([cast.chair, cast.member])
    backend = refuse_addresses(settings, monkeypatch, {cast.member.email: busy(cast.member.email)})
    delays = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert send_pending_emails() == {"sent": 1, "retry": 1, "failed": 0, "not_emailed": 0}
        for _attempt in range(2, outbox.MAX_ATTEMPTS + 1):
            wait = Notification.objects.get(user=cast.member).email_next_attempt_at - timezone.now()
            delays.append(wait)
            clock.shift(wait - datetime.timedelta(seconds=1))
            assert send_pending_emails() == {"sent": 0, "retry": 0, "failed": 0, "not_emailed": 0}
            clock.shift(datetime.timedelta(seconds=1))
            send_pending_emails()
        note = Notification.objects.get(user=cast.member)
        clock.shift(datetime.timedelta(days=1))
        assert send_pending_emails()["retry"] == 0  # given up: never tried again

    assert [d.total_seconds() / 60 for d in delays] == [2, 4, 8, 16, 32]
    assert note.email_status == Status.FAILED and note.email_attempts == outbox.MAX_ATTEMPTS
    assert "450" in note.email_error and "Mailbox busy" in note.email_error
    assert backend.tried.count(cast.member.email) == outbox.MAX_ATTEMPTS
    assert [m.to for m in mailoutbox] == [[cast.chair.email]]


def test_an_address_refused_for_good_is_given_up_at_once_and_the_batch_goes_on(
    cast, settings, monkeypatch, mailoutbox
):
    notes = _notify([cast.chair, cast.member, cast.deputy])
    refuse_addresses(settings, monkeypatch, {cast.member.email: unknown(cast.member.email)})

    assert send_pending_emails() == {"sent": 2, "retry": 0, "failed": 1, "not_emailed": 0}

    failed = Notification.objects.get(user=cast.member)
    assert failed.email_status == Status.FAILED and failed.email_attempts == 1
    assert "550" in failed.email_error
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.chair.email, cast.deputy.email])
    assert len(notes) == 3


def test_a_notification_given_up_shows_why_on_its_persons_notifications_page(
    client, cast, settings, monkeypatch
):
    _notify([cast.member], text="Giấy mời họp quý IV")
    refuse_addresses(settings, monkeypatch, {cast.member.email: unknown(cast.member.email)})
    send_pending_emails()

    client.force_login(cast.member)
    page = client.get(reverse("members:notification-list")).content.decode()
    assert "Giấy mời họp quý IV" in page
    assert "Chưa gửi thư được: SMTPRecipientsRefused" in page


def test_a_claim_whose_worker_died_is_taken_over_once_its_lease_ends(cast, mailoutbox):
    """A worker that died mid-batch leaves rows SENDING: another sweep sends them once their
    lease has run out, not before."""
    (note,) = _notify([cast.member])
    lease = timezone.now() + outbox.LEASE
    Notification.objects.filter(pk=note.pk).update(
        email_status=Status.SENDING, email_next_attempt_at=lease, email_attempts=1
    )

    assert send_pending_emails()["sent"] == 0  # another worker may still be sending it
    with time_machine.travel(lease + datetime.timedelta(seconds=1)):
        assert send_pending_emails()["sent"] == 1
    note.refresh_from_db()
    assert (note.email_status, note.email_attempts, len(mailoutbox)) == (Status.SENT, 2, 1)


def test_an_address_removed_after_notifying_leaves_the_row_in_the_portal_only(cast, mailoutbox):
    (note,) = _notify([cast.member])
    User.objects.filter(pk=cast.member.pk).update(email="")

    assert send_pending_emails() == {"sent": 0, "retry": 0, "failed": 0, "not_emailed": 1}
    note.refresh_from_db()
    assert note.email_status == Status.NOT_EMAILED and mailoutbox == []


def test_a_run_sends_at_most_its_limit_and_the_next_one_goes_on(cast, mailoutbox, monkeypatch):
    monkeypatch.setattr(outbox, "RUN_LIMIT", 5)
    monkeypatch.setattr(outbox, "BATCH", 2)
    for i in range(4):
        _notify([cast.member, cast.chair], text=f"Thông báo {i}")

    assert send_pending_emails()["sent"] == 5
    assert send_pending_emails()["sent"] == 3
    assert len(mailoutbox) == 8


def test_the_e_mail_jobs_never_retry_through_the_broker_when_the_mail_server_is_down(
    cast, settings, monkeypatch
):
    """No countdown or eta beyond the broker's visibility timeout: the jobs hold no retry of
    their own (the row's next attempt is the delay), and a mail server down raises nothing."""
    notes = _notify([cast.member])
    refuse_addresses(settings, monkeypatch, {cast.member.email: ConnectionRefusedError("SMTP down")})

    result = send_notification_emails.apply(args=[[n.pk for n in notes]])
    assert result.successful() and result.get() == 0
    assert send_pending_emails.apply().successful()
    for job in (send_notification_emails, send_pending_emails, send_daily_digests):
        assert not getattr(job, "autoretry_for", ())
    assert Notification.objects.get().email_next_attempt_at > timezone.now()  # the delay is the row's


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_e_mail_once(cast, settings, monkeypatch):
    """Two workers sweep at the same moment, each with its own connection: every notification is
    e-mailed exactly once (the claim skips the rows the other one holds)."""
    people = [cast.chair, cast.deputy, cast.standing, cast.member, cast.secretary, cast.focal]
    monkeypatch.setattr("members.jobs.enqueue_after_commit", lambda *args, **kwargs: None)  # sweeps only
    for i in range(10):
        _notify(people, text=f"Thông báo số {i}")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    monkeypatch.setattr(outbox, "BATCH", 7)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            barrier.wait()
            outbox.notification_emails_send()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == 60 and len(set(sent)) == 60
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Status.SENT}


# --- the daily digest -----------------------------------------------------------------------------------


def test_the_daily_digest_sends_one_e_mail_per_person_listing_everything_once(cast, mailoutbox):
    User.objects.filter(pk__in=[cast.deputy.pk, cast.chair.pk]).update(email_digest=True)
    digest_people = User.objects.filter(pk__in=[cast.deputy.pk, cast.chair.pk])
    for text in ("Giấy mời họp quý I", "Hoãn họp quý I", "Biên bản họp quý I đã ký"):
        _notify(digest_people, text=text)
    _notify([cast.member], text="Thư riêng")  # e-mailed on its own, not in a digest

    assert send_daily_digests() == {"sent": 6, "retry": 0, "failed": 0, "not_emailed": 0}
    assert send_daily_digests()["sent"] == 0  # a second run (or a second worker) sends nothing

    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.deputy.email, cast.chair.email])
    (deputy_digest,) = [m for m in mailoutbox if m.to == [cast.deputy.email]]
    assert "Thư tổng hợp hằng ngày: 3 thông báo" in deputy_digest.subject
    body = deputy_digest.body
    assert body.index("Giấy mời họp quý I") < body.index("Hoãn họp quý I") < body.index("Biên bản họp quý I")
    assert "Thư riêng" not in body
    assert set(
        Notification.objects.filter(user__in=digest_people).values_list("email_status", flat=True)
    ) == {Status.SENT}
    assert _status(cast.member) == Status.PENDING


def test_a_digest_the_server_refuses_waits_for_the_next_morning(cast, settings, monkeypatch, mailoutbox):
    User.objects.filter(pk=cast.deputy.pk).update(email_digest=True)
    _notify(User.objects.filter(pk=cast.deputy.pk))
    backend = refuse_addresses(settings, monkeypatch, {cast.deputy.email: busy(cast.deputy.email)})

    assert send_daily_digests()["retry"] == 1
    note = Notification.objects.get(user=cast.deputy)
    assert note.email_status == Status.DIGEST and "450" in note.email_error
    assert send_pending_emails()["sent"] == 0  # not sent alone meanwhile

    backend.refuse.clear()
    assert send_daily_digests()["sent"] == 1
    assert len(mailoutbox) == 1


# --- the administrators' view -----------------------------------------------------------------------


def test_the_admin_lists_the_e_mails_given_up_with_their_error_and_e_mails_them_again(
    admin_client, cast, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    _notify([cast.member, cast.chair])
    backend = refuse_addresses(settings, monkeypatch, {cast.member.email: unknown(cast.member.email)})
    send_pending_emails()
    changelist = reverse("admin:members_notification_changelist")

    page = admin_client.get(changelist, {"email_status__exact": "failed"}).content.decode()
    assert "Không gửi được thư điện tử" in page  # the status, in the list and its filter
    assert "5.1.1 No such user" in page
    assert page.count('class="action-select"') == 1  # only the member's row

    backend.refuse.clear()  # the address is mended
    failed = Notification.objects.get(user=cast.member)
    with django_capture_on_commit_callbacks(execute=True):
        r = admin_client.post(
            changelist,
            {
                "action": "email_again",
                "_selected_action": [failed.pk, Notification.objects.get(user=cast.chair).pk],
            },
        )
    assert r.status_code == 302
    failed.refresh_from_db()
    assert failed.email_status == Status.SENT and failed.email_attempts == 1 and failed.email_error == ""
    assert [m.to for m in mailoutbox].count([cast.member.email]) == 1
    assert [m.to for m in mailoutbox].count([cast.chair.email]) == 1  # the sent one is not sent again
