"""Reads of the dashboard: the home page of the chair, the deputies, the standing member and the
support group (Điều 3, 4, 5, 7) — where the committee stands against the regulation, what waits
for the person's signature or decision, the next meetings, this quarter's directives by agency and
the trends of the last eight quarters.

Every read here costs a fixed number of queries whatever the number of meetings, invitations or
directives: the trends are grouped by quarter in the database (three aggregate queries), and the
"waits for me" lists read one query each, then ask the meetings' and the tasks' access objects
about the few rows found.

"Waits for me" is a list of providers (`WAITING_PROVIDERS`): small functions of the `Desk` (the
person, the committee, today) returning a `WaitingGroup` or None. A later feature adds its own —
quarterly reports to approve — by appending a function to the list.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Invitation, Meeting, Minutes
from meetings.permissions.access import MeetingAccess, Right
from meetings.permissions.visibility import meetings_visible_to
from members.models import Committee, RoleAssignment, User
from members.permissions import committee_codenames_for_user
from tasks.models import Directive, WorkPlan
from tasks.permissions import TasksAccess, TasksRight
from tasks.scoreboard import Period, Scoreboard, scoreboard_for
from tasks.selectors import my_work

from .compliance import Check, Status, compliance_checks
from .models import QuarterlyReport
from .permissions import ReportsAccess, ReportsRight

Role = RoleAssignment.Role
MS = Meeting.Status

#: Who gets the dashboard as their home page: the roles that steer and run the committee.
DASHBOARD_ROLES = (Role.CHAIR, Role.DEPUTY, Role.STANDING_MEMBER, Role.SECRETARIAT_LEAD, Role.SECRETARIAT)

#: The committee's own meetings (the support group's monthly meetings are not the committee's, nor
#: the chair's working sessions with agencies, Điều 9.2: the quarterly figures count those by kind).
COMMITTEE_KINDS = (Meeting.Kind.QUARTERLY, Meeting.Kind.EXTRAORDINARY, Meeting.Kind.EXTENDED)
#: A meeting that took place: held, or any later step.
HELD_STATUSES = (MS.HELD, MS.MINUTES_DRAFTED, MS.MINUTES_SIGNED, MS.NOTICE_ISSUED)
#: How many quarters the trends cover, the current one last.
TREND_QUARTERS = 8
#: How many meetings "the next meetings" lists.
NEXT_MEETINGS = 5
#: How many items of a "waits for me" group the dashboard lists (the count says the rest).
WAITING_SHOWN = 5


# --- who gets the dashboard, and which committee ------------------------------------------------


def dashboard_committees(user: User) -> list[Committee]:
    """The committees where the person holds, today, a role that steers or runs the committee
    (chair, deputy, standing member, support group leader or member): the one whose term began
    last first (the committee the person was most recently given, usually the one they work for
    now), then by name. One query."""
    if not user.is_authenticated or not user.is_active:
        return []
    terms = (
        RoleAssignment.objects.in_force(timezone.localdate())
        .filter(user_id=user.pk, role__in=DASHBOARD_ROLES)
        .select_related("committee")
        .order_by("-start_date", "committee__name", "committee_id")
    )
    committees: dict[int, Committee] = {}
    for term in terms:
        committees.setdefault(term.committee_id, term.committee)
    return list(committees.values())


def dashboard_committee(committees: list[Committee], raw: str | None) -> Committee:
    """The committee the picker asks for (`?committee=<pk>`), the first when it asks for none; a
    404 for a committee that is not one of the person's, or a value that is no id."""
    if raw is None or raw == "":
        return committees[0]
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    for committee in committees:
        if committee.pk == pk:
            return committee
    raise Http404


# --- the compliance panel, compact --------------------------------------------------------------


@dataclass(frozen=True)
class ComplianceSummary:
    counts: list[tuple[Status, int]]
    attention: list[Check]  # the amber and red checks, red first


