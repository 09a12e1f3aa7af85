"""Page, header and title rules (G, H, T of shared/docs/vn-document-format.md) on the generated PDFs.

Each test is named after the rule it checks; "notice" is signed by the chair, "notice_acting" by
a deputy for the chair, "minutes" runs to several pages.
"""

from __future__ import annotations

import re

import pytest

from tests.documents.conftest import COMMITTEE_NAME, PARENT_BODY, REPORT_SUMMARY
from tests.documents.pdfcheck import (
    A4_H,
    A4_W,
    BOTTOM,
    CX0,
    LEFT,
    MM,
    RIGHT,
    TOP,
    Page,
    Segment,
    header_segments,
    past_right_margin,
    title_segment,
)

#: One xdist worker builds the documents once (the session fixture `docs`).
pytestmark = pytest.mark.xdist_group("documents")

KINDS = [
    "notice",
    "notice_acting",
    "minutes",
    "report",
    "report_superior",
    "invitation",
    "personal_invitation",
]
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ISSUER_COLUMN_RIGHT = (30 + 65) * MM  # the header's left column ends here (document.css)
DATE_RE = re.compile(r"ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}")
NUMBER_RE = re.compile(r"^Số: (0[1-9]|[1-9]\d+)/[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ0-9][A-Za-zĐđ0-9.]*)+$")


def pdf_of(docs, kind):
    return getattr(docs, kind)


def issuer_column(page: Page) -> list[Segment]:
    return [s for s in header_segments(page) if s.cx < ISSUER_COLUMN_RIGHT and not s.text.startswith("Số")]


def agency_lines(page: Page) -> list[Segment]:
    """The issuing body's name: the bold lines under the parent body."""
    return [s for s in issuer_column(page)[1:] if s.bold]


def number_segment(page: Page) -> Segment:
    (number,) = [s for s in header_segments(page) if s.text.startswith("Số")]
    return number


# --- G: the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_G1_every_page_is_a4(docs, kind):
    for page in pdf_of(docs, kind).pages:
        assert abs(page.width - A4_W) <= 1 and abs(page.height - A4_H) <= 1, (page.width, page.height)


@pytest.mark.parametrize("kind", KINDS)
def test_G2_every_page_is_portrait(docs, kind):
    assert all(page.width < page.height for page in pdf_of(docs, kind).pages)


@pytest.mark.parametrize("kind", KINDS)
def test_G3_text_keeps_the_minimum_margins(docs, kind):
    tolerance = 0.5 * MM
    for page in pdf_of(docs, kind).pages:
        ink = [c for c in page.chars if c["text"].strip()]
        body = [c for c in ink if c["bottom"] > TOP]  # the page number sits in the top margin (G5)
        assert min(c["x0"] for c in ink) >= LEFT - tolerance
        assert page.width - max(c["x1"] for c in ink) >= RIGHT - tolerance
        assert page.height - max(c["bottom"] for c in ink) >= BOTTOM - tolerance
        assert min(c["top"] for c in body) >= TOP - tolerance


@pytest.mark.parametrize("kind", [*KINDS, "minutes_draft"])
def test_G3_no_glyph_crosses_the_right_margin_when_lines_are_justified(docs, kind):
    """The minutes (30 long justified paragraphs, every Vietnamese letter) and the notice: no
    glyph's right edge past 15 mm from the page's edge, not even by a tenth of a millimetre."""
    for page in pdf_of(docs, kind).pages:
        assert past_right_margin(page) == [], f"page {page.number}"


@pytest.mark.parametrize("kind", KINDS)
def test_G3_margins_stay_within_the_maximums(docs, kind):
    """Full-width justified lines end 15–20 mm from the right edge and start 30–35 mm from the
    left; the first line starts within 25 mm of the top."""
    page = pdf_of(docs, kind).first
    ink = [c for c in page.chars if c["text"].strip()]
    assert min(c["x0"] for c in ink) <= 35 * MM
    assert page.width - max(c["x1"] for c in ink) <= 20 * MM
    assert min(c["top"] for c in ink) <= 25 * MM


