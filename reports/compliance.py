"""The regulation as live checks (the compliance panel): per committee, as of a day, whether the
committee keeps the rhythm and the deadlines the regulation sets — green, amber or red, one
sentence citing the article, and a link to the page where it is put right.

Each check reads a fixed number of queries whatever the number of rows (one, mostly). The
thresholds (how many days before amber turns red) are the committee's settings
(members.models.Committee, `compliance_*`, `*_working_days`, `*_days`).

The quarterly report (Điều 7.9) is checked for the quarter just ended: approved within the
committee's working days after its end (Committee.quarterly_report_working_days).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Greatest, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from meetings.models import Conclusion, Invitation, Meeting, Minutes, Notice
from members.models import Committee, RoleAssignment
from members.workdays import add_working_days, month_bounds, quarter_bounds
from tasks.models import Directive, Timeliness, WorkPlan

from .models import QuarterlyReport

MS = Meeting.Status
Role = RoleAssignment.Role

#: Meetings that count as "held or scheduled": convened, or any later step (Điều 8).
NOT_SCHEDULED = (MS.DRAFT, MS.CANCELLED)
#: Meetings still ahead of their roll call: answers and absences are decided before them (6.5).
BEFORE_ROLL = (MS.DRAFT, MS.CONVENED)
#: The roles a committee must have filled (Điều 3, 4, 5, 7).
REQUIRED_ROLES = (Role.CHAIR, Role.DEPUTY, Role.STANDING_MEMBER, Role.SECRETARIAT_LEAD)


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def css(self) -> str:
        return {Status.GREEN: "success", Status.AMBER: "warning", Status.RED: "danger"}[self]


STATUS_LABELS = {
    Status.GREEN: gettext_lazy("Met"),
    Status.AMBER: gettext_lazy("Needs attention"),
    Status.RED: gettext_lazy("Not met"),
}


@dataclass(frozen=True)
class Check:
    """One rule of the regulation as it stands today for a committee."""

    name: str  # a stable key: "quarter_meeting", "absences", ...
    title: str
    status: Status
    sentence: str  # one sentence, in the active language, citing the article
    url: str  # where it is put right (or seen)

    @property
    def section(self) -> str:
        return SECTION_OF[self.name]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _meeting_list_url(committee: Committee) -> str:
    return reverse("meetings:meeting-list") + "?" + urlencode({"committee": committee.pk})


def _new_meeting_url(committee: Committee, kind: str) -> str:
    return (
        reverse("meetings:meeting-create", kwargs={"committee_pk": committee.pk})
        + "?"
        + urlencode({"kind": kind})
    )


# --- Điều 8.1 and 8.3: a regular meeting each quarter, the support group's each month ------------


def _period_meeting(
    committee: Committee, kind: str, first: datetime.date, last: datetime.date
) -> Meeting | None:
    return (
        Meeting.objects.filter(
            committee=committee,
            kind=kind,
            start_at__gte=_day_start(first),
            start_at__lt=_day_start(last + datetime.timedelta(days=1)),
        )
        .exclude(status__in=NOT_SCHEDULED)
        .order_by("start_at")
        .only("pk", "start_at", "kind")  # its URL depends on the kind
        .first()
    )


def check_quarter_meeting(committee: Committee, today: datetime.date) -> Check:
    first, last = quarter_bounds(today)
    meeting = _period_meeting(committee, Meeting.Kind.QUARTERLY, first, last)
    title = _("Regular committee meeting this quarter")
    if meeting is not None:
        return Check(
            "quarter_meeting",
            title,
            Status.GREEN,
            _("The regular meeting of this quarter is convened for %(date)s (Article 8.1).")
            % {"date": _date(timezone.localdate(meeting.start_at))},
            meeting.get_absolute_url(),
        )
    left = (last - today).days
    status = Status.AMBER if left > committee.compliance_quarter_amber_days else Status.RED
    return Check(
        "quarter_meeting",
        title,
        status,
        ngettext(
            "No regular meeting is convened this quarter and %(n)d day is left until %(end)s "
            "(Article 8.1: the committee meets once a quarter).",
            "No regular meeting is convened this quarter and %(n)d days are left until %(end)s "
            "(Article 8.1: the committee meets once a quarter).",
            left,
        )
        % {"n": left, "end": _date(last)},
        _new_meeting_url(committee, Meeting.Kind.QUARTERLY),
    )


def check_month_meeting(committee: Committee, today: datetime.date) -> Check:
    first, last = month_bounds(today)
    meeting = _period_meeting(committee, Meeting.Kind.SUPPORT_MONTHLY, first, last)
    title = _("Support group meeting this month")
    if meeting is not None:
        return Check(
            "month_meeting",
            title,
            Status.GREEN,
            _("The support group's meeting of this month is convened for %(date)s (Article 8.3).")
            % {"date": _date(timezone.localdate(meeting.start_at))},
            meeting.get_absolute_url(),
        )
    left = (last - today).days
    status = Status.AMBER if left > committee.compliance_month_amber_days else Status.RED
    return Check(
        "month_meeting",
        title,
        status,
        ngettext(
            "The support group has no meeting convened this month and %(n)d day is left until "
            "%(end)s (Article 8.3: the support group meets once a month).",
            "The support group has no meeting convened this month and %(n)d days are left until "
            "%(end)s (Article 8.3: the support group meets once a month).",
            left,
        )
        % {"n": left, "end": _date(last)},
        _new_meeting_url(committee, Meeting.Kind.SUPPORT_MONTHLY),
    )


# --- Điều 6.5: absences and substitutes --------------------------------------------------------


def _urgent_or_not(rows: list[tuple[int, datetime.datetime]], today: datetime.date) -> tuple[Status, int]:
    """Rows (meeting id, start) ordered by start: red when one is for a meeting within a day or
    past, amber otherwise (green when none); and the meeting to open first."""
    if not rows:
        return Status.GREEN, 0
    meeting_id, start = rows[0]
    urgent = timezone.localdate(start) <= today + datetime.timedelta(days=1)
    return (Status.RED if urgent else Status.AMBER), meeting_id


def check_absences(committee: Committee, today: datetime.date) -> Check:
    rows = list(
        Invitation.objects.filter(
            meeting__committee=committee,
            meeting__status__in=BEFORE_ROLL,
            response=Invitation.Response.ABSENT,
            absence_decision=Invitation.AbsenceDecision.PENDING,
        )
        .order_by("meeting__start_at", "pk")
        .values_list("meeting_id", "meeting__start_at")
    )
    status, meeting_id = _urgent_or_not(rows, today)
    title = _("Absences awaiting a decision")
    if status == Status.GREEN:
        return Check(
            "absences",
            title,
            status,
            _("No request to be absent is waiting for the presiding person's decision (Article 6.5)."),
            _meeting_list_url(committee),
        )
    return Check(
        "absences",
        title,
        status,
        ngettext(
            "%(n)d request to be absent is waiting for the presiding person's decision (Article 6.5).",
            "%(n)d requests to be absent are waiting for the presiding person's decision (Article 6.5).",
            len(rows),
        )
        % {"n": len(rows)},
        reverse("meetings:meeting-roll", kwargs={"pk": meeting_id}),
    )


def check_substitutes(committee: Committee, today: datetime.date) -> Check:
    rows = list(
        Invitation.objects.filter(
            meeting__committee=committee,
            meeting__status__in=BEFORE_ROLL,
            response=Invitation.Response.SUBSTITUTE,
            written_opinion_file="",
        )
        .annotate(opinion=Trim("written_opinion"))
        .filter(opinion="")
        .order_by("meeting__start_at", "pk")
        .values_list("meeting_id", "meeting__start_at")
    )
    status, meeting_id = _urgent_or_not(rows, today)
    title = _("Substitutes without a written opinion")
    if status == Status.GREEN:
        return Check(
            "substitutes",
            title,
            status,
            _("Every member sending a substitute has sent a written opinion (Article 6.5)."),
            _meeting_list_url(committee),
        )
    return Check(
        "substitutes",
        title,
        status,
        ngettext(
            "%(n)d member sending a substitute has not sent a written opinion (Article 6.5).",
            "%(n)d members sending a substitute have not sent a written opinion (Article 6.5).",
            len(rows),
        )
        % {"n": len(rows)},
        reverse("meetings:meeting-roll", kwargs={"pk": meeting_id}),
    )


# --- Điều 4.2, 7: minutes and conclusions signed in time ---------------------------------------


def _minutes_url(meeting_id: int, status: str) -> str:
    """The minutes once drafted; before, the meeting's page, where they are started."""
    if status == MS.MINUTES_DRAFTED:
        return reverse("meetings:minutes-detail", kwargs={"pk": meeting_id})
    return reverse("meetings:meeting-detail", kwargs={"pk": meeting_id})


