"""Notification e-mails (members.outbox, members.jobs): text that becomes a header never breaks
it, and one notification that cannot go never stops the others of its batch nor counts as sent.
Only the outside world (SMTP) is replaced: Django's locmem backend, or one that refuses."""

from __future__ import annotations

import datetime
import logging

import pytest
import time_machine
from django.utils import timezone

from members.jobs import send_notification_emails, send_pending_emails
from members.models import Notification, User
from members.notifications import NotificationKind, register_notification_kind
from members.services import notify
from tests.members.mailbackends import refuse_addresses

#: A kind whose sentence is its one parameter, for tests of the e-mail.
PLAIN = register_notification_kind(NotificationKind("tests.plain", "%(text)s")).name

pytestmark = pytest.mark.django_db


def test_notification_email_has_a_one_line_subject_when_the_message_quotes_text_with_line_breaks(
    cast, mailoutbox
):
    message = "Lê Văn A xin vắng mặt: Đi công tác\r\nBcc: ai-do@example.vn\u2028tại Hà Nội"
    (note,) = notify(users=[cast.member], kind=PLAIN, params={"text": message}, url="/")

    assert send_notification_emails([note.pk]) == 1

    (sent,) = mailoutbox
    assert "\n" not in sent.subject and "\r" not in sent.subject and "\u2028" not in sent.subject
    assert "Đi công tác Bcc: ai-do@example.vn tại Hà Nội" in sent.subject
    assert sent.recipients() == [cast.member.email]
    assert sent.body.startswith(message)  # the body keeps the text as written


def test_send_notification_emails_sends_the_rest_and_releases_the_one_whose_address_is_refused(
    cast, mailoutbox, caplog
):
    User.objects.filter(pk=cast.member.pk).update(email="member@example.vn\nBcc: ai-do@example.vn")
    notes = notify(
        users=[cast.chair, cast.member, cast.deputy],
        kind=PLAIN,
        params={"text": "Giấy mời họp quý IV"},
        url="/",
    )
    ids = sorted(n.pk for n in notes)
    refused = Notification.objects.get(user=cast.member)

    with caplog.at_level(logging.ERROR, logger="members.services"):
        assert send_notification_emails(ids) == 2

    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.chair.email, cast.deputy.email])
    refused.refresh_from_db()
    assert refused.emailed_at is None  # not counted as sent
    assert f"Notification {refused.pk} to user {cast.member.pk} cannot be e-mailed" in caplog.text
    assert set(Notification.objects.filter(emailed_at__isnull=False).values_list("pk", flat=True)) == set(
        ids
    ) - {refused.pk}


def test_send_notification_emails_sends_the_rest_and_leaves_the_one_the_server_did_not_take_to_the_sweep(
    cast, mailoutbox, settings, monkeypatch
):
    notes = notify(
        users=[cast.chair, cast.member, cast.deputy],
        kind=PLAIN,
        params={"text": "Giấy mời họp quý IV"},
        url="/",
    )
    backend = refuse_addresses(
        settings, monkeypatch, {cast.member.email: ConnectionResetError("421 try again")}
    )

    # Run as a worker runs it: no retry of its own, nothing raised.
    result = send_notification_emails.apply(args=[sorted(n.pk for n in notes)], throw=False)

    by_pk = {n.user_id: n.user.email for n in notes}
    assert backend.tried == [by_pk[n.user_id] for n in sorted(notes, key=lambda n: n.pk)]
    assert result.get() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.chair.email, cast.deputy.email])
    left = Notification.objects.get(user=cast.member)
    assert (left.email_status, left.emailed_at, left.email_attempts) == ("pending", None, 1)
    assert "ConnectionResetError: 421 try again" in left.email_error

    backend.refuse.clear()  # the server takes it again; the sweep sends it when its time comes
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        assert send_pending_emails()["sent"] == 1
    assert len(mailoutbox) == 3
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_notify_keeps_a_long_reason_whole_when_a_meeting_is_cancelled_with_one(cast):
    """A reason for cancelling can be pages long: it is stored as a parameter (JSON, no column
    length for PostgreSQL to refuse, which was a 500 for whoever cancelled) and read whole."""
    reason = "Cuộc họp bị hủy. Lý do: " + "rất dài " * 100
    (note,) = notify(users=[cast.member], kind=PLAIN, params={"text": reason})
    note.refresh_from_db()
    assert str(note) == reason
