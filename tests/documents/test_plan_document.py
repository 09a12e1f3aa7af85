"""The annual plan (Kế hoạch, Mẫu 1.4) on the generated PDFs: the same rule checks as the other
documents (G, H, T, S, N of shared/docs/vn-document-format.md), run by calling the very tests of
test_layout.py, test_signature.py and test_rendering.py on the plans, and the plan's own rules
(its number, summary line, parts, items' table, "./.", the draft).

"plan" is the work plan approved by the chair, long enough for two pages; "plan_acting" the
inspection plan approved by a deputy acting for the chair (KT. TRƯỞNG BAN); "plan_draft" a draft.
The plans are made through tasks.services in a transaction rolled back after rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

import pytest
from django.db import transaction
from django.utils import timezone

from documents.rendering.context import dated_line
from tasks import plans_documents, services
from tasks.models import WorkPlan
from tests.documents import test_layout as layout
from tests.documents import test_rendering as rendering
from tests.documents import test_signature as signature
from tests.documents.conftest import CHAIR_NAME, DEPUTY_NAME, _cast
from tests.documents.pdfcheck import CX0, LEFT, MM, RIGHT, TOP, Page, Pdf, Segment, parse, title_segment
from tests.members.factories import ChairActingPeriodFactory, OrganizationFactory

#: One xdist worker builds the plans once (the session fixture `plans`). Marked django_db so that
#: pytest-django sets the test database up even when this module runs alone (it creates only the
#: databases the collected tests are marked to use).
pytestmark = [pytest.mark.xdist_group("plan-documents"), pytest.mark.django_db]

PURPOSE = [
    "Cụ thể hóa các nhiệm vụ xây dựng Chính quyền điện tử, chuyển đổi số của tỉnh trong năm; phân công rõ "
    "cơ quan chủ trì, thời gian thực hiện và kết quả dự kiến của từng nhiệm vụ, làm căn cứ để các cơ quan, "
    "đơn vị chủ động triển khai.",
    "Bảo đảm sự phối hợp chặt chẽ giữa các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố; kịp thời "
    "tháo gỡ khó khăn, vướng mắc trong quá trình thực hiện.",
]
ITEMS = [
    ("Hoàn thiện Kiến trúc Chính quyền điện tử tỉnh phiên bản 3.0, trình Ủy ban nhân dân tỉnh phê duyệt", 1),
    ("Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh kết nối với Nền tảng quốc gia", 2),
    ("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh", 2),
    ("Kiểm tra việc gửi, nhận văn bản điện tử có ký số tại các sở, ban, ngành và địa phương", 3),
    ("Đánh giá, xếp hạng mức độ chuyển đổi số của các cơ quan, địa phương", 4),
    ("Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã", 3),
]
AGENCIES = ["Sở Thông tin và Truyền thông", "Văn phòng Ủy ban nhân dân tỉnh", "Sở Nội vụ"]
PLAN_ITEMS = 14  # two pages
SIGNATURES = {
    "plan": (["TRƯỞNG BAN"], CHAIR_NAME),
    "plan_acting": (["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], DEPUTY_NAME),
}
KINDS = list(SIGNATURES)
PART_RE = re.compile(r"^(I|II|III|IV)\. ")


@dataclass
class Plans:
    plan: Pdf
    plan_acting: Pdf
    plan_draft: Pdf
    plan_symbol: str
    plan_acting_symbol: str
    plan_dated_line: str
    year: int
    owners: list[str]  # of the plan's items, in order


def _plan(cast, *, kind: str, items: int, year: int) -> WorkPlan:
    plan = services.plan_create(
        committee=cast.committee, actor=cast.secretary, kind=kind, year=year, introduction="\n".join(PURPOSE)
    )
    agencies = [OrganizationFactory(name=name) for name in AGENCIES]
    for n in range(items):
        content, quarter = ITEMS[n % len(ITEMS)]
        services.plan_item_add(
            plan=plan,
            actor=cast.secretary,
            content=content,
            owner_organization=agencies[n % len(agencies)] if n % 4 else cast.org_a,
            target_quarter=quarter,
            expected_result="Báo cáo kết quả thực hiện" if n % 2 else "Quyết định phê duyệt",
        )
    return plan


def _pdf(plan: WorkPlan) -> Pdf:
    return parse(plans_documents.plan_pdf(plans_documents.plan_for_document(plan.pk)))


def _build() -> Plans:
    cast = _cast()
    year = timezone.localdate().year + 1
    plan = _plan(cast, kind=WorkPlan.Kind.WORK, items=PLAN_ITEMS, year=year)
    services.plan_approve(plan=plan, actor=cast.chair)
    acting = _plan(cast, kind=WorkPlan.Kind.INSPECTION, items=3, year=year)
    ChairActingPeriodFactory(committee=cast.committee, deputy=cast.deputy)
    services.plan_approve(plan=acting, actor=cast.deputy)
    drafted = _plan(cast, kind=WorkPlan.Kind.WORK, items=3, year=year - 1)
    plan, acting = (WorkPlan.objects.select_related("committee").get(pk=p.pk) for p in (plan, acting))
    return Plans(
        plan=_pdf(plan),
        plan_acting=_pdf(acting),
        plan_draft=_pdf(drafted),
        plan_symbol=plan.symbol,
        plan_acting_symbol=acting.symbol,
        plan_dated_line=dated_line(cast.committee.place_name, timezone.localdate(plan.approved_at)),
        year=year,
        owners=[str(item.owner_organization) for item in plan.items.select_related("owner_organization")],
    )


@pytest.fixture(scope="session")
def plans(django_db_setup, django_db_blocker) -> Plans:
    with django_db_blocker.unblock(), transaction.atomic():
        built = _build()
        transaction.set_rollback(True)
    return built


@pytest.fixture
def plan_signatures(monkeypatch):
    """The signature tests read who signs each document from their table: add the plans'."""
    for kind, expected in SIGNATURES.items():
        monkeypatch.setitem(signature.SIGNATURES, kind, expected)


