"""Read a generated PDF the way shared/docs/vn-document-format.md §1 says to test it.

Lines are chars grouped by their top; a line splits into segments at horizontal gaps wider than
8 mm (the two header columns, the two signature columns). Thin rectangles (height < 1.5 pt) are
the short solid rules. Everything is in pt, `top` from the top edge of the page.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import pdfplumber

MM = 72 / 25.4
A4_W, A4_H = 595.28, 841.89
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
CX0 = (LEFT + (A4_W - RIGHT)) / 2  # centre of the text area: 112.5 mm
SEGMENT_GAP = 8 * MM
LINE_TOLERANCE = 2.5  # pt: chars whose tops differ by less share a line


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def base_font(fontname: str) -> str:
    """ "ABCDEF+Liberation-Serif-Bundled-Bold" → "Liberation-Serif-Bundled-Bold"."""
    return fontname.split("+", 1)[1] if "+" in fontname else fontname


def is_bold(fontname: str) -> bool:
    return "Bold" in base_font(fontname)


def is_italic(fontname: str) -> bool:
    name = base_font(fontname)
    return "Italic" in name or "Oblique" in name


@dataclass
class Segment:
    chars: list[dict]

    @cached_property
    def text(self) -> str:
        return nfc("".join(c["text"] for c in self.chars)).strip()

    @property
    def ink(self) -> list[dict]:
        return [c for c in self.chars if c["text"].strip()]

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.ink)

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.ink)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.ink)

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.ink)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def sizes(self) -> set[float]:
        return {round(c["size"], 2) for c in self.ink}

    @property
    def size(self) -> float:
        (size,) = self.sizes
        return size

    @property
    def bold(self) -> bool:
        return all(is_bold(c["fontname"]) for c in self.ink)

    @property
    def not_bold(self) -> bool:
        return not any(is_bold(c["fontname"]) for c in self.ink)

    @property
    def italic(self) -> bool:
        return all(is_italic(c["fontname"]) for c in self.ink)

    @property
    def upright(self) -> bool:
        return not any(is_italic(c["fontname"]) for c in self.ink)

    def __repr__(self) -> str:
        return f"<{self.text!r} x0={self.x0 / MM:.1f}mm top={self.top:.1f} sizes={self.sizes}>"


@dataclass
class Rule:
    x0: float
    x1: float
    top: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    chars: list[dict]
    rules: list[Rule]
    text: str
    lines: list[list[Segment]] = field(default_factory=list)

    @property
    def segments(self) -> list[Segment]:
        return [s for line in self.lines for s in line]

    def find(self, text: str) -> Segment:
        """The one segment whose text is exactly `text`."""
        found = [s for s in self.segments if s.text == nfc(text)]
        assert len(found) == 1, f"{len(found)} segments are {text!r} on page {self.number}: {self.segments}"
        return found[0]

    def find_all(self, pattern: str) -> list[Segment]:
        return [s for s in self.segments if re.search(pattern, s.text)]

    def rules_below(self, segment: Segment, within: float = 6 * MM) -> list[Rule]:
        return [r for r in self.rules if 0 <= r.top - segment.bottom <= within]


def past_right_margin(page: Page, margin: float = RIGHT) -> list[str]:
    """The glyphs whose right edge lies past the right margin (none may, G3), each described by
    its line's end and by how far past it goes."""
    edge = page.width - margin
    found = []
    for line in page.lines:
        for segment in line:
            for c in segment.ink:
                if c["x1"] > edge:
                    found.append(
                        f"{c['text']!r} {(c['x1'] - edge) / MM:.3f} mm past, in …{segment.text[-40:]!r}"
                    )
    return found


def title_segment(page: Page) -> Segment:
    """The document type name (T1)."""
    names = ("THÔNG BÁO", "BIÊN BẢN", "GIẤY MỜI", "BÁO CÁO", "KẾ HOẠCH")
    (title,) = [s for s in page.segments if s.text in names]
    return title


def header_segments(page: Page) -> list[Segment]:
    """Everything above the document type name: ô 1–4."""
    limit = title_segment(page).top
    return [s for s in page.segments if s.top < limit]


def _lines(chars: list[dict]) -> list[list[Segment]]:
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if not c["text"].strip() and not rows:
            continue
        if rows and abs(c["top"] - rows[-1][0]["top"]) < LINE_TOLERANCE:
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        segments: list[list[dict]] = [[row[0]]]
        for prev, c in zip(row, row[1:], strict=False):
            if c["x0"] - prev["x1"] > SEGMENT_GAP:
                segments.append([c])
            else:
                segments[-1].append(c)
        line = [Segment(s) for s in segments if any(ch["text"].strip() for ch in s)]
        if line:
            lines.append(line)
    return lines


@dataclass
class Pdf:
    data: bytes
    pages: list[Page]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    @property
    def first(self) -> Page:
        return self.pages[0]

    @property
    def last(self) -> Page:
        return self.pages[-1]

    @property
    def chars(self) -> list[dict]:
        return [c for p in self.pages for c in p.chars]


def parse(data: bytes) -> Pdf:
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = list(page.chars)
            thin = [r for r in [*page.rects, *page.lines] if r["height"] < 1.5 and r["width"] > 1]
            pages.append(
                Page(
                    number=number,
                    width=float(page.width),
                    height=float(page.height),
                    chars=chars,
                    rules=[Rule(r["x0"], r["x1"], r["top"]) for r in thin],
                    text=nfc(page.extract_text() or ""),
                    lines=_lines(chars),
                )
            )
    return Pdf(data=data, pages=pages)