def check_minutes(committee: Committee, today: datetime.date) -> Check:
    meetings = list(
        Meeting.objects.filter(committee=committee, status__in=(MS.HELD, MS.MINUTES_DRAFTED))
        .order_by("end_at", "pk")
        .values_list("pk", "end_at", "status")
    )
    days = committee.minutes_sign_working_days
    late = [
        (pk, status)
        for pk, end, status in meetings
        if add_working_days(timezone.localdate(end), days) <= today
    ]
    title = _("Minutes signed in time")
    if not meetings:
        return Check(
            "minutes",
            title,
            Status.GREEN,
            _("The minutes of every meeting held are signed (Article 7)."),
            _meeting_list_url(committee),
        )
    if late:
        return Check(
            "minutes",
            title,
            Status.RED,
            ngettext(
                "The minutes of %(n)d meeting are still unsigned %(days)d working days after it (Article 7).",
                "The minutes of %(n)d meetings are still unsigned %(days)d working days after them "
                "(Article 7).",
                len(late),
            )
            % {"n": len(late), "days": days},
            _minutes_url(*late[0]),
        )
    return Check(
        "minutes",
        title,
        Status.AMBER,
        ngettext(
            "The minutes of %(n)d meeting held are not signed yet; they are due within %(days)d "
            "working days (Article 7).",
            "The minutes of %(n)d meetings held are not signed yet; they are due within %(days)d "
            "working days (Article 7).",
            len(meetings),
        )
        % {"n": len(meetings), "days": days},
        _minutes_url(meetings[0][0], meetings[0][2]),
    )


