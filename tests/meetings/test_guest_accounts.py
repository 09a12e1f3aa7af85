"""An expert with no account gets one limited to the extended meeting they are invited to."""

import re
import zlib

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings import permissions, services
from members.models import User

pytestmark = pytest.mark.django_db


def test_secretary_creates_a_guest_account_that_sees_only_that_meeting(client, meeting_cast):
    extended = meeting_cast.extended
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:guest-account-create", kwargs={"pk": extended.pk})
    r = client.post(
        url,
        {
            "account-full_name": "Trần Quốc Khánh",
            "account-position": "Chuyên gia, Viện Chiến lược Chuyển đổi số",
            "account-email": "Khanh.Expert@example.vn",
        },
        follow=True,
    )
    page = r.content.decode()
    password = re.search(r"(?:password|mật khẩu): (\w{16})", page).group(1)
    guest = User.objects.get(username="khanh.expert@example.vn")
    assert permissions.can_view_meeting(guest, extended)
    assert not permissions.can_view_meeting(guest, meeting_cast.meeting)
    assert guest.history.first().history_user == meeting_cast.secretary

    client.logout()
    assert (
        client.post(reverse("login"), {"username": guest.username, "password": password}).status_code == 302
    )
    assert client.get(reverse("meetings:meeting-detail", kwargs={"pk": extended.pk})).status_code == 200
    assert (
        client.get(reverse("meetings:meeting-detail", kwargs={"pk": meeting_cast.meeting.pk})).status_code
        == 404
    )


def test_guest_account_form_keeps_what_was_typed_when_the_email_is_taken(client, meeting_cast):
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:guest-account-create", kwargs={"pk": meeting_cast.extended.pk})
    User.objects.create(username="da-co@example.vn", email="da-co@example.vn")
    r = client.post(url, {"account-full_name": "Lê Văn Tám", "account-email": "da-co@example.vn"})
    assert r.status_code == 200
    page = r.content.decode()
    assert 'value="Lê Văn Tám"' in page
    assert 'aria-invalid="true"' in page
    assert User.objects.filter(username="da-co@example.vn").count() == 1


def test_member_cannot_create_guest_accounts(client, meeting_cast):
    client.force_login(meeting_cast.member)
    url = reverse("meetings:guest-account-create", kwargs={"pk": meeting_cast.extended.pk})
    r = client.post(url, {"account-full_name": "X", "account-email": "x@example.vn"})
    assert r.status_code == 403
    assert not User.objects.filter(username="x@example.vn").exists()


def test_guest_account_create_is_refused_when_another_username_has_this_email_in_any_case(meeting_cast):
    User.objects.create(username="tran.khanh", email="Khanh.Expert@Example.vn")
    with pytest.raises(ValidationError) as exc:
        services.guest_account_create(
            meeting=meeting_cast.extended,
            actor=meeting_cast.secretary,
            full_name="Trần Quốc Khánh",
            email=" khanh.expert@example.VN ",
        )
    assert exc.value.message_dict == {
        "email": [_("An account with this e-mail already exists: choose it in the list above.")]
    }
    assert User.objects.filter(email__iexact="khanh.expert@example.vn").count() == 1


def readable(cookie_value: str) -> str:
    """A cookie's value as anyone holding it reads it: signing (the messages cookie) protects a
    value from change, not from reading, so a signed, compressed payload is unpacked."""
    payload = cookie_value.split(":", 1)[0]  # "payload[:timestamp]:signature", payload in base64
    compressed = payload.startswith(".")
    try:
        data = signing.b64_decode(payload.lstrip(".").encode())
        return cookie_value + (zlib.decompress(data) if compressed else data).decode("utf-8", "replace")
    except (ValueError, zlib.error):
        return cookie_value


def test_guest_account_create_never_puts_the_one_time_password_in_a_cookie(client, meeting_cast):
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:guest-account-create", kwargs={"pk": meeting_cast.extended.pk})

    created = client.post(url, {"account-full_name": "Trần Quốc Khánh", "account-email": "khanh@example.vn"})
    sent = [readable(morsel.value) for morsel in created.cookies.values()]
    shown = client.get(created["Location"])
    password = re.search(r"(?:password|mật khẩu): (\w{16})", shown.content.decode()).group(1)

    sent += [readable(morsel.value) for morsel in shown.cookies.values()]
    assert not any(password in value for value in sent)
    assert "no-store" in shown["Cache-Control"]
    assert password not in client.get(created["Location"]).content.decode()  # shown once


ONE_LINE = "Write this on one line, without line breaks or control characters."


def test_guest_account_form_shows_the_error_and_creates_no_account_when_the_name_holds_a_new_line(
    client, meeting_cast
):
    cast = meeting_cast
    extended = meeting_cast.extended
    client.force_login(cast.secretary)
    r = client.post(
        reverse("meetings:guest-account-create", kwargs={"pk": extended.pk}),
        {"account-full_name": "Nguyễn Văn A\r\nBcc: ai-do@example.vn", "account-email": "khach@example.vn"},
    )
    assert r.status_code == 200
    assert r.context["account_form"].errors == {"full_name": [_(ONE_LINE)]}
    assert not User.objects.filter(email="khach@example.vn").exists()


@pytest.mark.parametrize("field", ["full_name", "position"])
def test_guest_account_create_is_refused_when_the_name_or_position_holds_a_control_character(
    meeting_cast, field
):
    cast = meeting_cast
    extended = meeting_cast.extended
    values = {"full_name": "Trần Quốc Khánh", "position": "Chuyên gia", field: "Trần\x1bQuốc"}
    with pytest.raises(ValidationError) as exc:
        services.guest_account_create(
            meeting=extended, actor=cast.secretary, email="khach@example.vn", **values
        )
    assert exc.value.message_dict == {field: [_(ONE_LINE)]}
    assert not User.objects.filter(email="khach@example.vn").exists()
