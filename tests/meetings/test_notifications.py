"""Notifications of the meetings are stored as a kind and its parameters and worded when read, in
the reader's language: the list, the navigation and the e-mail, whatever language the person who
acted used (issue 9, item 12)."""

from __future__ import annotations

import datetime
import json
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

from meetings import services
from meetings.models import Meeting
from members.jobs import send_notification_emails
from members.models import Notification
from members.services import notify

S = Meeting.Status
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db

REASON = "Trùng lịch làm việc của Thường trực Tỉnh ủy"


def _postpone_in_english(mc, meeting: Meeting, new_start: datetime.datetime) -> Meeting:
    """The chair, who reads the portal in English, postpones the meeting."""
    with translation.override("en"):
        return services.meeting_postpone(
            meeting=meeting,
            actor=mc.chair,
            start_at=new_start,
            end_at=new_start + datetime.timedelta(hours=2),
            reason=REASON,
        )


def _name(meeting: Meeting, language: str) -> str:
    with translation.override(language):
        return str(Meeting.objects.get(pk=meeting.pk))


def test_notification_list_is_vietnamese_when_the_chair_acted_in_english(client, meeting_cast):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.CONVENED)
    old_start = meeting.start_at
    new_start = datetime.datetime(2031, 3, 4, 14, 30, tzinfo=VN)
    _postpone_in_english(mc, meeting, new_start)

    client.force_login(mc.member)
    page = client.get(reverse("members:notification-list")).content.decode()

    with translation.override("vi"):
        expected = translation.gettext(
            "%(meeting)s is postponed from %(old)s to %(new)s. Reason: %(reason)s"
        ) % {
            "meeting": _name(meeting, "vi"),
            "old": old_start.astimezone(VN).strftime("%d/%m/%Y %H:%M"),
            "new": "04/03/2031 14:30",
            "reason": REASON,
        }
    assert expected in page
    assert "is postponed" not in page
    assert _name(meeting, "vi").startswith("Phiên họp thường kỳ")


def test_notification_list_is_english_when_the_reader_chose_english(client, meeting_cast):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.CONVENED)
    with translation.override("vi"):
        services.meeting_cancel(meeting=meeting, actor=mc.chair, reason="Nội dung đã được xử lý")

    client.force_login(mc.member)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("members:notification-list")).content.decode()

    assert f"{_name(meeting, 'en')} is cancelled. Reason: Nội dung đã được xử lý" in page
    assert "Regular meeting of quarter" in _name(meeting, "en")


def test_notification_email_is_vietnamese_when_the_chair_acted_in_english(meeting_cast, mailoutbox):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.CONVENED)
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    _postpone_in_english(mc, meeting, datetime.datetime(2031, 3, 4, 14, 30, tzinfo=VN))
    note = Notification.objects.get(pk__gt=before, user=mc.member)

    mailoutbox.clear()
    send_notification_emails([note.pk])

    (mail,) = mailoutbox
    assert mail.subject.startswith("[Cổng thông tin Ban chỉ đạo] ")
    assert _name(meeting, "vi") in mail.subject
    assert "được hoãn" in mail.body
    assert "is postponed" not in mail.body
    assert "04/03/2031 14:30" in mail.body
    assert f"http://127.0.0.1:8000{meeting.get_absolute_url()}\n" in mail.body  # settings.PORTAL_BASE_URL


def test_notify_stores_the_kind_and_json_parameters_when_a_meeting_is_postponed(meeting_cast):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.CONVENED)
    old_start = meeting.start_at
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    new_start = datetime.datetime(2031, 3, 4, 14, 30, tzinfo=VN)
    _postpone_in_english(mc, meeting, new_start)

    note = Notification.objects.get(pk__gt=before, user=mc.member)
    assert note.kind == "meetings.postponed"
    assert note.message == ""
    assert note.params == {
        "meeting": meeting.pk,
        "old": old_start.isoformat(),
        "new": new_start.isoformat(),
        "reason": REASON,
    }
    assert json.loads(json.dumps(note.params)) == note.params


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("meetings.cancelled", {"meeting": 1}),  # the reason is missing
        ("meetings.cancelled", {"meeting": 1, "reason": "x", "extra": "y"}),
    ],
)
def test_notify_refuses_parameters_when_they_do_not_fill_the_template(meeting_cast, kind, params):
    with pytest.raises(ValueError, match="meetings.cancelled"):
        notify(users=[meeting_cast.member], kind=kind, params=params)
    assert not Notification.objects.filter(kind=kind).exists()


def test_notify_refuses_a_kind_when_no_app_registers_it(meeting_cast):
    with pytest.raises(KeyError):
        notify(users=[meeting_cast.member], kind="meetings.no_such_kind", params={})


def test_notification_review_deadline_shows_dd_mm_yyyy_when_minutes_open_for_comments(meeting_cast):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.MINUTES_DRAFTED)
    minutes = mc.main_minutes(meeting)
    minutes = services.minutes_open_review(minutes=minutes, actor=mc.secretary)

    note = Notification.objects.filter(user=mc.member, kind="meetings.minutes_review_opened").get()
    assert note.params["date"] == minutes.review_until.isoformat()
    with translation.override("vi"):
        assert minutes.review_until.strftime("%d/%m/%Y") in str(note)


def test_notification_list_loads_the_named_meetings_once_when_there_are_many_notes(
    client, meeting_cast, django_assert_max_num_queries
):
    mc = meeting_cast
    for _ in range(6):
        meeting = mc.new_meeting()
        notify(
            users=[mc.member],
            kind="meetings.cancelled",
            params={"meeting": meeting.pk, "reason": "Nội dung đã được xử lý"},
        )
    client.force_login(mc.member)
    client.get(reverse("members:notification-list"))  # warm the session and the permissions
    with django_assert_max_num_queries(8):
        page = client.get(reverse("members:notification-list")).content.decode()
    assert page.count("Nội dung đã được xử lý") == 6
