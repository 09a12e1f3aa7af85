"""The directive list's text search ignores Vietnamese diacritics and case ("tien do" finds
"Tiến độ"), on SQLite and on PostgreSQL alike: these tests are not marked, so CI runs them on both.

`search_text` is `fold(title, expected result, document number)`, stored; the query is folded the
same way and each of its words must appear (a LIKE that no collation can change)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tasks.filters import DirectiveFilter, search_words
from tests.tasks.test_list import make

URL = reverse("tasks:directive-list")


def found(client, user, query: str) -> list[str]:
    client.force_login(user)
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return [d.title for d in response.context["directives"]]


@pytest.fixture
def titles(cast):
    make(
        cast,
        "Báo cáo Tiến độ triển khai Chính quyền điện tử",
        "Đầu tư hạ tầng đường truyền",
        "Dự toán kinh phí duy trì",
        "Rà soát thủ tục hành chính",
    )


@pytest.mark.parametrize("query", ["tien do", "Tiến độ", "TIẾN ĐỘ", "TiEn Do", "tiến  độ ", "tien"])
def test_search_ignores_diacritics_and_case(client, cast, titles, query):
    assert found(client, cast.member, query) == ["Báo cáo Tiến độ triển khai Chính quyền điện tử"]


def test_search_finds_d_with_a_plain_d(client, cast, titles):
    assert found(client, cast.member, "duong truyen") == ["Đầu tư hạ tầng đường truyền"]
    assert found(client, cast.member, "dau tu") == ["Đầu tư hạ tầng đường truyền"]


def test_search_finds_a_plain_d_with_d_stroke(client, cast, titles):
    assert found(client, cast.member, "đự toán") == ["Dự toán kinh phí duy trì"]
    assert found(client, cast.member, "ĐUY TRÌ") == ["Dự toán kinh phí duy trì"]


def test_search_words_may_come_in_any_order(client, cast, titles):
    assert found(client, cast.member, "chinh quyen bao cao") == [
        "Báo cáo Tiến độ triển khai Chính quyền điện tử"
    ]


def test_search_finds_nothing_for_words_not_there(client, cast, titles):
    assert found(client, cast.member, "tien do ngan sach") == []


def test_search_reads_the_expected_result_and_the_document_number(client, cast):
    make(
        cast,
        {"title": "Việc thứ nhất", "expected_result": "Báo cáo đánh giá"},
        {"title": "Việc thứ hai", "reference_number": "45/CV-SKHĐT"},
    )
    assert found(client, cast.member, "danh gia") == ["Việc thứ nhất"]
    assert found(client, cast.member, "45/cv-skhdt") == ["Việc thứ hai"]


def test_search_treats_percent_and_underscore_as_text(client, cast):
    make(cast, "Đạt 100% hồ sơ trực tuyến", "Mã ho_so")
    assert found(client, cast.member, "100%") == ["Đạt 100% hồ sơ trực tuyến"]
    assert found(client, cast.member, "o_s") == ["Mã ho_so"]
    assert found(client, cast.member, "%") == ["Đạt 100% hồ sơ trực tuyến"]


@pytest.mark.parametrize("query", ["\x00", "tien\x00do", "\u202e", "'; DROP TABLE x; --", "<script>"])
def test_search_with_hostile_text_answers_a_page(client, cast, titles, query):
    found(client, cast.member, query)


def test_search_never_reaches_another_committee(client, cast):
    make(cast, {"title": "Tiến độ của ban B", "committee": cast.other_committee})
    assert found(client, cast.member, "tien do") == []
    assert found(client, cast.other_member, "tien do") == ["Tiến độ của ban B"]


def test_search_words_fold_the_query_like_the_stored_text():
    assert search_words("  TIẾN\x00 ĐỘ  ") == ["tien", "do"]
    assert search_words("") == []


def test_filterset_search_is_the_same_queryset_the_page_shows(cast, titles):
    filters = DirectiveFilter({"q": "TIEN DO"}, user=cast.member)
    assert [d.title for d in filters.ordered()] == ["Báo cáo Tiến độ triển khai Chính quyền điện tử"]
