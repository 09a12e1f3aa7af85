"""Official documents as PDF (Decree 30/2020/NĐ-CP): context builders, templates, WeasyPrint.

`render_pdf("documents/notice.html", notice_context(notice))` → bytes.
"""

from .context import minutes_context, notice_context
from .pdf import ARCHIVAL_VARIANT, StaticOnlyFetcher, render_pdf

__all__ = ["ARCHIVAL_VARIANT", "StaticOnlyFetcher", "minutes_context", "notice_context", "render_pdf"]
