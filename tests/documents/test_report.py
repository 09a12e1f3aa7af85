"""The report (Báo cáo, Mẫu 1.4): D4, N4, G7, G8 and X5 of shared/docs/vn-document-format.md on the
generated PDFs, and the plain-data builder behind them.

"report" has no "Kính gửi" and is signed by the chair; "report_superior" goes to several superior
bodies and is signed TM. BAN CHỈ ĐẠO / KT. TRƯỞNG BAN; "report_single" goes to one. The header,
title, signature and Nơi nhận rules run on the first two in test_layout.py and test_signature.py.
"""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest

from documents.rendering import ReportItem, ReportSection, report_context
from documents.rendering.context import number_line
from documents.rendering.report import point_letter, report_blocks, report_recipients, roman
from tests.documents.conftest import (
    REPORT_ADDRESSEES,
    REPORT_PARTS,
    REPORT_POINTS,
    REPORT_SINGLE_ADDRESSEE,
    REPORT_SUMMARY,
    SHORT_CODE,
)
from tests.documents.pdfcheck import CX0, LEFT, MM, RIGHT, TOP, Page, Segment, base_font, title_segment

#: One xdist worker builds the documents once (the session fixture `docs`).
pytestmark = pytest.mark.xdist_group("documents")

REPORTS = ["report", "report_superior", "report_single"]
BLACK = {(0,), (0.0,), (0, 0, 0), (0.0, 0.0, 0.0), (0, 0, 0, 1), (0.0, 0.0, 0.0, 1.0)}
PART_RE = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\. ")
KHOAN_RE = re.compile(r"^\d+\. ")
DIEM_RE = re.compile(r"^[a-zđ]\) ")


def segments_in_text_area(pdf) -> list[tuple[Page, Segment]]:
    """Every segment of every page below the top margin (not the page numbers), in order."""
    return [(page, s) for page in pdf.pages for s in page.segments if s.top > TOP]


def kinh_gui(page: Page) -> list[Segment]:
    return [s for s in page.segments if s.text.startswith("Kính gửi")]


def addressee_lines(page: Page) -> list[Segment]:
    """The "- …" lines between "Kính gửi:" and the body."""
    (label,) = kinh_gui(page)
    lines = []
    for segment in page.segments:
        if segment.top <= label.top:
            continue
        if not segment.text.startswith("- "):
            break
        lines.append(segment)
    return lines


def body_lines(pdf) -> list[list[Segment]]:
    """Per page, the first segment of each body line: after the summary's rule (and the Kính gửi
    block), before "Nơi nhận:"."""
    first = pdf.first
    summary_rule = max(r.top for r in first.rules if r.top > title_segment(first).top)
    start = max([summary_rule, *(s.bottom for s in kinh_gui(first)), *(s.bottom for s in _addressees(first))])
    label = pdf.last.find("Nơi nhận:")
    pages = []
    for page in pdf.pages:
        lines = [line[0] for line in page.lines if line[0].top > TOP]
        if page is first:
            lines = [s for s in lines if s.top > start]
        if page is pdf.last:
            lines = [s for s in lines if s.top < label.top - 1]
        pages.append(lines)
    return pages


def _addressees(page: Page) -> list[Segment]:
    return addressee_lines(page) if kinh_gui(page) else []


def recipients(page: Page) -> list[str]:
    label = page.find("Nơi nhận:")
    return [s.text for s in page.segments if s.top > label.top and s.x0 < LEFT + 80 * MM]


# --- D4: type name, summary, number ------------------------------------------------------------


@pytest.mark.parametrize("kind", REPORTS)
def test_D4_bao_cao_with_its_summary_and_the_short_rule(docs, kind):
    page = getattr(docs, kind).first
    title = title_segment(page)
    assert title.text == "BÁO CÁO" and title.bold and 13 <= title.size <= 14
    rule_top = min(r.top for r in page.rules if r.top > title.bottom)
    summary = [s for s in page.segments if title.top < s.top < rule_top]
    assert all(s.bold for s in summary)
    assert " ".join(s.text for s in summary) == REPORT_SUMMARY
    (rule,) = page.rules_below(summary[-1])
    assert abs(rule.cx - CX0) < 1.5 * MM


@pytest.mark.parametrize("kind", REPORTS)
def test_D4_number_carries_the_bc_symbol(docs, kind):
    (number,) = [s for s in getattr(docs, kind).first.segments if s.text.startswith("Số:")]
    assert re.fullmatch(rf"Số: (0[1-9]|[1-9]\d+)/BC-{SHORT_CODE}", number.text), number.text


def test_D4_a_draft_report_leaves_the_number_blank():
    context = report_context(**_plain(number=None))
    assert context["header"].number_line == number_line(None, "BC", "BCĐCQĐT")
    assert re.fullmatch(r"Số:\s+/BC-BCĐCQĐT", context["header"].number_line)
    assert context["kind"] == "report" and context["doc_type"] == "BÁO CÁO"


