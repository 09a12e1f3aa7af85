"""The quarterly report's figures (Điều 7.9) on a fixture quarter whose every figure is counted by
hand below: meetings of each kind held, cancelled, not held, outside the quarter or of another
committee; each attendance outcome; directives opened, done on time, done late (in the quarter
and the one before), overdue and in progress at the quarter's end, cancelled; plan items; the
support group's months. The quarter is the one before today's, so it is over."""

from __future__ import annotations

import datetime
import itertools
import json
import re
import zoneinfo
from dataclasses import dataclass

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Invitation, Meeting, Minutes, Notice
from reports.quarterly import (
    FigureChange,
    compile_quarter,
    figures_diff,
    is_complete,
    previous_quarter,
    quarter_bounds,
)
from tasks.models import Directive, WorkPlan, WorkPlanItem
from tests.meetings.factories import InvitationFactory, MinutesFactory
from tests.members.factories import OrganizationFactory

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SEQUENCE = itertools.count(500)
M = Meeting.Status
S = Directive.Status
A = Invitation.Attendance


def the_quarter() -> tuple[int, int]:
    today = timezone.localdate()
    return previous_quarter(today.year, (today.month - 1) // 3 + 1)


@dataclass
class Quarter:
    cast: object
    year: int
    quarter: int
    start: datetime.date
    end: datetime.date
    meetings: dict
    org_a: object
    org_b: object

    def day(self, month: int, day: int) -> datetime.date:
        """Day `day` of the quarter's month 1, 2 or 3 (0: the month before, 4: the month after)."""
        first = self.start.month + month - 1
        year = self.year + (first - 1) // 12
        return datetime.date(year, (first - 1) % 12 + 1, day)


def at(day: datetime.date, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def meeting(cast, committee, kind, status, when: datetime.datetime, title: str = "") -> Meeting:
    extra = {"cancelled_reason": "Trùng lịch"} if status == M.CANCELLED else {}
    # Made directly: factory_boy would not let the number in the year ("sequence") be given.
    return Meeting.objects.create(
        committee=committee,
        kind=kind,
        status=status,
        year=when.year,
        sequence=next(SEQUENCE),
        start_at=when,
        end_at=when + datetime.timedelta(hours=2),
        presiding=cast.chair,
        title=title,
        **extra,
    )


def signed_minutes(meeting_: Meeting, number: int, signed: datetime.datetime, cast) -> Minutes:
    return MinutesFactory(
        meeting=meeting_,
        status=Minutes.Status.SIGNED,
        locked=True,
        year=signed.year,
        number=number,
        secretary_signed_by=cast.secretary,
        secretary_signed_at=signed - datetime.timedelta(days=1),
        presiding_signed_by=cast.chair,
        presiding_signed_at=signed,
    )


def notice(meeting_: Meeting, number: int, signed: datetime.datetime, cast) -> Notice:
    return Notice.objects.create(
        meeting=meeting_,
        committee=meeting_.committee,
        year=signed.year,
        number=number,
        signed_by=cast.chair,
        signed_as=Notice.SignedAs.CHAIR,
        signed_at=signed,
    )


def directive(
    q: Quarter,
    title: str,
    lead,
    *,
    created: datetime.date,
    deadline: datetime.date | None,
    status: str = S.ASSIGNED,
    done_on: datetime.date | None = None,
    committee=None,
    plan_item: WorkPlanItem | None = None,
) -> Directive:
    row = Directive.objects.create(
        committee=committee or q.cast.committee,
        source=Directive.Source.PLAN if plan_item else Directive.Source.AD_HOC,
        plan_item=plan_item,
        title=title,
        lead_organization=lead,
        deadline=deadline,
        reporting_period="" if deadline else Directive.Period.MONTHLY,
        status=status,
        reported_done_on=done_on,
        deadline_at_report=deadline if done_on else None,
        created_by=q.cast.chair,
    )
    Directive.objects.filter(pk=row.pk).update(created_at=at(created, 9))
    return row


def build_quarter(cast) -> Quarter:
    year, quarter = the_quarter()
    start, end = quarter_bounds(year, quarter)
    q = Quarter(cast, year, quarter, start, end, {}, cast.org_a, cast.org_b)
    c, K = cast.committee, Meeting.Kind
    m = q.meetings
    m["regular"] = meeting(cast, c, K.QUARTERLY, M.NOTICE_ISSUED, at(q.day(1, 15), 9), "Phiên họp thường kỳ")
    m["extraordinary"] = meeting(
        cast, c, K.EXTRAORDINARY, M.HELD, at(q.day(2, 10)), "Họp đột xuất về hạ tầng"
    )
    m["cancelled"] = meeting(cast, c, K.EXTENDED, M.CANCELLED, at(q.day(2, 20)))
    m["convened"] = meeting(cast, c, K.EXTRAORDINARY, M.CONVENED, at(q.day(3, 25)))
    m["before"] = meeting(cast, c, K.QUARTERLY, M.NOTICE_ISSUED, at(q.day(0, 20)), "Họp quý trước")
    m["after"] = meeting(cast, c, K.QUARTERLY, M.HELD, at(q.day(4, 1), 0, 30))
    m["other_committee"] = meeting(cast, cast.other_committee, K.QUARTERLY, M.HELD, at(q.day(2, 3)))
    # 06:00 on the quarter's first day in Hà Nội is the day before in UTC: still this quarter.
    m["support_1"] = meeting(cast, c, K.SUPPORT_MONTHLY, M.HELD, at(q.day(1, 1), 6))
    m["support_3"] = meeting(cast, c, K.SUPPORT_MONTHLY, M.MINUTES_DRAFTED, at(q.day(3, 7), 14))

    # Attendance of the members invited (kind "member"); the support group's and the meetings not
    # held do not count.
    for user, outcome in [
        (cast.chair, A.PRESENT),
        (cast.deputy, A.SUBSTITUTE_PRESENT),
        (cast.member, A.ABSENT_APPROVED),
        (cast.member_other_agency, A.ABSENT_UNEXCUSED),
        (cast.standing, A.UNKNOWN),
    ]:
        InvitationFactory(meeting=m["regular"], user=user, attendance=outcome)
    InvitationFactory(
        meeting=m["regular"], user=cast.secretary, kind=Invitation.Kind.SUPPORT, attendance=A.PRESENT
    )
    for user, outcome in [
        (cast.chair, A.PRESENT),
        (cast.member, A.PRESENT),
        (cast.member_other_agency, A.ABSENT_UNEXCUSED),
    ]:
        InvitationFactory(meeting=m["extraordinary"], user=user, attendance=outcome)
    InvitationFactory(meeting=m["convened"], user=cast.member, attendance=A.PRESENT)
    InvitationFactory(meeting=m["before"], user=cast.member, attendance=A.ABSENT_UNEXCUSED)

    # Documents: the regular meeting's minutes 03/BB and notice 02/TB signed in the quarter; the
    # previous meeting's minutes 02/BB signed late, in this quarter; its notice 01/TB before.
    signed_minutes(m["regular"], 3, at(q.day(1, 20), 10), cast)
    signed_minutes(m["before"], 2, at(q.day(1, 3), 10), cast)
    MinutesFactory(meeting=m["extraordinary"])  # a draft: no number
    notice(m["regular"], 2, at(q.day(1, 25), 15), cast)
    notice(m["before"], 1, at(q.day(0, 28), 15), cast)

    # The approved work plan of the year, 4 items for this quarter, one for another; a draft plan.
    plan = WorkPlan.objects.create(
        committee=c,
        year=year,
        title=f"Kế hoạch công tác năm {year}",
        status=WorkPlan.Status.APPROVED,
        number=1,
        number_year=year,
        approved_by=cast.chair,
        approved_at=at(datetime.date(year, 1, 5)),
        signed_as=WorkPlan.SignedAs.CHAIR,
        created_by=cast.secretary,
    )
    draft = WorkPlan.objects.create(
        committee=c, year=year, title="Kế hoạch kiểm tra", created_by=cast.secretary
    )
    items = [
        WorkPlanItem.objects.create(
            plan=plan, order=n, content=f"Nội dung {n}", owner_organization=cast.org_a, target_quarter=quarter
        )
        for n in (1, 2, 3, 4)
    ]
    WorkPlanItem.objects.create(
        plan=plan, order=5, content="Quý khác", owner_organization=cast.org_a, target_quarter=quarter % 4 + 1
    )
    WorkPlanItem.objects.create(
        plan=draft, order=1, content="Dự thảo", owner_organization=cast.org_a, target_quarter=quarter
    )

    a, b = cast.org_a, cast.org_b
    # Sở Kế hoạch và Đầu tư (org_a).
    directive(q, "d1", a, created=q.day(1, 10), deadline=q.day(2, 10), status=S.ACCEPTED, done_on=q.day(2, 5),
              plan_item=items[0])  # fmt: skip
    directive(
        q, "d2", a, created=q.day(1, 12), deadline=q.day(2, 1), status=S.REPORTED_DONE, done_on=q.day(2, 15)
    )
    directive(
        q, "d3", a, created=q.day(0, 5), deadline=q.day(2, 20), status=S.IN_PROGRESS, plan_item=items[1]
    )
    directive(q, "d4", a, created=q.day(3, 1), deadline=q.day(4, 28), status=S.ASSIGNED)
    directive(q, "d5", a, created=q.day(0, 1), deadline=q.day(0, 20), status=S.ACCEPTED, done_on=q.day(0, 10))
    directive(
        q, "d5b", a, created=q.day(0, 1), deadline=q.day(0, 20), status=S.ACCEPTED, done_on=q.day(0, 20)
    )
    directive(q, "d6", a, created=q.day(0, 1), deadline=q.day(0, 5), status=S.ACCEPTED, done_on=q.day(0, 12))
    directive(q, "d7", a, created=q.day(2, 1), deadline=q.day(3, 1), status=S.CANCELLED)
    # Reported done only after the quarter: at its end it was open, and past its deadline.
    directive(
        q, "d8", a, created=q.day(1, 1), deadline=q.day(3, 1), status=S.REPORTED_DONE, done_on=q.day(4, 5)
    )
    directive(q, "d9", a, created=q.day(1, 2), deadline=None, status=S.IN_PROGRESS, plan_item=items[3])
    # Sở Tài chính (org_b): due on the quarter's last day and still open: in progress, not overdue.
    directive(q, "e1", b, created=q.day(1, 5), deadline=q.day(1, 25), status=S.ACCEPTED, done_on=q.day(1, 20))
    directive(q, "e2", b, created=q.day(2, 2), deadline=end, status=S.IN_PROGRESS)
    directive(q, "e3", b, created=q.day(0, 2), deadline=q.day(0, 4), status=S.ACCEPTED, done_on=q.day(0, 9))
    # Another committee's directive done in the quarter does not count.
    directive(q, "x1", b, created=q.day(1, 5), deadline=q.day(2, 1), status=S.ACCEPTED, done_on=q.day(1, 9),
              committee=cast.other_committee)  # fmt: skip
    return q


@pytest.fixture
def q(task_cast) -> Quarter:
    return build_quarter(task_cast)


@pytest.fixture
def figures(q) -> dict:
    return compile_quarter(q.cast.committee, q.year, q.quarter)


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_period(q, figures):
    roman = ["I", "II", "III", "IV"][q.quarter - 1]
    assert figures["period"] == {
        "year": q.year,
        "quarter": q.quarter,
        "start": q.start.isoformat(),
        "end": q.end.isoformat(),
    }
    assert figures["period_display"] == {
        "label": f"Quý {roman}/{q.year}",
        "start": dmy(q.start),
        "end": dmy(q.end),
        "as_of": dmy(q.end),  # the quarter is over
    }


def test_meetings_held_by_kind_with_their_numbers(q, figures):
    meetings = figures["meetings"]
    assert meetings["held"] == 4
    assert meetings["cancelled"] == 1
    assert meetings["by_kind"] == {
        "quarterly": 1,
        "extraordinary": 1,
        "extended": 0,
        "support_monthly": 2,
        "working_session": 0,
        "written_consultation": 0,
    }
    assert [(m["date"], m["title"], m["kind"], m["minutes"], m["notice"]) for m in meetings["list"]] == [
        (dmy(q.day(1, 1)), q.meetings["support_1"].numbered_name, "support_monthly", "", ""),
        (dmy(q.day(1, 15)), "Phiên họp thường kỳ", "quarterly", "03/BB-BCĐA", "02/TB-BCĐA"),
        (dmy(q.day(2, 10)), "Họp đột xuất về hạ tầng", "extraordinary", "", ""),
        (dmy(q.day(3, 7)), q.meetings["support_3"].numbered_name, "support_monthly", "", ""),
    ]
    assert meetings["list"][1]["kind_label"] == "Phiên họp thường kỳ (hằng quý)"


def test_attendance_per_meeting_per_member_and_the_rate(q, figures):
    c = q.cast
    att = figures["attendance"]
    counts = ("invited", "recorded", "present", "substitute_present", "absent_approved", "absent_unexcused")
    assert {k: att[k] for k in (*counts, "not_recorded", "rate")} == {
        "invited": 8,
        "recorded": 7,
        "present": 3,
        "substitute_present": 1,
        "absent_approved": 1,
        "absent_unexcused": 2,
        "not_recorded": 1,
        "rate": 57.1,  # (3 + 1) / 7
    }
    per_meeting = {m["id"]: (m["invited"], m["recorded"], m["present"], m["rate"]) for m in att["meetings"]}
    assert per_meeting == {
        q.meetings["regular"].pk: (5, 4, 1, 50.0),
        q.meetings["extraordinary"].pk: (3, 3, 2, 66.7),
    }
    per_member = {
        m["id"]: (
            m["present"],
            m["substitute_present"],
            m["absent_approved"],
            m["absent_unexcused"],
            m["rate"],
        )
        for m in att["members"]
    }
    assert per_member == {
        c.chair.pk: (2, 0, 0, 0, 100.0),
        c.deputy.pk: (0, 1, 0, 0, 100.0),
        c.member.pk: (1, 0, 1, 0, 50.0),
        c.member_other_agency.pk: (0, 0, 0, 2, 0.0),
        c.standing.pk: (0, 0, 0, 0, None),
    }
    assert {m["name"] for m in att["members"]} == {
        u.full_name for u in (c.chair, c.deputy, c.member, c.member_other_agency, c.standing)
    }


def test_minutes_and_notices_issued_in_the_quarter(q, figures):
    docs = figures["documents"]
    assert [m["symbol"] for m in docs["minutes"]] == ["02/BB-BCĐA", "03/BB-BCĐA"]
    assert [(n["symbol"], n["date"]) for n in docs["notices"]] == [("02/TB-BCĐA", dmy(q.day(1, 25)))]
    assert (docs["minutes_count"], docs["notices_count"]) == (2, 1)


def test_directives_by_agency_with_the_on_time_rate_and_its_change(q, figures):
    d = figures["directives"]
    keys = ("opened", "done_on_time", "done_late", "done", "overdue", "in_progress")
    rows = {row["name"]: row for row in d["agencies"]}
    assert list(rows) == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]
    a, b, total = rows["Sở Kế hoạch và Đầu tư"], rows["Sở Tài chính"], d["totals"]
    assert [a[k] for k in keys] == [5, 1, 1, 2, 2, 2]
    assert (a["on_time_rate"], a["previous_rate"], a["change"]) == (50.0, 66.7, -16.7)
    assert [b[k] for k in keys] == [2, 1, 0, 1, 0, 1]
    assert (b["on_time_rate"], b["previous_rate"], b["change"]) == (100.0, 0.0, 100.0)
    assert [total[k] for k in keys] == [7, 2, 1, 3, 2, 3]
    assert (total["name"], total["on_time_rate"], total["previous_rate"], total["change"]) == (
        "Tổng cộng",
        66.7,
        50.0,
        16.7,
    )
    assert d["as_of"] == dmy(q.end)


def test_plan_items_of_the_quarter_and_their_directives(q, figures):
    plan = figures["plan_items"]
    assert (plan["total"], plan["done"], plan["overdue"], plan["not_started"], plan["in_progress"]) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert [(i["content"], i["state"]) for i in plan["items"]] == [
        ("Nội dung 1", "done"),
        ("Nội dung 2", "overdue"),
        ("Nội dung 3", "not_started"),
        ("Nội dung 4", "in_progress"),
    ]
    assert plan["items"][0]["plan"] == "01/KH-BCĐA"
    assert [d["title"] for d in plan["items"][0]["directives"]] == ["d1"]
    assert plan["items"][1]["directives"][0]["timeliness"] == "overdue"


def test_support_group_months(q, figures):
    sg = figures["support_group"]
    assert (sg["months_met"], sg["months_not_met"]) == (2, 1)
    assert [(m["state"], m["dates"]) for m in sg["months"]] == [
        ("met", [dmy(q.day(1, 1))]),
        ("not_met", []),
        ("met", [dmy(q.day(3, 7))]),
    ]
    assert sg["months"][0]["label"] == f"{q.start.month:02d}/{q.year}"


def test_every_key_is_present_and_json_serialisable_for_an_empty_quarter(task_cast):

    empty = compile_quarter(task_cast.other_committee, 2020, 1)
    assert json.loads(json.dumps(empty)) == empty
    assert is_complete(empty)
    assert empty["meetings"] == {
        "held": 0,
        "cancelled": 0,
        "by_kind": {
            "quarterly": 0,
            "extraordinary": 0,
            "extended": 0,
            "support_monthly": 0,
            "working_session": 0,
            "written_consultation": 0,
        },
        "list": [],
    }
    assert empty["attendance"]["rate"] is None
    assert empty["consultations"] == {"count": 0, "asked": 0, "answered": 0, "not_answered": 0, "members": []}
    assert empty["directives"]["agencies"] == []
    assert empty["directives"]["totals"]["on_time_rate"] is None
    assert empty["plan_items"]["total"] == 0
    assert [m["state"] for m in empty["support_group"]["months"]] == ["not_met"] * 3


def test_the_current_quarter_counts_overdue_as_of_today(task_cast):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    start, _end = quarter_bounds(today.year, quarter)
    q = Quarter(task_cast, today.year, quarter, start, _end, {}, task_cast.org_a, task_cast.org_b)
    yesterday = today - datetime.timedelta(days=1)
    directive(q, "late", task_cast.org_a, created=start, deadline=max(start, yesterday), status=S.ASSIGNED)
    figures = compile_quarter(task_cast.committee, today.year, quarter)
    assert figures["period_display"]["as_of"] == dmy(today)
    overdue = 1 if yesterday >= start else 0
    assert figures["directives"]["totals"]["overdue"] == overdue
    assert figures["directives"]["totals"]["in_progress"] == 1 - overdue


# --- a fixed number of queries -----------------------------------------------------------------------


def more_records(q: Quarter, n: int) -> None:
    c = q.cast
    for i in range(n):
        extra = meeting(
            c, c.committee, Meeting.Kind.EXTRAORDINARY, M.HELD, at(q.day(2, 1 + i % 27), 7 + i % 10)
        )
        for user in (c.chair, c.member, c.member_other_agency):
            InvitationFactory(meeting=extra, user=user, attendance=A.PRESENT)
        agency = OrganizationFactory(name=f"Cơ quan {i:03d}")
        directive(q, f"n{i}", agency, created=q.day(2, 2), deadline=q.day(3, 2), status=S.IN_PROGRESS)
        directive(
            q,
            f"m{i}",
            agency,
            created=q.day(2, 2),
            deadline=q.day(2, 9),
            status=S.ACCEPTED,
            done_on=q.day(2, 8),
        )


def queries_of_compile(q: Quarter) -> int:
    with CaptureQueriesContext(connection) as captured:
        compile_quarter(q.cast.committee, q.year, q.quarter)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_records(q, django_assert_max_num_queries):
    more_records(q, 2)
    small = queries_of_compile(q)
    assert small <= 7
    more_records(q, 25)
    with django_assert_max_num_queries(small):
        figures = compile_quarter(q.cast.committee, q.year, q.quarter)
    assert figures["meetings"]["by_kind"]["extraordinary"] == 1 + 27
    assert len(figures["directives"]["agencies"]) == 2 + 27


# --- figures_diff --------------------------------------------------------------------------------------


def test_figures_diff_names_each_changed_figure_as_a_person_reads_it(q, figures):
    before = figures
    # A directive of Sở Tài chính overdue at the quarter's end, another meeting held.
    directive(q, "e4", q.org_b, created=q.day(3, 1), deadline=q.day(3, 10), status=S.ASSIGNED)
    meeting(q.cast, q.cast.committee, Meeting.Kind.EXTENDED, M.HELD, at(q.day(3, 12)))
    after = compile_quarter(q.cast.committee, q.year, q.quarter)
    changes = {change.label: (change.old, change.new) for change in figures_diff(before, after)}
    assert changes["Nhiệm vụ quá hạn — Sở Tài chính"] == (0, 1)
    assert changes["Nhiệm vụ quá hạn — Tổng cộng"] == (2, 3)
    assert changes["Nhiệm vụ giao mới — Sở Tài chính"] == (2, 3)
    assert changes["Số cuộc họp đã tổ chức"] == (4, 5)
    assert changes["Số cuộc họp đã tổ chức — Phiên họp mở rộng"] == (0, 1)
    # Nothing else moved: no identity number (ids, months) is reported as a change.
    assert set(changes) == {
        "Nhiệm vụ quá hạn — Sở Tài chính",
        "Nhiệm vụ quá hạn — Tổng cộng",
        "Nhiệm vụ giao mới — Sở Tài chính",
        "Nhiệm vụ giao mới — Tổng cộng",
        "Số cuộc họp đã tổ chức",
        "Số cuộc họp đã tổ chức — Phiên họp mở rộng",
    }
    assert figures_diff(after, after) == []


def test_figures_diff_rows_that_appear_or_go_and_unknown_keys():
    old = {
        "directives": {"agencies": [{"id": 1, "name": "Sở Nội vụ", "overdue": 2}]},
        "new_section": {"x": 1},
    }
    new = {"directives": {"agencies": [{"id": 2, "name": "Sở Y tế", "overdue": 1}]}, "new_section": {"x": 4}}
    assert figures_diff(old, new) == [
        FigureChange("Nhiệm vụ quá hạn — Sở Y tế", None, 1),
        FigureChange("new_section.x", 1, 4),
        FigureChange("Nhiệm vụ quá hạn — Sở Nội vụ", 2, None),
    ]
    assert figures_diff({}, {"attendance": {"rate": 50.0}}) == [FigureChange("Tỷ lệ dự họp (%)", None, 50.0)]


# --- the figures on the page ---------------------------------------------------------------------------


def test_the_page_partial_shows_the_figures_in_accessible_scrollable_tables(q, figures):
    html = render_to_string("reports/_quarterly_figures.html", {"figures": figures})
    page = " ".join(html.split())
    assert "Quý" in page and dmy(q.start) in page and dmy(q.end) in page
    assert "Phiên họp thường kỳ" in page and "03/BB-BCĐA" in page and "02/TB-BCĐA" in page
    assert "Tỷ lệ dự họp: <strong>57,1%</strong>" in page
    # The directives' totals row: opened, on time, late, overdue, in progress, rate, previous, change.
    totals = page[page.index("<tfoot>", page.index('id="qf-directives"')) :]
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', totals[: totals.index("</tfoot>")])
    assert cells == ["7", "2", "1", "2", "3", "66,7%", "50,0%", "+16,7"]
    tables = page.count("<table")
    assert (
        tables
        == page.count("<caption>")
        == page.count('<div class="table-responsive" tabindex="0" role="region"')
        == 7
    )
    assert '<th scope="col">' in page and '<th scope="row"' in page
    assert "Chưa giao nhiệm vụ" in page and dmy(q.day(3, 7)) in page


def test_the_page_partial_before_the_figures_are_compiled():
    html = render_to_string("reports/_quarterly_figures.html", {"figures": {}})
    assert "Chưa tổng hợp số liệu từ hệ thống." in html
    assert "<table" not in html


def test_figures_of_an_older_shape_are_not_shown_half_empty():
    older = {"period": {"year": 2026, "quarter": 1}, "meetings": {"held": 2}}
    assert not is_complete(older)
    html = render_to_string("reports/_quarterly_figures.html", {"figures": older})
    assert "Chưa tổng hợp số liệu từ hệ thống." in html