def check_conclusions(committee: Committee, today: datetime.date) -> Check:
    signed = Minutes.objects.filter(
        meeting_id=OuterRef("pk"), addendum_to__isnull=True, status=Minutes.Status.SIGNED
    ).annotate(last=Greatest("secretary_signed_at", "presiding_signed_at"))
    meetings = list(
        Meeting.objects.filter(committee=committee)
        .exclude(status=MS.CANCELLED)
        .filter(Exists(Conclusion.objects.filter(meeting_id=OuterRef("pk"))))
        .exclude(Exists(Notice.objects.filter(meeting_id=OuterRef("pk"))))
        .annotate(minutes_signed_at=Subquery(signed.values("last")[:1]))
        .order_by("start_at", "pk")
        .values_list("pk", "minutes_signed_at")
    )
    days = committee.conclusions_sign_working_days
    late = [
        pk
        for pk, at in meetings
        if at is not None and add_working_days(timezone.localdate(at), days) <= today
    ]
    title = _("Conclusions signed in time")
    if not meetings:
        return Check(
            "conclusions",
            title,
            Status.GREEN,
            _("No drafted conclusions are waiting for the chair's signature (Article 3)."),
            _meeting_list_url(committee),
        )
    if late:
        return Check(
            "conclusions",
            title,
            Status.RED,
            ngettext(
                "The conclusions of %(n)d meeting are still unsigned %(days)d working days after "
                "its minutes were signed (Article 3).",
                "The conclusions of %(n)d meetings are still unsigned %(days)d working days after "
                "their minutes were signed (Article 3).",
                len(late),
            )
            % {"n": len(late), "days": days},
            reverse("meetings:conclusions-edit", kwargs={"pk": late[0]}),
        )
    return Check(
        "conclusions",
        title,
        Status.AMBER,
        ngettext(
            "The conclusions of %(n)d meeting are drafted and wait for the chair's signature (Article 3).",
            "The conclusions of %(n)d meetings are drafted and wait for the chair's signature (Article 3).",
            len(meetings),
        )
        % {"n": len(meetings)},
        reverse("meetings:conclusions-edit", kwargs={"pk": meetings[0][0]}),
    )


# --- Điều 11: overdue directives, by lead agency ------------------------------------------------


