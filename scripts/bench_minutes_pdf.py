"""Benchmark: render a 12-page minutes document (Mẫu 1.9) to PDF, as printed for signing.

Run: `.venv/bin/python scripts/bench_minutes_pdf.py [repeats]`. Prints the page count and the
min / median / max wall time of `render_pdf`; the figures go to docs/benchmarks.md. Timings are
measured here, never asserted in tests (the machines are shared and noisy).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings.dev")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader  # noqa: E402

from documents.rendering import render_pdf  # noqa: E402
from documents.rendering.context import minutes_body  # noqa: E402
from documents.rendering.preview import sample_minutes_context  # noqa: E402

ITEM = (
    "<h3>{n}. Nội dung số {n}: tiến độ triển khai Chính quyền điện tử</h3>"
    "<p>Đại diện Sở Thông tin và Truyền thông báo cáo kết quả triển khai Kiến trúc Chính quyền điện tử "
    "tỉnh, hệ thống một cửa điện tử và dịch vụ công trực tuyến toàn trình; tỷ lệ hồ sơ trực tuyến đạt "
    "58,6%; còn 14 thủ tục chưa phát sinh hồ sơ. Các thành viên thảo luận, đề nghị bổ sung kinh phí cho "
    "nền tảng tích hợp, chia sẻ dữ liệu của tỉnh và đẩy nhanh kết nối Cổng Dịch vụ công quốc gia.</p>"
    "<p>Ý kiến các thành viên: thống nhất với báo cáo; đề nghị Tổ giúp việc tổng hợp, tham mưu Trưởng "
    "Ban chỉ đạo kết luận, giao nhiệm vụ cụ thể cho từng sở, ngành và địa phương.</p>"
    "<blockquote>Ý kiến bằng văn bản của Sở Tài chính: thống nhất với dự thảo.</blockquote>"
)


def context_with_pages(target_pages: int = 12) -> tuple[dict, int]:
    items = 8
    while True:
        context = sample_minutes_context()
        context["body"] = minutes_body("".join(ITEM.format(n=n) for n in range(1, items + 1)))
        pages = len(PdfReader(io.BytesIO(render_pdf("documents/minutes.html", context))).pages)
        if pages >= target_pages:
            return context, pages
        items = int(items * target_pages / pages) + 1


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    context, pages = context_with_pages()
    render_pdf("documents/minutes.html", context)  # warm-up: fonts, templates
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        render_pdf("documents/minutes.html", context)
        times.append(time.perf_counter() - start)
    print(
        f"minutes PDF, {pages} pages, {repeats} runs: min {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s"
    )


if __name__ == "__main__":
    main()
