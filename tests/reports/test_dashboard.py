"""The dashboard (reports.dashboard, the home page of the chair, the deputies, the standing member
and the support group): who gets it, the committee picker, and what each section shows."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Invitation, Meeting
from members.models import RoleAssignment
from reports.compliance import compliance_checks
from reports.dashboard import quarter_trends
from tasks import services as task_services
from tasks.models import Directive, WorkPlan
from tests.members.factories import RoleAssignmentFactory, UserFactory

S = Meeting.Status
Role = RoleAssignment.Role
SVG = "{http://www.w3.org/2000/svg}"

DASHBOARD = {"chair", "deputy", "standing", "secretary", "secretary2", "secretary_lead"}
PLAIN_HOME = {"member", "member_b", "focal", "other_member", "guest", "outsider", "admin"}


def person(cast, who: str):
    if who == "secretary_lead":
        lead = UserFactory(username="secretary_lead", organization=cast.org_a)
        RoleAssignmentFactory(
            user=lead, committee=cast.committee, role=Role.SECRETARIAT_LEAD, organization=cast.org_a
        )
        return lead
    return getattr(cast, who)


def home(client, user, **params):
    client.force_login(user)
    return client.get(reverse("home"), params)


def template_names(response) -> list[str]:
    return [t.name for t in response.templates]


def section(response, key: str) -> str:
    """The HTML of the dashboard's section with this id (up to the next section of its level)."""
    html = response.content.decode()
    start = html.index(f'id="{key}"')
    return html[start : start + 6000]


# --- who gets the dashboard ----------------------------------------------------------------------


@pytest.mark.parametrize("who", sorted(DASHBOARD))
def test_the_steering_and_support_roles_get_the_dashboard(client, task_cast, who):
    response = home(client, person(task_cast, who))
    assert response.status_code == 200
    assert "reports/dashboard.html" in template_names(response)
    html = response.content.decode()
    assert task_cast.committee.name in html
    # "Việc của tôi" stays one click away.
    assert reverse("tasks:my-work") in html


@pytest.mark.parametrize("who", sorted(PLAIN_HOME))
def test_everyone_else_gets_the_home_of_today(client, task_cast, who):
    response = home(client, getattr(task_cast, who))
    assert response.status_code == 200
    assert "tasks/home.html" in template_names(response)
    assert "reports/dashboard.html" not in template_names(response)


def test_the_chair_of_another_committee_gets_the_dashboard_of_that_committee(client, task_cast):
    response = home(client, task_cast.other_chair)
    assert response.context["committee"] == task_cast.other_committee
    assert task_cast.committee.name not in response.content.decode()


def test_a_term_ended_no_longer_gives_the_dashboard(client, task_cast):
    RoleAssignment.objects.filter(user=task_cast.standing).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = home(client, task_cast.standing)
    assert "reports/dashboard.html" not in template_names(response)


def test_anonymous_is_sent_to_log_in(client, task_cast):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- the committee picker ----------------------------------------------------------------------


@pytest.fixture
def chair_of_two(task_cast):
    """The chair of A is a deputy of B too."""
    RoleAssignmentFactory(
        user=task_cast.chair,
        committee=task_cast.other_committee,
        role=Role.DEPUTY,
        organization=task_cast.org_ubnd,
    )
    return task_cast.chair


def test_a_person_of_two_committees_picks_one_the_first_by_default(client, task_cast, chair_of_two):
    first = home(client, chair_of_two)
    assert first.context["committee"] == task_cast.committee  # "Ban chỉ đạo A" before "B"
    html = first.content.decode()
    assert f'href="?committee={task_cast.other_committee.pk}"' in html
    assert 'aria-current="page"' in html

    other = home(client, chair_of_two, committee=task_cast.other_committee.pk)
    assert other.status_code == 200
    assert other.context["committee"] == task_cast.other_committee
    assert task_cast.other_committee.name in other.content.decode()


