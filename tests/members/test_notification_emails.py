"""Notification e-mails (members.services.notification_email_send, members.jobs): text that
becomes a header never breaks it, and one notification that cannot go never stops the others of
its batch nor counts as sent. Only the outside world (SMTP) is replaced: Django's locmem backend,
or a send_mail that refuses."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from members.jobs import send_notification_emails
from members.models import Notification, User
from members.notifications import NotificationKind, register_notification_kind
from members.services import notify

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


def test_send_notification_emails_sends_the_rest_then_retries_only_the_one_the_server_did_not_take(
    cast, mailoutbox, monkeypatch
):
    notes = notify(
        users=[cast.chair, cast.member, cast.deputy],
        kind=PLAIN,
        params={"text": "Giấy mời họp quý IV"},
        url="/",
    )
    real_send = mail.send_mail
    tried: list[str] = []

    def server_busy_once_for_the_member(*args, recipient_list, **kwargs):
        tried.append(recipient_list[0])
        if recipient_list == [cast.member.email] and tried.count(cast.member.email) == 1:
            raise ConnectionResetError("421 try again later")
        return real_send(*args, recipient_list=recipient_list, **kwargs)

    monkeypatch.setattr("django.core.mail.send_mail", server_busy_once_for_the_member)
    # Run as a worker runs it (a retry is queued, not raised); eager here, so the retry runs at once.
    result = send_notification_emails.apply(args=[sorted(n.pk for n in notes)], throw=False)

    by_pk = {n.user_id: n.user.email for n in notes}
    assert tried == [by_pk[n.user_id] for n in sorted(notes, key=lambda n: n.pk)] + [cast.member.email]
    assert result.get() == 1  # the retry sent the one left
    assert len(mailoutbox) == 3
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_notify_keeps_a_long_reason_whole_when_a_meeting_is_cancelled_with_one(cast):
    """A reason for cancelling can be pages long: it is stored as a parameter (JSON, no column
    length for PostgreSQL to refuse, which was a 500 for whoever cancelled) and read whole."""
    reason = "Cuộc họp bị hủy. Lý do: " + "rất dài " * 100
    (note,) = notify(users=[cast.member], kind=PLAIN, params={"text": reason})
    note.refresh_from_db()
    assert str(note) == reason
