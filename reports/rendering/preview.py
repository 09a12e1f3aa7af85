"""Page 1 of each document type as a PNG in test-artifacts/, for a person to look at.

    python -m reports.rendering.preview [OUT_DIR]      (the Makefile's `docs-preview`)

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
        summary_lines=summary(f"Kết luận của Trưởng Ban Chỉ đạo tại {MEETING}"),
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


DOCUMENTS = {
    "notice": ("documents/notice.html", sample_notice_context),
    "minutes": ("documents/minutes.html", sample_minutes_context),
}


def render_previews(out_dir: Path | str = "test-artifacts", *, first_page_only: bool = True) -> list[Path]:
    """Render each document type and write `<out_dir>/document-<kind>.pdf` and its page 1 as
    `document-<kind>-1.png` (80 dpi). Returns the PNG paths."""
    from .pdf import render_pdf

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
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings.dev")
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # "Step 1 - ..." per document
    args = sys.argv[1:] if argv is None else argv
    for path in render_previews(args[0] if args else "test-artifacts"):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
