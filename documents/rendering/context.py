"""Template context for the official documents: a Notice or Minutes → header, title, body,
signatures and recipients, laid out as Decree 30/2020/NĐ-CP, Appendix I and III ask.

The wording of these documents is fixed by the decree, so everything here is Vietnamese
whatever language the person asking for the PDF uses. The builders read the database; the
dataclasses they fill are plain, so a preview (preview.py) can fill them without one.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from fontTools.ttLib import TTFont

#: Type abbreviations (Appendix III, Part I) of the documents rendered here.
DOC_TYPE_NOTICE = "TB"
DOC_TYPE_MINUTES = "BB"

#: Header column widths (mm); document.css uses the same numbers. The text area is
#: 210 − 30 − 15 = 165 mm; the right column must hold the 13 pt bold national name (≈ 96 mm).
ISSUER_COLUMN_MM = 65
SUMMARY_WIDTH_MM = 140
#: Sizes (pt) used for pre-wrapping; document.css sets the same.
ISSUER_SIZE_PT = 13
SUMMARY_SIZE_PT = 14

# Academic titles and degrees never printed before a signer's name (Appendix I, II.7.c).
_ACADEMIC_TITLES = re.compile(r"^\s*(?:(?:GS|PGS|TSKH|TS|ThS|Ths|KS|BS|CN|NCS)\b\.?\s*)+")


# --- dates ------------------------------------------------------------------------------------


def vn_date(day: datetime.date) -> str:
    """ "ngày 06 tháng 02 năm 2019": days below 10 and months 1 and 2 take a leading zero; months
    3–12 are written plainly, as in the decree's own examples (Appendix I, II.4.b)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def dated_line(place: str, day: datetime.date) -> str:
    """ "Tây Ninh, ngày 06 tháng 02 năm 2019" (Appendix I, II.4)."""
    return f"{place}, {vn_date(day)}"


def vn_time(moment: datetime.datetime) -> str:
    """ "8 giờ", "14 giờ 30 phút" (local time)."""
    local = timezone.localtime(moment)
    return f"{local.hour} giờ {local.minute:02d} phút" if local.minute else f"{local.hour} giờ"


def signer_name(name: str) -> str:
    """The name as printed under a signature: no academic title or degree (Appendix I, II.7.c)."""
    return _ACADEMIC_TITLES.sub("", name).strip()


# --- line breaking with the bundled font's metrics -----------------------------------------------


@lru_cache(maxsize=4)
def _metrics(face: str) -> tuple[dict[int, int], float]:
    path = Path(settings.BASE_DIR) / "static" / "fonts" / f"LiberationSerif-{face}.ttf"
    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    widths[-1] = hmtx[".notdef"][0]
    return widths, float(font["head"].unitsPerEm)


def text_width_mm(text: str, *, size_pt: float, face: str = "Bold") -> float:
    """Advance width of `text` set in the bundled Liberation Serif (no kerning)."""
    widths, units = _metrics(face)
    total = sum(widths.get(ord(ch), widths[-1]) for ch in unicodedata.normalize("NFC", text))
    return total / units * size_pt * 25.4 / 72


def _greedy(words: list[str], width_mm: float, size_pt: float, face: str) -> list[str]:
    lines: list[str] = []
    for word in words:
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width_mm(candidate, size_pt=size_pt, face=face) <= width_mm:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def balanced_lines(text: str, *, width_mm: float, size_pt: float, face: str = "Bold") -> list[str]:
    """Break `text` into the fewest lines that fit `width_mm`, as even in length as possible.

    The templates print each line as its own unbreakable block, so the widest line is known and
    the short rule under it can be drawn at a fixed share of it (H7, T3).
    """
    words = text.split()
    if not words:
        return []
    width_mm *= 0.98  # no kerning in the measure: keep a margin
    count = len(_greedy(words, width_mm, size_pt, face))
    low, high = 0.0, width_mm
    for _ in range(20):
        middle = (low + high) / 2
        if len(_greedy(words, middle, size_pt, face)) <= count:
            high = middle
        else:
            low = middle
    return _greedy(words, high, size_pt, face)


