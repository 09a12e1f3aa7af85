"""The minutes' register number (K1, K7), addenda as their own biên bản, the record part of
Mẫu 1.9 printed from attendance, and the committee's signing settings (S1 "TM.", S4 post)."""

from __future__ import annotations

import datetime
import hashlib
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.rendering import render_pdf
from meetings import services
from meetings.documents.context import minutes_context, notice_context
from meetings.models import Invitation, Minutes
from tests.documents.conftest import (
    CHAIR_NAME,
    DEPUTY_NAME,
    SECRETARY_NAME,
    SHORT_CODE,
    _cast,
    _held,
    _issue,
    _signed,
    at,
)
from tests.documents.pdfcheck import parse
from tests.documents.test_rendering import watermark

pytestmark = pytest.mark.django_db

D1_LABELS = [
    "Thời gian bắt đầu:",
    "Địa điểm:",
    "Thành phần tham dự:",
    "Chủ trì (chủ tọa):",
    "Thư ký (người ghi biên bản):",
    "Nội dung (theo diễn biến cuộc họp):",
]


@pytest.fixture
def cast():
    return _cast()


def _start(days: int = 3) -> datetime.datetime:
    return at(timezone.localdate() + datetime.timedelta(days=days), 8)


def _minutes_pdf(minutes: Minutes):
    minutes = Minutes.objects.select_related("meeting", "meeting__committee").get(pk=minutes.pk)
    return parse(render_pdf("documents/minutes.html", minutes_context(minutes)))


def _sign(cast, minutes: Minutes, when: datetime.datetime | None = None) -> Minutes:
    if when is None:
        services.minutes_sign(minutes=minutes, actor=cast.secretary)
        services.minutes_sign(minutes=minutes, actor=cast.chair)
    else:
        with mock.patch("django.utils.timezone.now", return_value=when):
            services.minutes_sign(minutes=minutes, actor=cast.secretary)
            services.minutes_sign(minutes=minutes, actor=cast.chair)
    return Minutes.objects.get(pk=minutes.pk)


# --- K1, K7: numbered when the last signature is given ------------------------------------------


def test_K7_draft_minutes_have_no_number_and_print_a_blank(cast):
    meeting = _held(cast, _start())
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)
    services.minutes_sign(minutes=minutes, actor=cast.secretary)  # one signature of two

    minutes.refresh_from_db()
    assert minutes.number is None and minutes.symbol == ""
    number_lines = _minutes_pdf(minutes).first.find_all(r"^Số:")
    assert [re.sub(r"\s+", " ", s.text) for s in number_lines] == [f"Số: /BB-{SHORT_CODE}"]


def test_K7_signed_minutes_take_the_next_bb_number_and_print_it(cast):
    _m1, first = _signed(cast, _start(3))
    _m2, second = _signed(cast, _start(4))

    assert (first.number, second.number) == (1, 2)
    assert first.symbol == f"01/BB-{SHORT_CODE}"
    assert second.year == timezone.localtime(second.presiding_signed_at).year
    assert _minutes_pdf(second).first.find(f"Số: 02/BB-{SHORT_CODE}")


def test_K1_minutes_numbers_restart_at_01_in_a_new_year(cast):
    late = _sign(
        cast,
        services.minutes_start(meeting=_held(cast, _start(3)), actor=cast.secretary),
        when=at(datetime.date(2030, 12, 31), 16),
    )
    early = _sign(
        cast,
        services.minutes_start(meeting=_held(cast, _start(4)), actor=cast.secretary),
        when=at(datetime.date(2031, 1, 2), 9),
    )
    assert (late.year, late.number) == (2030, 1)
    assert (early.year, early.number) == (2031, 1)


def test_minutes_and_notices_keep_separate_sequences(cast):
    meeting, minutes = _signed(cast, _start())
    notice = _issue(cast, meeting, cast.chair)
    assert minutes.number == 1 and notice.number == 1


# --- addenda ---------------------------------------------------------------------------------


def test_signed_addendum_is_its_own_numbered_biên_bản_naming_the_minutes_it_corrects(cast):
    meeting, minutes = _signed(cast, _start())
    addendum = services.minutes_addendum_create(
        minutes=minutes, actor=cast.secretary, body="<p>Sửa tỷ lệ hồ sơ trực tuyến thành 52,3%.</p>"
    )
    addendum = _sign(cast, addendum)

    assert addendum.number == 2  # the next number in the BB register
    pdf = _minutes_pdf(addendum)
    text = re.sub(r"\s+", " ", pdf.text)
    assert f"Số: 02/BB-{SHORT_CODE}" in text
    assert "Bổ sung biên bản" in text
    assert f"Biên bản số 01/BB-{SHORT_CODE}" in text
    assert "Sửa tỷ lệ hồ sơ trực tuyến thành 52,3%." in text


