"""Page 1 of each document type as a PNG in test-artifacts/, for a person to look at.

    python -m documents.rendering.preview [OUT_DIR]      (the Makefile's `docs-preview`)

The documents are filled with fixed sample data (the Tây Ninh committee of the decree's
examples), so no database is needed and two runs give the same pictures. Needs poppler-utils'
`pdftoppm`.
"""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import subprocess  # noqa: S404 - runs pdftoppm with fixed arguments
import sys
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import django

from .context import (
    DOC_TYPE_MINUTES,
    ConclusionItem,
    DocumentContext,
    Participant,
    Signature,
    build_header,
    dated_line,
    minutes_body,
    notice_signature,
    number_line,
    summary,
    vn_date,
)
from .invitation import invitation_document, meeting_place
from .pdf import render_pdf
from .report import ReportItem, ReportSection, report_context, roman

COMMITTEE = "Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh Tây Ninh"
PARENT = "UBND TỈNH TÂY NINH"
CODE = "BCĐCQĐT"
MEETING = "Phiên họp thường kỳ quý I/2019"
DAY = datetime.date(2019, 2, 6)


def sample_notice_context() -> dict:
    return DocumentContext(
        kind="notice",
        title="Thông báo 05/TB-BCĐCQĐT",
        header=build_header(
            parent_body=PARENT,
            body_name=COMMITTEE,
            number_line=f"Số: 05/TB-{CODE}",
            dated=dated_line("Tây Ninh", DAY),
        ),
        doc_type="THÔNG BÁO",
        summary_lines=summary(
            "Kết luận của đồng chí Trần Văn Chiến, Phó Chủ tịch UBND tỉnh, Phó Trưởng Ban chỉ đạo "
            f"tại {MEETING[:1].lower()}{MEETING[1:]}"
        ),
        recipients=["Thành viên Ban Chỉ đạo", "Sở Thông tin và Truyền thông", "Sở Tài chính", "Lưu: VT"],
        extra={
            "intro": (
                f"{vn_date(DAY).capitalize()}, tại Hội trường UBND tỉnh, {COMMITTEE} tổ chức {MEETING}, "
                "do Phó Chủ tịch UBND tỉnh Trần Văn Chiến chủ trì. Kết luận như sau:"
            ),
            "conclusions": [
                ConclusionItem(
                    1,
                    "Sở Thông tin và Truyền thông hoàn thiện Kiến trúc Chính quyền điện tử tỉnh phiên bản 2.0, "
                    "trình UBND tỉnh phê duyệt.",
                    "Cơ quan chủ trì: Sở Thông tin và Truyền thông; thời hạn hoàn thành: 31/03/2019.",
                ),
                ConclusionItem(
                    2,
                    "Sở Tài chính tham mưu bố trí kinh phí cho nền tảng tích hợp, chia sẻ dữ liệu của tỉnh.",
                    "Cơ quan chủ trì: Sở Tài chính; thời hạn hoàn thành: 30/04/2019.",
                ),
                ConclusionItem(
                    3, "Các sở, ban, ngành đẩy mạnh cung cấp dịch vụ công trực tuyến mức độ 3, 4."
                ),
            ],
            "closing": f"{COMMITTEE} thông báo để các cơ quan, đơn vị biết, thực hiện./.",
            "signature": notice_signature(signed_as="acting", name="TS. Trần Văn Chiến"),
        },
    ).as_dict()