@pytest.mark.parametrize("kind", REPORTS)
def test_G4_report_is_set_in_the_bundled_serif_in_black(docs, kind):
    chars = getattr(docs, kind).chars
    assert chars
    assert all(base_font(c["fontname"]).startswith("Liberation-Serif-Bundled") for c in chars)
    assert {tuple(c["non_stroking_color"] or (0,)) for c in chars if c["text"].strip()} <= BLACK


# --- N4: Kính gửi and "Như trên" --------------------------------------------------------------


def test_N4_one_addressee_on_the_kinh_gui_line_14pt_upright_regular(docs):
    page = docs.report_single.first
    (line,) = kinh_gui(page)
    assert line.text == f"Kính gửi: {REPORT_SINGLE_ADDRESSEE}"
    assert 13 <= line.size <= 14
    assert line.upright and line.not_bold
    assert abs(line.cx - CX0) < 1.5 * MM
    assert addressee_lines(page) == []
    # under the summary line and its rule, above the body
    assert line.top > max(r.top for r in page.rules if r.top > title_segment(page).top)
    assert line.bottom < body_lines(docs.report_single)[0][0].top


def test_N4_several_addressees_one_per_line_dashes_under_the_colon(docs):
    page = docs.report_superior.first
    (label,) = kinh_gui(page)
    assert label.text == "Kính gửi:"
    lines = addressee_lines(page)
    assert [s.text for s in lines] == [
        *(f"- {a};" for a in REPORT_ADDRESSEES[:-1]),
        f"- {REPORT_ADDRESSEES[-1]}.",
    ]
    colon = label.ink[-1]
    assert colon["text"] == ":"
    for segment in [label, *lines]:
        assert 13 <= segment.size <= 14
        assert segment.upright and segment.not_bold
    for line in lines:
        assert abs(line.x0 - colon["x0"]) <= 1 * MM, (line, colon["x0"] / MM)
    for above, below in zip([label, *lines], lines, strict=False):
        assert 0 < below.top - above.top <= 1.725 * 14  # one per line


@pytest.mark.parametrize("kind", ["report_superior", "report_single"])
def test_N4_noi_nhan_starts_nhu_tren_when_there_is_a_kinh_gui(docs, kind):
    entries = recipients(getattr(docs, kind).last)
    assert entries[0] == "- Như trên;"
    assert entries.count("- Như trên;") == 1
    assert entries[-1] == "- Lưu: VT, STTTT."


def test_N4_without_addressees_no_kinh_gui_and_no_nhu_tren(docs):
    pdf = docs.report
    assert "Kính gửi" not in pdf.text
    assert "Như trên" not in pdf.text
    assert recipients(pdf.last)[0] == "- Thành viên Ban Chỉ đạo;"


# --- G8: parts, khoản, điểm ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["report", "report_superior"])
def test_G8_roman_part_headings_caps_bold_in_order(docs, kind):
    parts = [s for _page, s in segments_in_text_area(getattr(docs, kind)) if PART_RE.match(s.text)]
    assert [s.text for s in parts] == [f"{roman(i)}. {t.upper()}" for i, t in enumerate(REPORT_PARTS, 1)]
    for part in parts:
        assert part.text == part.text.upper()
        assert part.bold and part.upright
        assert 13 <= part.size <= 14
        assert abs(part.x0 - LEFT - 10 * MM) <= 0.3 * MM


@pytest.mark.parametrize("kind", ["report", "report_superior"])
def test_G8_khoan_numbers_upright_body_size_bold_only_with_a_title(docs, kind):
    khoan = [s for _page, s in segments_in_text_area(getattr(docs, kind)) if KHOAN_RE.match(s.text)]
    texts = [s.text for s in khoan]
    assert texts[:2] == ["1. Công tác chỉ đạo, điều hành", "2. Hạ tầng kỹ thuật và nền tảng dùng chung"]
    assert "1. Tỷ lệ hồ sơ nộp trực tuyến còn thấp." in texts
    for segment in khoan:
        number = [c for c in segment.ink if c["text"] != " "][: len(segment.text.split(" ")[0])]
        assert all("Italic" not in base_font(c["fontname"]) for c in number)
        assert segment.upright
        assert {round(c["size"], 2) for c in number} == {14.0}
        assert abs(segment.x0 - LEFT - 10 * MM) <= 0.3 * MM
    titled = {"1. Công tác chỉ đạo, điều hành", "2. Hạ tầng kỹ thuật và nền tảng dùng chung"}
    for segment in khoan:
        assert segment.bold if segment.text in titled else segment.not_bold, segment


@pytest.mark.parametrize("kind", ["report", "report_superior"])
def test_G8_diem_lettered_in_the_vietnamese_order_upright(docs, kind):
    points = [s for _page, s in segments_in_text_area(getattr(docs, kind)) if DIEM_RE.match(s.text)]
    assert [s.text.split(")")[0] for s in points] == ["a", "b", "c", "d", "đ"]
    assert [s.text for s in points][0] == f"a) {REPORT_POINTS[0]}"
    for point in points:
        assert point.upright and point.not_bold
        assert point.size == 14
        assert abs(point.x0 - LEFT - 10 * MM) <= 0.3 * MM


