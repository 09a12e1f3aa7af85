"""Official documents as PDF (Decree 30/2020/NĐ-CP): the layout's building blocks, the templates'
context from plain values, WeasyPrint with a fetcher that loads only the bundled fonts.

`render_pdf("documents/notice.html", context)` → bytes; a feature builds `context` from its
records with `DocumentContext`, `build_header`, `committee_signature`, ... (meetings.documents).
"""

from .pdf import ARCHIVAL_VARIANT, StaticOnlyFetcher, render_pdf
from .report import ReportItem, ReportSection, report_context

__all__ = [
    "ARCHIVAL_VARIANT",
    "ReportItem",
    "ReportSection",
    "StaticOnlyFetcher",
    "render_pdf",
    "report_context",
]
