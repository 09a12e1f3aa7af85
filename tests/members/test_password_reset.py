"""Password reset by e-mail (issue #14, item 6) and the end of other sessions after a reset or a
change (item 3). Only the mail server is replaced (Django's locmem backend)."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from members import throttle

NEW_PASSWORD = "mat-khau-moi-du-dai-2026"
LINK = re.compile(r"https?://\S+/accounts/reset/\S+/\S+/")


@pytest.fixture(autouse=True)
def _fresh_counters():
    """The rate limit counts in the cache, which outlives one test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for a link; the e-mail job runs after commit, as it would after the request."""

    def ask(email, address="10.0.0.7"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)

    return ask


def _link() -> str:
    (message,) = mail.outbox
    return LINK.search(message.body).group(0)


def _open_link(client, link):
    """The link redirects to a URL without the token (Django keeps it in the session)."""
    r = client.get(link.replace(settings.PORTAL_BASE_URL.rstrip("/"), ""), follow=True)
    return r


def _reset(client, link, password=NEW_PASSWORD):
    r = _open_link(client, link)
    if not r.context["validlink"]:
        return r
    return client.post(r.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def test_login_page_offers_the_forgotten_password_link(client, db):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    assert "Quên mật khẩu?" in page


def test_the_form_asks_for_a_labelled_email_in_vietnamese(client, db):
    page = client.get(reverse("password_reset")).content.decode()
    assert '<label for="id_email"' in page
    assert "Địa chỉ e-mail" in page


def test_known_and_unknown_addresses_get_the_same_answer(client, ask, cast):
    known = ask(cast.member.email)
    assert len(mail.outbox) == 1
    unknown = ask("nobody@example.gov.vn")
    assert len(mail.outbox) == 1  # nothing sent to an address of no account
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    page = client.get(reverse("password_reset_done")).content.decode()
    assert "Nếu một tài khoản" in page


def test_the_email_goes_to_the_account_with_a_link_to_the_portal(client, ask, cast, settings):
    settings.PORTAL_BASE_URL = "https://bcd.example.gov.vn"
    ask(cast.member.email.upper(), address="10.0.0.8")
    (message,) = mail.outbox
    assert message.to == [cast.member.email]
    assert "mật khẩu" in message.subject
    assert "member" in message.body  # the username, which people forget too
    # The portal's own address, never the Host header the request came with.
    assert _link().startswith("https://bcd.example.gov.vn/accounts/reset/")


def test_the_link_sets_a_new_password_once(client, ask, cast):
    ask(cast.member.email)
    link = _link()
    r = _reset(client, link)
    assert r.status_code == 302 and r["Location"] == reverse("password_reset_complete")
    cast.member.refresh_from_db()
    assert cast.member.check_password(NEW_PASSWORD)
    # Used once: the same link is refused, and the password stays.
    again = _reset(Client(), link, password="mot-mat-khau-khac-nua")
    assert again.status_code == 200 and not again.context["validlink"]
    assert "đã được dùng" in again.content.decode()
    cast.member.refresh_from_db()
    assert cast.member.check_password(NEW_PASSWORD)


def test_the_link_expires_after_the_timeout(client, ask, cast, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 60 * 60
    ask(cast.member.email)
    link = _link()
    settings.PASSWORD_RESET_TIMEOUT = -1  # any link is now older than the timeout
    r = _reset(client, link)
    assert r.status_code == 200 and not r.context["validlink"]
    cast.member.refresh_from_db()
    assert cast.member.check_password(settings.DEMO_PASSWORD)


def test_a_short_password_is_refused_on_the_reset_page(client, ask, cast):
    ask(cast.member.email)
    r = _reset(client, _link(), password="ngan-qua")
    assert r.status_code == 200
    assert r.context["form"].has_error("new_password2", "password_too_short")


def test_too_many_requests_for_one_address_send_nothing_more_and_say_the_same(client, ask, cast, caplog):
    for n in range(throttle.PASSWORD_RESET_LIMIT):
        ask(cast.member.email, address=f"10.0.1.{n}")
    assert len(mail.outbox) == throttle.PASSWORD_RESET_LIMIT
    r = ask(cast.member.email, address="10.0.1.99")
    assert r.status_code == 302 and r["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == throttle.PASSWORD_RESET_LIMIT
    assert "too many requests" in caplog.text


def test_the_limit_lifts_after_an_hour(client, ask, cast):
    start = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(throttle.PASSWORD_RESET_LIMIT + 1):
            ask(cast.member.email, address=f"10.0.3.{n}")
    assert len(mail.outbox) == throttle.PASSWORD_RESET_LIMIT
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        ask(cast.member.email, address="10.0.3.50")
    assert len(mail.outbox) == throttle.PASSWORD_RESET_LIMIT + 1


def test_too_many_requests_from_one_client_send_nothing_more(client, ask, cast):
    for n in range(throttle.PASSWORD_RESET_LIMIT):
        ask(f"nobody{n}@example.gov.vn")
    r = ask(cast.member.email)
    assert r.status_code == 302 and r["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
    # Another client may still ask for that address.
    ask(cast.member.email, address="10.0.0.99")
    assert len(mail.outbox) == 1


def _logged_in(user) -> Client:
    other = Client()
    other.force_login(user)
    assert other.get(reverse("members:profile")).status_code == 200
    return other


def test_a_reset_ends_the_other_sessions(client, ask, cast):
    elsewhere = _logged_in(cast.member)
    ask(cast.member.email)
    _reset(client, _link())
    r = elsewhere.get(reverse("members:profile"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_a_change_ends_the_other_sessions_but_keeps_this_one(client, cast):
    elsewhere = _logged_in(cast.member)
    client.force_login(cast.member)
    r = client.post(
        reverse("members:password-change"),
        {
            "old_password": settings.DEMO_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert r.status_code == 302
    assert client.get(reverse("members:profile")).status_code == 200
    r = elsewhere.get(reverse("members:profile"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_the_request_itself_sends_nothing_so_known_and_unknown_take_as_long(client, cast):
    """The link goes out from a job after the request (members.jobs), never within it: a known
    address must not make the answer measurably slower than an unknown one."""
    url = reverse("password_reset")
    r = client.post(url, {"email": cast.member.email}, REMOTE_ADDR="10.0.2.1")
    assert r.status_code == 302 and mail.outbox == []