@pytest.mark.parametrize(("kind", "pages"), [("minutes", 3), ("report", 2), ("report_superior", 2)])
def test_G5_page_numbers_from_page_two_centred_in_the_top_margin(docs, kind, pages):
    pdf = pdf_of(docs, kind)
    assert len(pdf.pages) >= pages, f"the {kind} under test should run to several pages"
    assert not [c for c in pdf.first.chars if c["text"].strip() and c["bottom"] < TOP]
    for page in pdf.pages[1:]:
        in_margin = [s for s in page.segments if s.bottom < TOP]
        assert [s.text for s in in_margin] == [str(page.number)]
        (number,) = in_margin
        assert 13 <= number.size <= 14
        assert number.not_bold and number.upright
        assert abs(number.cx - CX0) < 2 * MM


@pytest.mark.parametrize("kind", ["notice", "notice_acting", "invitation", "personal_invitation"])
def test_G5_a_one_page_document_has_no_page_number(docs, kind):
    pdf = pdf_of(docs, kind)
    assert len(pdf.pages) == 1
    assert not [c for c in pdf.first.chars if c["text"].strip() and c["bottom"] < TOP]


# --- H: the header -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_H1_national_name_caps_bold_12_13_top_right(docs, kind):
    page = pdf_of(docs, kind).first
    national = page.find(NATIONAL_NAME)
    assert 12 <= national.size <= 13
    assert national.bold and national.upright
    assert national.cx > page.width / 2
    assert abs(national.top - page.lines[0][0].top) < 1  # on the first row


@pytest.mark.parametrize("kind", KINDS)
def test_H2_motto_bold_13_14_centred_under_the_national_name(docs, kind):
    page = pdf_of(docs, kind).first
    national, motto = page.find(NATIONAL_NAME), page.find(MOTTO)
    assert "\u2013" not in motto.text and motto.text.count(" - ") == 2
    assert 13 <= motto.size <= 14
    assert motto.bold and motto.upright
    assert abs(motto.cx - national.cx) < 1.5 * MM
    assert 0 < motto.top - national.top <= 1.3 * national.size + 1  # next row, single-spaced (H4)


@pytest.mark.parametrize("kind", KINDS)
def test_H3_rule_under_the_motto_as_long_as_the_motto(docs, kind):
    page = pdf_of(docs, kind).first
    motto = page.find(MOTTO)
    (rule,) = page.rules_below(motto)
    assert abs(rule.width - motto.width) <= 1.5 * MM
    assert abs(rule.cx - motto.cx) <= 1.5 * MM


@pytest.mark.parametrize("kind", KINDS)
def test_H5_parent_body_caps_12_13_not_bold(docs, kind):
    parent = issuer_column(pdf_of(docs, kind).first)[0]
    assert parent.text == PARENT_BODY.upper()
    assert 12 <= parent.size <= 13
    assert parent.not_bold and parent.upright


@pytest.mark.parametrize("kind", KINDS)
def test_H6_issuing_body_caps_bold_12_13_centred_under_the_parent(docs, kind):
    page = pdf_of(docs, kind).first
    parent, lines = issuer_column(page)[0], agency_lines(page)
    assert " ".join(s.text for s in lines) == COMMITTEE_NAME.upper()
    assert len(lines) >= 2  # the long name wraps, every line centred on one axis
    for line in lines:
        assert line.text == line.text.upper()
        assert 12 <= line.size <= 13
        assert line.bold and line.upright
        assert abs(line.cx - parent.cx) < 1.5 * MM
        assert abs(line.cx - lines[0].cx) < 1.5 * MM


