"""Rules 1 and 2 (Điều 8.1, 8.3): a regular committee meeting each quarter, the support group's
each month — reminded on the first working day and again near the period's end, while no such
meeting is convened (or held) in the period."""

import datetime

import time_machine
from django.urls import reverse

from meetings.models import Meeting
from members.models import Notification, ReminderOccurrence
from members.reminders import Outcome

from .conftest import at, fired, notified, sweep

Q1 = "meetings.quarter:committee={pk}:2027Q1:{stage}"
LEADERS = {"chair", "deputy", "standing", "lead"}


def test_quarter_reminder_waits_for_the_first_working_day_of_the_quarter(rc):
    # 01/01/2027 is New Year's Day (a Friday), then a weekend: the quarter's first working day is the 4th.
    assert sweep(at(2027, 1, 1), "meetings.quarter") and not ReminderOccurrence.objects.exists()
    assert fired(sweep(at(2027, 1, 3, 23, 59), "meetings.quarter")) == {}

    reports = sweep(at(2027, 1, 4, 7, 0), "meetings.quarter")

    key = Q1.format(pk=rc.committee.pk, stage="first-working-day")
    other = Q1.format(pk=rc.other_committee.pk, stage="first-working-day")
    assert fired(reports) == {key: LEADERS, other: {"other_chair"}}
    assert notified("meetings.reminder_quarter_meeting") == {key: LEADERS, other: {"other_chair"}}


def test_quarter_reminder_links_to_a_new_quarterly_meeting_draft(rc, client):
    sweep(at(2027, 1, 4), "meetings.quarter")
    note = Notification.objects.get(user=rc.chair, kind="meetings.reminder_quarter_meeting")
    create = reverse("meetings:meeting-create", kwargs={"committee_pk": rc.committee.pk})
    assert note.url == create + "?kind=quarterly"
    client.force_login(rc.chair)
    page = client.get(note.url).content.decode()
    assert '<option value="quarterly" selected>' in page
    assert "Ban chỉ đạo A" in str(note) and "I/2027" in str(note) and "31/03/2027" in str(note)


def test_quarter_reminder_fires_once_when_the_sweep_runs_again_that_day_and_after(rc):
    first = sweep(at(2027, 1, 4, 7, 0), "meetings.quarter")
    again = sweep(at(2027, 1, 4, 7, 15), "meetings.quarter")
    later = sweep(at(2027, 2, 10), "meetings.quarter")

    assert len(fired(first)) == 2  # committees A and B
    assert fired(again) == {} and fired(later) == {}
    assert fired(again, Outcome.TAKEN) == fired(first)
    assert Notification.objects.filter(kind="meetings.reminder_quarter_meeting").count() == 5


def test_quarter_reminder_fires_late_once_when_the_sweep_was_down_on_the_first_working_day(rc):
    reports = sweep(at(2027, 1, 20, 14, 0), "meetings.quarter")
    assert Q1.format(pk=rc.committee.pk, stage="first-working-day") in fired(reports)


def test_quarter_reminder_comes_again_30_days_before_the_quarter_ends(rc):
    sweep(at(2027, 1, 4), "meetings.quarter")
    assert fired(sweep(at(2027, 2, 28, 23, 0), "meetings.quarter")) == {}  # 31 days before

    reports = sweep(at(2027, 3, 1, 8, 0), "meetings.quarter")  # 31/03 − 30 days, a Monday

    assert fired(reports)[Q1.format(pk=rc.committee.pk, stage="30-days-before-end")] == LEADERS
    assert fired(sweep(at(2027, 3, 31, 16, 0), "meetings.quarter")) == {}


def test_quarter_reminder_is_not_sent_when_a_regular_meeting_is_convened_in_the_quarter(rc):
    with time_machine.travel(at(2027, 1, 4, 6, 0), tick=False):
        meeting = rc.meeting_at(at(2027, 2, 25, 8, 0))
        rc.do(meeting, Meeting.Action.CONVENE)
    assert _committee_a(sweep(at(2027, 1, 4, 8, 0), "meetings.quarter"), rc) == {}
    assert _committee_a(sweep(at(2027, 3, 1, 8, 0), "meetings.quarter"), rc) == {}


def test_quarter_reminder_is_sent_when_the_quarters_meeting_is_only_a_draft_or_cancelled(rc):
    with time_machine.travel(at(2027, 1, 4, 6, 0), tick=False):
        draft = rc.meeting_at(at(2027, 2, 25, 8, 0))
        cancelled = rc.meeting_at(at(2027, 3, 4, 8, 0))
        rc.do(cancelled, Meeting.Action.CANCEL)
    assert Meeting.objects.get(pk=draft.pk).status == Meeting.Status.DRAFT

    assert set(_committee_a(sweep(at(2027, 1, 4, 8, 0), "meetings.quarter"), rc)) == {
        Q1.format(pk=rc.committee.pk, stage="first-working-day")
    }