def sample_minutes_context() -> dict:
    body = (
        "<h3>1. Tiến độ xây dựng Chính quyền điện tử</h3>"
        "<p>Đại diện Sở Thông tin và Truyền thông báo cáo kết quả triển khai Kiến trúc Chính quyền "
        "điện tử tỉnh, hệ thống một cửa điện tử và dịch vụ công trực tuyến trong quý IV/2018.</p>"
        "<p>Các thành viên thảo luận, thống nhất đề nghị bổ sung kinh phí cho nền tảng tích hợp, "
        "chia sẻ dữ liệu của tỉnh.</p>"
        "<blockquote>Ý kiến bằng văn bản của Sở Tài chính: thống nhất với dự thảo.</blockquote>"
    )
    return DocumentContext(
        kind="minutes",
        title=f"Biên bản {MEETING}",
        header=build_header(
            parent_body=PARENT, body_name=COMMITTEE, number_line=number_line(3, DOC_TYPE_MINUTES, CODE)
        ),
        doc_type="BIÊN BẢN",
        summary_lines=summary(MEETING),
        recipients=["Các thành viên dự họp", "Lưu: VT, Hồ sơ"],
        extra={
            "started": f"8 giờ, {vn_date(DAY)}",
            "place": "Hội trường UBND tỉnh",
            "participants": [
                Participant("Nguyễn Văn Một, Giám đốc, Sở Thông tin và Truyền thông"),
                Participant("Lê Thị Hai, Phó Giám đốc, Sở Tài chính"),
            ],
            "presiding": "Trần Văn Chiến, Phó Chủ tịch UBND tỉnh",
            "secretary": "Phạm Thị Thư, Chuyên viên Văn phòng UBND tỉnh",
            "body": minutes_body(body),
            "ended": f"10 giờ 30 phút, {vn_date(DAY)}",
            "secretary_signature": Signature(lines=["THƯ KÝ"], name="Phạm Thị Thư"),
            "presiding_signature": Signature(lines=["CHỦ TỌA"], name="Trần Văn Chiến"),
        },
    ).as_dict()


def sample_report_context() -> dict:
    """A quarterly report of the committee to the provincial People's Committee (Mẫu 1.4), long
    enough for two pages: "Kính gửi:" under the summary, parts I–III, khoản and điểm."""
    committee = SimpleNamespace(
        name=COMMITTEE,
        parent_body=PARENT,
        short_code=CODE,
        place_name="Tây Ninh",
        signs_on_behalf_of="Ban Chỉ đạo",
        print_signer_post=True,
    )
    signer = SimpleNamespace(display_name="TS. Trần Văn Chiến", position="Phó Chủ tịch UBND tỉnh")
    sections = [
        ReportSection(
            "Kết quả thực hiện nhiệm vụ quý I năm 2019",
            items=[
                ReportItem(
                    title="Công tác chỉ đạo, điều hành",
                    text=(
                        "Ban Chỉ đạo ban hành Kế hoạch hoạt động năm 2019, phân công nhiệm vụ cho từng thành "
                        "viên; tổ chức phiên họp thường kỳ quý I ngày 06 tháng 02 năm 2019 và ban hành Thông "
                        "báo số 05/TB-BCĐCQĐT kết luận của Trưởng Ban Chỉ đạo."
                    ),
                    paragraphs=[
                        "Các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố đã xây dựng kế hoạch "
                        "ứng dụng công nghệ thông tin năm 2019, gửi Sở Thông tin và Truyền thông tổng hợp "
                        "đúng thời hạn."
                    ],
                ),
                ReportItem(
                    title="Hạ tầng kỹ thuật và nền tảng dùng chung",
                    points=[
                        "Trung tâm dữ liệu tỉnh vận hành ổn định, bảo đảm an toàn thông tin cho 42 hệ thống "
                        "thông tin của các cơ quan nhà nước;",
                        "nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) đã kết nối với Trục liên thông văn "
                        "bản quốc gia và 05 cơ sở dữ liệu chuyên ngành;",
                        "mạng truyền số liệu chuyên dùng được mở rộng đến 95 xã, phường, thị trấn.",
                    ],
                ),
                ReportItem(
                    title="Ứng dụng công nghệ thông tin phục vụ người dân và doanh nghiệp",
                    text=(
                        "Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử tỉnh cung cấp 1.215 thủ tục "
                        "hành chính, trong đó 312 dịch vụ công trực tuyến mức độ 3 và 158 dịch vụ mức độ 4. "
                        "Trong quý, hệ thống tiếp nhận 48.620 hồ sơ, giải quyết đúng hạn 97,8%; tỷ lệ hồ sơ "
                        "nộp trực tuyến đạt 18,4%, tăng 6,1% so với quý IV năm 2018."
                    ),
                ),
            ],
        ),
        ReportSection(
            "Tồn tại, hạn chế và nguyên nhân",
            items=[
                ReportItem(
                    "Tỷ lệ hồ sơ nộp trực tuyến còn thấp so với chỉ tiêu của Kế hoạch; nhiều dịch vụ công "
                    "mức độ 3, 4 chưa phát sinh hồ sơ."
                ),
                ReportItem(
                    "Kinh phí cho ứng dụng công nghệ thông tin chưa đáp ứng yêu cầu; nguồn nhân lực chuyên "
                    "trách về công nghệ thông tin tại cấp huyện, cấp xã còn thiếu."
                ),
            ],
        ),
        ReportSection(
            "Nhiệm vụ trọng tâm quý II năm 2019 và kiến nghị",
            items=[
                ReportItem(
                    "Sở Thông tin và Truyền thông hoàn thiện Kiến trúc Chính quyền điện tử tỉnh phiên bản "
                    "2.0, trình Ủy ban nhân dân tỉnh phê duyệt trong tháng 4 năm 2019."
                ),
                ReportItem(
                    "Các sở, ban, ngành đẩy mạnh tuyên truyền, hướng dẫn người dân, doanh nghiệp sử dụng dịch "
                    "vụ công trực tuyến."
                ),
                ReportItem(
                    title="Kiến nghị Ủy ban nhân dân tỉnh",
                    points=[
                        "bố trí kinh phí năm 2019 cho nền tảng tích hợp, chia sẻ dữ liệu của tỉnh;",
                        "chỉ đạo các cơ quan, đơn vị thực hiện nghiêm việc gửi, nhận văn bản điện tử.",
                    ],
                ),
            ],
        ),
    ]
    return report_context(
        committee=committee,
        number=12,
        signed_on=datetime.date(2019, 3, 25),
        summary="Kết quả triển khai xây dựng Chính quyền điện tử tỉnh Tây Ninh quý I năm 2019",
        intro=[
            "Thực hiện Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh về ứng dụng công nghệ thông tin, "
            f"phát triển Chính quyền điện tử năm 2019, {COMMITTEE} báo cáo kết quả thực hiện quý I năm "
            "2019 như sau:"
        ],
        sections=sections,
        addressees=["Ủy ban nhân dân tỉnh Tây Ninh"],
        signer_user=signer,
        signed_as="acting",
        recipients=[
            "Bộ Thông tin và Truyền thông (để báo cáo)",
            "Thường trực Tỉnh ủy (để báo cáo)",
            "Thành viên Ban Chỉ đạo",
            "Lưu: VT, STTTT",
        ],
    )


