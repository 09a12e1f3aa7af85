"""Fonts (G4), text extraction, the URL fetcher's refusals, the archival variant, the draft mark
and the preview pictures."""

from __future__ import annotations

import io
import re
import shutil
import socket
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.safestring import mark_safe
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from documents.rendering import StaticOnlyFetcher, render_pdf
from documents.rendering.pdf import FetchRefused
from documents.rendering.preview import DOCUMENTS, render_previews, sample_minutes_context
from tests.documents.conftest import VIETNAMESE_LETTERS
from tests.documents.pdfcheck import base_font, is_bold, is_italic, parse

#: One xdist worker builds the documents once (the session fixture `docs`).
pytestmark = pytest.mark.xdist_group("documents")

KINDS = ["notice", "notice_acting", "minutes", "invitation", "personal_invitation"]
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
ROUND_TRIP = "Tây Ninh, Độc lập - Tự do - Hạnh phúc, Nơi nhận, Thư ký, Chủ tọa"
BLACK = {(0,), (0.0,), (0, 0, 0), (0.0, 0.0, 0.0), (0, 0, 0, 1), (0.0, 0.0, 0.0, 1.0)}


def embedded_fonts(data: bytes) -> dict[str, TTFont]:
    """BaseFont name → the embedded TrueType program, for every font of every page."""
    fonts = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object().get("/FontFile2")
            assert program is not None, f"{font['/BaseFont']} is not embedded as TrueType"
            fonts[str(font["/BaseFont"])] = TTFont(io.BytesIO(program.get_object().get_data()))
    return fonts


# --- G4: the bundled serif and nothing else -------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_G4_every_glyph_is_set_in_the_bundled_liberation_serif(docs, kind):
    names = {base_font(c["fontname"]) for c in getattr(docs, kind).chars}
    assert names
    for name in names:
        assert re.search(r"(times|liberation.?serif|tinos)", name, re.I), name
        # The @font-face family is named apart from any system font: a fallback shows here.
        assert name.startswith("Liberation-Serif-Bundled"), f"fallback font {name}"


@pytest.mark.parametrize("kind", KINDS)
def test_G4_embedded_font_programs_are_the_bundled_files(docs, kind):
    bundled_version = TTFont(FONT_DIR / "LiberationSerif-Regular.ttf")["name"].getDebugName(5)
    assert bundled_version.startswith("Version 2.")  # v1 (fonts-liberation) lacks Vietnamese (F4)
    for name, font in embedded_fonts(getattr(docs, kind).data).items():
        assert font["name"].getDebugName(1) == "Liberation Serif", name
        assert font["name"].getDebugName(5) == bundled_version, name


def test_G4_all_four_faces_carry_every_vietnamese_letter(docs):
    """The minutes body holds all 134 letters × 2 cases in regular, bold, italic and bold italic."""
    faces = {}
    for c in docs.minutes.chars:
        if c["text"] in VIETNAMESE_LETTERS:
            faces.setdefault((is_bold(c["fontname"]), is_italic(c["fontname"])), set()).add(c["text"])
    for face in [(False, False), (True, False), (False, True), (True, True)]:
        assert faces.get(face) == set(VIETNAMESE_LETTERS), face


@pytest.mark.parametrize("kind", KINDS)
def test_G4_text_is_black(docs, kind):
    colours = {tuple(c["non_stroking_color"] or (0,)) for c in getattr(docs, kind).chars}
    assert colours <= BLACK, colours


@pytest.mark.parametrize("kind", KINDS)
def test_G4_extracted_text_is_nfc(docs, kind):
    text = getattr(docs, kind).text
    assert unicodedata.is_normalized("NFC", text)


def test_G4_vietnamese_round_trip(docs):
    text = re.sub(r"\s+", " ", docs.notice.text + "\n" + docs.minutes.text)
    assert set(ROUND_TRIP) <= set(text)
    for phrase in ROUND_TRIP.split(", "):
        assert phrase.casefold() in text.casefold(), phrase
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Nơi nhận:" in text


# --- the URL fetcher ----------------------------------------------------------------------------

