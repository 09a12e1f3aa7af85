"""The demo's meeting papers: one-page PDFs in the national format, made when a paper is added."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from django.utils.html import escape


def paper_pdf(
    *, agency: str, symbol: str, day: datetime.date, title: str, paragraphs: Sequence[str]
) -> bytes:
    """A one-page paper with the national header (Decree 30/2020), rendered by WeasyPrint."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    heading = escape(title.upper()).replace("/", "/\u2060")  # keep "I/2026" on one line
    html = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
      body {{ font-family: "Times New Roman", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.35; }}
      table.head {{ width: 100%; table-layout: fixed; text-align: center; font-size: 12pt; }}
      table.head td {{ vertical-align: top; }}
      .date {{ font-style: italic; font-size: 13pt; padding-top: 6pt; }}
      h1 {{ font-size: 14pt; text-align: center; margin: 18pt 0 12pt; }}
      p {{ text-indent: 1cm; text-align: justify; margin: 0 0 6pt; }}
    </style></head><body>
      <table class="head"><colgroup><col style="width: 40%"><col style="width: 60%"></colgroup><tr>
        <td>UBND TỈNH TÂY NINH<br><strong>{escape(agency.upper())}</strong><br><br>Số: {escape(symbol)}</td>
        <td><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong>Độc lập - Tự do - Hạnh phúc</strong>
          <div class="date">Tây Ninh, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}</div></td>
      </tr></table>
      <h1>{heading}</h1>{body}
    </body></html>"""
    progress = logging.getLogger("weasyprint.progress")
    level = progress.level
    progress.setLevel(logging.WARNING)  # its step-by-step INFO lines are noise in seed_demo's output
    try:
        import weasyprint  # slow to import (~1 s): only when a paper is made

        return weasyprint.HTML(string=html).write_pdf()
    finally:
        progress.setLevel(level)