# --- G7: the body; X5: "./." ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", REPORTS)
def test_G7_body_justified_13_14pt_1cm_indent_6pt_between_paragraphs(docs, kind):
    pdf = getattr(docs, kind)
    right_edge = pdf.first.width - RIGHT
    checked = 0
    for lines in body_lines(pdf):
        for line, following in zip(lines, lines[1:], strict=False):
            assert 13 <= line.size <= 14, line
            if not (PART_RE.match(line.text) or KHOAN_RE.match(line.text)):
                assert line.not_bold and line.upright, line
            assert min(abs(line.x0 - LEFT), abs(line.x0 - LEFT - 10 * MM)) <= 0.3 * MM, line
            if abs(following.x0 - LEFT) <= 0.3 * MM:  # the paragraph goes on: a justified line
                assert abs(line.x1 - right_edge) <= 0.5 * MM, line
                assert 1.15 * line.size <= following.top - line.top <= 1.725 * line.size
            else:  # a new paragraph: at least 6 pt more
                assert following.top - line.top >= 1.15 * line.size + 6 - 0.5, (line, following)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("kind", REPORTS)
def test_X5_the_content_ends_with_dot_slash_dot(docs, kind):
    pdf = getattr(docs, kind)
    last_line = body_lines(pdf)[-1][-1]
    assert last_line.text.endswith("./.")
    assert pdf.text.count("./.") == 1


# --- the builder ----------------------------------------------------------------------------------


def _plain(**overrides) -> dict:
    committee = SimpleNamespace(
        name="Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh Tây Ninh",
        parent_body="UBND tỉnh Tây Ninh",
        short_code="BCĐCQĐT",
        place_name="Tây Ninh",
        signs_on_behalf_of="",
        print_signer_post=False,
    )
    arguments = {
        "committee": committee,
        "number": 3,
        "signed_on": datetime.date(2031, 3, 31),
        "summary": "Kết quả quý I năm 2031",
        "sections": [ReportSection("Kết quả", items=[ReportItem("Đã làm.")])],
        "addressees": [],
        "signer_user": SimpleNamespace(display_name="TS. Nguyễn Văn A", position="Chủ tịch UBND tỉnh"),
        "signed_as": "chair",
        "recipients": ["Thành viên Ban Chỉ đạo"],
    }
    return {**arguments, **overrides}


def test_report_context_header_date_and_signature():
    context = report_context(**_plain())
    assert context["header"].number_line == "Số: 03/BC-BCĐCQĐT"
    assert context["header"].dated_line == "Tây Ninh, ngày 31 tháng 3 năm 2031"
    assert context["signature"].lines == ["TRƯỞNG BAN"] and context["signature"].name == "Nguyễn Văn A"
    assert context["recipients"] == ["Thành viên Ban Chỉ đạo", "Lưu: VT"]
    assert context["addressees"] == []


def test_report_recipients_put_nhu_tren_first_and_luu_last_once():
    given = ["- Như trên;", "Sở Tài chính;", "Lưu: VT, STTTT.", "Sở Nội vụ"]
    assert report_recipients(given, to_superior=True) == [
        "Như trên",
        "Sở Tài chính",
        "Sở Nội vụ",
        "Lưu: VT, STTTT",
    ]
    assert report_recipients(given, to_superior=False) == ["Sở Tài chính", "Sở Nội vụ", "Lưu: VT, STTTT"]


def test_report_blocks_number_parts_khoan_and_diem_and_close_the_content():
    blocks = report_blocks(
        [
            ReportSection(
                "Kết quả", paragraphs=["Mở đầu."], items=[ReportItem(title="Chỉ đạo", text="Đã làm.")]
            ),
            ReportSection(
                "kiến nghị",
                items=[ReportItem("Đề nghị:", points=["một;", "hai;", "ba;", "bốn;", "năm;", "sáu"])],
            ),
        ],
        intro=["Thực hiện …, Ban Chỉ đạo báo cáo như sau:"],
    )
    printed = [f"{b.label} {b.text}".strip() for b in blocks]
    assert printed == [
        "Thực hiện …, Ban Chỉ đạo báo cáo như sau:",
        "I. KẾT QUẢ",
        "Mở đầu.",
        "1. Chỉ đạo",
        "Đã làm.",
        "II. KIẾN NGHỊ",
        "1. Đề nghị:",
        "a) một;",
        "b) hai;",
        "c) ba;",
        "d) bốn;",
        "đ) năm;",
        "e) sáu./.",
    ]
    assert [b.kind for b in blocks][1:5] == ["part", "paragraph", "item_title", "paragraph"]


@pytest.mark.parametrize(("number", "numeral"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL")])
def test_roman_numerals(number, numeral):
    assert roman(number) == numeral


def test_points_follow_the_vietnamese_alphabet():
    assert "".join(point_letter(i) for i in range(10)) == "abcdđeghik"
