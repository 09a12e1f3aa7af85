"""What a notification's e-mail says (members.emails): in the recipient's language, plain text
and HTML, a link into the portal and a footer to change what is e-mailed; invitations and
changes of a meeting carry its .ics (METHOD:REQUEST, CANCEL once cancelled) with one UID across
the changes, so a calendar moves or removes the same entry."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from meetings import services as meeting_services
from meetings.models import Meeting
from members.jobs import send_daily_digests, send_pending_emails
from members.models import Notification
from members.services import notify

pytestmark = pytest.mark.django_db


def _start(days: int = 5) -> datetime.datetime:
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=8, minute=0, second=0, microsecond=0)


@pytest.fixture
def meeting(cast) -> Meeting:
    start = _start()
    return meeting_services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind=Meeting.Kind.QUARTERLY,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Phòng họp số 1, UBND tỉnh",
        confirm_second_meeting=True,
    )


def _mail_to(mailoutbox, user):
    found = [m for m in mailoutbox if m.to == [user.email]]
    assert len(found) == 1, [m.to for m in mailoutbox]
    return found[0]


def _html(message) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


def _calendar(message) -> tuple[Calendar, str]:
    """The .ics attached, and its part's iTIP method (the Content-Type's `method`)."""
    parts = [p for p in message.attachments if not isinstance(p, tuple)]
    (part,) = parts
    assert part.get_filename().endswith(".ics")
    assert part.get_content_type() == "text/calendar"
    return Calendar.from_ical(part.get_payload(decode=True)), part.get_param("method")


def test_an_invitation_e_mail_is_vietnamese_in_text_and_html_with_a_link_and_the_preferences_footer(
    cast, meeting, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://bcd.example.gov.vn"
    with translation.override("en"):  # whoever convenes reads English; the invitees get Vietnamese
        meeting_services.meeting_convene(meeting=meeting, actor=cast.chair)
    send_pending_emails()

    message = _mail_to(mailoutbox, cast.member)
    assert message.subject.startswith("[Cổng thông tin Ban chỉ đạo] Bạn được mời dự")
    assert "Phòng họp số 1, UBND tỉnh" in message.subject
    link = f"https://bcd.example.gov.vn{meeting.get_absolute_url()}"
    assert "Bạn được mời dự" in message.body and link in message.body
    assert "https://bcd.example.gov.vn/notifications/preferences/" in message.body
    html = _html(message)
    assert '<html lang="vi">' in html and "<h1" in html and "Giấy mời họp" in html
    assert f'href="{link}"' in html
    assert 'href="https://bcd.example.gov.vn/notifications/preferences/"' in html
    assert message.extra_headers["X-Portal-Notification"] == "meetings.invited"


def test_an_invitation_carries_the_meetings_ics_as_a_request(cast, meeting, mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://bcd.example.gov.vn"
    meeting_services.meeting_convene(meeting=meeting, actor=cast.chair)
    send_pending_emails()

    cal, method = _calendar(_mail_to(mailoutbox, cast.member))
    assert cal["METHOD"] == method == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@bcd.example.gov.vn"
    assert event.decoded("DTSTART") == meeting.start_at
    assert str(event["LOCATION"]) == "Phòng họp số 1, UBND tỉnh"
    assert str(event["ATTENDEE"]) == f"mailto:{cast.member.email}"


def test_a_postponement_updates_the_same_calendar_entry_and_a_cancellation_removes_it(
    cast, meeting, mailoutbox
):
    meeting_services.meeting_convene(meeting=meeting, actor=cast.chair)
    send_pending_emails()
    (invited,) = _calendar(_mail_to(mailoutbox, cast.member))[0].walk("VEVENT")
    mailoutbox.clear()

    new_start = meeting.start_at + datetime.timedelta(days=2)
    meeting_services.meeting_postpone(
        meeting=Meeting.objects.get(pk=meeting.pk),
        actor=cast.chair,
        start_at=new_start,
        end_at=new_start + datetime.timedelta(hours=2),
        reason="Trùng lịch làm việc của Thường trực Tỉnh ủy",
        confirm_second_meeting=True,
    )
    send_pending_emails()
    postponed_mail = _mail_to(mailoutbox, cast.member)
    assert "hoãn" in postponed_mail.subject
    cal, method = _calendar(postponed_mail)
    (moved,) = cal.walk("VEVENT")
    assert cal["METHOD"] == method == "REQUEST"
    assert moved["UID"] == invited["UID"]
    assert moved.decoded("DTSTART") == new_start
    assert moved.decoded("SEQUENCE") > invited.decoded("SEQUENCE")
    mailoutbox.clear()

    meeting_services.meeting_cancel(
        meeting=Meeting.objects.get(pk=meeting.pk), actor=cast.chair, reason="Nội dung đã được xử lý"
    )
    send_pending_emails()
    cal, method = _calendar(_mail_to(mailoutbox, cast.member))
    (cancelled,) = cal.walk("VEVENT")
    assert cal["METHOD"] == method == "CANCEL"
    assert cancelled["UID"] == invited["UID"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("SEQUENCE") > moved.decoded("SEQUENCE")


def test_a_notification_of_another_kind_carries_no_attachment(cast, mailoutbox):
    notify(users=[cast.member], kind="meetings.proposal_accepted", params={})
    send_pending_emails()
    message = _mail_to(mailoutbox, cast.member)
    assert message.attachments == []
    assert "Đề xuất tổ chức phiên họp đột xuất của bạn đã được chấp thuận." in message.body


def test_the_digest_lists_each_notification_with_its_time_and_link_in_text_and_html(cast, mailoutbox):
    cast.deputy.email_digest = True
    cast.deputy.save(update_fields=["email_digest"])
    notify(users=[cast.deputy], kind="meetings.proposal_accepted", params={}, url="/meetings/proposals/1/")
    notify(users=[cast.deputy], kind="meetings.proposal_declined", params={}, url="/meetings/proposals/2/")
    send_daily_digests()
    message = _mail_to(mailoutbox, cast.deputy)
    assert (
        message.subject
        == "[Cổng thông tin Ban chỉ đạo] Thư tổng hợp hằng ngày: 2 thông báo kể từ thư tổng hợp trước"
    )
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"{today} " in message.body and "Quyết định về đề xuất họp của bạn" in message.body
    assert "http://127.0.0.1:8000/meetings/proposals/2/" in message.body
    html = _html(message)
    assert html.count("<li") == 2 and 'href="http://127.0.0.1:8000/meetings/proposals/1/"' in html
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}
