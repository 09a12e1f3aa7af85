"""Two clicks at the same instant on the default database, SQLite: the second waits for the first
and gets the "already done" message, never a 500. Each thread sends its request through its own
test client and database connection; the barrier releases them together, and the service pauses
after reading the meeting so both requests are inside a transaction before either writes (the
moment SQLite's default, deferred, transactions fail with "database is locked")."""

import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.models import Meeting
from meetings.services import meetings as meeting_services
from meetings.services import minutes as minutes_services

S = Meeting.Status
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_lock(monkeypatch):
    """`lock_meeting` in the services, pausing after its read while the transaction is open."""

    def patch(module):
        original = module.lock_meeting

        def lock_then_pause(meeting):
            locked = original(meeting)
            time.sleep(0.3)
            return locked

        monkeypatch.setattr(module, "lock_meeting", lock_then_pause)

    return patch


def post_together(user, url, times=2):
    """POST `url` as `user` from `times` clients at once; return [(status, [messages])]."""
    clients = []
    for _click in range(times):
        c = Client(raise_request_exception=False)
        c.force_login(user)
        clients.append(c)
    barrier = threading.Barrier(times, timeout=30)
    outcomes, lock = [], threading.Lock()

    def click(c):
        try:
            barrier.wait()
            r = c.post(url)
            with lock:
                outcomes.append((r.status_code, [str(m) for m in get_messages(r.wsgi_request)]))
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a request is stuck"
    return outcomes


def test_meeting_convene_answers_convened_then_a_message_never_500_when_the_chair_clicks_twice_at_once(
    meeting_cast, slow_lock
):
    mc = meeting_cast
    slow_lock(meeting_services)
    url = reverse("meetings:meeting-convene", kwargs={"pk": mc.meeting.pk})

    outcomes = post_together(mc.chair, url)

    assert sorted(status for status, _messages in outcomes) == [302, 302]
    texts = sorted(m for _status, messages in outcomes for m in messages)
    already = _("A meeting that is “%(status)s” cannot be %(action)s.") % {
        "status": S.CONVENED.label,
        "action": Meeting.Action.CONVENE.label,
    }
    assert texts == sorted([_("The meeting is convened: the invitations are sent."), already])
    assert Meeting.objects.get(pk=mc.meeting.pk).status == S.CONVENED
    assert mc.meeting.invitation_letters.count() == 1


def test_minutes_sign_records_one_signature_and_a_message_never_500_when_the_secretary_clicks_twice_at_once(
    meeting_cast, slow_lock
):
    mc = meeting_cast
    meeting = mc.meeting_in(S.MINUTES_DRAFTED)
    slow_lock(minutes_services)
    url = reverse("meetings:minutes-sign", kwargs={"pk": meeting.pk})

    outcomes = post_together(mc.secretary, url)

    assert sorted(status for status, _messages in outcomes) == [302, 302]
    texts = sorted(m for _status, messages in outcomes for m in messages)
    already = _("You cannot sign these minutes (or you have already signed them).")
    assert texts == sorted([_("Your signature is recorded."), already])
    minutes = mc.main_minutes(meeting)
    assert minutes.secretary_signed_by == mc.secretary
    assert minutes.history.filter(history_change_reason__startswith="signed").count() == 1
