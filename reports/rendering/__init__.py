"""Official documents as PDF (Decree 30/2020/NĐ-CP): context builders, templates, WeasyPrint.

`render_pdf("documents/notice.html", notice_context(notice))` → bytes.
"""

from .context import minutes_context, notice_context
from .invitation import invitation_context
from .pdf import ARCHIVAL_VARIANT, StaticOnlyFetcher, render_pdf
from .report import ReportItem, ReportSection, report_context

__all__ = [
    "ARCHIVAL_VARIANT",
    "ReportItem",
    "ReportSection",
    "StaticOnlyFetcher",
    "invitation_context",
    "minutes_context",
    "notice_context",
    "render_pdf",
    "report_context",
]