def test_one_committee_shows_no_picker(client, task_cast):
    html = home(client, task_cast.chair).content.decode()
    assert 'href="?committee=' not in html


@pytest.mark.parametrize("value", ["other", "abc", "99999999999999999999", "-1", "1.5"])
def test_another_committee_or_a_bad_value_is_a_404(client, task_cast, value):
    if value == "other":
        value = str(task_cast.other_committee.pk)
    assert home(client, task_cast.chair, committee=value).status_code == 404


def test_a_committee_where_the_person_is_only_a_member_is_a_404(client, task_cast):
    RoleAssignmentFactory(
        user=task_cast.standing,
        committee=task_cast.other_committee,
        role=Role.MEMBER,
        organization=task_cast.org_a,
    )
    assert home(client, task_cast.standing, committee=task_cast.other_committee.pk).status_code == 404


# --- (a) the compliance panel, compact ----------------------------------------------------------


def test_compliance_shows_the_counts_and_the_checks_to_put_right_with_their_links(client, task_cast):
    response = home(client, task_cast.chair)
    summary = response.context["dashboard"].compliance
    html = section(response, "compliance")
    total = sum(n for _status, n in summary.counts)
    assert total == len(compliance_checks(task_cast.committee, timezone.localdate()))
    for check in summary.attention:
        assert check.status.value in ("amber", "red")
        assert f'id="check-{check.name}"' in html
        assert check.url.replace("&", "&amp;") in html
    # Red before amber; the cast's committee has no support group leader: the roles check is red.
    statuses = [check.status.value for check in summary.attention]
    assert statuses == sorted(statuses, key=["red", "amber"].index)
    assert "roles" in [check.name for check in summary.attention]
    assert reverse("reports:compliance", kwargs={"committee_pk": task_cast.committee.pk}) in html


# --- (b) what waits for me ---------------------------------------------------------------------


def waiting(response) -> dict[str, list[str]]:
    return {
        group.key: [item.title for item in group.items] for group in response.context["dashboard"].waiting
    }


def test_drafted_minutes_wait_for_the_presiding_chair_and_the_secretary(client, task_cast):
    meeting = task_cast.meeting_in(S.MINUTES_DRAFTED)
    assert meeting.presiding_id == task_cast.chair.pk and meeting.secretary_id == task_cast.secretary.pk
    chair = home(client, task_cast.chair)
    assert waiting(chair)["minutes"] == [str(meeting)]
    assert reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk}) in section(chair, "waiting-minutes")
    assert waiting(home(client, task_cast.secretary))["minutes"] == [str(meeting)]
    # The deputy signs only for a chair who is away; the standing member never signs minutes.
    assert "minutes" not in waiting(home(client, task_cast.deputy))
    assert "minutes" not in waiting(home(client, task_cast.standing))


def test_minutes_signed_by_the_secretary_wait_for_the_chair_only(client, task_cast):
    meeting = task_cast.meeting_in(S.MINUTES_DRAFTED)
    meeting_services.minutes_sign(minutes=task_cast.main_minutes(meeting), actor=task_cast.secretary)
    assert "minutes" not in waiting(home(client, task_cast.secretary))
    assert waiting(home(client, task_cast.chair))["minutes"] == [str(meeting)]


def test_minutes_wait_for_the_deputy_while_the_chair_is_away(client, task_cast):
    meeting = task_cast.meeting_in(S.MINUTES_DRAFTED)
    task_cast.chair_away()
    assert waiting(home(client, task_cast.deputy))["minutes"] == [str(meeting)]


def test_conclusions_wait_for_the_chair(client, task_cast):
    meeting = task_cast.meeting_in(S.MINUTES_SIGNED)
    meeting_services.conclusion_add(
        meeting=meeting, actor=task_cast.secretary, text="Giao Sở Tài chính rà soát."
    )
    chair = home(client, task_cast.chair)
    assert waiting(chair)["conclusions"] == [str(meeting)]
    assert reverse("meetings:conclusions-edit", kwargs={"pk": meeting.pk}) in section(
        chair, "waiting-conclusions"
    )
    assert "conclusions" not in waiting(home(client, task_cast.deputy))
    assert "conclusions" not in waiting(home(client, task_cast.standing))