def check_overdue_directives(committee: Committee, today: datetime.date) -> Check:
    rows = list(
        Directive.objects.with_timeliness(today)
        .filter(committee=committee, timeliness=Timeliness.OVERDUE)
        .order_by("lead_organization__name", "deadline")
        .values_list("lead_organization__short_code", "deadline")
    )
    title = _("Overdue directives by lead agency")
    url = (
        reverse("tasks:directive-list")
        + "?"
        + urlencode({"committee": committee.pk, "timeliness": Timeliness.OVERDUE})
    )
    if not rows:
        return Check(
            "overdue_directives",
            title,
            Status.GREEN,
            _("No directive of the committee is overdue (Article 11)."),
            url,
        )
    limit = committee.directive_red_overdue_days
    worst = max((today - deadline).days for _code, deadline in rows)
    by_agency = Counter(code for code, _deadline in rows)
    agencies = ", ".join(f"{code}: {n}" for code, n in by_agency.items())
    status = Status.RED if worst > limit else Status.AMBER
    sentence = ngettext(
        "%(n)d directive is overdue (%(agencies)s), the longest by %(worst)d days (Article 11).",
        "%(n)d directives are overdue (%(agencies)s), the longest by %(worst)d days (Article 11).",
        len(rows),
    ) % {"n": len(rows), "agencies": agencies, "worst": worst}
    return Check("overdue_directives", title, status, sentence, url)


# --- Điều 3.1: the year's work plan --------------------------------------------------------------


def check_work_plan(committee: Committee, today: datetime.date) -> Check:
    plans = list(
        WorkPlan.objects.filter(committee=committee, kind=WorkPlan.Kind.WORK, year=today.year)
        .order_by("pk")
        .values_list("pk", "status")
    )
    title = _("Work plan approved for the year")
    approved = [pk for pk, status in plans if status == WorkPlan.Status.APPROVED]
    if approved:
        return Check(
            "work_plan",
            title,
            Status.GREEN,
            _("The work plan for %(year)d is approved (Article 3.1).") % {"year": today.year},
            reverse("tasks:plan-detail", kwargs={"pk": approved[0]}),
        )
    deadline = datetime.date(today.year, 1, 1) + datetime.timedelta(days=committee.work_plan_grace_days)
    status = Status.AMBER if today < deadline else Status.RED
    if plans:
        sentence = _(
            "The work plan for %(year)d is drafted but not approved yet; it is due by %(date)s (Article 3.1)."
        )
        url = reverse("tasks:plan-detail", kwargs={"pk": plans[0][0]})
    else:
        sentence = _("There is no work plan for %(year)d yet; it is due by %(date)s (Article 3.1).")
        url = reverse("tasks:plan-list", kwargs={"committee_pk": committee.pk})
    return Check(
        "work_plan",
        title,
        status,
        sentence % {"year": today.year, "date": _date(deadline - datetime.timedelta(days=1))},
        url,
    )


# --- Điều 7.9: the last quarter's report -----------------------------------------------------------

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def previous_quarter(today: datetime.date) -> tuple[int, int, datetime.date]:
    """The quarter before the one `today` falls in: its year, number and last day."""
    first, _last = quarter_bounds(today)
    end = first - datetime.timedelta(days=1)
    return end.year, (end.month - 1) // 3 + 1, end


def report_deadline(committee: Committee, quarter_end: datetime.date) -> datetime.date:
    """The last day for the quarter's report: the committee's working days after the quarter's end
    (approved, for the panel; at least submitted, for the reminder)."""
    return add_working_days(quarter_end, committee.quarterly_report_working_days)


def check_quarterly_report(committee: Committee, today: datetime.date) -> Check:
    year, quarter, end = previous_quarter(today)
    report = (
        QuarterlyReport.objects.filter(committee=committee, year=year, quarter=quarter)
        .only("pk", "status")
        .first()
    )
    deadline = report_deadline(committee, end)
    period = {"quarter": ROMAN[quarter], "year": year, "date": _date(deadline)}
    title = _("Report of the last quarter to the chair")
    if report is None:
        return Check(
            "quarterly_report",
            title,
            Status.RED,
            _(
                "There is no report of quarter %(quarter)s/%(year)s yet; it is due approved by %(date)s "
                "(Article 7.9)."
            )
            % period,
            reverse("reports:quarterly-list", kwargs={"committee_pk": committee.pk}),
        )
    if report.status == QuarterlyReport.Status.APPROVED:
        return Check(
            "quarterly_report",
            title,
            Status.GREEN,
            _("The report of quarter %(quarter)s/%(year)s is approved (Article 7.9).") % period,
            report.get_absolute_url(),
        )
    if report.status == QuarterlyReport.Status.SUBMITTED:
        sentence = _(
            "The report of quarter %(quarter)s/%(year)s is waiting for the chair's approval; it is due "
            "approved by %(date)s (Article 7.9)."
        )
    else:
        sentence = _(
            "The report of quarter %(quarter)s/%(year)s is drafted but not submitted yet; it is due "
            "approved by %(date)s (Article 7.9)."
        )
    return Check(
        "quarterly_report",
        title,
        Status.AMBER if today <= deadline else Status.RED,
        sentence % period,
        report.get_absolute_url(),
    )


