"""The quarterly report as an official document (báo cáo, Mẫu 1.4 of Decree 30/2020/NĐ-CP): its
PDF from documents/rendering/report.py with its tables and the scoreboard chart, and the PDF/A copy
archived once it is approved (like tasks/plans_documents.py for plans).

Header (the committee's parent body and name, the national motto, "Số: NN/BC-<code>", place and
date), "BÁO CÁO" and its summary line, "Kính gửi: Trưởng Ban Chỉ đạo", then:

- I. KẾT QUẢ THỰC HIỆN: the secretariat's `results`, then the figures compiled from the records
  (report.figures, reports/quarterly.py): 1. meetings (table), 2. attendance per member (table),
  3. minutes and notices issued, 4. directives by lead agency (table with totals and the on-time
  rate, and the scoreboard chart), 5. the plan's items of the quarter (table), 6. the support
  group's monthly meetings;
- II. difficulties and causes, III. proposals, IV. next quarter's focus: the narrative fields,
  plain text, one paragraph per block separated by a blank line; the last ends "./.";

the signature (TRƯỞNG BAN, or KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN) and Nơi nhận. A draft prints
"DỰ THẢO" on every page and leaves the number and the day blank; the approved report is rendered
once as PDF/A and served from the stored file ever after (documents.ArchivedDocument).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents import services as document_services
from documents.rendering import ARCHIVAL_VARIANT, render_pdf
from documents.rendering.context import Signature, signer_name
from documents.rendering.report import (
    ReportChart,
    ReportItem,
    ReportSection,
    ReportTable,
    report_context,
    roman,
)
from documents.selectors import ascii_name
from members.errors import DomainError
from members.models import RoleAssignment
from tasks.charts import FONT_FAMILY, scoreboard_chart_svg

from .models import QuarterlyReport, QuarterlyReportDocument
from .quarterly import is_complete

REPORT_TEMPLATE = "documents/report.html"
#: The chart's text as the document sets it: the bundled serif, in black (G4).
PRINT_FONT_FAMILY = "Liberation Serif Bundled"
PRINT_TEXT_COLOURS = ("#212529", "#495057")

PART_TITLES = [
    "Kết quả thực hiện",
    "Khó khăn, vướng mắc và nguyên nhân",
    "Đề xuất, kiến nghị",
]


def paragraphs(text: str) -> list[str]:
    """A narrative field as paragraphs: split on blank lines, each paragraph's lines joined."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]


def number(value: float | int | None, *, percent: bool = False) -> str:
    """57.1 → "57,1%" (the Vietnamese decimal comma); None → "-"."""
    if value is None:
        return "-"
    text = f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)
    return f"{text}%" if percent else text


def quarter_words(year: int, quarter: int) -> str:
    """ "quý III năm 2026"."""
    return f"quý {roman(quarter)} năm {year}"


# --- the figures as the report prints them -------------------------------------------------------


@dataclass(frozen=True)
class ChartRow:
    """One agency's bar of the chart (tasks.charts.ChartRow)."""

    name: str
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int


def print_ready(svg: str) -> str:
    """The page's chart as the document sets it: in the bundled serif, its text in black."""
    svg = svg.replace(f'font-family="{FONT_FAMILY}"', f'font-family="{PRINT_FONT_FAMILY}"')
    for colour in PRINT_TEXT_COLOURS:
        svg = re.sub(rf'(<text\b[^>]*?)fill="{colour}"', r'\1fill="#000000"', svg)
    return svg


def _meetings_item(figures: dict) -> ReportItem:
    meetings = figures["meetings"]
    kinds = meetings["by_kind"]
    text = (
        f"Trong quý đã tổ chức {meetings['held']} cuộc họp: {kinds['quarterly']} phiên họp thường kỳ, "
        f"{kinds['extraordinary']} phiên họp đột xuất, {kinds['extended']} phiên họp mở rộng và "
        f"{kinds['support_monthly']} cuộc họp hằng tháng của Tổ giúp việc"
    )
    text += f"; {meetings['cancelled']} cuộc họp bị hủy." if meetings["cancelled"] else "."
    if kinds.get("working_session"):
        text += f" Ngoài ra, Trưởng ban đã có {kinds['working_session']} buổi làm việc với các cơ quan."
    consulted = figures.get("consultations") or {}
    if kinds.get("written_consultation") and consulted.get("asked"):
        text += (
            f" Ban Chỉ đạo đã lấy ý kiến bằng văn bản {kinds['written_consultation']} lần: "
            f"{consulted['answered']}/{consulted['asked']} lượt thành viên đã trả lời, "
            f"{consulted['not_answered']} lượt không trả lời."
        )
    rate_by_meeting = {row["id"]: row["rate"] for row in figures["attendance"]["meetings"]}
    figures_ = []
    if meetings["list"]:
        figures_.append(
            ReportTable(
                caption="Bảng 1. Các cuộc họp đã tổ chức trong quý",
                headings=["STT", "Ngày họp", "Cuộc họp", "Số biên bản", "Số thông báo", "Tỷ lệ dự họp"],
                rows=[
                    [
                        str(n),
                        m["date"],
                        m["title"],
                        m["minutes"] or "-",
                        m["notice"] or "-",
                        number(rate_by_meeting.get(m["id"]), percent=True),
                    ]
                    for n, m in enumerate(meetings["list"], start=1)
                ],
                widths=[7, 14, 33, 17, 17, 12],
                centred=[0, 1, 3, 4, 5],
            )
        )
    return ReportItem(title="Công tác hội họp", text=text, figures=figures_)