def test_a_request_to_be_absent_waits_for_the_presiding_person(client, task_cast):
    meeting = task_cast.meeting_in(S.CONVENED)
    meeting_services.invitation_respond(
        invitation=task_cast.invitation(meeting, task_cast.member),
        actor=task_cast.member,
        response=Invitation.Response.ABSENT,
        absence_reason="Đi công tác Hà Nội",
    )
    chair = home(client, task_cast.chair)
    assert len(waiting(chair)["absences"]) == 1
    html = section(chair, "waiting-absences")
    assert str(task_cast.member) in html
    assert reverse("meetings:meeting-roll", kwargs={"pk": meeting.pk}) in html
    assert "absences" not in waiting(home(client, task_cast.secretary))


def test_an_extension_request_waits_for_the_chair_and_the_deputy(client, task_cast):
    directive = task_cast.ad_hoc("Triển khai chữ ký số")
    request = task_services.extension_request(
        directive=directive,
        actor=task_cast.focal,
        proposed_deadline=directive.deadline + datetime.timedelta(days=20),
        reason="Chờ nhà cung cấp",
    )
    chair = home(client, task_cast.chair)
    assert waiting(chair)["extensions"] == ["Triển khai chữ ký số"]
    assert reverse("tasks:extension-decide", kwargs={"pk": request.pk}) in section(
        chair, "waiting-extensions"
    )
    assert waiting(home(client, task_cast.deputy))["extensions"] == ["Triển khai chữ ký số"]
    # The standing member decides only where the committee says so.
    assert "extensions" not in waiting(home(client, task_cast.standing))


def test_completed_work_waits_for_the_secretariat_to_propose_then_for_the_chair(client, task_cast):
    directive = task_cast.directive_in(Directive.Status.REPORTED_DONE, title="Báo cáo hạ tầng")
    assert waiting(home(client, task_cast.secretary))["completions"] == ["Báo cáo hạ tầng"]
    assert waiting(home(client, task_cast.chair))["completions"] == ["Báo cáo hạ tầng"]
    task_services.acceptance_propose(directive=directive, actor=task_cast.secretary)
    assert "completions" not in waiting(home(client, task_cast.secretary))
    chair = home(client, task_cast.chair)
    assert waiting(chair)["completions"] == ["Báo cáo hạ tầng"]
    assert directive.get_absolute_url() in section(chair, "waiting-completions")


def test_a_draft_plan_waits_for_the_chair_only(client, task_cast):
    plan = task_services.plan_create(
        committee=task_cast.committee, actor=task_cast.secretary, kind=WorkPlan.Kind.WORK, year=2027
    )
    chair = home(client, task_cast.chair)
    assert waiting(chair)["plans"] == [plan.title]
    assert plan.get_absolute_url() in section(chair, "waiting-plans")
    assert "plans" not in waiting(home(client, task_cast.deputy))
    assert "plans" not in waiting(home(client, task_cast.secretary))


def test_nothing_waiting_says_so(client, task_cast):
    response = home(client, task_cast.standing)
    assert response.context["dashboard"].waiting == []
    assert "Không có việc nào chờ" in section(response, "waiting")


def test_a_provider_added_to_the_list_shows_its_group(client, task_cast, monkeypatch):
    from reports import dashboard

    def reports_to_approve(desk):
        return dashboard.WaitingGroup(
            "quarterly", "Báo cáo quý chờ duyệt", [dashboard.WaitingItem("Báo cáo quý IV", "/x/")]
        )

    monkeypatch.setattr(dashboard, "WAITING_PROVIDERS", [*dashboard.WAITING_PROVIDERS, reports_to_approve])
    html = section(home(client, task_cast.standing), "waiting")
    assert "Báo cáo quý chờ duyệt" in html and 'href="/x/"' in html


