"""The notifications' registry in the members app: a kind and its parameters worded when read,
rows stored before kinds existed shown as they were, the e-mail in the recipient's language."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

from members.jobs import send_notification_emails
from members.models import Notification
from members.notifications import (
    NotificationKind,
    notification_language,
    notification_text,
    register_notification_kind,
)
from members.services import notify

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def convened_kind():
    # A msgid the portal's catalogue translates, so the reader's language shows.
    return register_notification_kind(
        NotificationKind(
            "tests.convened",
            "You are invited to %(meeting)s at %(time)s, %(place)s.",
            datetimes=("time",),
        )
    ).name


def test_notification_shows_its_stored_message_when_it_was_stored_before_kinds(client, cast):
    Notification.objects.create(user=cast.member, message="Giấy mời họp quý IV/2026", url="/")
    client.force_login(cast.member)
    page = client.get(reverse("members:notification-list")).content.decode()
    assert "Giấy mời họp quý IV/2026" in page
    assert 'badge text-bg-warning">1<' in client.get("/").content.decode()


def test_notification_time_shows_dd_mm_yyyy_hh_mm_in_ho_chi_minh_when_stored_in_utc(cast, convened_kind):
    utc_start = datetime.datetime(2031, 3, 4, 7, 30, tzinfo=datetime.UTC)  # 14:30 in Tây Ninh
    (note,) = notify(
        users=[cast.member],
        kind=convened_kind,
        params={"meeting": "Phiên họp thử", "time": utc_start, "place": "Phòng họp số 1"},
    )
    note.refresh_from_db()
    assert note.params["time"] == "2031-03-04T07:30:00+00:00"
    assert "04/03/2031 14:30" in notification_text(note, "vi")
    assert "04/03/2031 14:30" in notification_text(note, "en")


def test_notification_text_follows_the_language_asked_when_read(cast, convened_kind):
    (note,) = notify(
        users=[cast.member],
        kind=convened_kind,
        params={
            "meeting": "Phiên họp thử",
            "time": datetime.datetime(2031, 3, 4, 14, 30, tzinfo=VN),
            "place": "P1",
        },
    )
    assert notification_text(note, "en") == "You are invited to Phiên họp thử at 04/03/2031 14:30, P1."
    with translation.override("vi"):
        vietnamese = translation.gettext("You are invited to %(meeting)s at %(time)s, %(place)s.")
    assert vietnamese != "You are invited to %(meeting)s at %(time)s, %(place)s."
    assert notification_text(note, "vi") == vietnamese % {
        "meeting": "Phiên họp thử",
        "time": "04/03/2031 14:30",
        "place": "P1",
    }


def test_notify_refuses_a_naive_datetime_when_the_kind_declares_an_instant(cast, convened_kind):
    with pytest.raises(TypeError, match="aware datetime"):
        notify(
            users=[cast.member],
            kind=convened_kind,
            params={"meeting": "x", "time": datetime.datetime(2031, 3, 4, 14, 30), "place": "P1"},
        )


def test_notification_email_is_vietnamese_when_the_job_runs_in_english(cast, convened_kind, mailoutbox):
    (note,) = notify(
        users=[cast.member],
        kind=convened_kind,
        params={
            "meeting": "Phiên họp thử",
            "time": datetime.datetime(2031, 3, 4, 14, 30, tzinfo=VN),
            "place": "P1",
        },
        url="/",
    )
    with translation.override("en"):
        send_notification_emails([note.pk])
    (mail,) = mailoutbox
    assert mail.subject.startswith("[Cổng thông tin Ban chỉ đạo] ")
    assert "You are invited" not in mail.subject + mail.body
    assert notification_text(note, "vi") in mail.body


def test_notification_language_is_vietnamese_when_the_user_has_no_preference(cast):
    assert notification_language(cast.member) == "vi"
    cast.member.language = "en"  # a preference, once the user model has one
    assert notification_language(cast.member) == "en"
    cast.member.language = "fr"  # not a language of the portal
    assert notification_language(cast.member) == "vi"
