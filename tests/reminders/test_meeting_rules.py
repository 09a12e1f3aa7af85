"""Rules 3 to 5 (Điều 4.2, 6.5, 7): invitations not answered, written opinions missing, the
morning of the meeting; an absence waiting 24 hours; minutes and conclusions left unsigned."""

import datetime

import pytest
import time_machine

from meetings import services
from meetings.models import Invitation, Meeting, Minutes
from members.models import Notification
from members.reminders import Outcome
from tests.meetings.clock import hold
from tests.members.factories import ChairActingPeriodFactory

from .conftest import at, fired, notified, sweep

A = Meeting.Action
START = at(2027, 3, 10, 8, 0)  # Wednesday


def _key(meeting, stage, audience, start=START):
    return f"meetings.invitations:meeting={meeting.pk}:{start:%Y%m%dT%H%M}:{stage}:{audience}"


@pytest.fixture
def convened(rc):
    """A quarterly meeting on Wednesday 10/03/2027 08:00, convened on Monday 1 March; the member
    will attend, member_b asks to be absent, the deputy sends a substitute whose written opinion
    has gone missing; the standing member has not answered (the chair presides, not asked)."""
    with time_machine.travel(at(2027, 3, 1, 9, 0), tick=False):
        meeting = rc.meeting_at(START)
        rc.do(meeting, A.CONVENE)
        respond = services.invitation_respond
        respond(invitation=rc.invitation(meeting, rc.member), actor=rc.member, response="attend")
        respond(
            invitation=rc.invitation(meeting, rc.member_b),
            actor=rc.member_b,
            response="absent",
            absence_reason="Đi công tác Hà Nội",
        )
        respond(
            invitation=rc.invitation(meeting, rc.deputy),
            actor=rc.deputy,
            response="substitute",
            substitute_name="Trần Văn Thay",
            written_opinion="Thống nhất.",
        )
    Invitation.objects.filter(meeting=meeting, user=rc.deputy).update(written_opinion="")
    return Meeting.objects.get(pk=meeting.pk)


def test_invitation_reminders_start_three_days_before_the_meeting(rc, convened):
    assert fired(sweep(at(2027, 3, 6, 23, 59), "meetings.invitations")) == {}

    reports = sweep(at(2027, 3, 7, 9, 0), "meetings.invitations")

    assert fired(reports) == {
        _key(convened, "3d", "unanswered"): {"standing", "secretary"},
        _key(convened, "3d", "opinion"): {"deputy"},
    }
    assert set(notified("meetings.reminder_unanswered")) == {_key(convened, "3d", "unanswered")}
    note = Notification.objects.get(user=rc.standing, kind="meetings.reminder_unanswered")
    assert "10/03/2027 08:00" in str(note) and "Phòng họp số 1" in str(note)


def test_invitation_reminders_three_days_before_fire_once_then_the_day_before_again(rc, convened):
    sweep(at(2027, 3, 7), "meetings.invitations")
    assert fired(sweep(at(2027, 3, 8, 16, 0), "meetings.invitations")) == {}

    reports = sweep(at(2027, 3, 9, 7, 0), "meetings.invitations")

    assert set(fired(reports)) == {_key(convened, "1d", "unanswered"), _key(convened, "1d", "opinion")}
    assert fired(sweep(at(2027, 3, 9, 7, 15), "meetings.invitations")) == {}


def test_invitation_reminder_leaves_out_who_answered_since(rc, convened):
    with time_machine.travel(at(2027, 3, 8), tick=False):
        services.invitation_respond(
            invitation=rc.invitation(convened, rc.standing), actor=rc.standing, response="attend"
        )
    reports = sweep(at(2027, 3, 9), "meetings.invitations")
    assert fired(reports)[_key(convened, "1d", "unanswered")] == {"secretary"}


def test_morning_reminder_goes_to_everyone_attending_from_six_until_the_start(rc, convened):
    sweep(at(2027, 3, 9), "meetings.invitations")
    assert fired(sweep(at(2027, 3, 10, 5, 59), "meetings.invitations")) == {}

    reports = sweep(at(2027, 3, 10, 6, 0), "meetings.invitations")

    # The presiding chair, the secretary keeping the minutes, the member who said they attend.
    assert fired(reports) == {_key(convened, "today", "attending"): {"chair", "secretary", "member"}}
    note = Notification.objects.get(user=rc.member, kind="meetings.reminder_today")
    assert "10/03/2027 08:00" in str(note) and "Phòng họp số 1" in str(note)
    assert fired(sweep(at(2027, 3, 10, 7, 59), "meetings.invitations")) == {}