# --- Điều 3, 4, 5, 7: the roles filled ---------------------------------------------------------


def check_roles(committee: Committee, today: datetime.date) -> Check:
    terms = list(
        RoleAssignment.objects.filter(committee=committee, role__in=REQUIRED_ROLES)
        .filter(start_date__lte=today + datetime.timedelta(days=committee.role_term_amber_days))
        .exclude(end_date__lt=today)
        .values_list("role", "start_date", "end_date")
    )
    labels = dict(Role.choices)
    horizon = today + datetime.timedelta(days=committee.role_term_amber_days)
    vacant, ending = [], []
    for role in REQUIRED_ROLES:
        in_force = [(s, e) for r, s, e in terms if r == role and s <= today]
        if not in_force:
            vacant.append(str(labels[role]))
            continue
        # Covered until the last day some term in force, or one starting before it ends, runs to.
        covered = max(datetime.date.max if e is None else e for _s, e in in_force)
        for r, s, e in sorted(terms, key=lambda t: t[1]):
            if r == role and s > today and s <= covered + datetime.timedelta(days=1):
                covered = max(covered, datetime.date.max if e is None else e)
        if covered < horizon:
            ending.append(str(labels[role]))
    title = _("Chair, deputy, standing member and support group leader")
    url = reverse("members:committee-detail", kwargs={"pk": committee.pk})
    if vacant:
        return Check(
            "roles",
            title,
            Status.RED,
            _("Vacant or with the term ended: %(roles)s (Articles 3, 4, 5 and 7).")
            % {"roles": ", ".join(vacant)},
            url,
        )
    if ending:
        return Check(
            "roles",
            title,
            Status.AMBER,
            _(
                "The term ends within %(n)d days, with no successor appointed: %(roles)s (Articles 3, 4, 5 and 7)."
            )
            % {"n": committee.role_term_amber_days, "roles": ", ".join(ending)},
            url,
        )
    return Check(
        "roles",
        title,
        Status.GREEN,
        _(
            "The chair, a deputy, the standing member and the support group leader are in office (Articles 3, 4, 5 and 7)."
        ),
        url,
    )


#: The panel's sections (a heading each), in order, and the checks under them.
SECTIONS = {
    "meetings": gettext_lazy("Meetings"),
    "documents": gettext_lazy("Minutes and conclusions"),
    "directives": gettext_lazy("Directives and the work plan"),
    "report": gettext_lazy("The quarterly report"),
    "roles": gettext_lazy("Roles"),
}
SECTION_OF = {
    "quarter_meeting": "meetings",
    "month_meeting": "meetings",
    "absences": "meetings",
    "substitutes": "meetings",
    "minutes": "documents",
    "conclusions": "documents",
    "overdue_directives": "directives",
    "work_plan": "directives",
    "quarterly_report": "report",
    "roles": "roles",
}

CHECKS = (
    check_quarter_meeting,
    check_month_meeting,
    check_absences,
    check_substitutes,
    check_minutes,
    check_conclusions,
    check_overdue_directives,
    check_work_plan,
    check_quarterly_report,
    check_roles,
)


def compliance_checks(committee: Committee, today: datetime.date) -> list[Check]:
    """Every check of the committee as of `today`, in the regulation's order of the panel."""
    return [check(committee, today) for check in CHECKS]


def compliance_sections(checks: list[Check]) -> list[tuple[str, list[Check]]]:
    """The checks grouped under their section's heading, in the panel's order."""
    return [
        (str(title), [c for c in checks if c.section == key])
        for key, title in SECTIONS.items()
        if any(c.section == key for c in checks)
    ]
