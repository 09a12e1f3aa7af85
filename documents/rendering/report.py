"""The report (báo cáo, Mẫu 1.4 of Decree 30/2020/NĐ-CP, Appendix III) as plain data.

A report's content is a list of parts ("I. KẾT QUẢ THỰC HIỆN …", caps bold: Appendix I, table V
row 6b), each with paragraphs, numbered khoản ("1.") and lettered điểm ("a)"). `report_context`
turns it into the dict that documents/report.html renders; it reads no database, so the later
quarterly-reports feature (or a preview) fills it from whatever it has.

A khoản may carry tables (`ReportTable`: a caption, a heading row repeated on every page, rows
and a totals row) and charts (`ReportChart`: a self-contained SVG drawn on the server), printed
after its text, in the order given — the quarterly report's figures (reports/quarterly_documents.py).

A report sent to a superior body (e.g. "Ủy ban nhân dân tỉnh") names it under the summary line
after "Kính gửi:" and its Nơi nhận list starts "- Như trên;" (Appendix I, II.9.b and II.9.d; N4).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone

from . import context
from .context import DocumentContext, build_header, caps, committee_signature, dated_line, number_line

#: Type abbreviation of the report (Appendix III, Part I).
DOC_TYPE_REPORT = "BC"

#: The Vietnamese alphabet that orders the điểm of a khoản: a), b), c), d), đ), e), g), …
#: (Appendix I, II.6.đ: "theo thứ tự bảng chữ cái tiếng Việt"; no f, j, w, z).
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL")]
_ROMAN += [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    """1 → "I", 4 → "IV", 14 → "XIV"."""
    if number < 1:
        raise ValueError(f"no Roman numeral for {number}")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def point_letter(index: int) -> str:
    """0 → "a", 4 → "đ", 5 → "e"; past "y" the letters double ("aa", …)."""
    count = len(POINT_LETTERS)
    return POINT_LETTERS[index % count] * (index // count + 1)


# --- the content, as the caller gives it ---------------------------------------------------------


@dataclass(frozen=True)
class ReportTable:
    """A table of figures: `caption` printed above it (bold, flush left), `headings` the heading
    row (repeated on every page), `rows` of cells as text, `totals` an optional last row in bold;
    `widths` the columns' shares of the text width in percent (equal when empty); the columns in
    `centred` are centred (numbers, dates, numbers of documents), the others flush left."""

    caption: str
    headings: list[str]
    rows: list[list[str]]
    totals: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    centred: list[int] = field(default_factory=list)

    def cells(self, row: list[str]) -> list[tuple[str, bool]]:
        """(text, centred) of each cell of a row, for the template."""
        return [(text, index in self.centred) for index, text in enumerate(row)]

    @property
    def heading_cells(self) -> list[tuple[str, bool]]:
        return [(text, True) for text in self.headings]

    @property
    def body(self) -> list[list[tuple[str, bool]]]:
        return [self.cells(row) for row in self.rows]

    @property
    def totals_cells(self) -> list[tuple[str, bool]]:
        return self.cells(self.totals) if self.totals else []


@dataclass(frozen=True)
class ReportChart:
    """A chart: `svg` a self-contained <svg> element built by the server (no script, no external
    reference, every text escaped, its text set in the document's font and in black), printed the
    width of the text with `caption` above it."""

    caption: str
    svg: str


@dataclass(frozen=True)
class ReportItem:
    """A khoản, numbered "1.", "2.", … within its part.

    Without `title`, `text` follows the number on the same line, upright and regular ("1. Các sở,
    ngành đã …"). With `title` the number and title stand on their own line in bold ("1. Công tác
    chỉ đạo, điều hành") and `text`, if any, is the first paragraph under it. `paragraphs` follow,
    then the điểm `points` ("a) …", "b) …"), upright (table V row 6b), then its `figures` (tables
    and charts) in order.
    """

    text: str = ""
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    figures: list[ReportTable | ReportChart] = field(default_factory=list)


@dataclass(frozen=True)
class ReportSection:
    """A part, numbered "I.", "II.", …: its title is printed in caps, bold; then its paragraphs,
    then its khoản (`items`)."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[ReportItem] = field(default_factory=list)


@dataclass(frozen=True)
class ReportBlock:
    """One printed paragraph of the body, in order: what report.html loops over.

    kind is "part" (I. TITLE), "item_title" (1. Title, bold), "item" (1. text), "point"
    (a) text), "paragraph", "table" or "chart" (with `figure`); `label` is the number or letter
    with its punctuation."""

    kind: str
    text: str
    label: str = ""
    figure: ReportTable | ReportChart | None = None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _end_with_slash(text: str) -> str:
    """The last words of the content end "./." (every template of Appendix III; X5)."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    return text.rstrip(" .;:,") + "./."


def report_blocks(sections: list[ReportSection], intro: list[str] | None = None) -> list[ReportBlock]:
    """The body, flattened into numbered paragraphs; the last one ends "./."."""
    blocks = [ReportBlock("paragraph", _clean(p)) for p in intro or [] if _clean(p)]
    for part, section in enumerate(sections, start=1):
        blocks.append(ReportBlock("part", caps(_clean(section.title)), f"{roman(part)}."))
        blocks += [ReportBlock("paragraph", _clean(p)) for p in section.paragraphs if _clean(p)]
        for number, item in enumerate(section.items, start=1):
            label = f"{number}."
            if item.title:
                blocks.append(ReportBlock("item_title", _clean(item.title), label))
                if _clean(item.text):
                    blocks.append(ReportBlock("paragraph", _clean(item.text)))
            else:
                blocks.append(ReportBlock("item", _clean(item.text), label))
            blocks += [ReportBlock("paragraph", _clean(p)) for p in item.paragraphs if _clean(p)]
            blocks += [
                ReportBlock("point", _clean(text), f"{point_letter(i)})")
                for i, text in enumerate(item.points)
                if _clean(text)
            ]
            blocks += [
                ReportBlock("table" if isinstance(figure, ReportTable) else "chart", "", figure=figure)
                for figure in item.figures
            ]
    for i in range(len(blocks) - 1, -1, -1):
        if blocks[i].kind in ("paragraph", "item", "point"):
            blocks[i] = ReportBlock(blocks[i].kind, _end_with_slash(blocks[i].text), blocks[i].label)
            break
    return blocks


def _recipient(text: str) -> str:
    """ "- Sở Nội vụ;" or "Sở Nội vụ" → "Sở Nội vụ": the template adds the dash and the mark."""
    return _clean(text).removeprefix("-").strip().rstrip(";.").strip()


def report_recipients(recipients: list[str], *, to_superior: bool) -> list[str]:
    """Nơi nhận: "Như trên" first when the report names its addressees under "Kính gửi" (N4),
    and "Lưu: VT" last unless the caller gave its own "Lưu: …" line (N3)."""
    entries = [r for r in (_recipient(r) for r in recipients) if r and r != "Như trên"]
    archive = [r for r in entries if r.startswith("Lưu:")]
    entries = [r for r in entries if not r.startswith("Lưu:")]
    return [*(["Như trên"] if to_superior else []), *entries, archive[-1] if archive else "Lưu: VT"]


def _blank_date(place: str) -> str:
    """A draft is dated when it is signed (Art. 15.2): blanks for the day and month until then."""
    blank = "\u00a0" * 6
    return f"{place}, ngày{blank}tháng{blank}năm {timezone.localdate().year}"


def report_context(
    *,
    committee,
    number: int | None,
    signed_on: datetime.date | None,
    summary: str,
    sections: list[ReportSection],
    addressees: list[str],
    signer_user,
    signed_as: str,
    recipients: list[str],
    intro: list[str] | None = None,
    signature: context.Signature | None = None,
) -> dict:
    """The report's template context (DocumentContext.as_dict(), kind "report").

    - `committee`: anything with the Committee fields name, parent_body, short_code, place_name,
      signs_on_behalf_of and print_signer_post (an unsaved model instance will do);
    - `number`: the number given at signing (Art. 15.2); None, a draft, prints a blank;
    - `signed_on`: the day it is signed; None, a draft, leaves the day and month blank (the
      current year printed);
    - `signature`: the signature as built elsewhere, instead of the signer's (a draft names the
      chair in office, or only the title when the post is vacant);
    - `addressees`: the bodies the report is sent to directly ("Kính gửi:"), for a report to a
      superior; empty for a report that only has a Nơi nhận list;
    - `signer_user` (display_name, position) and `signed_as` ("chair", "acting",
      "support_lead"): the signature, as committee_signature builds it;
    - `recipients`: the other recipients, without "Như trên" (added here when there are
      addressees); "Lưu: VT" is added last unless given;
    - `intro`: optional paragraphs before part I ("Thực hiện …, Ban Chỉ đạo báo cáo như sau:").
    """
    code = committee.short_code
    to = [a for a in (_recipient(a) for a in addressees) if a]
    title = (
        f"Báo cáo {_clean(summary)}" if number is None else f"Báo cáo {number:02d}/{DOC_TYPE_REPORT}-{code}"
    )
    return DocumentContext(
        kind="report",
        title=title,
        header=build_header(
            parent_body=committee.parent_body,
            body_name=committee.name,
            number_line=number_line(number, DOC_TYPE_REPORT, code),
            dated=dated_line(committee.place_name, signed_on)
            if signed_on
            else _blank_date(committee.place_name),
        ),
        doc_type="BÁO CÁO",
        summary_lines=context.summary(_clean(summary)),
        recipients=report_recipients(recipients, to_superior=bool(to)),
        extra={
            "addressees": to,
            "sections": sections,
            "body": report_blocks(sections, intro),
            "signature": signature
            or committee_signature(committee=committee, signed_as=signed_as, user=signer_user),
        },
    ).as_dict()