# --- (c) the next meetings ---------------------------------------------------------------------


def test_the_next_meetings_of_the_committee_soonest_first_five_at_most(client, task_cast):
    cancelled = task_cast.meeting_in(S.CANCELLED)
    later = [task_cast.new_meeting(days=10 + i) for i in range(5)]
    meetings = home(client, task_cast.secretary).context["dashboard"].meetings
    assert len(meetings) == 5
    assert meetings[0] == task_cast.meeting  # in 3 days
    assert cancelled not in meetings
    assert later[-1] not in meetings
    assert all(m.committee_id == task_cast.committee.pk for m in meetings)


# --- (d) directives by timeliness per agency ---------------------------------------------------


def test_this_quarters_directives_by_agency_as_a_chart_and_a_table(client, task_cast):
    task_cast.ad_hoc(
        "Việc A", lead=task_cast.org_a, deadline=timezone.localdate() + datetime.timedelta(days=1)
    )
    late = task_cast.ad_hoc(
        "Việc B", lead=task_cast.org_b, deadline=timezone.localdate() + datetime.timedelta(days=1)
    )
    Directive.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    response = home(client, task_cast.chair)
    html = section(response, "scoreboard")
    root = ET.fromstring(response.context["chart"].replace('class="img-fluid" ', ""))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    assert "<table" in html
    assert task_cast.org_a.name in html and task_cast.org_b.name in html
    board = response.context["board"]
    assert [(r.name, r.overdue) for r in board.rows] == [(task_cast.org_a.name, 0), (task_cast.org_b.name, 1)]


# --- (e) the trends of the last eight quarters --------------------------------------------------

TODAY = datetime.date(2027, 5, 10)  # the 2nd quarter of 2027: the trends run Q3/2025 … Q2/2027


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def held_on(task_cast, day: datetime.date, kind=Meeting.Kind.QUARTERLY, status=S.NOTICE_ISSUED, present=None):
    """A meeting taken to `status`, then put on `day`; `present`: how many member invitations
    stay present (the others are recorded absent)."""
    # The support group's meeting is presided by its leader, whom the cast lacks: the secretary.
    presiding = {"presiding": task_cast.secretary} if kind == Meeting.Kind.SUPPORT_MONTHLY else {}
    meeting = task_cast.to_state(task_cast.new_meeting(kind, **presiding), status)
    Meeting.objects.filter(pk=meeting.pk).update(start_at=at(day), end_at=at(day, 10))
    members = list(meeting.invitations.filter(kind=Invitation.Kind.MEMBER).order_by("pk"))
    if present is not None:
        Invitation.objects.filter(pk__in=[i.pk for i in members[present:]]).update(
            attendance=Invitation.Attendance.ABSENT_APPROVED
        )
        Invitation.objects.filter(pk__in=[i.pk for i in members[:present]]).update(
            attendance=Invitation.Attendance.PRESENT
        )
    return meeting, len(members)


def done(
    task_cast, reported: datetime.date, deadline: datetime.date | None, status=Directive.Status.ACCEPTED
):
    directive = (
        task_cast.ad_hoc() if deadline else task_cast.ad_hoc(deadline=None, reporting_period="quarterly")
    )
    Directive.objects.filter(pk=directive.pk).update(
        status=status, reported_done_on=reported, deadline_at_report=deadline, deadline=deadline
    )


