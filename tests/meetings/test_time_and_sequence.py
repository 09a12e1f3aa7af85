"""Rules of time and sequence (issue #9): a meeting is held only once it has started, and only
with someone present; the presiding person is not asked to answer; a conclusion is not due
before its meeting, and a past due date is kept only when confirmed; one regular meeting per
quarter (the support group's, per month) unless confirmed, under a name of its own; the
prefilled minutes ask a written opinion only of those who sent a substitute (Điều 6.5, 8.3)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from meetings import services
from meetings.models import Invitation, Meeting, MeetingError
from tests.meetings.clock import hold, meeting_started

S = Meeting.Status
R = Invitation.Response
At = Invitation.Attendance
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def vi(msgid: str, **params) -> str:
    with override("vi"):
        text = gettext(msgid)
    return text % params if params else text


def page_says(response, msgid: str, **params) -> bool:
    return escape(vi(msgid, **params)) in response.content.decode()


def at(year, month, day, hour=8) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=VN)


def create(mc, kind, start, **kwargs) -> Meeting:
    """A meeting filed as the form files it: no confirmation unless given."""
    return services.meeting_create(
        committee=mc.committee,
        actor=mc.secretary,
        kind=kind,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        **kwargs,
    )


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})


def opening(meeting: Meeting) -> str:
    return timezone.localtime(meeting.start_at).strftime("%H:%M %d/%m/%Y")


@pytest.fixture
def convened(meeting_cast) -> Meeting:
    return meeting_cast.to_state(meeting_cast.meeting, S.CONVENED)


def all_present(meeting: Meeting) -> dict[int, str]:
    return {inv.pk: At.PRESENT for inv in meeting.invitations.all()}


# --- 1. held only once started, and only with someone present -------------------------------------


def test_attendance_record_is_refused_naming_the_opening_time_when_the_meeting_has_not_started(
    meeting_cast, convened
):
    with pytest.raises(MeetingError) as exc:
        services.attendance_record(
            meeting=convened, actor=meeting_cast.secretary, marks=all_present(convened)
        )
    assert exc.value.message == gettext(
        "Attendance can be recorded from %(time)s, when the meeting starts."
    ) % {"time": opening(convened)}
    convened.refresh_from_db()
    assert convened.status == S.CONVENED and convened.held_at is None
    assert not convened.invitations.exclude(attendance="").exists()


def test_attendance_record_marks_the_meeting_held_after_its_start_when_the_meeting_has_started(
    meeting_cast, convened
):
    meeting = hold(convened, meeting_cast.secretary)
    assert meeting.status == S.HELD
    assert meeting.held_at >= meeting.start_at


def test_attendance_record_is_refused_when_the_sheet_is_blank(meeting_cast, convened):
    blank = {inv.pk: At.UNKNOWN for inv in convened.invitations.all()}
    with meeting_started(convened), pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=convened, actor=meeting_cast.secretary, marks=blank)
    assert exc.value.messages == [
        gettext("The attendance sheet is blank: mark who was present and who was absent.")
    ]
    convened.refresh_from_db()
    assert convened.status == S.CONVENED


def test_attendance_record_is_refused_when_nobody_is_marked_present(meeting_cast, convened):
    absent = {inv.pk: At.ABSENT_UNEXCUSED for inv in convened.invitations.all()}
    with meeting_started(convened), pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=convened, actor=meeting_cast.secretary, marks=absent)
    assert exc.value.messages == [
        gettext("Nobody is marked present: a meeting nobody attended cannot be recorded as held.")
    ]
    convened.refresh_from_db()
    assert convened.status == S.CONVENED


def test_minutes_start_is_refused_when_the_meeting_has_not_been_held(meeting_cast, convened):
    with pytest.raises(MeetingError):
        services.minutes_start(meeting=convened, actor=meeting_cast.secretary)
    assert not convened.minutes_set.exists()


def test_minutes_and_notice_are_dated_after_the_meeting_started_when_signed_after_holding(
    meeting_cast, convened
):
    mc = meeting_cast
    with meeting_started(convened, after=datetime.timedelta(hours=1)):
        services.attendance_record(meeting=convened, actor=mc.secretary, marks=all_present(convened))
        minutes = services.minutes_start(meeting=convened, actor=mc.secretary)
        services.minutes_sign(minutes=minutes, actor=mc.secretary)
        services.minutes_sign(minutes=minutes, actor=mc.chair)
        services.conclusion_add(meeting=convened, actor=mc.secretary, text="Giao các sở triển khai.")
        notice = services.conclusions_sign(meeting=convened, actor=mc.chair)
    minutes.refresh_from_db()
    assert minutes.secretary_signed_at >= convened.start_at
    assert minutes.presiding_signed_at >= convened.start_at
    assert notice.signed_at >= convened.start_at


def test_attendance_page_redirects_with_the_opening_time_when_the_meeting_has_not_started(
    client, meeting_cast, convened
):
    client.force_login(meeting_cast.secretary)
    r = client.get(url("attendance-record", convened), follow=True)
    assert r.redirect_chain[-1][0] == url("meeting-detail", convened)
    assert page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )


def test_attendance_post_is_refused_with_the_opening_time_when_the_meeting_has_not_started(
    client, meeting_cast, convened
):
    client.force_login(meeting_cast.secretary)
    data = {f"mark_{pk}": mark for pk, mark in all_present(convened).items()}
    r = client.post(url("attendance-record", convened), data, follow=True)
    assert page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )
    convened.refresh_from_db()
    assert convened.status == S.CONVENED


def test_attendance_form_shows_the_blank_sheet_refusal_and_keeps_the_marks_when_nobody_is_marked(
    client, meeting_cast, convened
):
    invitations = list(convened.invitations.all())
    data = {f"mark_{inv.pk}": "" for inv in invitations}
    data[f"mark_{invitations[0].pk}"] = At.ABSENT_UNEXCUSED
    with meeting_started(convened):
        client.force_login(meeting_cast.secretary)  # a session opened at that time
        r = client.post(url("attendance-record", convened), data)
    assert r.status_code == 200
    assert page_says(r, "Nobody is marked present: a meeting nobody attended cannot be recorded as held.")
    assert f'<option value="{At.ABSENT_UNEXCUSED}" selected>' in r.content.decode()
    convened.refresh_from_db()
    assert convened.status == S.CONVENED


def test_meeting_page_says_when_attendance_opens_when_the_secretary_views_it_before_the_start(
    client, meeting_cast, convened
):
    client.force_login(meeting_cast.secretary)
    r = client.get(url("meeting-detail", convened))
    assert page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )
    assert url("attendance-record", convened) not in r.content.decode()

    with meeting_started(convened):
        client.force_login(meeting_cast.secretary)
        r = client.get(url("meeting-detail", convened))
    assert url("attendance-record", convened) in r.content.decode()
    assert not page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )
