"""Rule 11 (issue #13): the members asked in a written consultation who have not sent an answer
are reminded 3 days and 1 day before the deadline's day and on its morning, each once; a member
who answered, a prepared answer not sent (still reminded), and a consultation closed by its
summary."""

from __future__ import annotations

import pytest
import time_machine

from meetings import services
from meetings.models import ConsultationAnswer, Invitation, Meeting
from members.models import Notification
from tests.conftest import Cast
from tests.reminders.conftest import START, at, fired, sweep

RULE = "meetings.consultations"
DEADLINE = at(2027, 3, 15, 17, 0)
ASKED = {"chair", "deputy", "member", "member_b"}


@pytest.fixture
def cast_at_start(db) -> Cast:
    with time_machine.travel(START, tick=False):
        return Cast()


@pytest.fixture
def consultation(cast_at_start) -> Meeting:
    """Asked by the standing member, sent on Monday 01/03/2027, due 15/03/2027 at 17:00."""
    c = cast_at_start
    with time_machine.travel(at(2027, 3, 1), tick=False):
        meeting = services.consultation_create(
            committee=c.committee,
            actor=c.secretary,
            asked_by=c.standing,
            matter="Dự thảo kế hoạch",
            questions=["Đồng ý?"],
            deadline=DEADLINE,
        )
        return services.consultation_send(meeting=meeting, actor=c.standing)


def key(meeting, stage) -> str:
    return f"meetings.consultation:meeting={meeting.pk}:2027-03-15:{stage}"


def answer(c, meeting, user, *, send=True, actor=None):
    inv = Invitation.objects.get(meeting=meeting, user=user)
    with time_machine.travel(at(2027, 3, 10), tick=False):
        services.consultation_answer_save(
            invitation=inv, actor=actor or user, position=ConsultationAnswer.Position.AGREE, send=send
        )


def test_three_days_one_day_before_and_the_morning_of_the_deadline_each_once(consultation):
    assert fired(sweep(at(2027, 3, 11, 23, 0), RULE)) == {}
    assert fired(sweep(at(2027, 3, 12, 7, 0), RULE)) == {key(consultation, "3d"): ASKED}
    note = Notification.objects.filter(kind="meetings.consultation_reminder").first()
    assert "15/03/2027" in str(note) and note.url == consultation.get_absolute_url()
    assert fired(sweep(at(2027, 3, 13), RULE)) == {}
    assert fired(sweep(at(2027, 3, 14, 9, 0), RULE)) == {key(consultation, "1d"): ASKED}
    assert fired(sweep(at(2027, 3, 15, 0, 5), RULE)) == {key(consultation, "today"): ASKED}
    assert fired(sweep(at(2027, 3, 15, 16, 0), RULE)) == {}
    assert fired(sweep(at(2027, 3, 15, 18, 0), RULE)) == {}  # past the deadline


def test_a_member_who_sent_is_not_reminded_but_one_whose_answer_is_only_prepared_is(
    cast_at_start, consultation
):
    c = cast_at_start
    answer(c, consultation, c.member)
    answer(c, consultation, c.member_other_agency, send=False)
    assert fired(sweep(at(2027, 3, 12), RULE)) == {key(consultation, "3d"): {"chair", "deputy", "member_b"}}


def test_a_consultation_closed_by_its_summary_reminds_nobody(cast_at_start, consultation):
    c = cast_at_start
    sweep(at(2027, 3, 12), RULE)
    with time_machine.travel(at(2027, 3, 15, 17, 30), tick=False):
        services.consultation_summary_compile(meeting=consultation, actor=c.secretary)
    assert fired(sweep(at(2027, 3, 16), RULE)) == {}


def test_a_consultation_sent_late_skips_the_reminders_whose_day_has_passed(cast_at_start):
    c = cast_at_start
    with time_machine.travel(at(2027, 3, 14, 8), tick=False):
        meeting = services.consultation_create(
            committee=c.committee,
            actor=c.secretary,
            asked_by=c.chair,
            matter="Việc gấp",
            questions=["Đồng ý?"],
            deadline=DEADLINE,
        )
        services.consultation_send(meeting=meeting, actor=c.chair)
    assert fired(sweep(at(2027, 3, 14, 9), RULE)) == {}
    assert fired(sweep(at(2027, 3, 15, 7), RULE)) == {
        key(meeting, "today"): {"deputy", "standing", "member", "member_b"}
    }


def test_a_summarised_consultation_is_never_reminded_as_minutes_unsigned(cast_at_start, consultation):
    c = cast_at_start
    with time_machine.travel(at(2027, 3, 15, 17, 30), tick=False):
        services.consultation_summary_compile(meeting=consultation, actor=c.secretary)
    assert fired(sweep(at(2027, 3, 30), "meetings.minutes")) == {}


def test_a_summarised_consultation_undecided_three_working_days_later_reminds_the_chair_once(
    cast_at_start, consultation
):
    c = cast_at_start
    decision = f"meetings.consultation_decision:meeting={consultation.pk}"
    with time_machine.travel(at(2027, 3, 15, 17, 30), tick=False):  # a Monday
        services.consultation_summary_compile(meeting=consultation, actor=c.secretary)
    assert decision not in fired(sweep(at(2027, 3, 17), RULE))
    assert fired(sweep(at(2027, 3, 18), RULE)) == {decision: {"chair"}}
    assert fired(sweep(at(2027, 3, 19), RULE)) == {}
    note = Notification.objects.get(kind="meetings.consultation_undecided")
    assert "15/03/2027" in str(note)