@pytest.mark.parametrize("kind", KINDS)
def test_H7_rule_under_the_issuing_body_a_third_to_a_half_of_its_line(docs, kind):
    page = pdf_of(docs, kind).first
    lines = agency_lines(page)
    widest = max(s.width for s in lines)
    (rule,) = page.rules_below(lines[-1])
    assert widest / 3 - MM <= rule.width <= widest / 2 + MM
    assert abs(rule.cx - lines[0].cx) < 1.5 * MM


@pytest.mark.parametrize("kind", KINDS)
def test_H8_number_line_13pt_upright_centred_under_the_issuing_body(docs, kind):
    page = pdf_of(docs, kind).first
    number = number_segment(page)
    assert NUMBER_RE.match(number.text), number.text
    assert number.size == 13
    assert number.not_bold and number.upright
    assert abs(number.cx - agency_lines(page)[0].cx) < 1.5 * MM
    expected = {
        "notice": docs.notice_symbol,
        "notice_acting": docs.notice_acting_symbol,
        "minutes": docs.minutes_symbol,
        "report": docs.report_symbol,
        "report_superior": docs.report_superior_symbol,
        "invitation": docs.invitation_symbol,
        "personal_invitation": docs.invitation_symbol,  # the same numbered letter, one addressee
    }[kind]
    assert number.text == f"Số: {expected}"


def test_H8_numbers_below_ten_take_a_leading_zero(docs):
    assert docs.notice_symbol.startswith("01/TB-")
    assert docs.minutes_symbol.startswith("01/BB-")


@pytest.mark.parametrize(
    "kind", ["notice", "notice_acting", "report", "report_superior", "invitation", "personal_invitation"]
)
def test_H10_date_in_full_with_the_decree_zero_padding(docs, kind):
    page = pdf_of(docs, kind).first
    (dated,) = [s for s in header_segments(page) if ", ngày " in s.text]
    assert re.fullmatch(r"Tây Ninh, " + DATE_RE.pattern, dated.text), dated.text
    if kind == "notice":
        assert dated.text == docs.notice_dated_line
    if kind.startswith("report"):
        assert dated.text == docs.report_dated_line == "Tây Ninh, ngày 05 tháng 01 năm 2031"
    if kind.endswith("invitation"):
        assert dated.text == docs.invitation_dated_line


def test_H10_year_end_notices_dated_31_december_and_02_january(docs):
    dates = [
        next(s.text for s in header_segments(pdf.first) if ", ngày " in s.text)
        for _symbol, pdf in docs.year_end
    ]
    assert dates == [
        "Tây Ninh, ngày 31 tháng 12 năm 2030",
        "Tây Ninh, ngày 31 tháng 12 năm 2030",
        "Tây Ninh, ngày 02 tháng 01 năm 2031",
    ]


@pytest.mark.parametrize(
    "kind", ["notice", "notice_acting", "report", "report_superior", "invitation", "personal_invitation"]
)
def test_H11_date_italic_13_14_on_the_number_row_centred_under_the_national_name(docs, kind):
    page = pdf_of(docs, kind).first
    (dated,) = [s for s in header_segments(page) if ", ngày " in s.text]
    assert dated.italic
    assert 13 <= dated.size <= 14
    assert abs(dated.top - number_segment(page).top) < 3
    assert abs(dated.cx - page.find(NATIONAL_NAME).cx) < 1.5 * MM


def test_H12_minutes_header_has_no_place_and_date_line(docs):
    page = docs.minutes.first
    header = header_segments(page)
    assert not [s for s in header if ", ngày " in s.text]
    right = [s.text for s in header if s.cx >= ISSUER_COLUMN_RIGHT]
    assert right == [NATIONAL_NAME, MOTTO]


# --- T: type name and summary line ----------------------------------------------------------------