def test_morning_reminder_is_not_sent_once_the_meeting_has_started(rc, convened):
    assert fired(sweep(at(2027, 3, 10, 8, 0), "meetings.invitations")) == {}


def test_morning_reminder_includes_a_member_whose_absence_was_refused(rc, convened):
    with time_machine.travel(at(2027, 3, 2), tick=False):
        services.absence_decide(
            invitation=rc.invitation(convened, rc.member_b), actor=rc.chair, approve=False
        )
    reports = sweep(at(2027, 3, 10, 6, 30), "meetings.invitations")
    assert "member_b" in fired(reports)[_key(convened, "today", "attending")]


def test_invitation_reminders_skip_a_stage_whose_day_came_before_the_meeting_was_convened(rc):
    with time_machine.travel(at(2027, 3, 8, 9, 0), tick=False):  # two days before
        meeting = rc.meeting_at(START)
        rc.do(meeting, A.CONVENE)
    assert fired(sweep(at(2027, 3, 8, 10, 0), "meetings.invitations")) == {}
    assert _key(meeting, "1d", "unanswered") in fired(sweep(at(2027, 3, 9, 8, 0), "meetings.invitations"))


def test_invitation_reminders_start_again_for_a_postponed_meeting(rc, convened):
    sweep(at(2027, 3, 9), "meetings.invitations")
    later = at(2027, 3, 17, 8, 0)
    with time_machine.travel(at(2027, 3, 9, 10, 0), tick=False):
        services.meeting_postpone(
            meeting=convened,
            actor=rc.chair,
            start_at=later,
            end_at=later + datetime.timedelta(hours=2),
            reason="Trùng lịch làm việc",
        )
    assert fired(sweep(at(2027, 3, 10, 6, 30), "meetings.invitations")) == {}
    reports = sweep(at(2027, 3, 14, 9, 0), "meetings.invitations")
    assert _key(convened, "3d", "unanswered", start=later) in fired(reports)


def test_invitation_reminders_are_not_sent_for_a_draft_or_cancelled_meeting(rc, convened):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        rc.meeting_at(START + datetime.timedelta(hours=5))  # a draft, never convened
        rc.do(convened, A.CANCEL)
    assert fired(sweep(at(2027, 3, 7), "meetings.invitations")) == {}


# --- rule 4: an absence waiting for the presiding person ----------------------------------------


def test_absence_reminder_goes_to_the_presiding_person_24_hours_after_the_request(rc, convened):
    assert fired(sweep(at(2027, 3, 2, 8, 59), "meetings.absence")) == {}  # asked on 01/03 at 09:00

    reports = sweep(at(2027, 3, 2, 9, 0), "meetings.absence")

    invitation = rc.invitation(convened, rc.member_b)
    key = f"meetings.absence:invitation={invitation.pk}:20270301T090000"  # asked at 09:00 in Hà Nội time
    assert fired(reports) == {key: {"chair"}}
    note = Notification.objects.get(user=rc.chair, kind="meetings.reminder_absence_pending")
    assert rc.member_b.full_name in str(note) and "01/03/2027" in str(note)
    assert note.url.endswith(f"/meetings/{convened.pk}/roll/")
    assert fired(sweep(at(2027, 3, 3), "meetings.absence")) == {}


def test_absence_reminder_is_not_sent_once_the_absence_is_decided(rc, convened):
    with time_machine.travel(at(2027, 3, 1, 15, 0), tick=False):
        services.absence_decide(invitation=rc.invitation(convened, rc.member_b), actor=rc.chair, approve=True)
    assert fired(sweep(at(2027, 3, 3), "meetings.absence")) == {}


def test_absence_reminder_is_not_sent_after_the_meeting_started(rc, convened):
    assert fired(sweep(at(2027, 3, 10, 8, 30), "meetings.absence")) == {}


# --- rule 5: minutes and conclusions unsigned ---------------------------------------------------

HELD_START = at(2027, 4, 9, 8, 0)  # a Friday; Friday 16/04/2027 is Giỗ Tổ Hùng Vương, a holiday


