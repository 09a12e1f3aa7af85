"""K1: the register's numbers run from 01 each year; H10: the decree's date format."""

from __future__ import annotations

import datetime

import pytest

from documents.rendering.context import dated_line, number_line, vn_date
from meetings.selectors import minutes as minutes_selectors
from meetings.services import register_next_number
from tests.documents.pdfcheck import header_segments

#: One xdist worker builds the documents once (the session fixture `docs`).
pytestmark = pytest.mark.xdist_group("documents")


def test_K1_register_restarts_at_01_in_a_new_year(cast):
    committee = cast.committee
    numbers = [
        register_next_number(committee=committee, doc_type="TB", year=2030),
        register_next_number(committee=committee, doc_type="TB", year=2030),
        register_next_number(committee=committee, doc_type="TB", year=2031),
        register_next_number(committee=committee, doc_type="TB", year=2031),
    ]
    assert numbers == [1, 2, 1, 2]


def test_K1_each_document_type_has_its_own_sequence(cast):
    committee = cast.committee
    assert register_next_number(committee=committee, doc_type="TB", year=2030) == 1
    assert register_next_number(committee=committee, doc_type="BB", year=2030) == 1
    assert register_next_number(committee=cast.other_committee, doc_type="TB", year=2030) == 1


def test_K1_notices_numbered_01_02_then_01_after_new_year(docs):
    assert [symbol for symbol, _pdf in docs.year_end] == ["01/TB-BCĐA", "02/TB-BCĐA", "01/TB-BCĐA"]
    printed = [
        next(s.text for s in header_segments(pdf.first) if s.text.startswith("Số"))
        for _symbol, pdf in docs.year_end
    ]
    assert printed == ["Số: 01/TB-BCĐA", "Số: 02/TB-BCĐA", "Số: 01/TB-BCĐA"]


def test_K1_number_line_pads_below_ten_and_leaves_a_blank_before_numbering():
    assert number_line(5, "BB", "BCĐCQĐT") == "Số: 05/BB-BCĐCQĐT"
    assert number_line(12, "BB", "BCĐCQĐT") == "Số: 12/BB-BCĐCQĐT"
    blank = number_line(None, "BB", "BCĐCQĐT")
    assert blank.startswith("Số:") and blank.endswith("/BB-BCĐCQĐT") and not any(ch.isdigit() for ch in blank)


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("day", [1, 9, 10, 28])
def test_H10_day_below_10_and_months_1_2_take_a_leading_zero(day, month):
    date = datetime.date(2019, month, day)
    expected_month = f"{month:02d}" if month <= 2 else str(month)
    assert vn_date(date) == f"ngày {day:02d} tháng {expected_month} năm 2019"


def test_H10_dated_line_matches_the_decree_example():
    assert dated_line("Tây Ninh", datetime.date(2019, 2, 6)) == "Tây Ninh, ngày 06 tháng 02 năm 2019"
    assert dated_line("Tây Ninh", datetime.date(2020, 3, 5)) == "Tây Ninh, ngày 05 tháng 3 năm 2020"


@pytest.mark.parametrize("month", range(1, 13))
def test_H10_documents_and_the_notice_page_write_the_same_date(month):
    """The notice page writes its date with the documents' own function, so the two agree."""
    date = datetime.date(2026, month, 7)
    assert minutes_selectors.dated_line("Tây Ninh", date) == dated_line("Tây Ninh", date)
    assert minutes_selectors.dated_line is dated_line
