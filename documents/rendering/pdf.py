"""HTML → PDF for the committee's official documents (Decree 30/2020/NĐ-CP, Appendix I).

A Django template renders the document; WeasyPrint lays it out with the bundled Liberation Serif
faces and the shared stylesheet. WeasyPrint may fetch only files under `static/fonts/` and
`static/documents/`: every other URL (another file, `http(s)://`, `data:`, ...) is refused, so
text that reaches a template (the minutes are HTML written by people) can neither read the
server's files nor make it call out to the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Folders (under the static dir) that a document may load files from.
ALLOWED_SUBDIRS = ("fonts", "documents")

#: Archival variant for signed documents (Decree 30/2020 asks for PDF 1.4 or later; PDF/A-3b
#: keeps the fonts embedded and the colours defined, and allows attachments).
ARCHIVAL_VARIANT = "pdf/a-3b"

#: The "DỰ THẢO" (draft) mark: a fixed box, which WeasyPrint repeats on every page.
DRAFT_CSS = """
body::before {
    content: "DỰ THẢO";
    position: fixed;
    top: 119mm;
    left: 0;
    width: 100%;
    text-align: center;
    font-family: "Liberation Serif Bundled";
    font-weight: bold;
    font-size: 84pt;
    letter-spacing: 6pt;
    color: rgba(200, 0, 0, 0.16);
    transform: rotate(-35deg);
    z-index: -1;
}
"""


class FetchRefused(ValueError):
    """WeasyPrint asked for a URL outside the bundled static files."""


def static_dir() -> Path:
    """The folder the document templates' relative URLs resolve against."""
    return Path(getattr(settings, "DOCUMENTS_STATIC_DIR", settings.BASE_DIR / "static")).resolve()


class StaticOnlyFetcher(URLFetcher):
    """Serves `file://` URLs inside the allowed static folders; refuses everything else.

    Every URL asked for is kept in `requested`, every refused one in `refused`, so tests (and
    logs) can show what a document tried to load. WeasyPrint turns the refusal into a warning
    and renders on without the resource.
    """

    def __init__(self, roots: list[Path] | None = None) -> None:
        super().__init__(timeout=1, allow_redirects=False)
        base = static_dir()
        self.roots = [r.resolve() for r in (roots or [base / sub for sub in ALLOWED_SUBDIRS])]
        self.requested: list[str] = []
        self.refused: list[str] = []
        self.served: list[str] = []

    def allowed_path(self, url: str) -> Path | None:
        """The local file this URL names, if it lies inside an allowed folder; else None."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()  # resolves "..", and symlinks out of the tree
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        path = self.allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise FetchRefused(f"Documents may only load the bundled static files, not {url[:200]!r}")
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            content_type = "font/ttf"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def open(self, url, data=None, timeout=None):  # the urllib entry point, closed too
        return self.fetch(url if isinstance(url, str) else url.full_url)


def render_html(template_name: str, context: dict, *, draft: bool = False) -> str:
    """The document's HTML, always in Vietnamese: its wording is fixed by the decree."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, {**context, "draft": draft})


def render_pdf(
    template_name: str,
    context: dict,
    *,
    draft: bool = False,
    pdf_variant: str | None = None,
    url_fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """Render a document template to PDF bytes.

    `draft=True` marks every page "DỰ THẢO"; `pdf_variant="pdf/a-3b"` (ARCHIVAL_VARIANT) is
    for the copy kept at signing. `url_fetcher` defaults to a fresh StaticOnlyFetcher.
    """
    html = render_html(template_name, context, draft=draft)
    fetcher = url_fetcher or StaticOnlyFetcher()
    font_config = FontConfiguration()
    stylesheets = [CSS(string=DRAFT_CSS, font_config=font_config, url_fetcher=fetcher)] if draft else []
    document = HTML(string=html, base_url=static_dir().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=stylesheets,
        font_config=font_config,
        pdf_variant=pdf_variant,
    )