@pytest.fixture
def held(rc):
    """A quarterly meeting held on Friday 09/04/2027, its minutes drafted, not signed."""
    with time_machine.travel(at(2027, 3, 29), tick=False):
        meeting = rc.meeting_at(HELD_START)
        rc.do(meeting, A.CONVENE)
    with time_machine.travel(at(2027, 4, 9, 11, 0), tick=False):
        hold(Meeting.objects.get(pk=meeting.pk), rc.secretary)
        services.minutes_start(meeting=meeting, actor=rc.secretary)
    return Meeting.objects.get(pk=meeting.pk)


def test_minutes_reminder_comes_five_working_days_after_the_meeting_to_secretary_and_presiding(rc, held):
    assert held.status == Meeting.Status.MINUTES_DRAFTED
    # 12, 13, 14, 15 April, then Friday 16/04/2027 is Giỗ Tổ Hùng Vương: the fifth working day is the 19th.
    assert fired(sweep(at(2027, 4, 16, 17, 0), "meetings.minutes")) == {}

    reports = sweep(at(2027, 4, 19, 8, 0), "meetings.minutes")

    assert fired(reports) == {f"meetings.minutes:meeting={held.pk}": {"secretary", "chair"}}
    note = Notification.objects.get(user=rc.secretary, kind="meetings.reminder_minutes_unsigned")
    assert "09/04/2027" in str(note) and note.url.endswith(f"/meetings/{held.pk}/minutes/")
    assert fired(sweep(at(2027, 4, 26), "meetings.minutes")) == {}


def test_minutes_reminder_is_not_sent_once_the_minutes_are_signed(rc, held):
    with time_machine.travel(at(2027, 4, 14), tick=False):
        rc.do(held, A.SIGN_MINUTES)
    assert fired(sweep(at(2027, 4, 19), "meetings.minutes")) == {}


def _sign_minutes(rc, meeting, moment):
    with time_machine.travel(moment, tick=False):
        minutes = Minutes.objects.get(meeting=meeting, addendum_to__isnull=True)
        services.minutes_sign(minutes=minutes, actor=rc.secretary)
        services.minutes_sign(minutes=minutes, actor=rc.chair)
        services.conclusion_add(
            meeting=meeting, actor=rc.secretary, text="Giao Sở Kế hoạch và Đầu tư tham mưu."
        )


def test_conclusions_reminder_comes_three_working_days_after_the_minutes_were_signed(rc, held):
    _sign_minutes(rc, held, at(2027, 4, 14, 10, 0))  # Wednesday
    # 15, then 16 (a holiday), 19, 20: due on Tuesday 20/04.
    assert fired(sweep(at(2027, 4, 19, 17, 0), "meetings.conclusions")) == {}

    reports = sweep(at(2027, 4, 20, 8, 0), "meetings.conclusions")

    assert fired(reports) == {f"meetings.conclusions:meeting={held.pk}": {"chair"}}
    note = Notification.objects.get(user=rc.chair, kind="meetings.reminder_conclusions_unsigned")
    assert "14/04/2027" in str(note)
    assert fired(sweep(at(2027, 4, 21), "meetings.conclusions")) == {}


def test_conclusions_reminder_also_goes_to_the_deputy_acting_for_the_chair(rc, held):
    _sign_minutes(rc, held, at(2027, 4, 14, 10, 0))
    ChairActingPeriodFactory(
        committee=rc.committee,
        deputy=rc.deputy,
        start_date=datetime.date(2027, 4, 19),
        end_date=datetime.date(2027, 4, 23),
    )
    reports = sweep(at(2027, 4, 20, 8, 0), "meetings.conclusions")
    assert fired(reports) == {f"meetings.conclusions:meeting={held.pk}": {"chair", "deputy"}}


def test_conclusions_reminder_waits_for_conclusions_to_be_drafted(rc, held):
    with time_machine.travel(at(2027, 4, 14, 10, 0), tick=False):
        minutes = Minutes.objects.get(meeting=held, addendum_to__isnull=True)
        services.minutes_sign(minutes=minutes, actor=rc.secretary)
        services.minutes_sign(minutes=minutes, actor=rc.chair)
    assert fired(sweep(at(2027, 4, 22), "meetings.conclusions")) == {}


def test_conclusions_reminder_is_not_sent_once_the_notice_is_issued(rc, held):
    _sign_minutes(rc, held, at(2027, 4, 14, 10, 0))
    with time_machine.travel(at(2027, 4, 15), tick=False):
        services.conclusions_sign(meeting=held, actor=rc.chair)
    reports = sweep(at(2027, 4, 22), "meetings.conclusions")
    assert fired(reports) == {} and fired(reports, Outcome.TAKEN) == {}
