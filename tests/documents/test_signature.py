"""Signature blocks (S), recipients (N) and the minutes' body (D1) on the generated PDFs."""

from __future__ import annotations

import re

import pytest

from documents.rendering.context import notice_signature, signer_name
from tests.documents.conftest import CHAIR_NAME, DEPUTY_NAME, SECRETARY_NAME
from tests.documents.pdfcheck import LEFT, MM, Page, Segment

#: One xdist worker builds the documents once (the session fixture `docs`).
pytestmark = pytest.mark.xdist_group("documents")

PREFIX_RE = re.compile(r"^(?:(TM|Q|KT|TL|TUQ)\. )?[A-ZÀ-ỸĐ]")
ACADEMIC_RE = re.compile(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH)\.?\s")
SIGNATURES = {
    "notice": (["TRƯỞNG BAN"], CHAIR_NAME),
    "notice_acting": (["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], DEPUTY_NAME),
    "report": (["TRƯỞNG BAN"], CHAIR_NAME),
    "report_superior": (["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], DEPUTY_NAME),
    # The giấy mời is signed by whoever convened: the chair here.
    "invitation": (["TRƯỞNG BAN"], CHAIR_NAME),
    "personal_invitation": (["TRƯỞNG BAN"], CHAIR_NAME),
}


def block(page: Page, lines: list[str], name: str) -> tuple[list[Segment], Segment]:
    titles = [page.find(line) for line in lines]
    return titles, page.find(name)


def recipient_entries(page: Page, label: Segment) -> list[tuple[str, list[Segment]]]:
    """The "- …" entries under "Nơi nhận:", continuation lines joined to their entry."""
    entries: list[tuple[str, list[Segment]]] = []
    for segment in page.segments:
        if segment.top <= label.top or segment.x0 > LEFT + 80 * MM:
            continue
        if segment.text.startswith("-"):
            entries.append((segment.text, [segment]))
        elif entries:
            text, parts = entries[-1]
            entries[-1] = (f"{text} {segment.text}", [*parts, segment])
    return entries


# --- S: signature blocks ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", SIGNATURES)
def test_S1_authority_line_has_one_of_the_five_prefixes_or_none(docs, kind):
    lines, name = SIGNATURES[kind]
    page = getattr(docs, kind).last
    titles, signer = block(page, lines, name)
    # The block as printed: the right column's lines from the Nơi nhận row down to the name.
    label = page.find("Nơi nhận:")
    column = sorted(
        (s for s in page.segments if s.x0 > page.width / 2 and label.top - 3 <= s.top < signer.top),
        key=lambda s: s.top,
    )
    assert column[0].text == titles[0].text  # nothing printed above the authority line
    first = column[0].text
    assert PREFIX_RE.match(first)
    assert first == first.upper()
    assert first == lines[0]
    assert first == {"notice_acting": "KT. TRƯỞNG BAN", "report_superior": "TM. BAN CHỈ ĐẠO"}.get(
        kind, "TRƯỞNG BAN"
    )


def test_S1_acting_deputy_signs_kt_truong_ban_over_pho_truong_ban():
    assert notice_signature(signed_as="acting", name="X").lines == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert notice_signature(signed_as="chair", name="X").lines == ["TRƯỞNG BAN"]


@pytest.mark.parametrize("kind", SIGNATURES)
def test_S2_authority_and_title_caps_bold_13_14_on_one_axis_in_the_right_half(docs, kind):
    page = getattr(docs, kind).last
    lines, name = SIGNATURES[kind]
    titles, _name = block(page, lines, name)
    for title in titles:
        assert title.text == title.text.upper()
        assert title.bold and title.upright
        assert 13 <= title.size <= 14
        assert title.cx > page.width / 2
        assert abs(title.cx - titles[0].cx) < 1.5 * MM


@pytest.mark.parametrize("kind", SIGNATURES)
def test_S3_name_bold_13_14_centred_without_academic_title(docs, kind):
    page = getattr(docs, kind).last
    lines, name = SIGNATURES[kind]
    titles, signed = block(page, lines, name)
    assert signed.bold and signed.upright
    assert 13 <= signed.size <= 14
    assert abs(signed.cx - titles[0].cx) < 1.5 * MM
    assert not ACADEMIC_RE.match(signed.text)
    assert "TS." not in getattr(docs, kind).text  # the users are "TS. …" and "PGS.TS. …"


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        ("TS. Nguyễn Thanh Ngọc", "Nguyễn Thanh Ngọc"),
        ("PGS.TS. Trần Văn Chiến", "Trần Văn Chiến"),
        ("GS. TSKH. Lê Văn A", "Lê Văn A"),
        ("ThS Phạm Thị Thư", "Phạm Thị Thư"),
        ("Thái Bình Dương", "Thái Bình Dương"),
        ("Cao Ngọc Bích", "Cao Ngọc Bích"),
    ],
)
def test_S3_signer_name_drops_academic_titles_only(raw, printed):
    assert signer_name(raw) == printed


@pytest.mark.parametrize("kind", SIGNATURES)
def test_S5_room_for_signature_and_seal_between_title_and_name(docs, kind):
    lines, name = SIGNATURES[kind]
    titles, signed = block(getattr(docs, kind).last, lines, name)
    assert signed.top - titles[-1].bottom >= 20 * MM


# --- N: recipients ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SIGNATURES)
def test_N1_label_12pt_bold_italic_flush_left_level_with_the_authority_line(docs, kind):
    page = getattr(docs, kind).last
    label = page.find("Nơi nhận:")
    assert label.size == 12
    assert label.bold and label.italic
    assert abs(label.x0 - LEFT) <= MM
    titles, _name = block(page, *SIGNATURES[kind])
    assert abs(label.top - titles[0].top) < 3


def test_N1_minutes_label_under_the_secretary_signature(docs):
    page = docs.minutes.last
    label = page.find("Nơi nhận:")
    assert label.size == 12
    assert label.bold and label.italic
    assert abs(label.x0 - LEFT) <= MM
    assert label.top > page.find(SECRETARY_NAME).bottom


@pytest.mark.parametrize("kind", [*SIGNATURES, "minutes"])
def test_N2_entries_11pt_upright_one_per_line_ending_semicolon(docs, kind):
    page = getattr(docs, kind).last
    entries = recipient_entries(page, page.find("Nơi nhận:"))
    assert len(entries) >= 2
    for text, segments in entries:
        assert text.startswith("- ")
        for segment in segments:
            assert segment.size == 11
            assert segment.not_bold and segment.upright
    assert all(text.endswith(";") for text, _s in entries[:-1])
    assert entries[-1][0].endswith(".")
    assert all(abs(segments[0].x0 - LEFT) <= MM for _t, segments in entries)


@pytest.mark.parametrize("kind", [*SIGNATURES, "minutes"])
def test_N3_last_entry_is_luu_vt(docs, kind):
    page = getattr(docs, kind).last
    last = recipient_entries(page, page.find("Nơi nhận:"))[-1][0]
    assert re.fullmatch(r"- Lưu: VT(, .+)?\.", last), last
    if kind == "minutes":
        assert last == "- Lưu: VT, Hồ sơ."


# --- D1: the minutes ---------------------------------------------------------------------------

D1_LABELS = [
    r"Thời gian bắt đầu:",
    r"Địa điểm:",
    r"Thành phần tham dự:",
    r"Chủ trì \(chủ tọa\):",
    r"Thư ký \(người ghi biên bản\):",
    r"Nội dung \(theo diễn biến cuộc họp[^)]*\):",
    r"Cuộc họp kết thúc vào \d{1,2} giờ( \d{1,2}( phút)?)?, ngày \d{2} tháng \d{1,2} năm \d{4}\./\.",
]


def test_D1_minutes_labels_in_the_order_of_form_1_9(docs):
    text = re.sub(r"\s+", " ", docs.minutes.text)
    positions = []
    for label in D1_LABELS:
        match = re.search(label, text)
        assert match, f"missing: {label}"
        positions.append(match.start())
    assert positions == sorted(positions)


def test_D1_secretary_left_presiding_right_with_bold_names(docs):
    page = docs.minutes.last
    secretary, presiding = page.find("THƯ KÝ"), page.find("CHỦ TỌA")
    assert abs(secretary.top - presiding.top) < 1
    assert secretary.cx < page.width / 2 < presiding.cx
    for title in (secretary, presiding):
        assert title.bold and title.size == 14
    secretary_name, presiding_name = page.find(SECRETARY_NAME), page.find(CHAIR_NAME)
    assert abs(secretary_name.top - presiding_name.top) < 1
    for title, name in ((secretary, secretary_name), (presiding, presiding_name)):
        assert name.bold and 13 <= name.size <= 14
        assert abs(name.cx - title.cx) < 1.5 * MM
        assert name.top - title.bottom >= 20 * MM


def test_D1_minutes_print_no_template_placeholders(docs):
    text = docs.minutes.text
    assert "…" not in text
    assert "(Chữ ký" not in text and "hội nghị/hội thảo" not in text