def test_trends_equal_the_hand_counted_figures(task_cast):
    c = task_cast
    # Q4/2025: two committee meetings (3 of N and N of N members present); a support group
    # meeting, a cancelled meeting and a convened one do not count.
    _m1, invited1 = held_on(c, datetime.date(2025, 10, 15), present=3)
    _m2, invited2 = held_on(c, datetime.date(2025, 12, 30), kind=Meeting.Kind.EXTRAORDINARY, present=invited1)
    held_on(c, datetime.date(2025, 11, 5), kind=Meeting.Kind.SUPPORT_MONTHLY)
    held_on(c, datetime.date(2025, 11, 6), status=S.CANCELLED)
    held_on(c, datetime.date(2025, 11, 7), status=S.CONVENED)
    # Q2/2027 (this quarter): one, minutes only drafted, nobody present in person.
    held_on(c, datetime.date(2027, 4, 2), status=S.MINUTES_DRAFTED, present=0)
    # Before the window: not counted.
    held_on(c, datetime.date(2025, 6, 30), present=3)
    # A late-evening meeting on 31/03/2026 in Vietnam is in Q1/2026, whatever UTC says.
    Meeting.objects.filter(pk=held_on(c, datetime.date(2026, 3, 31))[0].pk).update(
        start_at=at(datetime.date(2026, 3, 31), 23),
        end_at=at(datetime.date(2026, 3, 31), 23) + datetime.timedelta(hours=1),
    )
    # Directives: Q1/2026 three done (2 on time, one late), Q2/2027 one on time without deadline.
    done(c, datetime.date(2026, 1, 5), datetime.date(2026, 1, 5))
    done(c, datetime.date(2026, 2, 5), datetime.date(2026, 3, 1), status=Directive.Status.REPORTED_DONE)
    done(c, datetime.date(2026, 3, 20), datetime.date(2026, 3, 10))
    done(c, datetime.date(2027, 4, 20), None)
    done(c, datetime.date(2025, 5, 1), datetime.date(2025, 6, 1))  # before the window

    trends = quarter_trends(c.committee, TODAY)

    assert [t.label for t in trends] == [
        "Quý 3/2025",
        "Quý 4/2025",
        "Quý 1/2026",
        "Quý 2/2026",
        "Quý 3/2026",
        "Quý 4/2026",
        "Quý 1/2027",
        "Quý 2/2027",
    ]
    assert [t.meetings_held for t in trends] == [0, 2, 1, 0, 0, 0, 0, 1]
    q4 = trends[1]
    assert (q4.members_present, q4.members_invited) == (3 + invited1, invited1 + invited2)
    assert q4.attendance_rate == round(100 * (3 + invited1) / (invited1 + invited2), 1)
    assert trends[7].attendance_rate == 0.0
    assert trends[0].attendance_rate is None
    assert [(t.done_on_time, t.directives_done) for t in trends] == [
        (0, 0),
        (0, 0),
        (2, 3),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (1, 1),
    ]
    assert trends[2].on_time_rate == 66.7
    assert trends[0].on_time_rate is None


def trends_first_label(response) -> str:
    return response.context["dashboard"].trends[0].label


def test_the_trend_chart_is_accessible_and_scales_and_its_table_has_the_same_numbers(client, task_cast):
    held_on(task_cast, timezone.localdate() - datetime.timedelta(days=1), present=2)
    response = home(client, task_cast.chair)
    svg = response.context["trend_chart"]
    assert svg.startswith('<svg class="img-fluid" ')
    assert "style=" not in svg and "<script" not in svg
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == response.context["trend_title"]
    assert (
        f"{trends_first_label(response)} đến " in desc.text and "Bảng" in desc.text
    )  # says the table gives the figures
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    trends = response.context["dashboard"].trends
    assert len(trends) == 8
    table = section(response, "trends-table")
    for trend in trends:
        assert trend.period.label in table
    this = trends[-1]
    assert this.meetings_held == 1
    assert f"{this.members_present}/{this.members_invited}" in table
    # The chart writes the figures too, each in a mark's <title>.
    labels = [t.text for t in root.iter(f"{SVG}title")]
    assert f"{this.label}: 1" in labels


def test_the_dashboard_reads_in_vietnamese_first(client, task_cast):
    html = home(client, task_cast.chair).content.decode()
    assert "Bảng điều hành" in html and "Xu hướng tám quý gần nhất" in html