def summary_lines(page: Page) -> list[Segment]:
    title = title_segment(page)
    # The bold lines between the type name and the short rule under them (a report's body may
    # open with a bold "I. …" heading right after that rule).
    rule_top = min((r.top for r in page.rules if r.top > title.bottom), default=page.height)
    lines = []
    for segment in page.segments:
        if segment.top > rule_top:
            break
        if segment.top <= title.top or not segment.bold:
            if lines:
                break
            continue
        lines.append(segment)
    return lines


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("notice", "THÔNG BÁO"),
        ("notice_acting", "THÔNG BÁO"),
        ("minutes", "BIÊN BẢN"),
        ("report", "BÁO CÁO"),
        ("report_superior", "BÁO CÁO"),
        ("invitation", "GIẤY MỜI"),
        ("personal_invitation", "GIẤY MỜI"),
    ],
)
def test_T1_type_name_caps_bold_13_14_centred_below_the_header(docs, kind, name):
    page = pdf_of(docs, kind).first
    title = title_segment(page)
    assert title.text == name
    assert title.bold and title.upright
    assert 13 <= title.size <= 14
    assert abs(title.cx - CX0) < 1.5 * MM
    assert title.top > number_segment(page).bottom


@pytest.mark.parametrize("kind", KINDS)
def test_T2_summary_bold_13_14_centred_under_the_type_name(docs, kind):
    page = pdf_of(docs, kind).first
    lines = summary_lines(page)
    assert lines
    expected = {
        "minutes": docs.meeting_name,
        "report": REPORT_SUMMARY,
        "report_superior": REPORT_SUMMARY,
    }.get(kind)
    if kind.endswith("invitation"):  # D3: the trích yếu is the meeting's content
        expected = f"Dự {docs.meeting_name[:1].lower()}{docs.meeting_name[1:]}"
    text = " ".join(s.text for s in lines)
    if expected:
        assert text == expected
    else:
        assert text.startswith("Kết luận của ") and " tại " in text
    for line in lines:
        assert line.bold and line.upright
        assert 13 <= line.size <= 14
        assert abs(line.cx - CX0) < 1.5 * MM


def test_T2_notice_summary_names_the_presiding_person_and_meeting(docs):
    """As practice writes it: "đồng chí", the name without academic title, the post, the title in
    the committee, then the meeting inside the sentence (issue 9)."""
    text = " ".join(s.text for s in summary_lines(docs.notice.first))
    meeting = docs.meeting_name[:1].lower() + docs.meeting_name[1:]
    assert text == (
        f"Kết luận của đồng chí Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh, Trưởng Ban chỉ đạo tại {meeting}"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_T3_rule_under_the_summary_a_third_to_a_half_of_its_line(docs, kind):
    page = pdf_of(docs, kind).first
    lines = summary_lines(page)
    widest = max(s.width for s in lines)
    (rule,) = page.rules_below(lines[-1])
    assert widest / 3 - MM <= rule.width <= widest / 2 + MM
    assert abs(rule.cx - CX0) < 1.5 * MM


# --- G7: body text ---------------------------------------------------------------------------------


def test_G7_body_13_14pt_justified_with_a_1cm_first_line_indent(docs):
    """Page 2 of the minutes is body paragraphs only: each starts 10 mm in, every line that a
    continuation follows ends at the right margin, lines are 1.15–1.5 × the size apart."""
    page = docs.minutes.pages[1]
    body = [line[0] for line in page.lines if line[0].top > TOP]
    right_edge = page.width - RIGHT
    for line, following in zip(body, body[1:], strict=False):
        assert 13 <= line.size <= 14
        assert min(abs(line.x0 - LEFT), abs(line.x0 - LEFT - 10 * MM)) <= 0.3 * MM, line
        if abs(following.x0 - LEFT) <= 0.3 * MM:  # the paragraph goes on: a justified line
            assert abs(line.x1 - right_edge) <= 0.5 * MM, line
            assert 1.15 * line.size <= following.top - line.top <= 1.725 * line.size
        else:  # a new paragraph: at least 6 pt more
            assert following.top - line.top >= 1.15 * line.size + 6 - 0.5
