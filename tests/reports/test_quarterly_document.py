"""The quarterly report (Báo cáo, Mẫu 1.4) as a PDF: the figures of the fixture quarter of
test_quarterly_figures.py printed as counted (totals, rates, the numbers of the minutes and the
notice), the same document-format rules as every other document (G, H, T, S, N, D4, X5 of
shared/docs/vn-document-format.md, by calling the very tests of tests/documents), the draft's
marks, and the PDF/A copy archived once with its SHA-256.

"quarterly" is approved by the chair (number 03), "quarterly_acting" by a deputy acting for the chair
(KT. TRƯỞNG BAN), "quarterly_draft" is a draft; the rows are made directly (the workflow's services
are tested with the views), in a transaction rolled back after rendering.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from dataclasses import dataclass
from functools import partial

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from documents.rendering.context import dated_line
from members.errors import DomainError
from reports import jobs, quarterly_documents
from reports.models import QuarterlyReport, QuarterlyReportDocument
from reports.quarterly import compile_quarter, previous_quarter
from tests.documents import test_layout as layout
from tests.documents import test_rendering as rendering
from tests.documents import test_report as report_rules
from tests.documents import test_signature as signature
from tests.documents.conftest import CHAIR_NAME, DEPUTY_NAME, SHORT_CODE, _cast
from tests.documents.pdfcheck import LEFT, MM, TOP, Pdf, parse, title_segment
from tests.reports.test_quarterly_figures import build_quarter

pytestmark = [pytest.mark.xdist_group("quarterly-documents"), pytest.mark.django_db]

RESULTS = (
    "Ban Chỉ đạo đã chỉ đạo các sở, ngành triển khai đồng bộ các nhiệm vụ chuyển đổi số trọng tâm của quý.\n"
    "Các cơ quan chủ trì chủ động phối hợp, báo cáo tiến độ đúng kỳ.\n\n"
    "Công tác theo dõi, đôn đốc được duy trì thường xuyên qua Cổng thông tin điều hành."
)
DIFFICULTIES = (
    "Một số nhiệm vụ có nội dung phức tạp, cần nhiều thời gian chuẩn bị nên còn chậm so với kế hoạch."
)
PROPOSALS = "Đề nghị các sở, ngành bố trí đủ nhân lực cho các nhiệm vụ quá hạn."
NEXT_FOCUS = "Tập trung hoàn thành các nhiệm vụ quá hạn.\n\nChuẩn bị phiên họp thường kỳ của quý sau."
SIGNATURES = {
    "quarterly": (["TRƯỞNG BAN"], CHAIR_NAME),
    "quarterly_acting": (["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], DEPUTY_NAME),
}
KINDS = list(SIGNATURES)
PART_RE = re.compile(r"^(I|II|III|IV)\. ")


@dataclass
class Reports:
    quarterly: Pdf
    quarterly_acting: Pdf
    quarterly_draft: Pdf
    quarterly_symbol: str
    quarterly_dated_line: str
    quarterly_acting_dated_line: str
    periods: dict  # kind → (year, quarter)
    quarter: int
    year: int


def make_report(
    cast, year: int, quarter: int, *, committee=None, approved_by=None, signed_as="chair", number=3
):
    committee = committee or cast.committee
    now = timezone.now()
    report = QuarterlyReport.objects.create(
        committee=committee,
        year=year,
        quarter=quarter,
        title=f"Báo cáo kết quả hoạt động quý {quarter} năm {year}",
        figures=compile_quarter(committee, year, quarter),
        figures_compiled_at=now,
        results=RESULTS,
        difficulties=DIFFICULTIES,
        proposals=PROPOSALS,
        next_focus=NEXT_FOCUS,
        created_by=cast.secretary,
    )
    if approved_by is not None:
        # Approved as the workflow leaves it (its services are the other module's).
        QuarterlyReport.objects.filter(pk=report.pk).update(
            status=QuarterlyReport.Status.APPROVED,
            submitted_by=cast.secretary,
            submitted_at=now - datetime.timedelta(hours=1),
            number=number,
            number_year=now.year,
            approved_by=approved_by,
            approved_at=now,
            signed_as=signed_as,
        )
    return quarterly_documents.report_for_document(report.pk)


def _build() -> Reports:
    cast = _cast()
    q = build_quarter(cast)
    approved = make_report(cast, q.year, q.quarter, approved_by=cast.chair)
    previous = previous_quarter(q.year, q.quarter)
    acting = make_report(cast, *previous, approved_by=cast.deputy, signed_as="acting", number=4)
    draft = make_report(cast, q.year - 1, q.quarter)
    return Reports(
        quarterly=parse(quarterly_documents.report_pdf(approved)),
        quarterly_acting=parse(quarterly_documents.report_pdf(acting)),
        quarterly_draft=parse(quarterly_documents.report_pdf(draft)),
        quarterly_symbol=approved.symbol,
        quarterly_dated_line=dated_line(cast.committee.place_name, timezone.localdate(approved.approved_at)),
        quarterly_acting_dated_line=dated_line(
            cast.committee.place_name, timezone.localdate(acting.approved_at)
        ),
        periods={
            "quarterly": (q.year, q.quarter),
            "quarterly_acting": previous,
            "quarterly_draft": (q.year - 1, q.quarter),
        },
        quarter=q.quarter,
        year=q.year,
    )


@pytest.fixture(scope="session")
def reports(django_db_setup, django_db_blocker) -> Reports:
    with django_db_blocker.unblock(), transaction.atomic():
        built = _build()
        transaction.set_rollback(True)
    return built


@pytest.fixture
def report_signatures(monkeypatch):
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
    partial(layout.test_T1_type_name_caps_bold_13_14_centred_below_the_header, name="BÁO CÁO"),
    layout.test_T3_rule_under_the_summary_a_third_to_a_half_of_its_line,
    rendering.test_G4_every_glyph_is_set_in_the_bundled_liberation_serif,
    rendering.test_G4_embedded_font_programs_are_the_bundled_files,
    rendering.test_G4_text_is_black,
    rendering.test_G4_extracted_text_is_nfc,
    report_rules.test_G4_report_is_set_in_the_bundled_serif_in_black,
    report_rules.test_X5_the_content_ends_with_dot_slash_dot,
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
def test_report_passes_the_rule_of_the_other_documents(reports, kind, rule):
    rule(reports, kind)


@pytest.mark.parametrize("rule", SIGNATURE_RULES, ids=_rule_id)
@pytest.mark.parametrize("kind", KINDS)
def test_report_passes_the_signature_rule_of_the_other_documents(reports, report_signatures, kind, rule):
    rule(reports, kind)


def test_S1_the_acting_deputys_report_is_signed_kt_truong_ban(reports):
    page = reports.quarterly_acting.last
    titles, _signer = signature.block(page, *SIGNATURES["quarterly_acting"])
    assert [t.text for t in titles] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]


@pytest.mark.parametrize("kind", KINDS)
def test_G5_page_numbers_from_page_two(reports, kind):
    layout.test_G5_page_numbers_from_page_two_centred_in_the_top_margin(reports, kind, 2)


# --- D4, H8, H10, N4: number, date, summary, Kính gửi, Nơi nhận ------------------------------------------


def test_H8_the_approved_report_is_numbered_nn_bc_code(reports):
    number = layout.number_segment(reports.quarterly.first)
    assert number.text == f"Số: 03/BC-{SHORT_CODE}" == f"Số: {reports.quarterly_symbol}"
    assert layout.NUMBER_RE.match(number.text)
    assert number.size == 13 and number.not_bold and number.upright


def test_H10_dated_the_day_it_was_approved(reports):
    (dated,) = [s for s in layout.header_segments(reports.quarterly.first) if ", ngày " in s.text]
    assert dated.text == reports.quarterly_dated_line


@pytest.mark.parametrize("kind", KINDS)
def test_D4_bao_cao_its_summary_and_kinh_gui_the_chair(reports, kind):
    page = getattr(reports, kind).first
    title = title_segment(page)
    assert title.text == "BÁO CÁO" and title.bold
    rule_top = min(r.top for r in page.rules if r.top > title.bottom)
    summary = [s for s in page.segments if title.top < s.top < rule_top]
    year, quarter = reports.periods[kind]
    assert " ".join(s.text for s in summary) == f"Kết quả hoạt động quý {quarter} năm {year}"
    (line,) = report_rules.kinh_gui(page)
    assert re.fullmatch(r"Kính gửi: Trưởng Ban (C|c)hỉ đạo .+", line.text), line.text
    entries = report_rules.recipients(getattr(reports, kind).last)
    assert entries[0] == "- Như trên;"
    assert entries[-1] == "- Lưu: VT, Tổ giúp việc."


@pytest.mark.parametrize("kind", KINDS)
def test_G8_four_parts_in_order_caps_bold(reports, kind):
    pdf = getattr(reports, kind)
    parts = [s for page in pdf.pages for s in page.segments if s.top > TOP and PART_RE.match(s.text)]
    year, quarter = reports.periods[kind]
    next_quarter, next_year = quarter % 4 + 1, year + (1 if quarter == 4 else 0)
    assert [s.text for s in parts] == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM QUÝ {['I', 'II', 'III', 'IV'][next_quarter - 1]} NĂM {next_year}",
    ]
    for part in parts:
        assert part.bold and part.upright and 13 <= part.size <= 14
        assert abs(part.x0 - LEFT - 10 * MM) <= 0.3 * MM


def test_the_narrative_is_printed_one_paragraph_per_block(reports):
    text = " ".join(reports.quarterly.text.split())
    assert (
        "Ban Chỉ đạo đã chỉ đạo các sở, ngành triển khai đồng bộ các nhiệm vụ chuyển đổi số trọng tâm của quý. "
        "Các cơ quan chủ trì chủ động phối hợp, báo cáo tiến độ đúng kỳ." in text
    )
    assert DIFFICULTIES in text and PROPOSALS in text
    assert text.count("Tập trung hoàn thành các nhiệm vụ quá hạn.") == 1
    assert "Chuẩn bị phiên họp thường kỳ của quý sau./." in text


# --- the figures, as counted by hand in test_quarterly_figures.py ---------------------------------------


def rows_starting(pdf: Pdf, first: str) -> list[str]:
    """The text of each printed line whose first segment is `first`."""
    return [
        " ".join(s.text for s in line)
        for page in pdf.pages
        for line in page.lines
        if line and line[0].text == first
    ]


def test_the_pdf_prints_the_figures_of_the_records(reports):
    pdf = reports.quarterly
    text = " ".join(pdf.text.split())
    # Meetings and their documents' numbers.
    assert "Trong quý đã tổ chức 4 cuộc họp: 1 phiên họp thường kỳ, 1 phiên họp đột xuất" in text
    assert f"03/BB-{SHORT_CODE}" in text and f"02/TB-{SHORT_CODE}" in text
    assert f"Đã ký 2 biên bản họp (số 02/BB-{SHORT_CODE}, 03/BB-{SHORT_CODE})" in text
    assert f"ban hành 1 thông báo kết luận (số 02/TB-{SHORT_CODE})" in text
    # Attendance: 8 invited, (3 present + 1 substitute) / 7 recorded.
    assert "Tỷ lệ dự họp đạt 57,1%" in text
    assert "Tổng cộng 3 1 1 2 57,1%" in rows_starting(pdf, "Tổng cộng")
    # Directives by agency: the table's rows and totals, the rate and its change.
    assert "Sở Kế hoạch và Đầu tư 5 1 1 2 2 50,0%" in " ".join(
        " ".join(s.text for s in line) for page in pdf.pages for line in page.lines
    )
    assert "Tổng cộng 7 2 1 2 3 66,7%" in rows_starting(pdf, "Tổng cộng")
    assert "Tỷ lệ hoàn thành đúng hạn đạt 66,7% (quý trước 50,0%, tăng 16,7 điểm phần trăm)" in text
    # The plan's items and the support group's months.
    assert "4 nội dung dự kiến thực hiện trong quý: 1 nội dung đã hoàn thành" in text
    assert "Tổ giúp việc họp định kỳ 2/3 tháng" in text


def test_the_chart_is_drawn_in_the_documents_font_in_black(reports):
    # Its small letters come out of extraction without spaces. (The G4 rules above check the
    # font and the colour of every glyph, the chart's included.)
    text = "".join(reports.quarterly.text.split())
    assert "Biểuđồ.Nhiệmvụtheocơquanchủtrìvàtiếnđộ" in text
    roman = ["I", "II", "III", "IV"][reports.quarter - 1]
    assert f"Nhiệmvụtheocơquanchủtrì,Quý{roman}/{reports.year}" in text
    assert "HoànthànhđúnghạnHoànthànhtrễhạnQuáhạnĐangthựchiện" in text
    assert "SởKếhoạchvàĐầutư6SởTàichính2" in text  # each agency's bar and its total


def test_print_ready_sets_the_chart_in_the_bundled_serif_and_black():
    svg = (
        '<svg font-family="DejaVu Sans, sans-serif"><text x="1" fill="#212529">a</text>'
        '<text fill="#495057">0</text><rect fill="#1b5e20"/></svg>'
    )
    assert quarterly_documents.print_ready(svg) == (
        '<svg font-family="Liberation Serif Bundled"><text x="1" fill="#000000">a</text>'
        '<text fill="#000000">0</text><rect fill="#1b5e20"/></svg>'
    )


# --- the draft -------------------------------------------------------------------------------------------


def test_draft_is_marked_du_thao_on_every_page_with_no_number_and_no_day(reports):
    pdf = reports.quarterly_draft
    assert all(rendering.watermark(page) == "".join(sorted(set("DỰTHẢO"))) for page in pdf.pages)
    assert all(rendering.watermark(page) == "" for page in reports.quarterly.pages)
    header = layout.header_segments(pdf.first)
    (number,) = [s for s in header if s.text.startswith("Số")]
    assert re.fullmatch(rf"Số:\s+/BC-{SHORT_CODE}", number.text.replace("\u00a0", " "))
    (dated,) = [s for s in header if ", ngày" in s.text]
    assert re.fullmatch(r".+, ngày\s+tháng\s+năm \d{4}", dated.text.replace("\u00a0", " "))
    # Before approval the chair in office is expected to sign.
    assert [s.text for s in pdf.last.segments if s.text == CHAIR_NAME] == [CHAIR_NAME]


def test_paragraphs_split_on_blank_lines_only():
    assert quarterly_documents.paragraphs("Một\nhai\n\n  \nBa  bốn\n") == ["Một hai", "Ba bốn"]
    assert quarterly_documents.paragraphs("") == []
    assert quarterly_documents.number(57.14) == "57,1"
    assert quarterly_documents.number(None, percent=True) == "-"


# --- file names and the archive --------------------------------------------------------------------------


@pytest.fixture
def approved_report(task_cast) -> QuarterlyReport:
    q = build_quarter(task_cast)
    return make_report(task_cast, q.year, q.quarter, approved_by=task_cast.chair)


def test_filenames_ascii_number_for_the_approved_report_and_du_thao_before(task_cast, approved_report):
    assert quarterly_documents.report_filename(approved_report) == "03-BC-BCDA.pdf"
    draft = make_report(task_cast, 2025, 2)
    assert quarterly_documents.report_filename(draft) == "du-thao-bao-cao-quy-2-2025.pdf"


def test_the_archive_is_pdf_a_with_its_sha256_and_a_rerun_returns_the_same_copy(approved_report):
    assert quarterly_documents.report_document_get(approved_report) is None
    document = quarterly_documents.report_document_archive(report=approved_report)
    stored = document.file.read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256 and len(stored) == document.size
    xmp = PdfReader(io.BytesIO(stored)).xmp_metadata.stream.get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp), xmp
    assert layout.number_segment(parse(stored).first).text == "Số: 03/BC-BCĐA"
    assert document.file.name.endswith(".pdf") and "03-BC-BCDA" in document.file.name

    again = jobs.archive_approved_report(report_id=approved_report.pk)
    assert again == document.pk
    assert quarterly_documents.report_document_get_or_archive(approved_report).pk == document.pk
    assert QuarterlyReportDocument.objects.filter(report=approved_report).count() == 1
    assert QuarterlyReportDocument.objects.get(report=approved_report).sha256 == document.sha256


def test_a_draft_is_never_archived(task_cast):
    draft = make_report(task_cast, 2025, 3)
    with pytest.raises(DomainError):
        quarterly_documents.report_document_archive(report=draft)
    assert not QuarterlyReportDocument.objects.exists()