def caps(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper()


# --- the parts of a document ---------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """Ô 1–4 of the layout: issuing body, number, national name and motto, place and date."""

    parent_body: str  # "UBND TỈNH TÂY NINH" (caps, not bold)
    body_lines: list[str]  # the issuing body's name, caps, pre-broken into lines (bold)
    number_line: str  # "Số: 01/TB-BCĐCQĐT"
    dated_line: str = ""  # empty for minutes (Mẫu 1.9 has none, H12)


@dataclass(frozen=True)
class Signature:
    """Ô 7: authority and title lines (caps), optional post in the province, name."""

    lines: list[str]
    name: str
    post: str = ""


@dataclass(frozen=True)
class ConclusionItem:
    order: int
    text: str
    instruction: str = ""


@dataclass(frozen=True)
class Participant:
    text: str


@dataclass
class DocumentContext:
    """What every document template gets; `extra` carries the type's own fields."""

    kind: str
    title: str
    header: Header
    doc_type: str
    summary_lines: list[str]
    recipients: list[str]
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "header": self.header,
            "doc_type": self.doc_type,
            "summary_lines": self.summary_lines,
            "recipients": self.recipients,
            **self.extra,
        }


def build_header(*, parent_body: str, body_name: str, number_line: str, dated: str = "") -> Header:
    return Header(
        parent_body=caps(parent_body),
        body_lines=balanced_lines(caps(body_name), width_mm=ISSUER_COLUMN_MM - 2, size_pt=ISSUER_SIZE_PT),
        number_line=number_line,
        dated_line=dated,
    )


def number_line(number: int | None, doc_type: str, issuer_code: str) -> str:
    """ "Số: 05/BB-BCĐCQĐT"; numbers below 10 take a leading zero (II.3.c). Without a number
    yet (a draft: numbers are given after signing, Art. 15.2) the space is left blank."""
    if number is None:
        return f"Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/{doc_type}-{issuer_code}"
    return f"Số: {number:02d}/{doc_type}-{issuer_code}"


def summary(text: str) -> list[str]:
    return balanced_lines(text, width_mm=SUMMARY_WIDTH_MM, size_pt=SUMMARY_SIZE_PT)


def person_line(user, *, with_org: bool = True) -> str:
    """ "<name>, <post>, <agency>": how a document names a person (the agency left out when
    the post already names it)."""
    parts = [signer_name(user.display_name)]
    if user.position:
        parts.append(user.position)
    organization = str(user.organization) if with_org and getattr(user, "organization", None) else ""
    if organization and organization not in user.position:  # "Giám đốc Sở X" already names it
        parts.append(organization)
    return ", ".join(parts)


# --- the notice of conclusions (Mẫu 1.4) ----------------------------------------------------------


def notice_signature(*, signed_as: str, name: str, post: str = "", on_behalf_of: str = "") -> Signature:
    """The authority and title lines a document of the committee is signed with (Art. 13.1;
    Appendix I, II.7.b):

    - "chair": TRƯỞNG BAN;
    - "acting": KT. TRƯỞNG BAN over PHÓ TRƯỞNG BAN (a deputy signing for the chair);
    - "support_lead": TL. TRƯỞNG BAN over TỔ TRƯỞNG TỔ GIÚP VIỆC (by the chair's order);

    with "TM. <on_behalf_of>" on top when the committee signs as a collective (not by order).
    `post` is the signer's post in the province, printed above the name (S4)."""
    lines = []
    if on_behalf_of and signed_as != "support_lead":
        lines.append(f"TM. {caps(on_behalf_of)}")
    if signed_as == "acting":
        lines += ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    elif signed_as == "support_lead":
        lines += ["TL. TRƯỞNG BAN", "TỔ TRƯỞNG TỔ GIÚP VIỆC"]
    else:
        lines.append("TRƯỞNG BAN")
    return Signature(lines=lines, name=signer_name(name), post=caps(post) if post else "")


def committee_signature(*, committee, signed_as: str, user) -> Signature:
    """notice_signature with the committee's settings: TM. line and the signer's post (S4)."""
    return notice_signature(
        signed_as=signed_as,
        name=user.display_name,
        post=user.position if committee.print_signer_post else "",
        on_behalf_of=committee.signs_on_behalf_of,
    )


def minutes_body(sanitised_html: str) -> SafeString:
    """The minutes text, already through the nh3 whitelist (by the caller); the PDF's URL
    fetcher is the second line of defence."""
    return mark_safe(sanitised_html)  # noqa: S308 - sanitised by the caller
