"""/healthz: ok or not ok for anyone; what is up or down, and why, only for administrators and
for a monitor on the server itself. (tests/members/test_views.py calls it from the test client,
whose address is 127.0.0.1, and reads the details.)"""

from __future__ import annotations

import pytest

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.5"


@pytest.fixture
def broker_ok(settings, tmp_path):
    (tmp_path / "q").mkdir()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "q")}


@pytest.fixture
def broker_down(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}


def test_healthz_tells_an_anonymous_caller_from_outside_only_ok(client, broker_ok):
    r = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert (r.status_code, r.json()) == (200, {"status": "ok"})


def test_healthz_tells_an_anonymous_caller_from_outside_only_degraded_when_the_broker_is_down(
    client, broker_down
):
    r = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert (r.status_code, r.json()) == (503, {"status": "degraded"})


def test_healthz_gives_no_details_from_loopback_when_the_request_came_through_a_proxy(client, broker_down):
    r = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE)
    assert (r.status_code, r.json()) == (503, {"status": "degraded"})


def test_healthz_gives_no_details_to_a_logged_in_member_who_is_not_staff(client, broker_ok):
    client.force_login(UserFactory(username="member"))
    r = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert r.json() == {"status": "ok"}


def test_healthz_gives_the_details_to_staff_from_outside(client, broker_down):
    client.force_login(UserFactory(username="admin", is_staff=True))
    r = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    body = r.json()
    assert (r.status_code, body["status"], body["database"]["ok"]) == (503, "degraded", True)
    assert body["broker"] == {"ok": False, "transport": "redis", "error": body["broker"]["error"]}


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_healthz_gives_the_details_to_a_monitor_on_the_server_itself(client, broker_ok, address):
    r = client.get("/healthz", REMOTE_ADDR=address)
    assert r.json()["broker"] == {"ok": True, "transport": "filesystem"}
    assert r.json()["database"]["vendor"]


def test_healthz_answers_degraded_not_500_to_a_logged_in_caller_when_the_database_is_down(
    client, broker_ok, monkeypatch
):
    """A monitor that keeps a session: with the database down its session cannot be read, and
    the answer is still 503 "degraded", not a server error."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    from members import selectors

    client.force_login(UserFactory(username="admin", is_staff=True))
    real = selectors.system_health

    def database_down():
        state = real()
        state["database"] = {"ok": False, "vendor": "sqlite", "error": "OperationalError"}
        return state

    def unreadable(self):
        raise OperationalError("database is down")

    monkeypatch.setattr(selectors, "system_health", database_down)
    monkeypatch.setattr(SessionStore, "load", unreadable)
    r = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert (r.status_code, r.json()) == (503, {"status": "degraded"})