def _attendance_item(figures: dict) -> ReportItem:
    att = figures["attendance"]
    if att["invited"]:
        text = (
            f"Các cuộc họp của Ban Chỉ đạo có {att['invited']} lượt thành viên được mời: {att['present']} lượt "
            f"có mặt, {att['substitute_present']} lượt cử người dự thay, {att['absent_approved']} lượt vắng "
            f"mặt có phép, {att['absent_unexcused']} lượt vắng mặt không phép"
        )
        if att["not_recorded"]:
            text += f", {att['not_recorded']} lượt chưa ghi nhận"
        text += f". Tỷ lệ dự họp đạt {number(att['rate'], percent=True)}."
    else:
        text = "Trong quý không có cuộc họp nào của Ban Chỉ đạo được ghi nhận thành phần tham dự."
    figures_ = []
    if att["members"]:
        figures_.append(
            ReportTable(
                caption="Bảng 2. Tình hình tham dự họp của thành viên",
                headings=[
                    "STT",
                    "Thành viên",
                    "Có mặt",
                    "Dự thay",
                    "Vắng có phép",
                    "Vắng không phép",
                    "Tỷ lệ",
                ],
                rows=[
                    [
                        str(n),
                        signer_name(row["name"]),  # as a document names a person: no academic title
                        str(row["present"]),
                        str(row["substitute_present"]),
                        str(row["absent_approved"]),
                        str(row["absent_unexcused"]),
                        number(row["rate"], percent=True),
                    ]
                    for n, row in enumerate(att["members"], start=1)
                ],
                totals=[
                    "",
                    "Tổng cộng",
                    str(att["present"]),
                    str(att["substitute_present"]),
                    str(att["absent_approved"]),
                    str(att["absent_unexcused"]),
                    number(att["rate"], percent=True),
                ],
                widths=[7, 33, 11, 11, 13, 13, 12],
                centred=[0, 2, 3, 4, 5, 6],
            )
        )
    return ReportItem(title="Tình hình tham dự họp", text=text, figures=figures_)


def _documents_item(figures: dict) -> ReportItem:
    docs = figures["documents"]
    minutes = ", ".join(m["symbol"] for m in docs["minutes"])
    notices = ", ".join(n["symbol"] for n in docs["notices"])
    text = f"Đã ký {docs['minutes_count']} biên bản họp" + (f" (số {minutes})" if minutes else "")
    text += f"; ban hành {docs['notices_count']} thông báo kết luận" + (f" (số {notices})" if notices else "")
    return ReportItem(title="Văn bản đã ban hành", text=text + ".")