def compliance_summary(committee: Committee, today: datetime.date) -> ComplianceSummary:
    checks = compliance_checks(committee, today)
    order = {Status.RED: 0, Status.AMBER: 1}
    return ComplianceSummary(
        counts=[(status, sum(c.status == status for c in checks)) for status in Status],
        attention=sorted((c for c in checks if c.status != Status.GREEN), key=lambda c: order[c.status]),
    )


# --- waits for me -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingItem:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class WaitingGroup:
    key: str  # a stable key: "minutes", "extensions", ... (the section's id)
    heading: str
    items: list[WaitingItem]
    more_url: str = ""  # where the whole list is, when the dashboard shows only the first ones

    @property
    def shown(self) -> list[WaitingItem]:
        return self.items[:WAITING_SHOWN]

    @property
    def hidden(self) -> int:
        return max(0, len(self.items) - WAITING_SHOWN)


@dataclass
class Desk:
    """What the providers ask about: the person, the committee, today; and "Việc của tôi" of the
    person, read once for the providers that share it."""

    user: User
    committee: Committee
    today: datetime.date

    @cached_property
    def codes(self) -> frozenset[str]:
        return committee_codenames_for_user(self.user).get(self.committee.pk, frozenset())

    def holds(self, *codenames: str) -> bool:
        return not self.codes.isdisjoint(codenames)

    @cached_property
    def work(self) -> dict[str, object]:
        return my_work(self.user)


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _local_date(moment: datetime.datetime) -> str:
    return _date(timezone.localdate(moment))


def minutes_to_sign(desk: Desk) -> WaitingGroup | None:
    """Minutes (or an addendum) the person signs: as the meeting's secretary, its presiding person,
    or a deputy for a presiding chair who is away (Điều 4.1, 7). Minutes still open for comments
    are listed with the day the comments close."""
    mine = Q(meeting__presiding_id=desk.user.pk) | Q(meeting__secretary_id=desk.user.pk)
    if desk.holds("act_for_chair"):
        mine = Q()
    rows = (
        Minutes.objects.filter(mine, meeting__committee=desk.committee, locked=False)
        .filter(Q(addendum_to__isnull=False) | Q(meeting__status=MS.MINUTES_DRAFTED))
        .select_related("meeting__committee")
        .order_by("meeting__start_at", "pk")
    )
    items = []
    for minutes in rows:
        access = MeetingAccess(desk.user, minutes.meeting)
        if not access.may(Right.SIGN_MINUTES, minutes) or access.minutes_signature_role(minutes) is None:
            continue
        detail = _("Meeting of %(date)s") % {"date": _local_date(minutes.meeting.start_at)}
        if minutes.review_is_open:
            detail += " · " + _("open for comments until %(date)s") % {"date": _date(minutes.review_until)}
        title = str(minutes.meeting)
        if minutes.addendum_to_id is not None:
            title = _("Addendum to the minutes: %(meeting)s") % {"meeting": minutes.meeting}
        items.append(
            WaitingItem(title, reverse("meetings:minutes-detail", kwargs={"pk": minutes.meeting_id}), detail)
        )
    return WaitingGroup("minutes", _("Minutes to sign"), items) if items else None


def conclusions_to_sign(desk: Desk) -> WaitingGroup | None:
    """Conclusions drafted after signed minutes, waiting for the chair's signature — or a
    deputy's for the chair while the chair is away (Điều 3, 4.1)."""
    if not desk.holds("sign_conclusions", "act_for_chair"):
        return None
    meetings = (
        Meeting.objects.filter(committee=desk.committee, status=MS.MINUTES_SIGNED, conclusions__isnull=False)
        .distinct()
        .select_related("committee")
        .order_by("start_at", "pk")
    )
    items = [
        WaitingItem(
            str(meeting),
            reverse("meetings:conclusions-edit", kwargs={"pk": meeting.pk}),
            _("Meeting of %(date)s") % {"date": _local_date(meeting.start_at)},
        )
        for meeting in meetings
        if MeetingAccess(desk.user, meeting).conclusions_signature_role is not None
    ]
    return WaitingGroup("conclusions", _("Conclusions to sign"), items) if items else None


