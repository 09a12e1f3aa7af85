"""The compliance panel (reports.compliance): each check of the regulation turned green, amber and
red through the services, the page for the committee's people only, within a fixed query budget."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings import services as meeting_services
from meetings.models import Invitation, Meeting
from members.models import RoleAssignment
from members.workdays import add_working_days
from reports.compliance import Status, compliance_checks
from tasks import services as task_services
from tasks.models import WorkPlan
from tests.members.factories import RoleAssignmentFactory, UserFactory

S = Meeting.Status
A = Meeting.Action
Role = RoleAssignment.Role


def check(cast, name: str, today: datetime.date):
    checks = {c.name: c for c in compliance_checks(cast.committee, today)}
    return checks[name]


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def move(meeting: Meeting, day: datetime.date) -> None:
    """Put the meeting on `day`, 08:00–10:00 (the services refuse a past start: this is the record)."""
    Meeting.objects.filter(pk=meeting.pk).update(start_at=at(day), end_at=at(day, 10))


def today() -> datetime.date:
    return timezone.localdate()


# --- Điều 8.1: a regular meeting this quarter --------------------------------------------------


def test_quarter_meeting_amber_then_red_as_the_quarter_runs_out_then_green_when_convened(task_cast):
    # Only a draft (the cast's) and a cancelled meeting: neither counts.
    move(task_cast.meeting, datetime.date(2027, 3, 20))
    cancelled = task_cast.meeting_in(S.CANCELLED)
    move(cancelled, datetime.date(2027, 3, 21))

    amber = check(task_cast, "quarter_meeting", datetime.date(2027, 2, 10))  # 49 days left
    red = check(task_cast, "quarter_meeting", datetime.date(2027, 3, 15))  # 16 days left

    assert amber.status == Status.AMBER
    assert "49" in amber.sentence and "31/03/2027" in amber.sentence and "8.1" in amber.sentence
    assert red.status == Status.RED
    assert red.url == reverse("meetings:meeting-create", kwargs={"committee_pk": task_cast.committee.pk}) + (
        "?kind=quarterly"
    )

    convened = task_cast.meeting_in(S.CONVENED)
    move(convened, datetime.date(2027, 3, 20))
    green = check(task_cast, "quarter_meeting", datetime.date(2027, 3, 15))
    assert green.status == Status.GREEN
    assert "20/03/2027" in green.sentence
    assert green.url == convened.get_absolute_url()
    # Next quarter starts without one.
    assert check(task_cast, "quarter_meeting", datetime.date(2027, 4, 1)).status == Status.AMBER


def test_quarter_threshold_is_the_committees_setting(task_cast):
    task_cast.committee.compliance_quarter_amber_days = 10
    task_cast.committee.save()
    assert check(task_cast, "quarter_meeting", datetime.date(2027, 3, 15)).status == Status.AMBER
    assert check(task_cast, "quarter_meeting", datetime.date(2027, 3, 25)).status == Status.RED


# --- Điều 8.3: the support group each month ----------------------------------------------------


def test_month_meeting_amber_red_green(task_cast):
    assert check(task_cast, "month_meeting", datetime.date(2027, 3, 5)).status == Status.AMBER  # 26 left
    red = check(task_cast, "month_meeting", datetime.date(2027, 3, 25))  # 6 left
    assert red.status == Status.RED and "8.3" in red.sentence

    support = task_cast.to_state(
        task_cast.new_meeting(Meeting.Kind.SUPPORT_MONTHLY, presiding=task_cast.standing), S.HELD
    )
    move(support, datetime.date(2027, 3, 3))
    assert check(task_cast, "month_meeting", datetime.date(2027, 3, 25)).status == Status.GREEN
    # A regular committee meeting is not the support group's.
    assert check(task_cast, "month_meeting", datetime.date(2027, 4, 25)).status == Status.RED


# --- Điều 6.5: absences and substitutes --------------------------------------------------------


@pytest.fixture
def convened(task_cast):
    """The cast's quarterly meeting, three days ahead, convened; member_b asks to be absent, the
    deputy sends a substitute with a written opinion."""
    task_cast.do(task_cast.meeting, A.CONVENE)
    meeting = Meeting.objects.get(pk=task_cast.meeting.pk)
    meeting_services.invitation_respond(
        invitation=task_cast.invitation(meeting, task_cast.member_b),
        actor=task_cast.member_b,
        response="absent",
        absence_reason="Đi công tác Hà Nội",
    )
    meeting_services.invitation_respond(
        invitation=task_cast.invitation(meeting, task_cast.deputy),
        actor=task_cast.deputy,
        response="substitute",
        substitute_name="Trần Văn Thay",
        written_opinion="Thống nhất.",
    )
    return meeting


def test_absences_amber_while_the_meeting_is_ahead_red_the_day_before_green_once_decided(task_cast, convened):
    meeting_day = timezone.localdate(convened.start_at)
    amber = check(task_cast, "absences", meeting_day - datetime.timedelta(days=3))
    assert amber.status == Status.AMBER
    assert "1" in amber.sentence and "6.5" in amber.sentence
    assert amber.url == reverse("meetings:meeting-roll", kwargs={"pk": convened.pk})
    assert check(task_cast, "absences", meeting_day - datetime.timedelta(days=1)).status == Status.RED
    assert check(task_cast, "absences", meeting_day + datetime.timedelta(days=2)).status == Status.RED

    meeting_services.absence_decide(
        invitation=task_cast.invitation(convened, task_cast.member_b), actor=task_cast.chair, approve=True
    )
    assert check(task_cast, "absences", meeting_day - datetime.timedelta(days=1)).status == Status.GREEN


def test_substitutes_without_written_opinion(task_cast, convened):
    meeting_day = timezone.localdate(convened.start_at)
    assert check(task_cast, "substitutes", meeting_day).status == Status.GREEN
    # The opinion went missing (a blank one does not count).
    Invitation.objects.filter(meeting=convened, user=task_cast.deputy).update(written_opinion="   ")

    amber = check(task_cast, "substitutes", meeting_day - datetime.timedelta(days=3))
    red = check(task_cast, "substitutes", meeting_day)
    assert amber.status == Status.AMBER and "6.5" in amber.sentence
    assert red.status == Status.RED
    assert red.url == reverse("meetings:meeting-roll", kwargs={"pk": convened.pk})


# --- Điều 7: minutes; Điều 3: conclusions ------------------------------------------------------


def test_minutes_amber_until_n_working_days_then_red_green_once_signed(task_cast):
    assert check(task_cast, "minutes", today()).status == Status.GREEN
    meeting = task_cast.meeting_in(S.MINUTES_DRAFTED)
    move(meeting, datetime.date(2027, 2, 12))

    held_on = datetime.date(2027, 2, 12)
    due = add_working_days(held_on, 5)
    amber = check(task_cast, "minutes", due - datetime.timedelta(days=1))
    red = check(task_cast, "minutes", due)
    assert amber.status == Status.AMBER
    assert red.status == Status.RED and "5" in red.sentence
    assert red.url == reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk})

    task_cast.committee.minutes_sign_working_days = 60
    task_cast.committee.save()
    assert check(task_cast, "minutes", due).status == Status.AMBER

    task_cast.do(meeting, A.SIGN_MINUTES)
    assert check(task_cast, "minutes", due).status == Status.GREEN


def test_conclusions_drafted_amber_then_red_after_n_working_days_green_once_signed(task_cast):
    meeting = task_cast.meeting_in(S.MINUTES_SIGNED)
    assert check(task_cast, "conclusions", today()).status == Status.GREEN  # nothing drafted
    meeting_services.conclusion_add(
        meeting=meeting, actor=task_cast.secretary, text="Giao Sở Kế hoạch và Đầu tư tham mưu."
    )
    amber = check(task_cast, "conclusions", today())
    assert amber.status == Status.AMBER
    assert amber.url == reverse("meetings:conclusions-edit", kwargs={"pk": meeting.pk})
    red = check(task_cast, "conclusions", add_working_days(today(), 3))
    assert red.status == Status.RED and "3" in red.sentence

    meeting_services.conclusions_sign(meeting=meeting, actor=task_cast.chair)
    assert check(task_cast, "conclusions", add_working_days(today(), 3)).status == Status.GREEN


# --- Điều 11: overdue directives ----------------------------------------------------------------


def test_overdue_directives_by_agency(task_cast):
    deadline = today() + datetime.timedelta(days=10)
    assert check(task_cast, "overdue_directives", deadline).status == Status.GREEN
    task_cast.ad_hoc("Rà soát hạ tầng", lead=task_cast.org_a, deadline=deadline)
    task_cast.ad_hoc("Báo cáo ngân sách", lead=task_cast.org_b, deadline=deadline)
    task_cast.ad_hoc(
        "Tổng hợp số liệu", lead=task_cast.org_b, deadline=deadline + datetime.timedelta(days=20)
    )
    done = task_cast.directive_in("accepted", deadline=deadline)

    assert check(task_cast, "overdue_directives", deadline).status == Status.GREEN  # due today
    amber = check(task_cast, "overdue_directives", deadline + datetime.timedelta(days=1))
    assert amber.status == Status.AMBER
    assert "SKHDT: 1" in amber.sentence and "STC: 1" in amber.sentence
    assert amber.url.startswith(reverse("tasks:directive-list"))
    assert f"committee={task_cast.committee.pk}" in amber.url and "timeliness=overdue" in amber.url

    red = check(task_cast, "overdue_directives", deadline + datetime.timedelta(days=31))
    assert red.status == Status.RED
    assert "STC: 2" in red.sentence and "31" in red.sentence
    assert done.status == "accepted"  # done work is never overdue


# --- Điều 3.1: the work plan -------------------------------------------------------------------


def test_work_plan_amber_in_january_red_after_then_green_once_approved(task_cast):
    amber = check(task_cast, "work_plan", datetime.date(2027, 1, 15))
    assert amber.status == Status.AMBER and "2027" in amber.sentence and "31/01/2027" in amber.sentence
    assert amber.url == reverse("tasks:plan-list", kwargs={"committee_pk": task_cast.committee.pk})
    assert check(task_cast, "work_plan", datetime.date(2027, 2, 1)).status == Status.RED

    plan = task_services.plan_create(
        committee=task_cast.committee, actor=task_cast.standing, kind=WorkPlan.Kind.WORK, year=2027
    )
    drafted = check(task_cast, "work_plan", datetime.date(2027, 2, 1))
    assert drafted.status == Status.RED and drafted.url == plan.get_absolute_url()

    # Approved (the register's number and the chair's signature; the service renders a PDF).
    WorkPlan.objects.filter(pk=plan.pk).update(
        status=WorkPlan.Status.APPROVED, number=1, number_year=2027, approved_at=timezone.now()
    )
    assert check(task_cast, "work_plan", datetime.date(2027, 2, 1)).status == Status.GREEN
    # Another year's plan does not count.
    assert check(task_cast, "work_plan", datetime.date(2028, 3, 1)).status == Status.RED


# --- Điều 3, 4, 5, 7: roles -------------------------------------------------------------------


def test_roles_red_when_vacant_or_ended_amber_when_ending_green_when_filled(task_cast):
    day = today()
    red = check(task_cast, "roles", day)  # the cast has no support group leader
    assert red.status == Status.RED
    assert red.url == reverse("members:committee-detail", kwargs={"pk": task_cast.committee.pk})

    lead = UserFactory(username="lead", organization=task_cast.org_a)
    RoleAssignmentFactory(
        user=lead, committee=task_cast.committee, role=Role.SECRETARIAT_LEAD, organization=task_cast.org_a
    )
    assert check(task_cast, "roles", day).status == Status.GREEN

    chair_term = RoleAssignment.objects.filter(committee=task_cast.committee, user=task_cast.chair)
    chair_term.update(end_date=day + datetime.timedelta(days=10))
    assert check(task_cast, "roles", day).status == Status.AMBER

    # A successor appointed from the day after: covered.
    successor = UserFactory(username="new_chair", organization=task_cast.org_ubnd)
    RoleAssignmentFactory(
        user=successor,
        committee=task_cast.committee,
        role=Role.CHAIR,
        organization=task_cast.org_ubnd,
        start_date=day + datetime.timedelta(days=11),
    )
    assert check(task_cast, "roles", day).status == Status.GREEN

    # The term ended yesterday, nobody in office today.
    RoleAssignment.objects.filter(committee=task_cast.committee, user=successor).delete()
    chair_term.update(end_date=day - datetime.timedelta(days=1))
    ended = check(task_cast, "roles", day)
    assert ended.status == Status.RED


# --- the page -----------------------------------------------------------------------------------


def _url(committee) -> str:
    return reverse("reports:compliance", kwargs={"committee_pk": committee.pk})


def test_page_lists_every_check_with_a_text_status(task_cast, client: Client):
    client.force_login(task_cast.member)
    response = client.get(_url(task_cast.committee))
    assert response.status_code == 200
    html = response.content.decode()
    # Vietnamese, a text status beside each colour, a heading per section.
    assert "Chưa đạt" in html  # the cast has no support group leader: the roles check is red
    assert html.count('data-status="') == len(compliance_checks(task_cast.committee, today()))
    assert "<h2" in html and "<h3" in html


@pytest.mark.parametrize("who", ["other_member", "guest", "outsider"])
def test_page_is_404_for_people_without_a_role_in_the_committee(task_cast, client: Client, who):
    client.force_login(getattr(task_cast, who))
    assert client.get(_url(task_cast.committee)).status_code == 404


def test_page_is_404_for_an_unknown_committee(task_cast, client: Client):
    client.force_login(task_cast.chair)
    assert client.get(reverse("reports:compliance", kwargs={"committee_pk": 2**40})).status_code == 404


def test_page_asks_an_anonymous_visitor_to_log_in(task_cast, client: Client):
    response = client.get(_url(task_cast.committee))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def _many_rows(task_cast) -> None:
    deadline = today() + datetime.timedelta(days=1)
    for n in range(12):
        task_cast.ad_hoc(
            f"Nhiệm vụ {n}", lead=task_cast.org_a if n % 2 else task_cast.org_b, deadline=deadline
        )
    for _ in range(3):
        meeting = task_cast.meeting_in(S.CONVENED)
        meeting_services.invitation_respond(
            invitation=task_cast.invitation(meeting, task_cast.member_b),
            actor=task_cast.member_b,
            response="absent",
            absence_reason="Bận công tác",
        )
    for status in (S.HELD, S.MINUTES_DRAFTED, S.MINUTES_SIGNED):
        task_cast.meeting_in(status)


def test_page_reads_within_a_fixed_query_budget(task_cast, client: Client, django_assert_max_num_queries):
    """As many queries with a dozen overdue directives, pending absences and meetings waiting
    for minutes or conclusions as with almost nothing: no query per row."""
    client.force_login(task_cast.chair)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(task_cast.committee)).status_code == 200
    assert len(few) <= 20

    _many_rows(task_cast)
    client.force_login(task_cast.chair)
    with django_assert_max_num_queries(len(few)):
        response = client.get(_url(task_cast.committee))
    assert response.status_code == 200
    assert b'data-status="red"' in response.content


def test_every_sentence_is_translated(task_cast):
    """Each check's sentence and title, in every state the cast reaches, differ from the English."""
    _many_rows(task_cast)
    days = [
        today(),
        today() + datetime.timedelta(days=60),
        datetime.date(2027, 1, 10),
        datetime.date(2027, 3, 30),
    ]
    for day in days:
        with translation.override("en"):
            english = compliance_checks(task_cast.committee, day)
        with translation.override("vi"):
            vietnamese = compliance_checks(task_cast.committee, day)
        for en, vi in zip(english, vietnamese, strict=True):
            assert en.sentence != vi.sentence, en.sentence
            assert en.title != vi.title, en.title
    with translation.override("vi"):
        assert {str(s.label) for s in Status} == {"Đạt", "Cần chú ý", "Chưa đạt"}


def test_every_link_opens_for_the_people_who_put_it_right(task_cast, client: Client):
    """The links lead to pages that exist and open, red and amber states included."""
    _many_rows(task_cast)
    meeting_services.conclusion_add(
        meeting=task_cast.meeting_in(S.MINUTES_SIGNED), actor=task_cast.secretary, text="Giao Sở Tài chính."
    )
    for who in ("chair", "secretary"):
        client.force_login(getattr(task_cast, who))
        for day in (today(), today() + datetime.timedelta(days=60)):
            for c in compliance_checks(task_cast.committee, day):
                assert client.get(c.url).status_code == 200, (who, c.name, c.status, c.url)