# --- the same rules as every other document -----------------------------------------------------------

SAME_RULES = [
    layout.test_G1_every_page_is_a4,
    layout.test_G2_every_page_is_portrait,
    layout.test_G3_text_keeps_the_minimum_margins,
    layout.test_G3_no_glyph_crosses_the_right_margin_when_lines_are_justified,
    layout.test_G3_margins_stay_within_the_maximums,
    layout.test_H1_national_name_caps_bold_12_13_top_right,
    layout.test_H2_motto_bold_13_14_centred_under_the_national_name,
    layout.test_H3_rule_under_the_motto_as_long_as_the_motto,
    layout.test_H5_parent_body_caps_12_13_not_bold,
    layout.test_H6_issuing_body_caps_bold_12_13_centred_under_the_parent,
    layout.test_H7_rule_under_the_issuing_body_a_third_to_a_half_of_its_line,
    layout.test_H10_date_in_full_with_the_decree_zero_padding,
    layout.test_H11_date_italic_13_14_on_the_number_row_centred_under_the_national_name,
    partial(layout.test_T1_type_name_caps_bold_13_14_centred_below_the_header, name="KẾ HOẠCH"),
    layout.test_T3_rule_under_the_summary_a_third_to_a_half_of_its_line,
    rendering.test_G4_every_glyph_is_set_in_the_bundled_liberation_serif,
    rendering.test_G4_embedded_font_programs_are_the_bundled_files,
    rendering.test_G4_text_is_black,
    rendering.test_G4_extracted_text_is_nfc,
]
SIGNATURE_RULES = [
    signature.test_S2_authority_and_title_caps_bold_13_14_on_one_axis_in_the_right_half,
    signature.test_S3_name_bold_13_14_centred_without_academic_title,
    signature.test_S5_room_for_signature_and_seal_between_title_and_name,
    signature.test_N1_label_12pt_bold_italic_flush_left_level_with_the_authority_line,
    signature.test_N2_entries_11pt_upright_one_per_line_ending_semicolon,
    signature.test_N3_last_entry_is_luu_vt,
]


def _rule_id(rule) -> str:
    return getattr(rule, "func", rule).__name__.removeprefix("test_")


@pytest.mark.parametrize("rule", SAME_RULES, ids=_rule_id)
@pytest.mark.parametrize("kind", KINDS)
def test_plan_passes_the_rule_of_the_other_documents(plans, kind, rule):
    rule(plans, kind)


@pytest.mark.parametrize("rule", SIGNATURE_RULES, ids=_rule_id)
@pytest.mark.parametrize("kind", KINDS)
def test_plan_passes_the_signature_rule_of_the_other_documents(plans, plan_signatures, kind, rule):
    rule(plans, kind)


def test_S1_the_chairs_plan_is_signed_truong_ban_with_no_prefix(plans, plan_signatures):
    signature.test_S1_authority_line_has_one_of_the_five_prefixes_or_none(plans, "plan")


def test_S1_the_acting_deputys_plan_is_signed_kt_truong_ban(plans):
    """test_S1 above, for the deputy signing for the chair (its expected first line is per kind)."""
    page = plans.plan_acting.last
    titles, signer = signature.block(page, *SIGNATURES["plan_acting"])
    label = page.find("Nơi nhận:")
    column = sorted(
        (s for s in page.segments if s.x0 > page.width / 2 and label.top - 3 <= s.top < signer.top),
        key=lambda s: s.top,
    )
    assert [s.text for s in column] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert signature.PREFIX_RE.match(column[0].text)
    assert column[0].text == column[0].text.upper()


