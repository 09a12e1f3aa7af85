"""The directive list (tasks:directive-list): who sees what, each filter narrowing the list, the
order, pages of 50, bad input, and a query count that does not grow with the directives.

Rows are made directly (one `bulk_create`, `refresh_search_text()` first since `save()` is not
called): the list only reads them, and timeliness comes from the status and dates alone."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import RoleAssignment
from tasks.models import Directive
from tests.members.factories import OrganizationFactory, RoleAssignmentFactory

S = Directive.Status
URL = reverse("tasks:directive-list")
_numbers = itertools.count(1)
UNREAD = "Một số điều kiện lọc không đọc được nên chưa được áp dụng"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def directive(cast, title: str | None = None, **fields) -> Directive:
    """An unsaved directive of committee A led by org_a, due in 30 days, unless told otherwise."""
    values = {
        "committee": cast.committee,
        "source": Directive.Source.AD_HOC,
        "title": title or f"Nhiệm vụ số {next(_numbers)}",
        "lead_organization": cast.org_a,
        "deadline": in_days(30),
        "reference_number": "12/TB-UBND",
        "created_by": cast.chair,
    }
    values.update(fields)
    if "reporting_period" in fields and "deadline" not in fields:
        values["deadline"] = None
    made = Directive(**values)
    made.refresh_search_text()
    return made


def make(cast, *specs: dict | str, coordinating=()) -> list[Directive]:
    """Save these directives (a title, or a dict of fields) in one query; ids follow the order."""
    rows = Directive.objects.bulk_create(
        [directive(cast, spec) if isinstance(spec, str) else directive(cast, **spec) for spec in specs]
    )
    rows = list(Directive.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk"))
    for row in rows:
        if coordinating:
            row.coordinating_organizations.set(coordinating)
    return rows


def make_many(cast, count: int, **fields) -> None:
    Directive.objects.bulk_create(
        [directive(cast, f"Nhiệm vụ hàng loạt {n}", **fields) for n in range(count)], batch_size=500
    )


def titles(response) -> list[str]:
    return [d.title for d in response.context["directives"]]


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def appoint_in_other_committee(cast, user):
    RoleAssignmentFactory(
        user=user, committee=cast.other_committee, role=RoleAssignment.Role.MEMBER, organization=cast.org_b
    )


# --- who sees what -----------------------------------------------------------------------------------


def test_list_shows_the_directives_of_the_persons_committees_only(client, cast):
    make(cast, "Việc của ban A", {"title": "Việc của ban B", "committee": cast.other_committee})
    assert titles(get(client, cast.member)) == ["Việc của ban A"]
    assert titles(get(client, cast.other_member)) == ["Việc của ban B"]


@pytest.mark.parametrize("who", ["guest", "outsider", "admin"])
def test_list_is_empty_for_people_without_a_role_in_a_committee(client, cast, who):
    make(cast, "Việc của ban A")
    response = get(client, getattr(cast, who))
    assert titles(response) == []
    assert "Việc của ban A" not in response.content.decode()


def test_list_asks_an_anonymous_visitor_to_log_in(client, cast):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_list_row_shows_title_link_agency_deadline_status_timeliness_and_progress(client, cast):
    (row,) = make(cast, {"title": "Rà soát hạ tầng", "deadline": in_days(-2), "percent": 40})
    page = get(client, cast.member).content.decode()
    assert f'href="{row.get_absolute_url()}"' in page
    assert "Sở Kế hoạch và Đầu tư" in page
    assert in_days(-2).strftime("%d/%m/%Y") in page
    assert ">40%<" in page
    assert re.search(r'class="badge text-bg-danger">[^<]+</span>', page)  # overdue


# --- each filter narrows the list ---------------------------------------------------------------------


def test_committee_filter_keeps_that_committees_directives(client, cast):
    appoint_in_other_committee(cast, cast.member)
    make(cast, "Việc của ban A", {"title": "Việc của ban B", "committee": cast.other_committee})
    assert titles(get(client, cast.member)) == ["Việc của ban A", "Việc của ban B"]
    assert titles(get(client, cast.member, committee=cast.other_committee.pk)) == ["Việc của ban B"]
    assert titles(get(client, cast.member, committee=cast.committee.pk)) == ["Việc của ban A"]


def test_committee_filter_refuses_a_committee_the_person_has_no_role_in(client, cast):
    make(cast, "Việc của ban A", {"title": "Việc của ban B", "committee": cast.other_committee})
    response = get(client, cast.member, committee=cast.other_committee.pk)
    assert response.context["form"].errors["committee"]
    assert titles(response) == ["Việc của ban A"]


def test_agency_filter_finds_the_agencys_work_as_lead_or_coordinating(client, cast):
    make(cast, {"title": "B chủ trì", "lead_organization": cast.org_b}, "A chủ trì")
    make(cast, {"title": "A chủ trì, B phối hợp"}, coordinating=[cast.org_b])
    both = get(client, cast.member, agency=cast.org_b.pk)
    assert titles(both) == ["B chủ trì", "A chủ trì, B phối hợp"]
    lead = get(client, cast.member, agency=cast.org_b.pk, lead_only="on")
    assert titles(lead) == ["B chủ trì"]


def test_agency_filter_lists_each_directive_once_with_several_coordinating_agencies(client, cast):
    other = OrganizationFactory(name="Sở Nội vụ", short_code="SNV")
    make(
        cast,
        {"title": "Phối hợp nhiều sở", "lead_organization": cast.org_b},
        coordinating=[cast.org_a, other],
    )
    assert titles(get(client, cast.member, agency=cast.org_a.pk)) == ["Phối hợp nhiều sở"]
    assert titles(get(client, cast.member, agency=cast.org_b.pk)) == ["Phối hợp nhiều sở"]


def test_status_filter(client, cast):
    make(
        cast,
        "Đã giao",
        {"title": "Đang làm", "status": S.IN_PROGRESS},
        {"title": "Đã hủy", "status": S.CANCELLED},
    )
    assert titles(get(client, cast.member, status=S.IN_PROGRESS)) == ["Đang làm"]
    assert titles(get(client, cast.member, status=S.CANCELLED)) == ["Đã hủy"]


def test_timeliness_filter_uses_the_databases_timeliness(client, cast):
    make(
        cast,
        {"title": "Đúng hạn", "deadline": in_days(30)},
        {"title": "Sắp đến hạn", "deadline": in_days(3)},
        {"title": "Quá hạn", "deadline": in_days(-1)},
        {
            "title": "Hoàn thành trễ",
            "deadline": in_days(-10),
            "status": S.ACCEPTED,
            "reported_done_on": in_days(-5),
            "deadline_at_report": in_days(-10),
        },
        {
            "title": "Hoàn thành đúng hạn",
            "deadline": in_days(-10),
            "status": S.REPORTED_DONE,
            "reported_done_on": in_days(-12),
            "deadline_at_report": in_days(-10),
        },
    )
    expected = {
        "on_time": ["Đúng hạn"],
        "due_soon": ["Sắp đến hạn"],
        "overdue": ["Quá hạn"],
        "done_late": ["Hoàn thành trễ"],
        "done_on_time": ["Hoàn thành đúng hạn"],
    }
    for value, wanted in expected.items():
        assert titles(get(client, cast.member, timeliness=value)) == wanted, value


def test_source_filter(client, cast):
    make(cast, "Chỉ đạo đột xuất")
    assert titles(get(client, cast.member, source=Directive.Source.AD_HOC)) == ["Chỉ đạo đột xuất"]
    assert titles(get(client, cast.member, source=Directive.Source.PLAN)) == []


def test_deadline_range_keeps_the_bounds_and_leaves_out_regular_work(client, cast):
    make(
        cast,
        {"title": "Trước", "deadline": datetime.date(2026, 3, 31)},
        {"title": "Đầu", "deadline": datetime.date(2026, 4, 1)},
        {"title": "Cuối", "deadline": datetime.date(2026, 6, 30)},
        {"title": "Sau", "deadline": datetime.date(2026, 7, 1)},
        {"title": "Thường xuyên", "reporting_period": Directive.Period.MONTHLY},
    )
    response = get(client, cast.member, deadline_from="2026-04-01", deadline_to="30/06/2026")
    assert titles(response) == ["Đầu", "Cuối"]


def test_deadline_range_backwards_says_so_under_the_field(client, cast):
    make(cast, "Một việc")
    response = get(client, cast.member, deadline_from="2026-06-30", deadline_to="2026-04-01")
    assert response.context["form"].errors["deadline_to"] == ["Ngày này sớm hơn “Thời hạn từ ngày”."]
    assert titles(response) == ["Một việc"]


def test_filters_combine(client, cast):
    make(
        cast,
        {"title": "Quá hạn của B", "lead_organization": cast.org_b, "deadline": in_days(-3)},
        {"title": "Quá hạn của A", "deadline": in_days(-3)},
        {"title": "Đúng hạn của B", "lead_organization": cast.org_b},
    )
    response = get(client, cast.member, agency=cast.org_b.pk, lead_only="on", timeliness="overdue")
    assert titles(response) == ["Quá hạn của B"]


def test_an_empty_list_says_whether_the_filters_or_the_committee_has_nothing(client, cast):
    assert "Chưa có nhiệm vụ nào." in get(client, cast.member).content.decode()
    make(cast, "Một việc")
    page = get(client, cast.member, timeliness="overdue").content.decode()
    assert "Không có nhiệm vụ nào phù hợp với bộ lọc." in page
    assert UNREAD not in page


# --- order and pages ----------------------------------------------------------------------------------


def test_list_orders_by_deadline_then_number_with_regular_work_last(client, cast):
    make(
        cast,
        {"title": "Thường xuyên", "reporting_period": Directive.Period.QUARTERLY},
        {"title": "Hạn xa", "deadline": in_days(60)},
        {"title": "Hạn gần 1", "deadline": in_days(5)},
        {"title": "Hạn gần 2", "deadline": in_days(5)},
    )
    assert titles(get(client, cast.member)) == ["Hạn gần 1", "Hạn gần 2", "Hạn xa", "Thường xuyên"]


def test_list_pages_hold_50_directives(client, cast):
    make_many(cast, 51)
    first = get(client, cast.member)
    assert len(titles(first)) == 50
    second = get(client, cast.member, page=2)
    assert len(titles(second)) == 1
    assert set(titles(first)).isdisjoint(titles(second))
    assert "?page=2" in first.content.decode()


def test_page_links_keep_the_filters(client, cast):
    make_many(cast, 51, lead_organization=cast.org_b)
    page = get(client, cast.member, agency=cast.org_b.pk).content.decode()
    assert f"?agency={cast.org_b.pk}&amp;page=2" in page


@pytest.mark.parametrize("page", ["abc", "0", "-1", "²", "9" * 30, "1e309", ""])
def test_a_page_number_that_is_not_one_gives_a_page_not_an_error(client, cast, page):
    make_many(cast, 51)
    response = get(client, cast.member, page=page)
    assert response.context["page_obj"].number in (1, 2)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("committee", "9" * 20),
        ("committee", "²"),
        ("agency", str(2**63)),
        ("status", "<script>"),
        ("timeliness", "late"),
        ("source", "\x00"),
        ("deadline_from", "0001-01-01"),
        ("deadline_to", "31/12/9999"),
        ("deadline_from", "2026-02-30"),
    ],
)
def test_a_filter_value_that_cannot_be_read_is_reported_and_ignored(client, cast, field, value):
    make(cast, "Một việc")
    response = get(client, cast.member, **{field: value})
    assert field in response.context["form"].errors
    assert titles(response) == ["Một việc"]
    assert UNREAD in response.content.decode()


# --- a fixed number of queries ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [20, 2000])
def test_list_page_query_count_does_not_grow_with_the_directives(
    client, cast, count, django_assert_max_num_queries
):
    make_many(cast, count // 2, lead_organization=cast.org_b, deadline=in_days(-1))
    make_many(cast, count - count // 2, reporting_period=Directive.Period.MONTHLY)
    client.force_login(cast.member)
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"q": "nhiem vu", "timeliness": "overdue"})
    assert response.status_code == 200
    assert len(titles(response)) == min(50, count // 2)