HOSTILE_BODY = """
<p>Biên bản có nội dung độc hại.</p>
<img src="file:///etc/passwd" alt="">
<img src="http://example.com/x.png" alt="">
<img src="https://example.com/y.png" alt="">
<img src="../manage.py" alt="">
<img src="fonts/../../db.sqlite3" alt="">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="">
<link rel="stylesheet" href="https://example.com/evil.css">
<style>@import url("file:///etc/hostname"); p { background: url("http://example.com/bg.png"); }</style>
<div style="background-image: url('file:///etc/shadow')">x</div>
"""
ALLOWED_PREFIXES = (
    (Path(settings.BASE_DIR) / "static" / "fonts").resolve().as_uri() + "/",
    (Path(settings.BASE_DIR) / "static" / "documents").resolve().as_uri() + "/",
)


def test_fetcher_refuses_files_and_network_named_in_the_minutes_body(monkeypatch):
    connects = []
    monkeypatch.setattr(socket.socket, "connect", lambda *a: connects.append(a))
    context = sample_minutes_context()
    context["body"] = mark_safe(HOSTILE_BODY)  # noqa: S308 - unsanitised on purpose: the fetcher is the second defence
    fetcher = StaticOnlyFetcher()

    data = render_pdf("documents/minutes.html", context, url_fetcher=fetcher)

    assert data.startswith(b"%PDF-") and parse(data).pages
    assert connects == []
    assert fetcher.served and all(url.startswith(ALLOWED_PREFIXES) for url in fetcher.served)
    assert set(fetcher.refused) == {u for u in fetcher.requested if not u.startswith(ALLOWED_PREFIXES)}
    refused = " ".join(fetcher.refused)
    for target in ("/etc/passwd", "example.com/x.png", "example.com/y.png", "manage.py", "db.sqlite3"):
        assert target in refused, target
    assert b"root:" not in data


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x",
        "data:text/css,p{}",
        "file://evil.example/etc/passwd",
        "file://{base}/static/fonts/../../manage.py",  # a real file, reached by climbing out
    ],
)
def test_fetcher_refuses_everything_outside_the_bundled_static_files(url):
    url = url.replace("{base}", str(settings.BASE_DIR))
    fetcher = StaticOnlyFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_a_symlink_that_leaves_the_allowed_folder(tmp_path):
    allowed = tmp_path / "fonts"
    allowed.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (allowed / "link.ttf").symlink_to(secret)
    fetcher = StaticOnlyFetcher(roots=[allowed])
    with pytest.raises(FetchRefused):
        fetcher.fetch((allowed / "link.ttf").as_uri())


def test_fetcher_serves_the_bundled_font_and_stylesheet():
    fetcher = StaticOnlyFetcher()
    font = fetcher.fetch((FONT_DIR / "LiberationSerif-Regular.ttf").as_uri())
    css = fetcher.fetch((Path(settings.BASE_DIR) / "static/documents/document.css").as_uri())
    assert font.read()[:4] == b"\x00\x01\x00\x00"
    assert b"@font-face" in css.read()


# --- archival and draft ---------------------------------------------------------------------------


def test_archival_variant_is_pdf_a_3b(docs):
    reader = PdfReader(io.BytesIO(docs.notice_archival))
    assert reader.xmp_metadata is not None
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp), xmp
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp), xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert embedded_fonts(docs.notice_archival)  # PDF/A: every font embedded


def watermark(page) -> str:
    """The large letters of the page (rotated text comes out of extraction in pieces)."""
    return "".join(sorted({c["text"] for c in page.chars if c["size"] >= 60 and c["text"].strip()}))


def test_draft_marks_every_page_du_thao(docs):
    assert len(docs.minutes_draft.pages) == len(docs.minutes.pages)
    for page in docs.minutes_draft.pages:
        assert watermark(page) == "".join(sorted(set("DỰTHẢO")))
    assert all(watermark(page) == "" for page in docs.minutes.pages)


# --- preview --------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils' pdftoppm")
def test_preview_writes_page_one_of_each_document_type(tmp_path):
    pngs = render_previews(tmp_path)
    assert {"document-minutes-1.png", "document-notice-1.png", "document-invitation-1.png"} <= {
        p.name for p in pngs
    }
    assert sorted(p.name for p in pngs) == sorted(f"document-{kind}-1.png" for kind in DOCUMENTS)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
