"""The per-agency scoreboard (tasks.scoreboard, tasks:scoreboard): counts for a hand-made set of
directives, the period rule, a focal officer's own agency, the page, its query count, and the SVG
chart (parses as XML, escapes what it draws, reads without colour)."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.charts import scoreboard_chart_svg
from tasks.models import Directive
from tasks.permissions import TasksAccess
from tasks.scoreboard import Period, ScoreRow, scoreboard_for
from tests.tasks.test_list import make, make_many

S = Directive.Status
SVG = "{http://www.w3.org/2000/svg}"
TODAY = datetime.date(2026, 5, 15)  # Quarter 2 of 2026


def day(month: int, dd: int) -> datetime.date:
    return datetime.date(2026, month, dd)


def url(cast) -> str:
    return reverse("tasks:scoreboard", kwargs={"committee_pk": cast.committee.pk})


@pytest.fixture
def quarter_two(cast):
    """Directives of Quarter 2/2026 seen on 15/05/2026: org_a has one of each timeliness;
    org_b one overdue; plus what the quarter does not count."""
    done = {"status": S.ACCEPTED}
    make(
        cast,
        {"title": "đúng hạn", "deadline": day(6, 30)},
        {"title": "sắp đến hạn", "deadline": day(5, 20), "status": S.IN_PROGRESS},
        {"title": "quá hạn", "deadline": day(5, 1)},
        {
            "title": "xong đúng hạn",
            "deadline": day(4, 30),
            "reported_done_on": day(4, 29),
            "deadline_at_report": day(4, 30),
            **done,
        },
        # Reported after the deadline in force that day; a later extension (deadline now 30/06)
        # does not make it on time.
        {
            "title": "xong trễ hạn",
            "deadline": day(6, 30),
            "reported_done_on": day(5, 10),
            "deadline_at_report": day(5, 5),
            **done,
        },
        {
            "title": "chờ nghiệm thu, đúng hạn",
            "deadline": day(5, 10),
            "status": S.REPORTED_DONE,
            "reported_done_on": day(5, 9),
            "deadline_at_report": day(5, 10),
        },
        {"title": "đã hủy", "deadline": day(5, 2), "status": S.CANCELLED},
        {"title": "quý 3", "deadline": day(7, 1)},
        {"title": "quý 1", "deadline": day(3, 31)},
        {"title": "B quá hạn", "deadline": day(4, 1), "lead_organization": cast.org_b},
    )


def board(cast, user=None, period=Period(2026, 2)):
    return scoreboard_for(TasksAccess(user or cast.chair, cast.committee), period, today=TODAY)


def figures(row: ScoreRow) -> tuple:
    return (row.assigned, row.in_progress, row.done_on_time, row.done_late, row.overdue, row.on_time_rate)


# --- the counts -------------------------------------------------------------------------------------


def test_scoreboard_counts_each_agencys_directives_by_timeliness(cast, quarter_two):
    result = board(cast)
    assert [row.name for row in result.rows] == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]
    org_a, org_b = result.rows
    # assigned 6 (cancelled and other quarters left out); in progress: on time + due soon;
    # rate = 2 on time / (2 on time + 1 late + 1 overdue)
    assert figures(org_a) == (6, 2, 2, 1, 1, 50.0)
    assert figures(org_b) == (1, 0, 0, 0, 1, 0.0)
    assert figures(result.totals) == (7, 2, 2, 1, 2, 40.0)


def test_scoreboard_on_time_rate_is_none_when_nothing_is_done_or_overdue(cast):
    make(cast, {"title": "mới giao", "deadline": day(6, 30)})
    (row,) = board(cast).rows
    assert figures(row) == (1, 1, 0, 0, 0, None)
    assert board(cast, period=Period(2025)).rows == []


def test_scoreboard_year_counts_every_quarter(cast, quarter_two):
    result = board(cast, period=Period(2026))
    assert result.totals.assigned == 9  # + Quarter 1 and Quarter 3


def test_scoreboard_counts_regular_work_in_the_period_it_was_given(cast):
    (regular,) = make(cast, {"title": "thường xuyên", "reporting_period": Directive.Period.MONTHLY})
    created = timezone.make_aware(datetime.datetime(2026, 4, 1, 0, 30))  # 01/04 in Hà Nội, 31/03 UTC
    Directive.objects.filter(pk=regular.pk).update(created_at=created)
    assert board(cast, period=Period(2026, 2)).totals.assigned == 1
    assert board(cast, period=Period(2026, 1)).totals.assigned == 0


def test_scoreboard_leaves_out_other_committees(cast):
    make(cast, {"title": "ban B", "deadline": day(5, 1), "committee": cast.other_committee})
    assert board(cast).rows == []


def test_focal_officer_sees_their_own_agencys_row_only(cast, quarter_two):
    result = board(cast, user=cast.focal)
    assert result.own_agencies_only
    assert [row.name for row in result.rows] == ["Sở Kế hoạch và Đầu tư"]
    assert result.totals.assigned == 6
    assert not board(cast, user=cast.member_other_agency).own_agencies_only


def test_scoreboard_counts_in_one_query(cast, quarter_two, django_assert_num_queries):
    access = TasksAccess(cast.chair, cast.committee)
    with django_assert_num_queries(1):
        scoreboard_for(access, Period(2026, 2), today=TODAY)


def test_period_bounds():
    assert (Period(2026, 1).start, Period(2026, 1).end) == (day(1, 1), day(3, 31))
    assert (Period(2024, 1).end, Period(2026, 4).end) == (datetime.date(2024, 3, 31), day(12, 31))
    assert (Period(2026).start, Period(2026).end) == (day(1, 1), day(12, 31))


# --- the page --------------------------------------------------------------------------------------


def test_scoreboard_page_shows_the_figures_and_the_chart(client, cast, quarter_two):
    client.force_login(cast.member)
    response = client.get(url(cast), {"year": 2026, "quarter": 2})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 1 and "Sở Kế hoạch và Đầu tư" in page
    assert response.context["board"].period == Period(2026, 2)


def test_scoreboard_page_defaults_to_this_whole_year(client, cast):
    client.force_login(cast.member)
    response = client.get(url(cast))
    assert response.context["board"].period == Period(timezone.localdate().year)


@pytest.mark.parametrize(
    "params",
    [{"year": "²"}, {"year": "1e309"}, {"year": "0"}, {"year": "9" * 30}, {"quarter": "5"}, {"quarter": "x"}],
)
def test_scoreboard_period_that_cannot_be_read_says_so_and_shows_this_year(client, cast, params):
    client.force_login(cast.member)
    response = client.get(url(cast), params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["board"].period.year == timezone.localdate().year


@pytest.mark.parametrize("who", ["other_member", "guest", "outsider", "admin"])
def test_scoreboard_is_not_found_for_people_without_a_role_in_the_committee(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(url(cast)).status_code == 404


def test_scoreboard_of_a_committee_id_past_any_integer_is_not_found(client, cast):
    client.force_login(cast.member)
    assert client.get(f"/committees/{'9' * 30}/scoreboard/").status_code == 404


@pytest.mark.parametrize("count", [20, 2000])
def test_scoreboard_page_query_count_does_not_grow_with_the_directives(
    client, cast, count, django_assert_max_num_queries
):
    today = timezone.localdate()
    make_many(cast, count // 2, deadline=today)
    make_many(cast, count - count // 2, lead_organization=cast.org_b, deadline=today, status=S.IN_PROGRESS)
    client.force_login(cast.member)
    with django_assert_max_num_queries(7):
        response = client.get(url(cast))
    assert response.context["board"].totals.assigned == count


# --- the chart -------------------------------------------------------------------------------------


def chart_rows() -> list[ScoreRow]:
    return [
        ScoreRow(1, "Sở Kế hoạch và Đầu tư", "SKHDT", 10, 3, 4, 2, 1),
        ScoreRow(2, '<script>alert("x")</script> & "Sở"', "X", 2, 0, 0, 0, 2),
        ScoreRow(3, "Ủy ban nhân dân huyện Dương Minh Châu, tỉnh Tây Ninh, Việt Nam", "UBND", 0, 0, 0, 0, 0),
    ]


def test_chart_is_svg_that_parses_with_a_title_and_description():
    root = ET.fromstring(scoreboard_chart_svg(chart_rows(), title="Quý 2/2026 <b>"))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Quý 2/2026 <b>"
    assert root.find(f"{SVG}desc").text
    assert root.get("role") == "img"
    assert root.get("font-family") == "DejaVu Sans, sans-serif"


def test_chart_escapes_a_hostile_agency_name():
    svg = scoreboard_chart_svg(chart_rows(), title="t")
    root = ET.fromstring(svg)
    assert "<script" not in svg
    assert not list(root.iter(f"{SVG}script"))
    texts = {element.text for element in root.iter(f"{SVG}title")}
    assert '<script>alert("x")</script> & "Sở"' in texts


def test_chart_has_no_external_reference_and_survives_control_characters():
    rows = [ScoreRow(1, "Sở\x00 Tài\x1bchính", "STC", 1, 1, 0, 0, 0)]
    svg = scoreboard_chart_svg(rows, title="a\x00b")
    root = ET.fromstring(svg)
    refs = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("href") or "url(" in v]
    assert all(v.startswith("url(#") for v in refs)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_chart_draws_one_bar_segment_per_nonzero_count_and_a_legend_of_four():
    root = ET.fromstring(scoreboard_chart_svg(chart_rows()[:1], title="t"))
    segment_titles = [
        r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None
    ]
    assert len(segment_titles) == 4  # on time 4, late 2, overdue 1, in progress 3
    assert [t.split(": ")[1] for t in segment_titles] == ["4", "2", "1", "3"]
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None}
    assert len(fills) == 4  # four fills: patterns, not only colours, tell them apart


def test_chart_of_no_rows_says_so():
    root = ET.fromstring(scoreboard_chart_svg([], title="t"))
    assert any(e.text and e.text.strip() for e in root.iter(f"{SVG}text"))