# --- D1: the record part, printed once -------------------------------------------------------


def test_D1_each_label_is_printed_once_and_the_absent_are_listed_with_their_reason(cast):
    meeting = _held(cast, _start())
    invitation = meeting.invitations.get(user=cast.deputy)
    Invitation.objects.filter(pk=invitation.pk).update(
        attendance=Invitation.Attendance.ABSENT_APPROVED, absence_reason="Đi công tác Hà Nội"
    )
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)

    text = re.sub(r"\s+", " ", _minutes_pdf(minutes).text)
    for label in D1_LABELS:
        assert text.count(label) == 1, label
    assert "Vắng mặt:" in text
    assert re.search(rf"{DEPUTY_NAME}, .*vắng có lý do \(lý do: Đi công tác Hà Nội\)", text)


# --- S1 "TM.", S4 the signer's post -----------------------------------------------------------


def _notice_lines(notice) -> list[str]:
    """The signature column's lines, top to bottom (the right half of the last page)."""
    page = parse(render_pdf("documents/notice.html", notice_context(notice))).last
    column = sorted((s for s in page.segments if s.x0 > page.width / 2), key=lambda s: s.top)
    return [s.text for s in column]


def test_S1_committee_signing_as_a_collective_opens_with_tm(cast):
    cast.committee.signs_on_behalf_of = "Ban Chỉ đạo"
    cast.committee.save()
    meeting, _minutes = _signed(cast, _start())
    lines = _notice_lines(_issue(cast, meeting, cast.chair))
    at_tm = lines.index("TM. BAN CHỈ ĐẠO")
    assert lines[at_tm + 1] == "TRƯỞNG BAN"


def test_S1_deputy_for_a_collective_signs_tm_then_kt(cast):
    cast.committee.signs_on_behalf_of = "Ban Chỉ đạo"
    cast.committee.save()
    meeting, _minutes = _signed(cast, _start())
    lines = _notice_lines(_issue(cast, meeting, cast.deputy))
    at_tm = lines.index("TM. BAN CHỈ ĐẠO")
    assert lines[at_tm + 1 : at_tm + 3] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]


def test_S4_signers_post_is_printed_above_the_name_only_when_the_committee_says_so(cast):
    meeting, _minutes = _signed(cast, _start())
    notice = _issue(cast, meeting, cast.chair)
    assert "CHỦ TỊCH UBND TỈNH" not in _notice_lines(notice)

    cast.committee.print_signer_post = True
    cast.committee.save()
    notice.committee.refresh_from_db()
    pdf = parse(render_pdf("documents/notice.html", notice_context(notice)))
    page = pdf.last
    title, post, name = page.find("TRƯỞNG BAN"), page.find("CHỦ TỊCH UBND TỈNH"), page.find(CHAIR_NAME)
    assert title.top < post.top < name.top
    assert post.bold and 13 <= post.size <= 14
    assert abs(post.cx - title.cx) < 1.5 * 72 / 25.4


def test_S4_minutes_print_the_presiding_persons_post_under_chu_toa(cast):
    cast.committee.print_signer_post = True
    cast.committee.save()
    _meeting, minutes = _signed(cast, _start())
    page = _minutes_pdf(minutes).last
    chu_toa, post, name = page.find("CHỦ TỌA"), page.find("CHỦ TỊCH UBND TỈNH"), page.find(CHAIR_NAME)
    assert chu_toa.top < post.top < name.top


def test_addendum_downloads_from_the_minutes_page_draft_then_signed_copy(client, cast, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    meeting, minutes = _signed(cast, _start())
    addendum = services.minutes_addendum_create(
        minutes=minutes, actor=cast.secretary, body="<p>Đính chính số liệu tại mục 1.</p>"
    )
    url = reverse("meetings:minutes-document-pdf", kwargs={"pk": meeting.pk, "minutes_pk": addendum.pk})
    client.force_login(cast.secretary)

    page = client.get(reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk})).content.decode()
    assert url in page
    draft = client.get(url)
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    assert "DU-THAO-" in draft["Content-Disposition"]
    assert watermark(parse(draft.content).first) == "".join(sorted(set("DỰTHẢO")))

    signed = _sign(cast, addendum)
    client.force_login(cast.member)
    response = client.get(url)
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert f'filename="BB-{signed.number:02d}-{signed.year}-BCDA.pdf"' in response["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == response["X-Content-SHA256"]
    assert watermark(parse(body).first) == ""


def test_S4_secretary_and_presiding_names_stay_level_when_a_post_is_printed(cast):
    cast.committee.print_signer_post = True
    cast.committee.save()
    _meeting, minutes = _signed(cast, _start())
    page = _minutes_pdf(minutes).last
    secretary = page.find(SECRETARY_NAME)
    presiding = page.find(CHAIR_NAME)
    assert abs(secretary.top - presiding.top) < 1
