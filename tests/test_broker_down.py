"""Issue 11, acceptance 3: the broker down never fails nor slows a request, and nothing is lost.

With the broker at a loopback port that accepts connections and never answers (the worst case:
a refused connection fails at once, a silent one waits), convening a meeting through its page
returns in under 3 seconds, without an error page, and its notifications are in the database.
When the broker is back, the sweep e-mails each of them once, through a real SMTP server
(aiosmtpd on a free loopback port), the meeting's .ics attached.

Celery reads its broker settings when the app is configured, so the tests point the app itself
at the silent port (its configuration, and fresh connection pools) and put it back afterwards.
"""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting
from members import jobs, outbox
from members.models import Notification


class SilentBroker:
    """A TCP server on a free loopback port that accepts every connection and never answers."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _addr = self.server.accept()
            except OSError:  # closed: the test is over
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self.server.close()
        for conn in self.accepted:
            conn.close()


class Inbox:
    """aiosmtpd's handler: keeps every message the SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[Inbox]:
    """A real SMTP server, and the portal's mail sent to it over SMTP."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def silent_broker() -> Iterator[SilentBroker]:
    broker = SilentBroker()
    yield broker
    broker.close()


def _reset_pools(app) -> None:
    # The app keeps a connection pool and a producer pool made from the broker URL of the moment;
    # dropped, they are made again from the configuration at the next publish.
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Publish for real (not eagerly) to `url`, with the portal's Redis timeouts (settings)."""
    app = jobs.send_notification_emails.app
    keys = ("broker_url", "broker_transport_options", "broker_connection_timeout", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        broker_url=url,
        broker_transport_options=dict(settings.REDIS_BROKER_TRANSPORT_OPTIONS),
        broker_connection_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
        task_always_eager=False,
    )
    _reset_pools(app)
    jobs.broker_pause_reset()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_pools(app)
        jobs.broker_pause_reset()


def _calendar_parts(message: email.message.EmailMessage) -> list:
    return [part for part in message.walk() if part.get_content_type() == "text/calendar"]


@pytest.mark.django_db(transaction=True)
def test_convening_with_the_broker_silent_is_quick_and_the_sweep_mails_each_invitee_once(
    client, cast, silent_broker, smtp_server
):
    start = (timezone.localtime() + datetime.timedelta(days=5)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    meeting = meeting_services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind=Meeting.Kind.QUARTERLY,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Phòng họp số 1",
        confirm_second_meeting=True,
    )
    client.force_login(cast.chair)

    with celery_broker(f"redis://127.0.0.1:{silent_broker.port}/5"):
        began = time.monotonic()
        response = client.post(reverse("meetings:meeting-convene", kwargs={"pk": meeting.pk}))
        elapsed = time.monotonic() - began

    assert elapsed < 3, f"convening took {elapsed:.2f} s with the broker silent"
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Đã triệu tập cuộc họp: giấy mời đã được gửi." in page.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED
    assert silent_broker.accepted, "the broker was not even tried"
    notes = list(Notification.objects.filter(created_at__gte=meeting.created_at).select_related("user"))
    assert {n.kind for n in notes} >= {"meetings.invited"}
    assert {n.email_status for n in notes} == {Notification.EmailStatus.PENDING}
    assert smtp_server.messages == []  # nothing could be published: nothing sent yet

    # The broker is back: the beat's sweep runs (as members.jobs.send_pending_emails does).
    first = outbox.notification_emails_send()
    second = outbox.notification_emails_send()

    assert first.sent == len(notes) and second.sent == 0
    received = Counter(str(m["To"]) for m in smtp_server.messages)
    assert received == Counter(n.user.email for n in notes)
    for message in smtp_server.messages:
        (ics,) = _calendar_parts(message)
        assert ics.get_param("method") == "REQUEST"
        assert f"UID:meeting-{meeting.pk}@" in ics.get_content()
    assert set(
        Notification.objects.filter(pk__in=[n.pk for n in notes]).values_list("email_status", flat=True)
    ) == {Notification.EmailStatus.SENT}


@pytest.mark.django_db(transaction=True)
def test_publishing_to_a_silent_broker_gives_up_within_its_timeout_then_stops_trying_for_a_while(
    cast, silent_broker, caplog
):
    with celery_broker(f"redis://127.0.0.1:{silent_broker.port}/5"), caplog.at_level(logging.WARNING):
        began = time.monotonic()
        assert jobs.enqueue(jobs.send_notification_emails, [1]) is False
        first = time.monotonic() - began
        began = time.monotonic()
        assert jobs.enqueue(jobs.send_notification_emails, [2]) is False
        second = time.monotonic() - began

    assert first < settings.BROKER_TIMEOUT + 1
    assert second < 0.1  # not tried again: the request does not wait a second time
    assert "Broker unavailable: members.jobs.send_notification_emails not published" in caplog.text
    assert len(silent_broker.accepted) == 1


@pytest.mark.django_db(transaction=True)
def test_publishing_to_a_refusing_broker_fails_at_once(cast):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with celery_broker(f"redis://127.0.0.1:{port}/5"):
        began = time.monotonic()
        assert jobs.enqueue(jobs.send_notification_emails, [1]) is False
        assert time.monotonic() - began < settings.BROKER_TIMEOUT + 1