@pytest.mark.parametrize("kind", KINDS)
def test_G5_page_numbers_from_page_two_centred_in_the_top_margin(plans, kind):
    layout.test_G5_page_numbers_from_page_two_centred_in_the_top_margin(plans, kind, 2)


# --- H8, T2: the plan's number and summary line -------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_H8_number_carries_the_kh_symbol_13pt_centred_under_the_issuing_body(plans, kind):
    page = getattr(plans, kind).first
    number = layout.number_segment(page)
    assert layout.NUMBER_RE.match(number.text), number.text
    assert number.text == f"Số: {getattr(plans, f'{kind}_symbol')}"
    assert re.fullmatch(r"Số: 0[12]/KH-BCĐA", number.text)
    assert number.size == 13
    assert number.not_bold and number.upright
    assert abs(number.cx - layout.agency_lines(page)[0].cx) < 1.5 * MM


def test_H10_the_plan_is_dated_the_day_it_was_approved(plans):
    (dated,) = [s for s in layout.header_segments(plans.plan.first) if ", ngày " in s.text]
    assert dated.text == plans.plan_dated_line


@pytest.mark.parametrize(
    ("kind", "summary"), [("plan", "Công tác năm {}"), ("plan_acting", "Kiểm tra năm {}")]
)
def test_T2_summary_bold_13_14_centred_names_the_plan_and_its_year(plans, kind, summary):
    lines = layout.summary_lines(getattr(plans, kind).first)
    assert " ".join(s.text for s in lines) == summary.format(plans.year)
    for line in lines:
        assert line.bold and line.upright
        assert 13 <= line.size <= 14
        assert abs(line.cx - CX0) < 1.5 * MM


# --- the plan's body: parts (G8), the purpose (G7), the items' table, "./." (X5) ---------------------


def text_segments(pdf: Pdf) -> list[tuple[Page, Segment]]:
    return [(page, s) for page in pdf.pages for s in page.segments if s.top > TOP]