def sample_invitation_context() -> dict:
    """The letter convening the committee's quarterly meeting: every invitee listed, two agenda
    items, a room with an online link."""
    return invitation_document(
        parent_body=PARENT,
        committee_name=COMMITTEE,
        place_name="Tây Ninh",
        symbol=f"04/GM-{CODE}",
        signed_on=datetime.date(2019, 1, 28),
        meeting_name="phiên họp thường kỳ quý I/2019",
        invitees=[
            "Đồng chí Trần Văn Chiến, Phó Chủ tịch UBND tỉnh, Phó Trưởng Ban",
            "Đồng chí Nguyễn Văn Một, Giám đốc Sở Thông tin và Truyền thông",
            "Đồng chí Lê Thị Hai, Giám đốc Sở Tài chính",
            "Đồng chí Võ Minh Ba, Giám đốc Sở Kế hoạch và Đầu tư",
            "Đồng chí Phạm Thị Thư, Chuyên viên, Văn phòng UBND tỉnh",
        ],
        personal=False,
        presiding="Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo",
        start=datetime.datetime(2019, 2, 6, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        place=meeting_place("Hội trường UBND tỉnh", "https://hop.tayninh.gov.vn/bcd-cqdt"),
        agenda=[
            "Báo cáo kết quả xây dựng Chính quyền điện tử năm 2018 (Sở Thông tin và Truyền thông trình bày)",
            "Kế hoạch ứng dụng công nghệ thông tin năm 2019 (Sở Kế hoạch và Đầu tư trình bày)",
        ],
        signature=notice_signature(signed_as="chair", name="TS. Nguyễn Thanh Ngọc"),
    )


def sample_plan_context() -> dict:
    """An approved work plan (Kế hoạch, Mẫu 1.4): the purpose, the items as a table (STT, nội
    dung, cơ quan chủ trì, thời gian thực hiện, kết quả dự kiến), how it is carried out."""
    items = [
        (
            "Hoàn thiện Kiến trúc Chính quyền điện tử tỉnh phiên bản 2.0",
            "Sở Thông tin và Truyền thông",
            1,
            "Quyết định phê duyệt của UBND tỉnh",
        ),
        (
            "Bố trí kinh phí cho nền tảng tích hợp, chia sẻ dữ liệu của tỉnh",
            "Sở Tài chính",
            2,
            "Kinh phí được bố trí trong dự toán năm",
        ),
        (
            "Kiểm tra việc gửi, nhận văn bản điện tử tại các sở, ngành",
            "Văn phòng UBND tỉnh",
            3,
            "Báo cáo kết quả kiểm tra",
        ),
        (
            "Đánh giá, xếp hạng mức độ chuyển đổi số của các cơ quan, địa phương",
            "Sở Nội vụ",
            4,
            "Kết quả xếp hạng được công bố",
        ),
    ]
    rows = [
        SimpleNamespace(
            order=i,
            content=content,
            owner=owner,
            period=f"Quý {roman(q)}/2019",
            expected_result=result,
        )
        for i, (content, owner, q, result) in enumerate(items, start=1)
    ]
    parts = [
        SimpleNamespace(
            label="I.",
            title="MỤC ĐÍCH, YÊU CẦU",
            paragraphs=[
                "Cụ thể hóa các nhiệm vụ xây dựng Chính quyền điện tử tỉnh năm 2019; phân công rõ cơ quan "
                "chủ trì, thời gian thực hiện và kết quả dự kiến của từng nhiệm vụ."
            ],
            rows=[],
        ),
        SimpleNamespace(label="II.", title="NỘI DUNG, NHIỆM VỤ", paragraphs=[], rows=rows),
        SimpleNamespace(
            label="III.",
            title="TỔ CHỨC THỰC HIỆN",
            paragraphs=[
                "Các cơ quan được giao chủ trì chủ động triển khai các nhiệm vụ bảo đảm chất lượng, đúng "
                f"thời gian; định kỳ hằng quý báo cáo kết quả thực hiện về {COMMITTEE} (qua Tổ giúp việc).",
                "Tổ giúp việc theo dõi, đôn đốc, tổng hợp tình hình thực hiện Kế hoạch, báo cáo Trưởng Ban "
                "chỉ đạo theo quy định./.",
            ],
            rows=[],
        ),
    ]
    return DocumentContext(
        kind="plan",
        title=f"Kế hoạch 02/KH-{CODE}",
        header=build_header(
            parent_body=PARENT,
            body_name=COMMITTEE,
            number_line=f"Số: 02/KH-{CODE}",
            dated=dated_line("Tây Ninh", datetime.date(2019, 1, 15)),
        ),
        doc_type="KẾ HOẠCH",
        summary_lines=summary("Công tác năm 2019"),
        recipients=[
            f"Thành viên {COMMITTEE}",
            *(owner for _c, owner, _q, _r in items),
            "Lưu: VT, Tổ giúp việc",
        ],
        extra={
            "parts": parts,
            "signature": notice_signature(signed_as="chair", name="TS. Nguyễn Thanh Ngọc"),
        },
    ).as_dict()


DOCUMENTS = {
    "notice": ("documents/notice.html", sample_notice_context),
    "minutes": ("documents/minutes.html", sample_minutes_context),
    "invitation": ("documents/invitation.html", sample_invitation_context),
    "report": ("documents/report.html", sample_report_context),
    "plan": ("documents/plan.html", sample_plan_context),
}


def render_previews(out_dir: Path | str = "test-artifacts", *, first_page_only: bool = True) -> list[Path]:
    """Render each document type and write `<out_dir>/document-<kind>.pdf` and its page 1 as
    `document-<kind>-1.png` (80 dpi). Returns the PNG paths."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("pdftoppm not found: install poppler-utils")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pngs = []
    for kind, (template, build) in DOCUMENTS.items():
        pdf_path = out / f"document-{kind}.pdf"
        pdf_path.write_bytes(render_pdf(template, build()))
        pages = ["-f", "1", "-l", "1"] if first_page_only else []
        subprocess.run(  # noqa: S603 - fixed executable and arguments
            [pdftoppm, "-png", "-r", "80", *pages, str(pdf_path), str(out / f"document-{kind}")],
            check=True,
        )
        pngs.extend(sorted(out.glob(f"document-{kind}-*.png")))
    return pngs


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings.dev")
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # "Step 1 - ..." per document
    args = sys.argv[1:] if argv is None else argv
    for path in render_previews(args[0] if args else "test-artifacts"):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