def absences_to_decide(desk: Desk) -> WaitingGroup | None:
    """Requests to be absent from a meeting the person presides, before it is held (Điều 6.5)."""
    rows = (
        Invitation.objects.filter(
            meeting__committee=desk.committee,
            meeting__presiding_id=desk.user.pk,
            meeting__status__in=(MS.DRAFT, MS.CONVENED),
            response=Invitation.Response.ABSENT,
            absence_decision=Invitation.AbsenceDecision.PENDING,
        )
        .select_related("meeting__committee", "user")
        .order_by("meeting__start_at", "pk")
    )
    items = [
        WaitingItem(
            _("%(person)s asks to be absent") % {"person": invitation.user},
            reverse("meetings:meeting-roll", kwargs={"pk": invitation.meeting_id}),
            _("%(meeting)s, %(date)s")
            % {"meeting": invitation.meeting, "date": _local_date(invitation.meeting.start_at)},
        )
        for invitation in rows
        if MeetingAccess(desk.user, invitation.meeting, invitation=None).can(Right.DECIDE_ABSENCE)
    ]
    return WaitingGroup("absences", _("Absences to decide"), items) if items else None


def extensions_to_decide(desk: Desk) -> WaitingGroup | None:
    """Requests for a new deadline the person decides (Điều 6.2): "Việc của tôi"'s, in this committee."""
    items = [
        WaitingItem(
            request.directive.title,
            reverse("tasks:extension-decide", kwargs={"pk": request.pk}),
            _("%(agency)s asks for %(date)s")
            % {
                "agency": request.directive.lead_organization.short_code
                or request.directive.lead_organization,
                "date": _date(request.proposed_deadline),
            },
        )
        for request in desk.work["extensions"]
        if request.directive.committee_id == desk.committee.pk
    ]
    more = reverse("tasks:my-work") + "#extensions"
    return WaitingGroup("extensions", _("New deadlines to decide"), items, more) if items else None


def completions_to_decide(desk: Desk) -> WaitingGroup | None:
    """Work reported done that the person accepts or returns, or proposes for acceptance
    (Điều 6.2, 7): "Việc của tôi"'s, in this committee."""
    items = []
    for directive in desk.work["waiting"]:
        if directive.committee_id != desk.committee.pk:
            continue
        if directive.acceptance_proposed_at is not None:
            detail = _("Proposed for acceptance; reported done on %(date)s")
        else:
            detail = _("Reported done on %(date)s")
        items.append(
            WaitingItem(
                directive.title,
                directive.get_absolute_url(),
                f"{directive.lead_organization.short_code} · "
                + detail % {"date": _date(directive.reported_done_on)},
            )
        )
    more = reverse("tasks:my-work") + "#waiting"
    return WaitingGroup("completions", _("Completed work to accept"), items, more) if items else None


def plans_to_approve(desk: Desk) -> WaitingGroup | None:
    """Draft plans the person approves: the chair, or a deputy during an acting period naming
    them (Điều 3.1, 4.1)."""
    access = TasksAccess(desk.user, desk.committee.pk)
    if not access.may(TasksRight.APPROVE_PLAN):
        return None
    plans = WorkPlan.objects.filter(committee=desk.committee, status=WorkPlan.Status.DRAFT).order_by(
        "year", "pk"
    )
    items = [
        WaitingItem(plan.title, plan.get_absolute_url(), f"{plan.get_status_display()} · {plan.year}")
        for plan in plans
        if access.can(TasksRight.APPROVE_PLAN, plan)
    ]
    return WaitingGroup("plans", _("Plans to approve"), items) if items else None


