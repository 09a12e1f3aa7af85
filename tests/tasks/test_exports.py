"""CSV and XLSX exports of the directive list and of the scoreboard: the same rows, in the same
order, as the page (every page of the list), read back with csv and openpyxl; dates as dates; no
formula injection; an ASCII file name."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.models import Directive
from tests.tasks.test_list import in_days, make, make_many

S = Directive.Status
LIST = reverse("tasks:directive-list")
#: Where the columns are (tasks.exports.directive_table): No., Directive no., Title, Committee,
#: Source, Document number, Lead agency, Coordinating agencies, Deadline, Reporting period, Status,
#: Timeliness, Progress (%), Reported done on.
TITLE, DOCUMENT, DEADLINE, PROGRESS = 2, 5, 8, 12


def export_url(fmt: str) -> str:
    return reverse("tasks:directive-export", kwargs={"fmt": fmt})


def page_titles(client, params) -> list[str]:
    """Every title the list shows for these filters, page after page."""
    shown, number = [], 1
    while True:
        response = client.get(LIST, {**params, "page": number})
        shown += [d.title for d in response.context["directives"]]
        if not response.context["page_obj"].has_next():
            return shown
        number += 1


def read_xlsx(response) -> list[tuple]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def many(cast):
    """More than a page: 40 overdue of org_b, 30 on time of org_a, a regular one and a cancelled one."""
    make_many(cast, 40, lead_organization=cast.org_b, deadline=in_days(-2))
    make_many(cast, 30, deadline=in_days(20))
    make(
        cast,
        {"title": "Thường xuyên", "reporting_period": Directive.Period.MONTHLY},
        {"title": "Hủy", "status": S.CANCELLED},
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"timeliness": "overdue"},
        {"q": "hang loat 1"},
        {"status": S.CANCELLED},
        {"timeliness": "nonsense"},
    ],
)
def test_xlsx_holds_the_rows_of_every_page_in_the_same_order(client, cast, many, params):
    client.force_login(cast.member)
    rows = read_xlsx(client.get(export_url("xlsx"), params))
    header, body = rows[0], rows[1:]
    assert header[TITLE] == "Tiêu đề"
    assert [row[TITLE] for row in body] == page_titles(client, params)
    assert [row[0] for row in body] == list(range(1, len(body) + 1))


@pytest.mark.parametrize("params", [{}, {"agency": "", "timeliness": "on_time"}])
def test_csv_holds_the_rows_of_every_page_in_the_same_order(client, cast, many, params):
    client.force_login(cast.member)
    rows = read_csv(client.get(export_url("csv"), params))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["STT", "Số hiệu", "Tiêu đề"]
    assert [row[2] for row in body] == page_titles(client, params)


def test_xlsx_writes_dates_as_dates_and_numbers_as_numbers(client, cast):
    make(cast, {"title": "Có hạn", "deadline": datetime.date(2026, 4, 30), "percent": 60})
    client.force_login(cast.member)
    _header, row = read_xlsx(client.get(export_url("xlsx")))
    deadline = row[DEADLINE]
    assert isinstance(deadline, datetime.datetime) and deadline.date() == datetime.date(2026, 4, 30)
    assert row[PROGRESS] == 60


def test_csv_writes_dates_dd_mm_yyyy(client, cast):
    make(cast, {"title": "Có hạn", "deadline": datetime.date(2026, 4, 30)})
    client.force_login(cast.member)
    _header, row = read_csv(client.get(export_url("csv")))
    assert row[DEADLINE] == "30/04/2026"


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://x.example","bấm")', "+1+1", "-2+3", "@SUM(A1)", "\tTab"]
)
def test_exports_do_not_hand_a_spreadsheet_a_formula(client, cast, title):
    make(cast, {"title": title, "reference_number": "=1+1"})
    client.force_login(cast.member)
    _header, row = read_csv(client.get(export_url("csv")))
    assert row[TITLE] == "'" + title
    assert row[DOCUMENT] == "'=1+1"
    book = openpyxl.load_workbook(io.BytesIO(client.get(export_url("xlsx")).content))
    cell = book.active.cell(row=2, column=3)
    assert cell.value == title and cell.data_type == "s"


def test_xlsx_drops_characters_a_workbook_cannot_hold(client, cast):
    make(cast, "Báo cáo\x08 quý\x1b")  # PostgreSQL stores no NUL at all
    client.force_login(cast.member)
    _header, row = read_xlsx(client.get(export_url("xlsx")))
    assert row[TITLE] == "Báo cáo quý"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_an_attachment_with_an_ascii_name(client, cast, fmt):
    client.force_login(cast.member)
    disposition = client.get(export_url(fmt))["Content-Disposition"]
    assert disposition == f'attachment; filename="nhiem-vu-{timezone.localdate():%Y%m%d}.{fmt}"'
    assert disposition.isascii()


@pytest.mark.parametrize("fmt", ["pdf", "xls", "CSV", "csv.exe"])
def test_export_in_another_format_is_not_found(client, cast, fmt):
    client.force_login(cast.member)
    assert client.get(export_url(fmt)).status_code == 404


def test_export_holds_only_the_persons_committees(client, cast):
    make(cast, "Việc của ban A", {"title": "Việc của ban B", "committee": cast.other_committee})
    client.force_login(cast.other_member)
    header, *body = read_csv(client.get(export_url("csv")))
    assert [row[2] for row in body] == ["Việc của ban B"]


def test_export_asks_an_anonymous_visitor_to_log_in(client, cast):
    assert client.get(export_url("csv")).status_code == 302


# --- the scoreboard's --------------------------------------------------------------------------------


def scoreboard_urls(cast, fmt):
    """The scoreboard page and its export in `fmt`."""
    page = reverse("tasks:scoreboard", kwargs={"committee_pk": cast.committee.pk})
    return page, reverse("tasks:scoreboard-export", kwargs={"committee_pk": cast.committee.pk, "fmt": fmt})


def test_scoreboard_xlsx_holds_the_pages_rows_and_totals(client, cast):
    today = timezone.localdate()
    make(
        cast,
        {"title": "a", "deadline": today},
        {"title": "b", "deadline": today - datetime.timedelta(days=1), "lead_organization": cast.org_b},
        {"title": "c", "deadline": today, "lead_organization": cast.org_b},
    )
    page_url, xlsx_url = scoreboard_urls(cast, "xlsx")
    client.force_login(cast.member)
    board = client.get(page_url).context["board"]
    header, *body = read_xlsx(client.get(xlsx_url))
    assert header[1] == "Cơ quan chủ trì"
    expected = [
        (
            row.name,
            row.assigned,
            row.in_progress,
            row.done_on_time,
            row.done_late,
            row.overdue,
            row.on_time_rate,
        )
        for row in [*board.rows, board.totals]
    ]
    assert [tuple(line[1:]) for line in body] == expected
    assert body[1][1:] == ("Sở Tài chính", 2, 1, 0, 0, 1, 0)


def test_scoreboard_csv_follows_the_period_asked(client, cast):
    make(cast, {"title": "a", "deadline": datetime.date(2025, 2, 1)})
    _page, csv_url = scoreboard_urls(cast, "csv")
    client.force_login(cast.member)
    response = client.get(csv_url, {"year": 2025, "quarter": 1})
    header, first, total = read_csv(response)
    assert first[1:3] == ["Sở Kế hoạch và Đầu tư", "1"]
    assert total[1] == "Tổng cộng" and total[-1] == "0.0"
    assert response["Content-Disposition"] == 'attachment; filename="bang-theo-doi-bcda-2025-q1.csv"'


@pytest.mark.parametrize("who", ["other_member", "guest"])
def test_scoreboard_export_is_not_found_for_people_without_a_role(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(scoreboard_urls(cast, "csv")[1]).status_code == 404


def test_scoreboard_export_in_another_format_is_not_found(client, cast):
    client.force_login(cast.member)
    assert client.get(scoreboard_urls(cast, "pdf")[1]).status_code == 404