def test_quarter_reminder_ignores_an_extraordinary_meeting_or_one_of_another_quarter(rc):
    with time_machine.travel(at(2027, 1, 4, 6, 0), tick=False):
        rc.do(rc.meeting_at(at(2027, 2, 25, 8, 0), Meeting.Kind.EXTRAORDINARY), Meeting.Action.CONVENE)
        rc.do(rc.meeting_at(at(2027, 4, 6, 8, 0)), Meeting.Action.CONVENE)
    assert len(_committee_a(sweep(at(2027, 1, 4, 8, 0), "meetings.quarter"), rc)) == 1


def _committee_a(reports, rc) -> dict[str, set[str]]:
    return {key: people for key, people in fired(reports).items() if f"committee={rc.committee.pk}:" in key}


# --- rule 2: the support group's month ----------------------------------------------------------

MAY = "meetings.month:committee={pk}:2027-05:{stage}"


def test_month_reminder_goes_to_the_support_group_lead_and_the_standing_member_on_the_first_working_day(rc):
    # 01/05/2027 (Saturday) is Labour Day, observed on Monday the 3rd: the first working day is the 4th.
    assert fired(sweep(at(2027, 5, 3, 10, 0), "meetings.month")) == {}

    reports = sweep(at(2027, 5, 4, 8, 0), "meetings.month")

    key = MAY.format(pk=rc.committee.pk, stage="first-working-day")
    assert fired(reports) == {key: {"lead", "standing"}}
    note = Notification.objects.get(user=rc.lead, kind="meetings.reminder_month_meeting")
    assert note.url.endswith("?kind=support_monthly")
    assert "05/2027" in str(note) and "31/05/2027" in str(note)


def test_month_reminder_comes_again_10_days_before_the_month_ends_and_not_twice(rc):
    sweep(at(2027, 5, 4), "meetings.month")
    assert fired(sweep(at(2027, 5, 20), "meetings.month")) == {}
    reports = sweep(at(2027, 5, 21, 8, 0), "meetings.month")  # 31/05 − 10 days, a Friday
    assert set(fired(reports)) == {MAY.format(pk=rc.committee.pk, stage="10-days-before-end")}
    assert fired(sweep(at(2027, 5, 21, 8, 15), "meetings.month")) == {}


def test_month_reminder_is_not_sent_when_the_support_group_meeting_is_convened_that_month(rc):
    with time_machine.travel(at(2027, 5, 4, 6, 0), tick=False):
        meeting = rc.meeting_at(at(2027, 5, 18, 14, 0), Meeting.Kind.SUPPORT_MONTHLY)
        rc.do(meeting, Meeting.Action.CONVENE)
    assert fired(sweep(at(2027, 5, 4, 8, 0), "meetings.month")) == {}
    assert fired(sweep(at(2027, 5, 21, 8, 0), "meetings.month")) == {}
    # June has none yet.
    assert set(fired(sweep(at(2027, 6, 1, 8, 0), "meetings.month"))) == {
        f"meetings.month:committee={rc.committee.pk}:2027-06:first-working-day"
    }


def test_month_rule_skips_a_committee_with_no_support_group_lead_nor_standing_member(rc):
    reports = sweep(at(2027, 1, 4, 8, 0), "meetings.month")
    assert fired(reports)
    assert all(f"committee={rc.other_committee.pk}:" not in key for key in fired(reports))
    assert not ReminderOccurrence.objects.filter(key__contains=f"committee={rc.other_committee.pk}:").exists()


def test_quarter_reminder_of_a_second_quarter_is_its_own_occurrence(rc):
    sweep(at(2027, 1, 4), "meetings.quarter")
    reports = sweep(at(2027, 4, 1, 8, 0), "meetings.quarter")
    key = f"meetings.quarter:committee={rc.committee.pk}:2027Q2:first-working-day"
    assert key in fired(reports)
    assert ReminderOccurrence.objects.filter(rule="meetings.quarter").count() == 4  # A and B, twice
    assert ReminderOccurrence.objects.get(key=key).recipients == 4
    assert ReminderOccurrence.objects.get(key=key).fired_at == at(2027, 4, 1, 8, 0)
    assert datetime.date(2027, 4, 1).weekday() == 3