def quarterly_reports_to_approve(desk: Desk) -> WaitingGroup | None:
    """Quarterly reports submitted for approval: the chair's, or a deputy's during an acting
    period naming them (Điều 7.9, 4.1)."""
    access = ReportsAccess(desk.user, desk.committee.pk)
    if not access.may(ReportsRight.APPROVE):
        return None
    reports = QuarterlyReport.objects.filter(
        committee=desk.committee, status=QuarterlyReport.Status.SUBMITTED
    ).order_by("year", "quarter")
    items = [
        WaitingItem(
            report.title,
            reverse("reports:quarterly-detail", kwargs={"pk": report.pk}),
            _("Submitted on %(date)s") % {"date": _local_date(report.submitted_at)},
        )
        for report in reports
        if access.can(ReportsRight.APPROVE, report)
    ]
    return WaitingGroup("quarterly", _("Quarterly reports to approve"), items) if items else None


#: The "waits for me" sections, in the page's order. Append a function of the Desk returning a
#: WaitingGroup (or None when there is nothing) to add one.
WAITING_PROVIDERS: list[Callable[[Desk], WaitingGroup | None]] = [
    minutes_to_sign,
    conclusions_to_sign,
    absences_to_decide,
    extensions_to_decide,
    completions_to_decide,
    plans_to_approve,
    quarterly_reports_to_approve,
]


def waiting_for(user: User, committee: Committee, today: datetime.date) -> list[WaitingGroup]:
    """What waits for the person's signature or decision in the committee, by kind."""
    desk = Desk(user, committee, today)
    return [group for provider in WAITING_PROVIDERS if (group := provider(desk)) is not None]


# --- the next meetings --------------------------------------------------------------------------


def next_meetings(user: User, committee: Committee, *, limit: int = NEXT_MEETINGS) -> list[Meeting]:
    """The committee's next meetings (drafts included: the dashboard's people prepare them; not
    cancelled ones), soonest first, with the person's own answer. One query."""
    own = Invitation.objects.filter(meeting=OuterRef("pk"), user_id=user.pk)
    meetings = list(
        meetings_visible_to(user)
        .filter(committee=committee, end_at__gte=timezone.now())
        .exclude(status=MS.CANCELLED)
        .exclude(kind=Meeting.Kind.WRITTEN_CONSULTATION)  # no one meets: not a next meeting
        .select_related("committee")
        .annotate(my_response=Subquery(own.values("response")[:1]))
        .order_by("start_at", "pk")[:limit]
    )
    for meeting in meetings:
        meeting.presides = meeting.presiding_id == user.pk
        meeting.awaits_my_answer = (
            meeting.status == MS.CONVENED
            and meeting.my_response == Invitation.Response.PENDING
            and not meeting.presides
        )
    return meetings


# --- trends of the last eight quarters ----------------------------------------------------------


@dataclass(frozen=True)
class QuarterTrend:
    """One quarter's figures: committee meetings held; members present in person / members
    invited to them; directives done in the quarter, and those done on time."""

    period: Period
    meetings_held: int = 0
    members_invited: int = 0
    members_present: int = 0
    directives_done: int = 0
    done_on_time: int = 0

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def quarter(self) -> int:
        return self.period.quarter

    @property
    def attendance_rate(self) -> float | None:
        """Members present in person ÷ members invited, in percent (one decimal); None without meetings."""
        if not self.members_invited:
            return None
        return round(100 * self.members_present / self.members_invited, 1)

    @property
    def on_time_rate(self) -> float | None:
        """Directives done on time ÷ directives done in the quarter, in percent; None when none was done."""
        if not self.directives_done:
            return None
        return round(100 * self.done_on_time / self.directives_done, 1)


