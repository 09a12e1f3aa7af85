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

from documents.rendering import ARCHIVAL_VARIANT, render_pdf
from documents.rendering.context import dated_line, signer_name
from documents.rendering.report import ReportItem, ReportSection, report_context
from meetings import services
from meetings.documents import selectors as report_selectors
from meetings.documents.context import minutes_context, notice_context
from meetings.models import Invitation, Meeting, Minutes, Notice
from members.models import Committee, User
from tests.conftest import Cast
from tests.documents.pdfcheck import Pdf, parse
from tests.meetings.clock import hold
from tests.members.factories import ChairActingPeriodFactory

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
    invitation: Pdf  # the giấy mời of the first meeting, listing every invitee (signed by the chair)
    personal_invitation: Pdf  # the same letter to the member alone
    invitation_symbol: str
    invitation_dated_line: str
    invitee_names: list[str]  # everyone invited but the presiding person, as printed
    personal_invitee_name: str
    report: Pdf  # no "Kính gửi", signed by the chair, two pages
    report_superior: Pdf  # to several superior bodies, TM. BAN CHỈ ĐẠO / KT. TRƯỞNG BAN, two pages
    report_single: Pdf  # to one superior body, shorter
    report_symbol: str
    report_superior_symbol: str
    report_dated_line: str


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
    hold(meeting, cast.secretary, marks)
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
    if signer.pk != cast.chair.pk:
        # A deputy signs for the chair (KT. TRƯỞNG BAN) only while acting for them (Điều 4.1).
        day = timezone.localdate(when) if when else timezone.localdate()
        ChairActingPeriodFactory(committee=cast.committee, deputy=signer, start_date=day, end_date=day)
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


# --- the report (Báo cáo, Mẫu 1.4): plain data, no database -------------------------------------

REPORT_SUMMARY = "Kết quả triển khai xây dựng Chính quyền điện tử quý I năm 2031"
REPORT_SIGNED_ON = datetime.date(2031, 1, 5)
REPORT_NUMBER, REPORT_SUPERIOR_NUMBER = 7, 12
REPORT_ADDRESSEES = ["Ủy ban nhân dân tỉnh Tây Ninh", "Bộ Thông tin và Truyền thông", "Văn phòng Chính phủ"]
REPORT_SINGLE_ADDRESSEE = "Ủy ban nhân dân tỉnh Tây Ninh"
REPORT_PARTS = ["Kết quả thực hiện nhiệm vụ", "Tồn tại, hạn chế và nguyên nhân", "Nhiệm vụ quý tiếp theo"]
REPORT_POINTS = [
    "Trung tâm dữ liệu tỉnh vận hành ổn định;",
    "nền tảng tích hợp, chia sẻ dữ liệu kết nối Trục liên thông văn bản quốc gia;",
    "mạng truyền số liệu chuyên dùng mở rộng đến cấp xã;",
    "hệ thống hội nghị truyền hình trực tuyến kết nối 95 điểm cầu;",
    "hệ thống giám sát an toàn thông tin vận hành thường xuyên.",
]


def _report_sections(long: bool = True) -> list[ReportSection]:
    paragraph = (
        "Các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố triển khai kế hoạch ứng dụng công "
        "nghệ thông tin; hồ sơ được tiếp nhận, giải quyết trên Hệ thống thông tin một cửa điện tử của "
        "tỉnh, tỷ lệ giải quyết đúng hạn đạt 97,8%, tỷ lệ hồ sơ nộp trực tuyến tăng so với quý trước."
    )
    repeat = 3 if long else 1
    return [
        ReportSection(
            REPORT_PARTS[0],
            paragraphs=[paragraph],
            items=[
                ReportItem(title="Công tác chỉ đạo, điều hành", paragraphs=[paragraph] * repeat),
                ReportItem(title="Hạ tầng kỹ thuật và nền tảng dùng chung", points=REPORT_POINTS),
                ReportItem("Dịch vụ công trực tuyến được cung cấp trên Cổng dịch vụ công của tỉnh."),
            ],
        ),
        ReportSection(
            REPORT_PARTS[1],
            items=[ReportItem("Tỷ lệ hồ sơ nộp trực tuyến còn thấp."), ReportItem(paragraph)],
        ),
        ReportSection(REPORT_PARTS[2], paragraphs=[paragraph] * repeat),
    ]


def _report(*, addressees: list[str], signed_as: str, long: bool = True) -> dict:
    """A report built from unsaved model instances, as the quarterly-reports feature will."""
    to_superior = signed_as == "acting"
    committee = Committee(
        name=COMMITTEE_NAME,
        parent_body=PARENT_BODY,
        short_code=SHORT_CODE,
        place_name="Tây Ninh",
        signs_on_behalf_of="Ban Chỉ đạo" if to_superior else "",
        print_signer_post=to_superior,
    )
    signer = (
        User(full_name=f"PGS.TS. {DEPUTY_NAME}", position="Phó Chủ tịch UBND tỉnh")
        if to_superior
        else User(full_name=f"TS. {CHAIR_NAME}", position="Chủ tịch UBND tỉnh")
    )
    return report_context(
        committee=committee,
        number=REPORT_SUPERIOR_NUMBER if to_superior else REPORT_NUMBER,
        signed_on=REPORT_SIGNED_ON,
        summary=REPORT_SUMMARY,
        sections=_report_sections(long),
        addressees=addressees,
        signer_user=signer,
        signed_as=signed_as,
        recipients=["Thành viên Ban Chỉ đạo", "Sở Thông tin và Truyền thông", "Lưu: VT, STTTT"],
        intro=["Ban Chỉ đạo báo cáo kết quả triển khai quý I năm 2031 như sau:"] if to_superior else None,
    )


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
    letter = report_selectors.invitation_letter_current(meeting)
    invitations = list(meeting.invitations.select_related("user", "user__organization"))
    member_invitation = next(i for i in invitations if i.user_id == cast.member.pk)
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
        invitation=parse(report_selectors.invitation_pdf(letter)),
        personal_invitation=parse(report_selectors.invitation_pdf(letter, member_invitation)),
        invitation_symbol=letter.symbol,
        invitation_dated_line=dated_line(cast.committee.place_name, timezone.localdate(letter.signed_at)),
        invitee_names=[
            signer_name(i.user.display_name) for i in invitations if i.user_id != meeting.presiding_id
        ],
        personal_invitee_name=signer_name(cast.member.display_name),
        report=parse(render_pdf("documents/report.html", _report(addressees=[], signed_as="chair"))),
        report_superior=parse(
            render_pdf("documents/report.html", _report(addressees=REPORT_ADDRESSEES, signed_as="acting"))
        ),
        report_single=parse(
            render_pdf(
                "documents/report.html",
                _report(addressees=[REPORT_SINGLE_ADDRESSEE], signed_as="chair", long=False),
            )
        ),
        report_symbol=f"{REPORT_NUMBER:02d}/BC-{SHORT_CODE}",
        report_superior_symbol=f"{REPORT_SUPERIOR_NUMBER}/BC-{SHORT_CODE}",
        report_dated_line=dated_line("Tây Ninh", REPORT_SIGNED_ON),
    )


@pytest.fixture(scope="session")
def docs(django_db_setup, django_db_blocker) -> Documents:
    with django_db_blocker.unblock(), transaction.atomic():
        documents = _build()
        transaction.set_rollback(True)
    return documents