def _directives_item(figures: dict) -> ReportItem:
    d = figures["directives"]
    t = d["totals"]
    text = (
        f"Trong quý giao mới {t['opened']} nhiệm vụ; hoàn thành {t['done']} nhiệm vụ ({t['done_on_time']} đúng "
        f"hạn, {t['done_late']} trễ hạn). Tính đến ngày {d['as_of']}, còn {t['overdue']} nhiệm vụ quá hạn và "
        f"{t['in_progress']} nhiệm vụ đang thực hiện. Tỷ lệ hoàn thành đúng hạn đạt "
        f"{number(t['on_time_rate'], percent=True)}"
    )
    if t["change"] is not None:
        direction = "tăng" if t["change"] > 0 else ("giảm" if t["change"] < 0 else "không đổi")
        text += f" (quý trước {number(t['previous_rate'], percent=True)}, {direction}"
        text += f" {number(abs(t['change']))} điểm phần trăm)." if t["change"] else ")."
    else:
        text += "."
    figures_: list[ReportTable | ReportChart] = []
    if d["agencies"]:
        figures_.append(
            ReportTable(
                caption="Bảng 3. Tình hình thực hiện nhiệm vụ theo cơ quan chủ trì",
                headings=[
                    "STT",
                    "Cơ quan chủ trì",
                    "Giao mới",
                    "Đúng hạn",
                    "Trễ hạn",
                    "Quá hạn",
                    "Đang thực hiện",
                    "Tỷ lệ đúng hạn",
                ],
                rows=[
                    [
                        str(n),
                        row["name"],
                        *(
                            str(row[key])
                            for key in ("opened", "done_on_time", "done_late", "overdue", "in_progress")
                        ),
                        number(row["on_time_rate"], percent=True),
                    ]
                    for n, row in enumerate(d["agencies"], start=1)
                ],
                totals=[
                    "",
                    t["name"],
                    *(
                        str(t[key])
                        for key in ("opened", "done_on_time", "done_late", "overdue", "in_progress")
                    ),
                    number(t["on_time_rate"], percent=True),
                ],
                widths=[7, 29, 9, 10, 9, 9, 13, 14],
                centred=[0, 2, 3, 4, 5, 6, 7],
            )
        )
        rows = [
            ChartRow(
                name=row["name"],
                done_on_time=row["done_on_time"],
                done_late=row["done_late"],
                overdue=row["overdue"],
                in_progress=row["in_progress"],
            )
            for row in d["agencies"]
        ]
        title = f"Nhiệm vụ theo cơ quan chủ trì, {figures['period_display']['label']}"
        figures_.append(
            ReportChart(
                caption="Biểu đồ. Nhiệm vụ theo cơ quan chủ trì và tiến độ",
                svg=print_ready(scoreboard_chart_svg(rows, title=title, id_prefix="quarterly-report")),
            )
        )
    return ReportItem(title="Tình hình thực hiện nhiệm vụ", text=text, figures=figures_)


def _plan_item(figures: dict) -> ReportItem:
    plan = figures["plan_items"]
    if not plan["total"]:
        return ReportItem(
            title="Thực hiện Kế hoạch công tác",
            text="Kế hoạch công tác năm không có nội dung dự kiến trong quý.",
        )
    text = (
        f"Kế hoạch công tác năm có {plan['total']} nội dung dự kiến thực hiện trong quý: {plan['done']} nội dung "
        f"đã hoàn thành, {plan['in_progress']} đang thực hiện, {plan['overdue']} quá hạn, "
        f"{plan['not_started']} chưa giao nhiệm vụ."
    )
    table = ReportTable(
        caption="Bảng 4. Các nội dung Kế hoạch công tác dự kiến trong quý",
        headings=["STT", "Nội dung", "Cơ quan chủ trì", "Tình hình thực hiện"],
        rows=[
            [str(n), item["content"], item["owner"], item["state_label"]]
            for n, item in enumerate(plan["items"], start=1)
        ],
        widths=[7, 47, 26, 20],
        centred=[0],
    )
    return ReportItem(title="Thực hiện Kế hoạch công tác", text=text, figures=[table])


def _support_item(figures: dict) -> ReportItem:
    sg = figures["support_group"]
    parts = []
    for month in sg["months"]:
        if month["state"] == "met":
            parts.append(f"tháng {month['label']} họp ngày {', '.join(month['dates'])}")
        elif month["state"] == "not_met":
            parts.append(f"tháng {month['label']} không họp")
        else:
            parts.append(f"tháng {month['label']} chưa họp")
    text = f"Tổ giúp việc họp định kỳ {sg['months_met']}/{len(sg['months'])} tháng: " + "; ".join(parts) + "."
    return ReportItem(title="Hoạt động của Tổ giúp việc", text=text)


def report_sections(report: QuarterlyReport) -> list[ReportSection]:
    figures = report.figures or {}
    year, quarter = report.year, report.quarter
    next_year, next_quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    results = []
    if is_complete(figures):
        results = [
            _meetings_item(figures),
            _attendance_item(figures),
            _documents_item(figures),
            _directives_item(figures),
            _plan_item(figures),
            _support_item(figures),
        ]
    return [
        ReportSection(title=PART_TITLES[0], paragraphs=paragraphs(report.results), items=results),
        ReportSection(title=PART_TITLES[1], paragraphs=paragraphs(report.difficulties)),
        ReportSection(title=PART_TITLES[2], paragraphs=paragraphs(report.proposals)),
        ReportSection(
            title=f"Phương hướng, nhiệm vụ trọng tâm {quarter_words(next_year, next_quarter)}",
            paragraphs=paragraphs(report.next_focus),
        ),
    ]