def last_quarters(today: datetime.date, count: int = TREND_QUARTERS) -> list[Period]:
    """The `count` quarters ending with today's, oldest first."""
    index = today.year * 4 + (today.month - 1) // 3  # quarters since year 0, this one's
    return [Period(i // 4, i % 4 + 1) for i in range(index - count + 1, index + 1)]


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _by_quarter(queryset, when: str, **counts) -> dict[tuple[int, int], dict]:
    """{(year, quarter): {name: count}} of the queryset grouped by the quarter of `when`
    (Asia/Ho_Chi_Minh for a moment), counted by the database in one query."""
    rows = (
        queryset.annotate(y=ExtractYear(when), q=ExtractQuarter(when))
        .order_by()
        .values("y", "q")
        .annotate(**counts)
    )
    return {(row["y"], row["q"]): row for row in rows}


def quarter_trends(
    committee: Committee, today: datetime.date, count: int = TREND_QUARTERS
) -> list[QuarterTrend]:
    """The committee's figures for each of the last `count` quarters (today's last), in three
    aggregate queries whatever the number of quarters or rows:

    - meetings held: the committee's own meetings (regular, extraordinary, extended) that took
      place, by the quarter of their start;
    - attendance: at those meetings, the members invited and those present in person (a
      substitute is not the member: Điều 6.5);
    - on time: directives reported done in the quarter (cancelled ones never are), and those
      reported by the deadline in force that day.
    """
    periods = last_quarters(today, count)
    start = _midnight(periods[0].start)
    end = _midnight(periods[-1].end + datetime.timedelta(days=1))
    held = Meeting.objects.filter(
        committee=committee,
        kind__in=COMMITTEE_KINDS,
        status__in=HELD_STATUSES,
        start_at__gte=start,
        start_at__lt=end,
    )
    meetings = _by_quarter(held, "start_at", n=Count("pk"))
    attendance = _by_quarter(
        Invitation.objects.filter(meeting__in=held, kind=Invitation.Kind.MEMBER),
        "meeting__start_at",
        invited=Count("pk"),
        present=Count("pk", filter=Q(attendance=Invitation.Attendance.PRESENT)),
    )
    done = _by_quarter(
        Directive.objects.filter(
            committee=committee,
            status__in=Directive.DONE_STATUSES,
            reported_done_on__gte=periods[0].start,
            reported_done_on__lte=periods[-1].end,
        ),
        "reported_done_on",
        n=Count("pk"),
        on_time=Count(
            "pk",
            filter=Q(deadline_at_report__isnull=True) | Q(reported_done_on__lte=F("deadline_at_report")),
        ),
    )
    trends = []
    for period in periods:
        key = (period.year, period.quarter)
        trends.append(
            QuarterTrend(
                period=period,
                meetings_held=meetings.get(key, {}).get("n", 0),
                members_invited=attendance.get(key, {}).get("invited", 0),
                members_present=attendance.get(key, {}).get("present", 0),
                directives_done=done.get(key, {}).get("n", 0),
                done_on_time=done.get(key, {}).get("on_time", 0),
            )
        )
    return trends


def current_quarter(today: datetime.date) -> Period:
    return Period(today.year, (today.month - 1) // 3 + 1)


@dataclass(frozen=True)
class Dashboard:
    committee: Committee
    today: datetime.date
    compliance: ComplianceSummary
    waiting: list[WaitingGroup]
    meetings: list[Meeting]
    board: Scoreboard  # this quarter's directives by lead agency
    trends: list[QuarterTrend]


def dashboard_for(user: User, committee: Committee, today: datetime.date) -> Dashboard:
    """Everything the dashboard shows of the committee to the person, as of today."""
    return Dashboard(
        committee=committee,
        today=today,
        compliance=compliance_summary(committee, today),
        waiting=waiting_for(user, committee, today),
        meetings=next_meetings(user, committee),
        board=scoreboard_for(TasksAccess(user, committee.pk), current_quarter(today), today=today),
        trends=quarter_trends(committee, today),
    )
