"""The documents under test, built once per session and rendered to PDF.

Data is built with meetings.services in the order the committee works (create → convene →
attendance → minutes → signatures → conclusions → notice), as in tests/meetings/test_views_minutes.py,
inside one transaction that is rolled back: only the rendered bytes and the expected values leave it.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone, translation

from meetings import services
from meetings.models import Invitation, Meeting, Minutes, Notice
from reports.rendering import ARCHIVAL_VARIANT, minutes_context, notice_context, render_pdf
from reports.rendering.context import dated_line
from tests.conftest import Cast
from tests.documents.pdfcheck import Pdf, parse

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
COMMITTEE_NAME = "Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh Tây Ninh"
PARENT_BODY = "UBND tỉnh Tây Ninh"
SHORT_CODE = "BCĐA"  # the cast's code; a data migration already holds "BCĐCQĐT"
CHAIR_NAME = "Nguyễn Thanh Ngọc"
DEPUTY_NAME = "Trần Văn Chiến"
SECRETARY_NAME = "Phạm Thị Thư"

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
#: Every Vietnamese letter with every tone, both cases (NFC), and đ/Đ.
VIETNAMESE_LETTERS = "".join(unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES) + "đ"
VIETNAMESE_LETTERS += VIETNAMESE_LETTERS.upper()


@dataclass
class Documents:
    notice: Pdf  # signed by the chair, academic title in the name
    notice_acting: Pdf  # signed by a deputy for the chair
    minutes: Pdf  # several pages, numbered in the register
    minutes_draft: Pdf
    notice_archival: bytes
    notice_symbol: str
    notice_dated_line: str
    notice_acting_symbol: str
    minutes_symbol: str
    meeting_name: str
    year_end: list[tuple[str, Pdf]]  # (symbol, pdf) of notices signed 31/12/2030, 31/12/2030, 02/01/2031


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _cast() -> Cast:
    cast = Cast()
    committee = cast.committee
    committee.name, committee.parent_body, committee.short_code = COMMITTEE_NAME, PARENT_BODY, SHORT_CODE
    committee.save()
    for user, name, position in (
        (cast.chair, f"TS. {CHAIR_NAME}", "Chủ tịch UBND tỉnh"),
        (cast.deputy, f"PGS.TS. {DEPUTY_NAME}", "Phó Chủ tịch UBND tỉnh"),
        (cast.secretary, SECRETARY_NAME, "Chuyên viên"),
    ):
        user.full_name, user.position = name, position
        user.save()
    return cast


def _long_body() -> str:
    paragraph = (
        "<p>Đại diện Sở Kế hoạch và Đầu tư báo cáo tiến độ xây dựng Chính quyền điện tử; các thành "
        "viên thảo luận về nền tảng tích hợp, chia sẻ dữ liệu, hệ thống một cửa điện tử và dịch vụ "
        "công trực tuyến, thống nhất đề nghị bổ sung kinh phí năm sau.</p>"
    )
    letters = (
        f"<p>{VIETNAMESE_LETTERS}</p><p><strong>{VIETNAMESE_LETTERS}</strong></p>"
        f"<p><em>{VIETNAMESE_LETTERS}</em></p><p><strong><em>{VIETNAMESE_LETTERS}</em></strong></p>"
    )
    return "<h3>1. Tiến độ xây dựng Chính quyền điện tử</h3>" + letters + paragraph * 30


def _held(cast: Cast, start: datetime.datetime) -> Meeting:
    meeting = services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind=Meeting.Kind.EXTRAORDINARY,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2, minutes=30),
        place="Hội trường UBND tỉnh",
    )
    services.agenda_item_add(
        meeting=meeting, actor=cast.secretary, title="Tiến độ xây dựng Chính quyền điện tử"
    )
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    invitations = {inv.user_id: inv for inv in meeting.invitations.all()}
    services.invitation_respond(
        invitation=invitations[cast.member.pk],
        actor=cast.member,
        response=Invitation.Response.SUBSTITUTE,
        substitute_name="Trần Thị Dự Thay",
        substitute_position="Phó Giám đốc",
        written_opinion="Đề nghị bổ sung kinh phí.",
    )
    marks = {inv.pk: Invitation.Attendance.PRESENT for inv in invitations.values()}
    marks[invitations[cast.member.pk].pk] = Invitation.Attendance.SUBSTITUTE_PRESENT
    services.attendance_record(meeting=meeting, actor=cast.secretary, marks=marks)
    return Meeting.objects.get(pk=meeting.pk)


def _signed(cast: Cast, start: datetime.datetime, body: str | None = None) -> tuple[Meeting, Minutes]:
    meeting = _held(cast, start)
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)
    if body is not None:
        # Saved directly, not through services.minutes_update: that service's select_for_update()
        # fails on PostgreSQL (see MINUTES_UPDATE_FAILS_ON_POSTGRES in tests/meetings/conftest.py).
        minutes.body = services.sanitize_minutes_html(body)
        minutes.save(update_fields=["body"])
    services.minutes_sign(minutes=minutes, actor=cast.secretary)
    services.minutes_sign(minutes=minutes, actor=cast.chair)
    return Meeting.objects.get(pk=meeting.pk), Minutes.objects.get(pk=minutes.pk)


def _issue(cast: Cast, meeting: Meeting, signer, when: datetime.datetime | None = None) -> Notice:
    services.conclusion_add(
        meeting=meeting,
        actor=cast.secretary,
        text="Sở Kế hoạch và Đầu tư tham mưu bố trí vốn cho nền tảng tích hợp, chia sẻ dữ liệu.",
        is_instruction=True,
        lead_organization=cast.org_a,
        due_date=datetime.date(2031, 3, 31),
    )
    services.conclusion_add(meeting=meeting, actor=cast.secretary, text="Các sở, ngành phối hợp thực hiện.")
    if when is None:
        notice = services.conclusions_sign(meeting=meeting, actor=signer)
    else:
        with mock.patch("django.utils.timezone.now", return_value=when):
            notice = services.conclusions_sign(meeting=meeting, actor=signer)
    return Notice.objects.select_related("meeting", "committee", "signed_by").get(pk=notice.pk)


def _vi(obj) -> str:
    with translation.override("vi"):
        return str(obj)


def _build() -> Documents:
    cast = _cast()
    start = at(timezone.localdate() + datetime.timedelta(days=3), 8)

    meeting, minutes = _signed(cast, start, body=_long_body())
    notice = _issue(cast, meeting, cast.chair)
    minutes_ctx = minutes_context(minutes)  # numbered at the last signature

    meeting2, _m2 = _signed(cast, start + datetime.timedelta(days=1))
    notice_acting = _issue(cast, meeting2, cast.deputy)

    year_end = []
    for day, hour in (
        (datetime.date(2030, 12, 31), 9),
        (datetime.date(2030, 12, 31), 16),
        (datetime.date(2031, 1, 2), 9),
    ):
        m, _minutes = _signed(cast, start + datetime.timedelta(days=len(year_end) + 2))
        n = _issue(cast, m, cast.chair, when=at(day, hour))
        year_end.append((n.symbol, parse(render_pdf("documents/notice.html", notice_context(n)))))

    notice_ctx = notice_context(notice)
    return Documents(
        notice=parse(render_pdf("documents/notice.html", notice_ctx)),
        notice_acting=parse(render_pdf("documents/notice.html", notice_context(notice_acting))),
        minutes=parse(render_pdf("documents/minutes.html", minutes_ctx)),
        minutes_draft=parse(render_pdf("documents/minutes.html", minutes_ctx, draft=True)),
        notice_archival=render_pdf("documents/notice.html", notice_ctx, pdf_variant=ARCHIVAL_VARIANT),
        notice_symbol=notice.symbol,
        notice_dated_line=dated_line(cast.committee.place_name, timezone.localdate(notice.signed_at)),
        notice_acting_symbol=notice_acting.symbol,
        minutes_symbol=minutes.symbol,
        meeting_name=_vi(meeting),
        year_end=year_end,
    )


@pytest.fixture(scope="session")
def docs(django_db_setup, django_db_blocker) -> Documents:
    with django_db_blocker.unblock(), transaction.atomic():
        documents = _build()
        transaction.set_rollback(True)
    return documents