def report_summary(report: QuarterlyReport) -> str:
    """The summary line under "BÁO CÁO": the title without its leading "Báo cáo"."""
    title = " ".join((report.title or "").split())
    if title.casefold().startswith("báo cáo "):
        title = title[len("báo cáo ") :]
    if not title:
        title = f"Kết quả hoạt động {quarter_words(report.year, report.quarter)}"
    return title[:1].upper() + title[1:]


def _chair_in_office(report: QuarterlyReport):
    assignment = (
        RoleAssignment.objects.in_force(timezone.localdate())
        .filter(committee_id=report.committee_id, role=RoleAssignment.Role.CHAIR)
        .select_related("user")
        .order_by("start_date", "pk")
        .first()
    )
    return assignment.user if assignment else None


def report_document_context(report: QuarterlyReport) -> dict:
    """The template context of the report (documents.rendering.report_context), in Vietnamese
    whatever the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        committee = report.committee
        approved = report.status == QuarterlyReport.Status.APPROVED
        signature = None
        if approved:
            signer, signed_as = report.approved_by, report.signed_as or QuarterlyReport.SignedAs.CHAIR
        else:
            # Before approval the chair in office is expected to sign (their name, TRƯỞNG BAN).
            signer, signed_as = _chair_in_office(report), QuarterlyReport.SignedAs.CHAIR
            if signer is None:
                signature = Signature(lines=["TRƯỞNG BAN"], name="")
        context = report_context(
            committee=committee,
            number=report.number if approved else None,
            signed_on=timezone.localdate(report.approved_at) if approved else None,
            summary=report_summary(report),
            sections=report_sections(report),
            addressees=[f"Trưởng {committee.name}"],
            signer_user=signer,
            signed_as=signed_as,
            recipients=[f"Thành viên {committee.name}", "Lưu: VT, Tổ giúp việc"],
            intro=[
                f"Thực hiện Quy chế hoạt động của {committee.name}, {committee.name} báo cáo kết quả hoạt "
                f"động {quarter_words(report.year, report.quarter)} như sau:"
            ],
            signature=signature,
        )
        if not approved:
            context["title"] = report.title or context["title"]
        return context


# --- reads ------------------------------------------------------------------------------------------


def report_for_document(report_id: int) -> QuarterlyReport:
    return QuarterlyReport.objects.select_related("committee", "approved_by").get(pk=report_id)


def report_pdf(report: QuarterlyReport, *, pdf_variant: str | None = None) -> bytes:
    """The report's PDF as it stands (a draft shows "DỰ THẢO"; an approved one its number)."""
    return render_pdf(
        REPORT_TEMPLATE,
        report_document_context(report),
        draft=report.status != QuarterlyReport.Status.APPROVED,
        pdf_variant=pdf_variant,
    )


def report_filename(report: QuarterlyReport) -> str:
    """The download's name: "03-BC-BCDCQDT.pdf" once approved, "du-thao-bao-cao-quy-3-2026.pdf" before."""
    if report.status == QuarterlyReport.Status.APPROVED:
        code = ascii_name(report.committee.short_code)
        return f"{report.number:02d}-{QuarterlyReport.DOC_TYPE}-{code}.pdf"
    return f"du-thao-bao-cao-quy-{report.quarter}-{report.year}.pdf"


def report_document_get(report: QuarterlyReport) -> QuarterlyReportDocument | None:
    """The archived copy of the approved report, or None before it is made."""
    return QuarterlyReportDocument.objects.filter(report_id=report.pk).first()


# --- the archive ------------------------------------------------------------------------------------


@transaction.atomic
def report_document_archive(*, report: QuarterlyReport) -> QuarterlyReportDocument:
    """Render the approved report once as PDF/A and store it with its SHA-256 (Decree 30/2020,
    Art. 15: the signed original is kept as issued). Idempotent: a second call, or a second
    worker, gets the stored copy."""
    # Locking the report makes a concurrent archiver wait, then find the copy made here.
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    if report.status != QuarterlyReport.Status.APPROVED:
        raise DomainError(_("Only an approved report is archived."))
    existing = report_document_get(report)
    if existing is not None:
        return existing
    report = report_for_document(report.pk)
    return document_services.archived_document_store(
        QuarterlyReportDocument(report=report),
        pdf=report_pdf(report, pdf_variant=ARCHIVAL_VARIANT),
        filename=report_filename(report),
        reason="archived at approval",
        stored_first=lambda: report_document_get(report),
    )


def report_document_get_or_archive(report: QuarterlyReport) -> QuarterlyReportDocument:
    """The stored copy of the approved report, made now if its job has not run yet: a plain read
    when it exists, so a download takes no lock."""
    return report_document_get(report) or report_document_archive(report=report)