@pytest.mark.parametrize(
    ("kind", "parts"),
    [
        ("plan", ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, NHIỆM VỤ", "III. TỔ CHỨC THỰC HIỆN"]),
        ("plan_acting", ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG KIỂM TRA", "III. TỔ CHỨC THỰC HIỆN"]),
    ],
)
def test_G8_parts_numbered_in_roman_caps_bold_indented_like_the_body(plans, kind, parts):
    found = [s for _page, s in text_segments(getattr(plans, kind)) if PART_RE.match(s.text)]
    assert [s.text for s in found] == parts
    for part in found:
        assert part.bold and part.upright
        assert 13 <= part.size <= 14
        assert abs(part.x0 - LEFT - 10 * MM) <= 0.3 * MM


def test_G7_the_purpose_is_justified_13_14pt_with_a_1cm_indent(plans):
    page = plans.plan.first
    start = page.find("I. MỤC ĐÍCH, YÊU CẦU")
    end = page.find("II. NỘI DUNG, NHIỆM VỤ")
    lines = [line[0] for line in page.lines if start.bottom < line[0].top < end.top]
    right_edge = page.width - RIGHT
    assert len(lines) >= 4  # two paragraphs, each on more than one line
    assert " ".join(s.text for s in lines) == " ".join(PURPOSE)
    for line, following in zip(lines, lines[1:], strict=False):
        assert 13 <= line.size <= 14
        assert line.not_bold and line.upright
        assert min(abs(line.x0 - LEFT), abs(line.x0 - LEFT - 10 * MM)) <= 0.3 * MM, line
        if abs(following.x0 - LEFT) <= 0.3 * MM:  # the paragraph goes on: a justified line
            assert abs(line.x1 - right_edge) <= 0.5 * MM, line
            assert 1.15 * line.size <= following.top - line.top <= 1.725 * line.size
        else:  # a new paragraph: at least 6 pt more
            assert following.top - line.top >= 1.15 * line.size + 6 - 0.5


TABLE_HEADINGS = ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện", "Kết quả dự kiến"]
#: The table's columns as shares of the text area (documents/plan.html), less the body's 0.3 mm.
COLUMN_SHARES = [0.08, 0.34, 0.20, 0.17, 0.21]
TABLE_WIDTH = 165 * MM - 0.3 * MM


def column_lines(page: Page, column: int, top: float, bottom: float) -> list[tuple[float, str]]:
    """(top, text) of each line of one column of the items' table between `top` and `bottom`."""
    left = LEFT + sum(COLUMN_SHARES[:column]) * TABLE_WIDTH
    right = left + COLUMN_SHARES[column] * TABLE_WIDTH
    chars = [c for c in page.chars if left <= c["x0"] and c["x1"] <= right and top <= c["top"] < bottom]
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(c["top"] - lines[-1][0]["top"]) < 2.5:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [(line[0]["top"], "".join(c["text"] for c in line).strip()) for line in lines]


def table_rows(pdf: Pdf) -> list[list[str]]:
    """Each row of the items' table as printed: its five cells' text, lines joined by a space."""
    rows = []
    for page in pdf.pages:
        headings = [s for s in page.segments if s.text.startswith("STT")]
        if not headings:
            continue
        top = headings[0].bottom + 1
        ends = [s.top for s in page.find_all(r"^III\. ")]
        bottom = ends[0] if ends else page.height
        # A row starts at its number in the STT column (the heading row's cells end above `top`).
        starts = [t for t, text in column_lines(page, 0, top, bottom) if text.isdigit()]
        for first, following in zip(starts, [*starts[1:], bottom], strict=True):
            cells = [
                " ".join(text for _t, text in column_lines(page, column, first - 1, following - 1))
                for column in range(5)
            ]
            rows.append(cells)
    return rows


def test_items_table_lists_every_item_with_its_agency_quarter_and_result_in_order(plans):
    rows = table_rows(plans.plan)

    assert [cells[0] for cells in rows] == [str(n) for n in range(1, PLAN_ITEMS + 1)]
    for n, cells in enumerate(rows):
        content, quarter = ITEMS[n % len(ITEMS)]
        assert cells[1] == content, n + 1
        assert cells[2] == plans.owners[n], n + 1
        assert cells[3] == f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{plans.year}"
        assert cells[4] == ("Báo cáo kết quả thực hiện" if n % 2 else "Quyết định phê duyệt")


def test_items_table_heading_row_is_bold_and_repeats_on_each_page(plans):
    pages = [page for page in plans.plan.pages if page.find_all(r"^STT")]
    assert len(pages) >= 2, "the plan under test should carry its table onto a second page"
    for page in pages:
        (number,) = page.find_all(r"^STT")
        # The heading cells are centred vertically: a two-line heading starts above "STT".
        row = [s for s in page.segments if number.top - 12 <= s.top <= number.bottom + 12 and s.bold]
        text = " ".join(s.text for s in sorted(row, key=lambda s: (s.x0, s.top)))
        for words in ("STT", "Nội dung", "Cơ quan chủ", "Thời gian", "Kết quả dự"):
            assert words in text, (words, text)
        for segment in row:
            assert segment.bold and segment.upright
            assert 13 <= segment.size <= 14


@pytest.mark.parametrize("kind", KINDS)
def test_X5_the_content_ends_with_dot_slash_dot_once(plans, kind):
    pdf = getattr(plans, kind)
    assert pdf.text.count("./.") == 1
    label = pdf.last.find("Nơi nhận:")
    body = [
        s
        for page in pdf.pages
        for s in page.segments
        if s.top > TOP and (page is not pdf.last or s.bottom < label.top)
    ]
    assert body[-1].text.endswith("./.")
    assert body[-1].text.endswith("theo quy định./.")


@pytest.mark.parametrize("kind", KINDS)
def test_N_recipients_are_the_members_the_owner_agencies_once_and_the_archive(plans, kind):
    page = getattr(plans, kind).last
    entries = [text for text, _segments in signature.recipient_entries(page, page.find("Nơi nhận:"))]
    assert entries[0].startswith("- Thành viên Ban Chỉ đạo")
    assert entries[-1] == "- Lưu: VT, Tổ giúp việc."
    assert len(entries) == len(set(entries))


# --- the draft ----------------------------------------------------------------------------------------


def test_draft_is_marked_du_thao_on_every_page_with_no_number_and_no_day(plans):
    pdf = plans.plan_draft
    assert all(rendering.watermark(page) == "".join(sorted(set("DỰTHẢO"))) for page in pdf.pages)
    assert all(rendering.watermark(page) == "" for page in plans.plan.pages)
    header = layout.header_segments(pdf.first)
    (number,) = [s for s in header if s.text.startswith("Số")]
    assert re.fullmatch(r"Số:\s+/KH-BCĐA", number.text.replace("\u00a0", " "))
    (dated,) = [s for s in header if s.text.startswith("Tây Ninh")]
    assert re.fullmatch(
        rf"Tây Ninh, ngày\s+tháng\s+năm {timezone.localdate().year}", dated.text.replace("\u00a0", " ")
    )
    assert title_segment(pdf.first).text == "KẾ HOẠCH"


def test_plan_summary_drops_the_leading_ke_hoach_only():
    plan = WorkPlan(title="Kế hoạch  công tác năm 2027")
    assert plans_documents.plan_summary(plan) == "Công tác năm 2027"
    assert (
        plans_documents.plan_summary(WorkPlan(title="Chương trình chuyển đổi số"))
        == "Chương trình chuyển đổi số"
    )
    assert plans_documents.quarter_period(4, 2027) == "Quý IV/2027"
