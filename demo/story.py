"""Demo meetings for seed_demo: a living year of the e-Government committee (and one meeting of
the second committee), played through the services as the demo people, on the dates it happened.

Every step runs with `django.utils.timezone.now` set to the moment it happened, so services,
auto_now fields and simple-history record realistic dates, and the services' own rules (answers
before the start, who signs what) hold as they would in real use.

The story is written for "today" late in a quarter (the demo's reference: end of November 2026):
the held meetings sit in the three quarters before the current one, the current quarter has its
cancelled and its postponed, upcoming meeting, and the next quarter a draft. Run at another date,
the same story moves with the calendar quarter by quarter, so it stays believable.

Idempotent: a committee that already has meetings is left untouched.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from meetings import services
from meetings.models import (
    ROMAN_QUARTERS,
    Invitation,
    Meeting,
    MeetingError,
    MeetingProposal,
    Minutes,
    Notice,
)
from members.models import Committee, Notification, Organization, User

EGOV = "BCĐCQĐT"
KTXH = "BCĐĐPKTXH"
PLACE = "Phòng họp số 1, UBND tỉnh Tây Ninh"
PLACE_SUPPORT = "Phòng họp tầng 3, Sở Thông tin và Truyền thông"
POSTPONE_REASON = "Trùng lịch họp của Tỉnh ủy"

K = Meeting.Kind
R = Invitation.Response
At = Invitation.Attendance


# --- the calendar ---------------------------------------------------------------------------------


def _weekday(day: datetime.date) -> datetime.date:
    """A weekend day moves back to the Friday before."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _wd(day: datetime.date, n: int) -> datetime.date:
    """`n` working days after (n > 0) or before (n < 0) `day`; 0: `day` itself, on a weekday."""
    step = 1 if n > 0 else -1
    for _i in range(abs(n)):
        day += datetime.timedelta(days=step)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=step)
    return _weekday(day) if n == 0 else day


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _month_day(today: datetime.date, month_offset: int, day: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 + month_offset
    year, month = divmod(index, 12)
    month += 1
    return _weekday(datetime.date(year, month, min(day, calendar.monthrange(year, month)[1])))


def _quarter_day(today: datetime.date, quarter_offset: int, month_in_quarter: int, day: int) -> datetime.date:
    """A day in the `month_in_quarter`-th month (1–3) of the quarter `quarter_offset` from today's."""
    first_month_of_quarter = (today.month - 1) // 3 * 3 + 1
    offset = quarter_offset * 3 + first_month_of_quarter - today.month + month_in_quarter - 1
    return _month_day(today, offset, day)


def _quarter(moment: datetime.datetime | datetime.date) -> str:
    """ "I/2026" for a day of the first quarter of 2026."""
    return f"{ROMAN_QUARTERS[(moment.month - 1) // 3 + 1]}/{moment.year}"


# --- papers -----------------------------------------------------------------------------------------


def _pdf(*, agency: str, symbol: str, day: datetime.date, title: str, paragraphs: list[str]) -> bytes:
    """A one-page paper with the national header (Decree 30/2020), rendered by WeasyPrint."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    heading = escape(title.upper()).replace("/", "/\u2060")  # keep "I/2026" on one line
    html = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
      body {{ font-family: "Times New Roman", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.35; }}
      table.head {{ width: 100%; table-layout: fixed; text-align: center; font-size: 12pt; }}
      table.head td {{ vertical-align: top; }}
      .date {{ font-style: italic; font-size: 13pt; padding-top: 6pt; }}
      h1 {{ font-size: 14pt; text-align: center; margin: 18pt 0 12pt; }}
      p {{ text-indent: 1cm; text-align: justify; margin: 0 0 6pt; }}
    </style></head><body>
      <table class="head"><colgroup><col style="width: 40%"><col style="width: 60%"></colgroup><tr>
        <td>UBND TỈNH TÂY NINH<br><strong>{escape(agency.upper())}</strong><br><br>Số: {escape(symbol)}</td>
        <td><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong>Độc lập - Tự do - Hạnh phúc</strong>
          <div class="date">Tây Ninh, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}</div></td>
      </tr></table>
      <h1>{heading}</h1>{body}
    </body></html>"""
    progress = logging.getLogger("weasyprint.progress")
    level = progress.level
    progress.setLevel(logging.WARNING)  # its step-by-step INFO lines are noise in seed_demo's output
    try:
        import weasyprint  # slow to import (~1 s): only when a paper is made

        return weasyprint.HTML(string=html).write_pdf()
    finally:
        progress.setLevel(level)


# --- minutes ----------------------------------------------------------------------------------------


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in texts)


def _fill_minutes(body: str, meeting: Meeting, proceedings: list[list[str]], proposed: list[str]) -> str:
    """Write into the prefilled draft (services.minutes_prefill): what was said under each agenda
    item, the conclusions proposed and the time the meeting ended. A heading the prefill no longer
    has gets its text appended at the end instead."""
    leftovers: list[str] = []
    for number, texts in enumerate(proceedings, start=1):
        # The item's heading, its optional "presented by" line, then the empty paragraph to fill.
        pattern = re.compile(rf"(<h4>\s*{number}\.\s[^<]*</h4>\s*(?:<p><em>[^<]*</em></p>\s*)?)<p>\s*</p>")
        body, found = pattern.subn(lambda m, texts=texts: m.group(1) + _paragraphs(texts), body, count=1)
        if not found:
            leftovers.extend(texts)
    heading = escape(gettext("Conclusions proposed"))
    body, found = re.subn(
        rf"(<h3>\s*{re.escape(heading)}\s*</h3>\s*)<p>\s*</p>",
        lambda m: m.group(1) + _paragraphs(proposed),
        body,
        count=1,
    )
    if not found:
        leftovers.extend(proposed)
    ended = timezone.localtime(meeting.held_at or meeting.end_at)
    closing = escape(gettext("The meeting ended at … on …"))
    if closing in body and closing.count("…") == 2:
        before, middle, after = closing.split("…")
        body = body.replace(closing, f"{before}{ended:%H:%M}{middle}{ended:%d/%m/%Y}{after}", 1)
    body = re.sub(r"<p>\s*</p>", "", body)
    return body + _paragraphs(leftovers)


# --- the story: steps on a timeline -------------------------------------------------------------


@dataclass
class _Story:
    now: datetime.datetime
    people: dict[str, User]
    orgs: dict[str, Organization]
    steps: list[tuple[datetime.datetime, int, Callable[[], None]]] = field(default_factory=list)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    items: dict[str, list] = field(default_factory=dict)
    proposals: dict[str, MeetingProposal] = field(default_factory=dict)
    papers: int = 0

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    def at(self, when: datetime.datetime, fn: Callable[[], None]) -> None:
        self.steps.append((when, len(self.steps), fn))

    def run(self) -> None:
        """Play every step in time order, the clock set to the moment each happened."""
        for when, _n, fn in sorted(self.steps, key=lambda s: (s[0], s[1])):
            if when >= self.now:
                raise RuntimeError(f"Demo step in the future: {when:%Y-%m-%d %H:%M}")
            with mock.patch("django.utils.timezone.now", return_value=when):
                fn()

    def meeting(self, key: str) -> Meeting:
        return Meeting.objects.get(pk=self.meetings[key].pk)

    def invitation(self, key: str, username: str) -> Invitation:
        return Invitation.objects.get(meeting_id=self.meetings[key].pk, user=self.people[username])

    def org(self, code: str | None) -> Organization | None:
        return self.orgs[code] if code else None

    # -- one helper per service ------------------------------------------------------------------

    def create(
        self, key: str, when, *, committee: Committee, actor: str, kind: str, start, end, presiding=None, **kw
    ):
        def step():
            self.meetings[key] = services.meeting_create(
                committee=committee,
                actor=self.people[actor],
                kind=kind,
                start_at=start,
                end_at=end,
                presiding=self.people[presiding] if presiding else None,
                **kw,
            )

        self.at(when, step)

    def propose(self, key: str, when, *, committee: Committee, actor: str, reason: str, suggested_start):
        def step():
            self.proposals[key] = services.proposal_create(
                committee=committee, actor=self.people[actor], reason=reason, suggested_start=suggested_start
            )

        self.at(when, step)

    def accept(self, key: str, when, actor: str, note: str):
        """The chair accepts the proposal: the service creates the extraordinary meeting's draft."""

        def step():
            proposal = services.proposal_decide(
                proposal=self.proposals[key], actor=self.people[actor], accept=True, note=note
            )
            self.meetings[key] = proposal.meeting

        self.at(when, step)

    def agenda(self, key: str, when, actor: str, items: list[tuple[str, str | None, int]]):
        def step():
            self.items[key] = [
                services.agenda_item_add(
                    meeting=self.meetings[key],
                    actor=self.people[actor],
                    title=title,
                    presenter=self.org(code),
                    minutes_allowed=minutes,
                )
                for title, code, minutes in items
            ]

        self.at(when, step)

    def paper(
        self,
        key: str,
        when,
        actor: str,
        item: int,
        *,
        filename: str,
        title: str,
        agency: str,
        symbol: str,
        paragraphs,
    ):
        def step():
            day = timezone.localdate()
            content = _pdf(agency=agency, symbol=symbol, day=day, title=title, paragraphs=paragraphs)
            services.paper_add(
                meeting=self.meetings[key],
                actor=self.people[actor],
                upload=SimpleUploadedFile(filename, content, content_type="application/pdf"),
                title=title,
                agenda_item=self.items[key][item],
            )
            self.papers += 1

        self.at(when, step)

    def update(self, key: str, when, actor: str, **fields):
        def step():
            values = {k: self.people[v] if k in ("secretary", "presiding") else v for k, v in fields.items()}
            services.meeting_update(meeting=self.meetings[key], actor=self.people[actor], **values)

        self.at(when, step)

    def invite_also(self, key: str, when, actor: str, usernames: list[str]):
        def step():
            meeting = self.meetings[key]
            current = [
                inv.user
                for inv in meeting.invitations.exclude(kind=Invitation.Kind.GUEST).select_related("user")
            ]
            services.invitees_set(
                meeting=meeting, actor=self.people[actor], users=current + [self.people[u] for u in usernames]
            )

        self.at(when, step)

    def guest(self, key: str, when, actor: str, username: str):
        self.at(
            when,
            lambda: services.guest_invite(
                meeting=self.meetings[key], actor=self.people[actor], user=self.people[username]
            ),
        )

    def convene(self, key: str, when, actor: str, fallback: str | None = None):
        def step():
            try:
                services.meeting_convene(meeting=self.meetings[key], actor=self.people[actor])
            except MeetingError:
                if fallback is None:
                    raise
                # The support group's leader calls its monthly meeting (Điều 8.3); while the
                # service lets only the chair or a deputy convene, the deputy does it.
                services.meeting_convene(meeting=self.meetings[key], actor=self.people[fallback])

        self.at(when, step)

    def answer(self, key: str, when, username: str, response: str = R.ATTEND, **kw):
        def step():
            services.invitation_respond(
                invitation=self.invitation(key, username),
                actor=self.people[username],
                response=response,
                **kw,
            )

        self.at(when, step)

    def answers(self, key: str, first, usernames: list[str], spacing_minutes: int = 95):
        """Several people answer "attend", one after another from `first` on (office hours)."""
        when = first
        for username in usernames:
            self.answer(key, when, username)
            when += datetime.timedelta(minutes=spacing_minutes)
            if when.hour >= 17:
                when = _at(_wd(timezone.localdate(when), 1), 7, 45)

    def decide(self, key: str, when, actor: str, username: str, approve: bool = True):
        self.at(
            when,
            lambda: services.absence_decide(
                invitation=self.invitation(key, username), actor=self.people[actor], approve=approve
            ),
        )

    def postpone(self, key: str, when, actor: str, start, end, reason: str):
        self.at(
            when,
            lambda: services.meeting_postpone(
                meeting=self.meetings[key],
                actor=self.people[actor],
                start_at=start,
                end_at=end,
                reason=reason,
            ),
        )

    def cancel(self, key: str, when, actor: str, reason: str):
        self.at(
            when,
            lambda: services.meeting_cancel(
                meeting=self.meetings[key], actor=self.people[actor], reason=reason
            ),
        )

    def hold(self, key: str, when, actor: str, overrides: dict[str, str] | None = None):
        """The secretary records attendance, from the answers unless told otherwise."""

        def step():
            marks = {}
            for inv in self.meeting(key).invitations.select_related("user"):
                mark = At.PRESENT
                if inv.response == R.SUBSTITUTE:
                    mark = At.SUBSTITUTE_PRESENT
                elif inv.response == R.ABSENT:
                    approved = inv.absence_decision == Invitation.AbsenceDecision.APPROVED
                    mark = At.ABSENT_APPROVED if approved else At.ABSENT_UNEXCUSED
                marks[inv.pk] = (overrides or {}).get(inv.user.username, mark)
            services.attendance_record(meeting=self.meetings[key], actor=self.people[actor], marks=marks)

        self.at(when, step)

    def minutes(
        self,
        key: str,
        start_when,
        edit_when,
        actor: str,
        *,
        proceedings: list[list[str]],
        proposed: list[str],
    ):
        """Start from the prefill, then write what was said under each agenda item and the
        conclusions proposed."""
        self.at(
            start_when, lambda: services.minutes_start(meeting=self.meetings[key], actor=self.people[actor])
        )

        def edit():
            minutes = self._minutes(key)
            body = _fill_minutes(minutes.body, self.meeting(key), proceedings, proposed)
            services.minutes_update(
                minutes=minutes, actor=self.people[actor], body=body, expected_version=minutes.version
            )

        self.at(edit_when, edit)

    def _minutes(self, key: str) -> Minutes:
        return Minutes.objects.get(meeting_id=self.meetings[key].pk, addendum_to__isnull=True)

    def sign(self, key: str, when, actor: str):
        self.at(when, lambda: services.minutes_sign(minutes=self._minutes(key), actor=self.people[actor]))

    def review(self, key: str, when, actor: str):
        self.at(
            when, lambda: services.minutes_open_review(minutes=self._minutes(key), actor=self.people[actor])
        )

    def comment(self, key: str, when, username: str, body: str):
        self.at(
            when,
            lambda: services.minutes_comment_add(
                minutes=self._minutes(key), actor=self.people[username], body=body
            ),
        )

    def conclude(self, key: str, when, actor: str, items: list[tuple[str, str | None, int | None]]):
        """Conclusions: (text, lead agency code or None, due in days after the meeting or None)."""

        def step():
            meeting = self.meeting(key)
            start = timezone.localdate(meeting.start_at)
            for text, code, due_days in items:
                services.conclusion_add(
                    meeting=meeting,
                    actor=self.people[actor],
                    text=text,
                    is_instruction=code is not None,
                    lead_organization=self.org(code),
                    due_date=start + datetime.timedelta(days=due_days) if code else None,
                )

        self.at(when, step)

    def issue(self, key: str, when, actor: str):
        self.at(when, lambda: services.conclusions_sign(meeting=self.meetings[key], actor=self.people[actor]))


# --- the e-Government committee's year -----------------------------------------------------------


def _egov_year(s: _Story, egov: Committee) -> None:
    today = s.today
    hours = datetime.timedelta

    # Quarter I: the regular meeting in the last month of the quarter, conclusions 01/TB.
    d = _quarter_day(today, -3, 3, 12)
    q = _quarter(d)
    start = _at(d, 8)
    s.create(
        "q1",
        _at(_wd(d, -13), 9),
        committee=egov,
        actor="secretary",
        kind=K.QUARTERLY,
        start=start,
        end=start + hours(hours=3),
        place=PLACE,
    )
    s.agenda(
        "q1",
        _at(_wd(d, -13), 9, 20),
        "secretary",
        [
            (f"Báo cáo tình hình triển khai Chính quyền điện tử quý {q}", "STTTT", 30),
            ("Kết quả cung cấp dịch vụ công trực tuyến toàn trình", "VPUBND", 20),
            (f"Kế hoạch bảo đảm an toàn thông tin năm {d.year}", "STTTT", 20),
            ("Kết quả cải cách hành chính gắn với chuyển đổi số, số hóa hồ sơ thủ tục hành chính", "SNV", 20),
        ],
    )
    s.convene("q1", _at(_wd(d, -8), 10), "chair")
    s.paper(
        "q1",
        _at(_wd(d, -6), 15),
        "secretary",
        0,
        filename=f"bao-cao-cqdt-quy-{q.replace('/', '-')}.pdf",
        title=f"Báo cáo tình hình triển khai Chính quyền điện tử quý {q}",
        agency="Sở Thông tin và Truyền thông",
        symbol="45/BC-STTTT",
        paragraphs=[
            f"Thực hiện Chương trình công tác năm {d.year} của Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh, "
            f"Sở Thông tin và Truyền thông báo cáo tình hình triển khai Chính quyền điện tử quý {q} như sau.",
            "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh đã cung cấp 1.236 dịch vụ công trực tuyến, "
            "trong đó 812 dịch vụ công trực tuyến toàn trình; tỷ lệ hồ sơ nộp trực tuyến toàn trình đạt 52,3%.",
            "Hệ thống quản lý văn bản và điều hành được triển khai liên thông 4 cấp; 98% văn bản đi, đến giữa các "
            "cơ quan nhà nước được gửi, nhận dưới dạng điện tử, có ký số.",
            "Khó khăn, vướng mắc: hạ tầng mạng tại một số xã còn hạn chế; nguồn nhân lực chuyên trách công nghệ "
            "thông tin tại cấp huyện, cấp xã còn thiếu; kinh phí cho Trung tâm giám sát, điều hành thông minh (IOC) "
            "giai đoạn 2 chưa được bố trí.",
        ],
    )
    s.answers(
        "q1",
        _at(_wd(d, -7), 8, 30),
        ["standing", "deputy", "vp.chief", "member", "member2", "nv.director", "ca.deputy", "tp.director"],
    )
    s.answer(
        "q1",
        _at(_wd(d, -5), 9, 10),
        "yt.director",
        R.ABSENT,
        absence_reason="Tham dự Hội nghị tổng kết công tác y tế do Bộ Y tế tổ chức tại Hà Nội cùng ngày.",
    )
    s.decide("q1", _at(_wd(d, -4), 8, 45), "chair", "yt.director")
    s.hold("q1", _at(d, 11, 15), "secretary")
    s.minutes(
        "q1",
        _at(d, 15),
        _at(_wd(d, 1), 10),
        "secretary",
        proceedings=[
            [
                f"Đồng chí Giám đốc Sở Thông tin và Truyền thông, Ủy viên thường trực Ban Chỉ đạo, trình bày Báo cáo tình "
                f"hình triển khai Chính quyền điện tử quý {q}: tỷ lệ hồ sơ trực tuyến toàn trình đạt 52,3%, tăng 6,1 điểm "
                "phần trăm so với cùng kỳ; Hệ thống quản lý văn bản và điều hành vận hành ổn định, liên thông 4 cấp.",
            ],
            [
                "Đồng chí Chánh Văn phòng UBND tỉnh báo cáo kết quả cung cấp dịch vụ công trực tuyến toàn trình; đề nghị các "
                "sở, ngành rà soát, tái cấu trúc quy trình đối với các thủ tục có phát sinh nhiều hồ sơ.",
            ],
            [
                "Sở Thông tin và Truyền thông trình bày dự thảo Kế hoạch bảo đảm an toàn thông tin năm; đồng chí Phó Giám đốc "
                "Công an tỉnh đề nghị bổ sung diễn tập ứng cứu sự cố; đồng chí Giám đốc Sở Tài chính phát biểu về nguồn kinh phí.",
            ],
            [
                "Sở Nội vụ báo cáo kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; tỷ lệ số hóa đạt 71%.",
            ],
        ],
        proposed=[
            "Đồng chí Trưởng Ban Chỉ đạo kết luận: ghi nhận kết quả quý; giao Sở Thông tin và Truyền thông hoàn thiện hồ sơ "
            "dự án IOC giai đoạn 2; giao Văn phòng UBND tỉnh mở rộng dịch vụ công trực tuyến toàn trình; giao Sở Tài chính "
            "bố trí kinh phí bảo đảm an toàn thông tin. Tổ giúp việc dự thảo Thông báo kết luận trình ký ban hành.",
        ],
    )
    s.sign("q1", _at(_wd(d, 2), 16), "secretary")
    s.sign("q1", _at(_wd(d, 3), 9, 30), "chair")
    s.conclude(
        "q1",
        _at(_wd(d, 4), 9),
        "standing",
        [
            (
                f"Ban Chỉ đạo ghi nhận kết quả triển khai Chính quyền điện tử quý {q}; tỷ lệ hồ sơ trực tuyến toàn trình "
                "đạt 52,3%, Hệ thống quản lý văn bản và điều hành vận hành ổn định, liên thông 4 cấp.",
                None,
                None,
            ),
            (
                "Sở Thông tin và Truyền thông hoàn thiện hồ sơ dự án Trung tâm giám sát, điều hành thông minh (IOC) "
                "giai đoạn 2, trình UBND tỉnh phê duyệt.",
                "STTTT",
                49,
            ),
            (
                "Văn phòng UBND tỉnh chủ trì, phối hợp các sở, ngành rà soát, tái cấu trúc quy trình, cung cấp thêm ít nhất "
                "50 dịch vụ công trực tuyến toàn trình; báo cáo kết quả tại phiên họp quý sau.",
                "VPUBND",
                110,
            ),
            (
                f"Sở Tài chính tham mưu UBND tỉnh bố trí kinh phí thực hiện Kế hoạch bảo đảm an toàn thông tin năm {d.year}.",
                "STC",
                290,
            ),
        ],
    )
    s.issue("q1", _at(_wd(d, 5), 10), "chair")

    # Quarter II: an approved absence, a substitute with a written opinion; the deputy signs for
    # the chair (on mission) the minutes and the conclusions, 02/TB.
    d = _quarter_day(today, -2, 3, 18)
    q2 = _quarter(d)
    start = _at(d, 8)
    s.create(
        "q2",
        _at(_wd(d, -13), 9),
        committee=egov,
        actor="secretary",
        kind=K.QUARTERLY,
        start=start,
        end=start + hours(hours=3),
        place=PLACE,
    )
    s.agenda(
        "q2",
        _at(_wd(d, -13), 9, 30),
        "secretary",
        [
            ("Tiến độ xây dựng Trung tâm giám sát, điều hành thông minh (IOC)", "STTTT", 30),
            (
                f"Kết quả cung cấp dịch vụ công trực tuyến toàn trình {d.month} tháng đầu năm {d.year}",
                "VPUBND",
                20,
            ),
            (
                "Kết quả triển khai ứng dụng dữ liệu dân cư, định danh và xác thực điện tử (Đề án 06)",
                "CAT",
                20,
            ),
            ("Phương án bố trí kinh phí các dự án chuyển đổi số những tháng cuối năm", "STC", 15),
        ],
    )
    s.convene("q2", _at(_wd(d, -8), 10, 30), "chair")
    s.answer(
        "q2",
        _at(_wd(d, -6), 14),
        "member",
        R.ABSENT,
        absence_reason="Tham dự Hội nghị xúc tiến đầu tư vào tỉnh Tây Ninh tại Thành phố Hồ Chí Minh theo phân công của UBND tỉnh.",
    )
    s.decide("q2", _at(_wd(d, -5), 8, 30), "chair", "member")
    s.answers(
        "q2",
        _at(_wd(d, -7), 8),
        ["standing", "deputy", "vp.chief", "nv.director", "ca.deputy", "tp.director", "yt.director"],
    )
    s.answer(
        "q2",
        _at(_wd(d, -4), 10, 15),
        "member2",
        R.SUBSTITUTE,
        substitute_name="Nguyễn Thị Thanh Vân",
        substitute_position="Phó Giám đốc Sở Tài chính",
        written_opinion=(
            "Sở Tài chính thống nhất với các báo cáo trình tại phiên họp. Về kinh phí dự án Trung tâm giám sát, điều hành "
            "thông minh (IOC) giai đoạn 2, đề nghị Sở Thông tin và Truyền thông phân kỳ đầu tư theo từng hạng mục, hoàn "
            "thiện hồ sơ dự toán trong tháng tới để Sở Tài chính thẩm định, tham mưu UBND tỉnh bố trí vốn trong kỳ điều "
            "chỉnh dự toán ngân sách. Đồng chí Nguyễn Thị Thanh Vân, Phó Giám đốc Sở, dự họp thay và trình bày ý kiến của Sở."
        ),
    )
    s.hold("q2", _at(d, 11, 10), "secretary", {"tptn.chair": At.ABSENT_UNEXCUSED})
    s.minutes(
        "q2",
        _at(d, 15, 30),
        _at(_wd(d, 1), 9, 30),
        "secretary",
        proceedings=[
            [
                "Sở Thông tin và Truyền thông báo cáo tiến độ Trung tâm giám sát, điều hành thông minh (IOC): hoàn thành khoảng "
                "65% khối lượng; đã tích hợp các phân hệ phản ánh hiện trường, dịch vụ công và camera giao thông.",
            ],
            [
                f"Văn phòng UBND tỉnh báo cáo tỷ lệ hồ sơ trực tuyến toàn trình {d.month} tháng đạt 58,6%; còn 14 thủ tục có nhiều hồ "
                "sơ chưa thực hiện toàn trình.",
            ],
            [
                "Công an tỉnh báo cáo kết quả cấp tài khoản định danh điện tử và việc khai thác dữ liệu dân cư trong giải "
                "quyết thủ tục hành chính.",
            ],
            [
                "Đồng chí Nguyễn Thị Thanh Vân, Phó Giám đốc Sở Tài chính, dự họp thay đồng chí Giám đốc Sở, trình bày ý kiến "
                "bằng văn bản của Sở Tài chính về phân kỳ đầu tư IOC giai đoạn 2.",
            ],
        ],
        proposed=[
            f"Đồng chí Trưởng Ban Chỉ đạo kết luận: đánh giá cao kết quả {d.month} tháng; yêu cầu hoàn thành vận hành thử IOC; giao "
            "Sở Tài chính tham mưu bố trí kinh phí; giao Công an tỉnh kết nối dữ liệu dân cư. Tổ giúp việc dự thảo Thông báo "
            "kết luận.",
        ],
    )
    s.sign("q2", _at(_wd(d, 2), 9), "secretary")
    s.sign("q2", _at(_wd(d, 2), 16), "deputy")  # the chair is on mission: the deputy signs for him
    s.conclude(
        "q2",
        _at(_wd(d, 3), 9),
        "secretary_lead",
        [
            (
                f"Ban Chỉ đạo đánh giá cao kết quả {d.month} tháng đầu năm: Trung tâm IOC hoàn thành khoảng 65% khối lượng; tỷ lệ hồ "
                "sơ trực tuyến toàn trình đạt 58,6%, vượt chỉ tiêu đề ra.",
                None,
                None,
            ),
            (
                "Sở Thông tin và Truyền thông khẩn trương hoàn thành lắp đặt, vận hành thử nghiệm Trung tâm IOC với các phân "
                "hệ giám sát giao thông, phản ánh hiện trường, dịch vụ công; báo cáo kết quả vận hành thử.",
                "STTTT",
                74,
            ),
            (
                "Sở Tài chính thẩm định, tham mưu UBND tỉnh bố trí kinh phí dự án IOC giai đoạn 2 trong kỳ điều chỉnh dự "
                "toán ngân sách.",
                "STC",
                42,
            ),
            (
                "Công an tỉnh phối hợp Sở Thông tin và Truyền thông kết nối, khai thác Cơ sở dữ liệu quốc gia về dân cư với "
                "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
                "CAT",
                196,
            ),
        ],
    )
    s.issue("q2", _at(_wd(d, 4), 10), "deputy")

    # Quarter III, first month: the standing member proposes an extraordinary meeting after an
    # information-security incident; the chair accepts; conclusions 03/TB.
    d = _quarter_day(today, -1, 1, 9)
    start = _at(d, 14)
    incident_day = _wd(d, -4)
    s.propose(
        "extra",
        _at(_wd(d, -3), 8, 30),
        committee=egov,
        actor="standing",
        suggested_start=start,
        reason=(
            f"Ngày {incident_day:%d/%m/%Y}, hệ thống giám sát an toàn thông tin (SOC) phát hiện tấn công từ chối dịch "
            "vụ (DDoS) và dò quét lỗ hổng nhắm vào Cổng dịch vụ công của tỉnh, làm gián đoạn dịch vụ khoảng 3 giờ. "
            "Đề nghị Ban Chỉ đạo họp đột xuất để đánh giá sự cố và thống nhất các biện pháp ứng cứu, khắc phục."
        ),
    )
    s.accept(
        "extra",
        _at(_wd(d, -3), 15),
        "chair",
        "Đồng ý. Giao Tổ giúp việc khẩn trương chuẩn bị nội dung, tài liệu; mời Công an tỉnh báo cáo phương án bảo đảm "
        "an ninh mạng.",
    )
    s.update(
        "extra",
        _at(_wd(d, -3), 16),
        "secretary",
        title="Họp đột xuất đánh giá sự cố an toàn thông tin trên Cổng dịch vụ công tỉnh",
        place=PLACE,
        secretary="secretary",
    )
    s.invite_also("extra", _at(_wd(d, -3), 16, 5), "secretary", ["secretary", "secretary3"])
    s.agenda(
        "extra",
        _at(_wd(d, -3), 16, 10),
        "secretary",
        [
            (
                "Báo cáo nhanh sự cố tấn công mạng vào Cổng dịch vụ công tỉnh và kết quả ứng cứu ban đầu",
                "STTTT",
                30,
            ),
            (
                "Đánh giá nguy cơ, phương án bảo đảm an ninh mạng cho các hệ thống thông tin dùng chung của tỉnh",
                "CAT",
                30,
            ),
            ("Thống nhất các biện pháp khắc phục và phân công nhiệm vụ", None, 30),
        ],
    )
    s.convene("extra", _at(_wd(d, -2), 8, 30), "deputy")
    s.answers(
        "extra",
        _at(_wd(d, -2), 9, 15),
        [
            "standing",
            "ca.deputy",
            "chair",
            "vp.chief",
            "member",
            "member2",
            "nv.director",
            "yt.director",
            "secretary3",
        ],
        40,
    )
    s.hold("extra", _at(d, 16, 40), "secretary")
    s.minutes(
        "extra",
        _at(_wd(d, 1), 9),
        _at(_wd(d, 1), 15),
        "secretary",
        proceedings=[
            [
                f"Sở Thông tin và Truyền thông báo cáo: ngày {incident_day:%d/%m/%Y}, Cổng dịch vụ công tỉnh bị tấn công từ "
                "chối dịch vụ với lưu lượng đỉnh khoảng 12 Gbps, gián đoạn khoảng 3 giờ; đội ứng cứu sự cố của tỉnh đã phối hợp "
                "Trung tâm Giám sát an toàn không gian mạng quốc gia chặn lọc lưu lượng, khôi phục dịch vụ; không phát hiện dữ "
                "liệu bị rò rỉ.",
            ],
            [
                "Công an tỉnh báo cáo kết quả xác minh ban đầu nguồn tấn công và đề xuất phương án bảo đảm an ninh mạng cho các "
                "hệ thống thông tin dùng chung.",
            ],
            [
                "Các thành viên thống nhất tăng cường giám sát 24/7, rà soát lỗ hổng định kỳ và thông tin kịp thời cho người "
                "dân khi dịch vụ bị gián đoạn.",
            ],
        ],
        proposed=[
            "Đồng chí Trưởng Ban Chỉ đạo kết luận và phân công nhiệm vụ cho Sở Thông tin và Truyền thông, Công an tỉnh, Văn "
            "phòng UBND tỉnh; Tổ giúp việc dự thảo Thông báo kết luận.",
        ],
    )
    s.sign("extra", _at(_wd(d, 2), 10), "secretary")
    s.sign("extra", _at(_wd(d, 2), 16), "chair")
    s.conclude(
        "extra",
        _at(_wd(d, 3), 9),
        "secretary",
        [
            (
                "Sự cố đã được khắc phục kịp thời, Cổng dịch vụ công tỉnh hoạt động trở lại sau khoảng 3 giờ; Ban Chỉ đạo biểu "
                "dương đội ứng cứu sự cố an toàn thông tin của tỉnh.",
                None,
                None,
            ),
            (
                "Sở Thông tin và Truyền thông rà soát, khắc phục toàn bộ lỗ hổng bảo mật trên Cổng dịch vụ công; triển khai "
                "giải pháp chống tấn công từ chối dịch vụ và giám sát 24/7 qua SOC của tỉnh.",
                "STTTT",
                14,
            ),
            ("Công an tỉnh điều tra, xác minh nguồn gốc tấn công; báo cáo Ban Chỉ đạo kết quả.", "CAT", 30),
            (
                "Văn phòng UBND tỉnh thông tin kịp thời cho người dân, doanh nghiệp khi dịch vụ công trực tuyến bị gián đoạn; "
                "hướng dẫn nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công trong thời gian khắc phục.",
                "VPUBND",
                7,
            ),
        ],
    )
    s.issue("extra", _at(_wd(d, 3), 15), "chair")

    # Quarter III, last month: an extended meeting with an invited expert; the minutes are
    # drafted and open for comments, not signed yet.
    # (Its comments run a week past the meeting: early in a quarter, it moves back to fit.)
    d = min(_quarter_day(today, -1, 3, 24), _wd(today, -8))
    start = _at(d, 8)
    s.create(
        "extended",
        _at(_wd(d, -16), 9),
        committee=egov,
        actor="secretary",
        kind=K.EXTENDED,
        start=start,
        end=start + hours(hours=3, minutes=30),
        place=PLACE,
        title="Họp mở rộng lấy ý kiến chuyên gia về Kiến trúc Chính quyền số tỉnh Tây Ninh (phiên bản 3.0)",
    )
    s.guest("extended", _at(_wd(d, -16), 9, 30), "secretary", "guest")
    s.agenda(
        "extended",
        _at(_wd(d, -16), 9, 40),
        "secretary",
        [
            ("Dự thảo Kiến trúc Chính quyền số tỉnh Tây Ninh, phiên bản 3.0", "STTTT", 40),
            (
                "Ý kiến chuyên gia về nền tảng tích hợp, chia sẻ dữ liệu (LGSP) và kho dữ liệu dùng chung",
                None,
                30,
            ),
            (
                f"Kết quả cung cấp dịch vụ công trực tuyến toàn trình {d.month} tháng năm {d.year}",
                "VPUBND",
                20,
            ),
        ],
    )
    s.convene("extended", _at(_wd(d, -10), 10), "chair")
    s.paper(
        "extended",
        _at(_wd(d, -8), 14),
        "secretary",
        0,
        filename=f"du-thao-kien-truc-chinh-quyen-so-{d.year}.pdf",
        title="Dự thảo Kiến trúc Chính quyền số tỉnh Tây Ninh, phiên bản 3.0 (tóm tắt)",
        agency="Sở Thông tin và Truyền thông",
        symbol="Dự thảo",
        paragraphs=[
            "Kiến trúc Chính quyền số tỉnh Tây Ninh phiên bản 3.0 được xây dựng theo Khung Kiến trúc Chính phủ điện tử Việt "
            "Nam phiên bản 3.0, hướng tới Chính quyền số vào năm 2030.",
            "Các thành phần chính: nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP); kho dữ liệu dùng chung; Trung tâm giám "
            "sát, điều hành thông minh (IOC); hệ thống thông tin giải quyết thủ tục hành chính; nền tảng định danh và xác thực "
            "điện tử kết nối VNeID.",
            "Lộ trình triển khai gồm 3 giai đoạn; ưu tiên chuẩn hóa, làm sạch dữ liệu và kết nối các cơ sở dữ liệu quốc gia "
            "trong giai đoạn 1.",
        ],
    )
    s.answer("extended", _at(_wd(d, -9), 9), "guest")
    s.answers(
        "extended",
        _at(_wd(d, -9), 10),
        [
            "standing",
            "deputy",
            "member",
            "member2",
            "nv.director",
            "vp.chief",
            "ca.deputy",
            "tptn.chair",
            "chair",
        ],
    )
    s.hold("extended", _at(d, 11, 40), "secretary")
    s.minutes(
        "extended",
        _at(_wd(d, 1), 9),
        _at(_wd(d, 2), 10),
        "secretary",
        proceedings=[
            [
                "Sở Thông tin và Truyền thông trình bày dự thảo Kiến trúc Chính quyền số tỉnh Tây Ninh phiên bản 3.0. Các "
                "thành viên Ban Chỉ đạo cơ bản thống nhất; đề nghị bổ sung lộ trình, nguồn lực thực hiện.",
            ],
            [
                "Chuyên gia Đỗ Khánh Linh góp ý: cần xác định kho dữ liệu dùng chung là nền tảng trung tâm, chuẩn hóa danh "
                "mục dữ liệu mở và cơ chế chia sẻ dữ liệu giữa các sở, ngành qua nền tảng LGSP.",
            ],
            [
                f"Văn phòng UBND tỉnh báo cáo tỷ lệ hồ sơ trực tuyến toàn trình {d.month} tháng đạt 61,2%.",
            ],
        ],
        proposed=[
            "Giao Sở Thông tin và Truyền thông tiếp thu ý kiến chuyên gia và các thành viên, hoàn thiện dự thảo Kiến trúc "
            "Chính quyền số trình UBND tỉnh ban hành.",
        ],
    )
    s.review("extended", _at(_wd(d, 3), 9), "secretary")
    s.comment(
        "extended",
        _at(_wd(d, 4), 10, 30),
        "member",
        "Đề nghị bổ sung vào biên bản ý kiến của Sở Kế hoạch và Đầu tư về việc lồng ghép các dự án chuyển đổi số vào kế "
        "hoạch đầu tư công trung hạn.",
    )
    s.comment(
        "extended",
        _at(_wd(d, 5), 14),
        "nv.director",
        "Sở Nội vụ đề nghị ghi rõ lộ trình số hóa hồ sơ lưu trữ và kết nối với Kho lưu trữ số của tỉnh.",
    )

    # Current quarter: an extraordinary meeting cancelled last month.
    d = _month_day(today, -1, 22)
    start = _at(d, 14)
    s.create(
        "cancelled",
        _at(_wd(d, -8), 9),
        committee=egov,
        actor="secretary",
        kind=K.EXTRAORDINARY,
        start=start,
        end=start + hours(hours=2),
        place=PLACE,
        presiding="deputy",
        title="Họp đột xuất cho ý kiến phương án tích hợp Cổng dịch vụ công tỉnh với Cổng Dịch vụ công quốc gia",
    )
    s.agenda(
        "cancelled",
        _at(_wd(d, -8), 9, 20),
        "secretary",
        [("Phương án tích hợp, đồng bộ Cổng dịch vụ công tỉnh với Cổng Dịch vụ công quốc gia", "VPUBND", 45)],
    )
    s.convene("cancelled", _at(_wd(d, -6), 10), "deputy")
    s.answers("cancelled", _at(_wd(d, -5), 9), ["standing", "vp.chief", "member"])
    s.cancel(
        "cancelled",
        _at(_wd(d, -2), 16),
        "deputy",
        "Nội dung đã được Thường trực UBND tỉnh cho ý kiến tại phiên họp thường kỳ của UBND tỉnh; Ban Chỉ đạo không tổ "
        "chức họp riêng.",
    )

    # Current quarter: the regular meeting, postponed once, convened ~10 days from today.
    new_day = _weekday(today + datetime.timedelta(days=10))
    if new_day <= today:  # never: ten days on, a weekend moves back at most two
        new_day = _wd(today, 1)
    old_day = _wd(new_day, -5)
    q4 = _quarter(old_day)
    prepared = _wd(old_day, -19)
    s.create(
        "q4",
        _at(prepared, 9),
        committee=egov,
        actor="secretary",
        kind=K.QUARTERLY,
        start=_at(old_day, 8),
        end=_at(old_day, 11, 30),
        place=PLACE,
    )
    s.agenda(
        "q4",
        _at(prepared, 9, 30),
        "secretary",
        [
            (
                f"Báo cáo kết quả triển khai Chính quyền điện tử năm {old_day.year}, phương hướng nhiệm vụ năm {old_day.year + 1}",
                "STTTT",
                30,
            ),
            (f"Kết quả thực hiện Kế hoạch bảo đảm an toàn thông tin năm {old_day.year}", "CAT", 20),
            (f"Dự thảo Chương trình công tác năm {old_day.year + 1} của Ban Chỉ đạo", "STTTT", 20),
            ("Kết quả đánh giá, xếp hạng mức độ chuyển đổi số (DTI) các sở, ban, ngành", "SNV", 20),
        ],
    )
    s.convene("q4", _at(_wd(prepared, 4), 10), "chair")
    s.paper(
        "q4",
        _at(_wd(prepared, 6), 15),
        "secretary",
        2,
        filename=f"du-thao-chuong-trinh-cong-tac-{old_day.year + 1}.pdf",
        title=f"Dự thảo Chương trình công tác năm {old_day.year + 1} của Ban Chỉ đạo",
        agency="Ban Chỉ đạo xây dựng Chính quyền điện tử",
        symbol=f"…/CTr-{EGOV}",
        paragraphs=[
            f"Năm {old_day.year + 1}, Ban Chỉ đạo tập trung chỉ đạo hoàn thành Trung tâm giám sát, điều hành thông minh (IOC) "
            "giai đoạn 2; nâng tỷ lệ hồ sơ trực tuyến toàn trình lên trên 70%; bảo đảm an toàn thông tin theo mô hình 4 lớp.",
            "Ban Chỉ đạo họp định kỳ mỗi quý một lần; Tổ giúp việc họp định kỳ mỗi tháng một lần, báo cáo Trưởng Ban Chỉ đạo "
            "hằng quý về tình hình, kết quả hoạt động.",
            "Kế hoạch kiểm tra: kiểm tra việc triển khai Chính quyền điện tử tại 05 sở, ngành và 03 huyện, thị xã, thành phố.",
        ],
    )
    s.answer("q4", _at(_wd(prepared, 5), 8, 20), "standing")
    s.answer("q4", _at(_wd(prepared, 5), 14, 5), "deputy")
    s.answer("q4", _at(_wd(prepared, 6), 9, 40), "vp.chief")
    s.postpone(
        "q4", _at(_wd(old_day, -7), 16), "chair", _at(new_day, 8), _at(new_day, 11, 30), POSTPONE_REASON
    )
    s.answer(
        "q4",
        _at(_wd(today, -3), 9),
        "nv.director",
        R.ABSENT,
        absence_reason=f"Đi công tác, làm việc tại Bộ Nội vụ (Hà Nội) từ ngày {_wd(new_day, -1):%d/%m} đến ngày {_wd(new_day, 1):%d/%m/%Y}.",
    )
    s.answer(
        "q4",
        _at(_wd(today, -2), 10),
        "ca.deputy",
        R.SUBSTITUTE,
        substitute_name="Nguyễn Văn Sơn",
        substitute_position="Trưởng phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao, Công an tỉnh",
        written_opinion=(
            f"Công an tỉnh thống nhất với dự thảo Báo cáo kết quả triển khai Chính quyền điện tử năm {old_day.year}. Đề nghị bổ "
            "sung vào Chương trình công tác năm tới nhiệm vụ tổ chức diễn tập thực chiến ứng cứu sự cố an toàn thông tin cho "
            "các hệ thống thông tin dùng chung của tỉnh, và rà soát, phân loại cấp độ an toàn hệ thống thông tin tại các sở, ngành."
        ),
    )
    s.answer("q4", _at(_wd(today, -1), 8, 30), "member")
    s.answer("q4", _at(_wd(today, -1), 9), "secretary")

    # Next quarter: a draft the secretary is preparing.
    d = _quarter_day(new_day, 1, 1, 14)
    start = _at(d, 8)
    s.create(
        "draft",
        _at(_wd(today, -1), 10),
        committee=egov,
        actor="secretary",
        kind=K.QUARTERLY,
        start=start,
        end=start + hours(hours=3),
        place=PLACE,
    )
    s.agenda(
        "draft",
        _at(_wd(today, -1), 10, 20),
        "secretary",
        [
            (
                f"Tổng kết công tác xây dựng Chính quyền điện tử năm {d.year - 1}, triển khai nhiệm vụ năm {d.year}",
                "STTTT",
                40,
            ),
            (f"Kế hoạch bảo đảm an toàn thông tin năm {d.year}", "STTTT", 20),
        ],
    )

    # The support group's monthly meetings, presided by its leader (Điều 8.3).
    last_month = _month_day(today, -1, 1)
    topics = {
        -3: [
            (f"Đôn đốc thực hiện các kết luận tại phiên họp thường kỳ quý {q2}", "STTTT"),
            ("Chuẩn bị nội dung họp mở rộng lấy ý kiến chuyên gia về Kiến trúc Chính quyền số", "STTTT"),
        ],
        -2: [
            ("Tổng hợp báo cáo hằng quý của Tổ giúp việc gửi Trưởng Ban Chỉ đạo", "STTTT"),
            ("Rà soát tiến độ khắc phục sự cố an toàn thông tin trên Cổng dịch vụ công", "VPUBND"),
        ],
        -1: [
            (f"Chuẩn bị nội dung, tài liệu phiên họp thường kỳ quý {q4}", "STTTT"),
            (f"Xây dựng dự thảo Chương trình công tác năm {old_day.year + 1} của Ban Chỉ đạo", "SNV"),
        ],
        0: [
            (f"Hoàn thiện tài liệu phiên họp thường kỳ quý {q4}", "STTTT"),
            (
                f"Đánh giá kết quả cung cấp dịch vụ công trực tuyến toàn trình {last_month.month} tháng năm {last_month.year}",
                "VPUBND",
            ),
        ],
    }
    for offset, agenda in topics.items():
        key = f"support{offset}"
        d = _month_day(today, offset, 20)  # signed two working days later, within the month
        if offset == 0:
            d = _wd(today, -2)
            if d.month != today.month:  # early in the month: this month's meeting is still ahead
                d = _wd(today, 3)
        start = _at(d, 14)
        held = start + hours(hours=2) < s.now
        s.create(
            key,
            _at(_wd(d, -7), 9),
            committee=egov,
            actor="secretary",
            kind=K.SUPPORT_MONTHLY,
            start=start,
            end=start + hours(hours=2),
            place=PLACE_SUPPORT,
        )
        s.agenda(key, _at(_wd(d, -7), 9, 15), "secretary", [(t, code, 45) for t, code in agenda])
        s.convene(key, _at(_wd(d, -6), 8, 30), "secretary_lead", fallback="deputy")
        if not held:
            continue
        s.answers(key, _at(_wd(d, -6), 9, 30), ["secretary_lead", "secretary2", "secretary"], 50)
        if offset == -2:
            s.answer(
                key,
                _at(_wd(d, -3), 10),
                "secretary3",
                R.ABSENT,
                absence_reason="Tham gia đoàn kiểm tra công tác cải cách hành chính của Sở Nội vụ tại các xã.",
            )
            s.decide(key, _at(_wd(d, -2), 8, 30), "secretary_lead", "secretary3")
        else:
            s.answer(key, _at(_wd(d, -4), 15), "secretary3")
        s.hold(key, start + hours(hours=2), "secretary")
        if offset == 0:
            continue  # held this week; the minutes are still to be written
        s.minutes(
            key,
            _at(_wd(d, 1), 9),
            _at(_wd(d, 1), 10, 30),
            "secretary",
            proceedings=[
                [
                    f"Các thành viên báo cáo kết quả công tác tháng {d.month:02d}/{d.year} theo lĩnh vực được phân công."
                ],
                [
                    "Tổ giúp việc thống nhất phân công chuẩn bị tài liệu và đôn đốc các cơ quan thực hiện nhiệm vụ được giao."
                ],
            ],
            proposed=[
                "Đồng chí Tổ trưởng Tổ giúp việc kết luận, phân công nhiệm vụ tháng tới cho từng nhóm lĩnh vực."
            ],
        )
        s.sign(key, _at(_wd(d, 1), 15), "secretary")
        s.sign(key, _at(_wd(d, 2), 9), "secretary_lead")


# --- the second committee -------------------------------------------------------------------------


def _ktxh_meeting(s: _Story, ktxh: Committee) -> None:
    d = _quarter_day(s.today, -1, 3, 10)
    start = _at(d, 14)
    s.create(
        "ktxh",
        _at(_wd(d, -10), 9),
        committee=ktxh,
        actor="secretary2",
        kind=K.QUARTERLY,
        start=start,
        end=start + datetime.timedelta(hours=2, minutes=30),
        place=PLACE,
    )
    s.agenda(
        "ktxh",
        _at(_wd(d, -10), 9, 30),
        "secretary2",
        [
            ("Tiến độ các dự án giao thông trọng điểm kết nối vùng", "SKHDT", 30),
            (f"Kết quả giải ngân vốn đầu tư công năm {d.year}", "SKHDT", 20),
            ("Phát triển cụm công nghiệp trên địa bàn thị xã Hòa Thành", "UBNDHT", 20),
        ],
    )
    s.convene("ktxh", _at(_wd(d, -6), 10), "chair")
    s.answers("ktxh", _at(_wd(d, -5), 8, 30), ["vp.chief", "deputy", "member", "ht.chair", "secretary2"])
    s.hold("ktxh", _at(d, 16, 40), "secretary2")
    s.minutes(
        "ktxh",
        _at(_wd(d, 1), 9),
        _at(_wd(d, 1), 14),
        "secretary2",
        proceedings=[
            ["Sở Kế hoạch và Đầu tư báo cáo tiến độ các dự án giao thông trọng điểm kết nối vùng."],
            ["Sở Kế hoạch và Đầu tư báo cáo kết quả giải ngân vốn đầu tư công; một số dự án giải ngân chậm."],
            ["UBND thị xã Hòa Thành báo cáo tình hình thu hút đầu tư vào các cụm công nghiệp trên địa bàn."],
        ],
        proposed=[
            "Đồng chí Trưởng Ban Chỉ đạo kết luận: đẩy nhanh giải ngân; điều chuyển vốn; hoàn thành giải phóng mặt bằng "
            "cụm công nghiệp."
        ],
    )
    s.sign("ktxh", _at(_wd(d, 2), 9), "secretary2")
    s.sign("ktxh", _at(_wd(d, 2), 15), "chair")
    s.conclude(
        "ktxh",
        _at(_wd(d, 3), 9),
        "vp.chief",
        [
            (
                "Ban Chỉ đạo ghi nhận kết quả giải ngân vốn đầu tư công; yêu cầu các chủ đầu tư đẩy nhanh tiến độ.",
                None,
                None,
            ),
            (
                "Sở Kế hoạch và Đầu tư tham mưu UBND tỉnh điều chuyển vốn từ các dự án giải ngân chậm sang các dự án có khả "
                "năng giải ngân tốt.",
                "SKHDT",
                35,
            ),
            (
                "UBND thị xã Hòa Thành hoàn thành bồi thường, giải phóng mặt bằng cụm công nghiệp Trường Đông.",
                "UBNDHT",
                110,
            ),
        ],
    )
    s.issue("ktxh", _at(_wd(d, 4), 10), "chair")


# --- entry point ------------------------------------------------------------------------------------


def seed_meetings(stdout=None) -> int:
    """Play the demo year through the services; returns how many meetings it created.

    A committee that already has meetings is skipped, so a second run writes nothing.
    """
    committees = {c.short_code: c for c in Committee.objects.filter(short_code__in=(EGOV, KTXH))}
    todo = {code: c for code, c in committees.items() if not c.meetings.exists()}
    if not todo:
        if stdout is not None:
            stdout.write("Demo meetings: already in place, nothing to do.")
        return 0

    story = _Story(
        now=timezone.now(),
        people={u.username: u for u in User.objects.filter(is_active=True)},
        orgs={o.short_code: o for o in Organization.objects.all()},
    )
    if EGOV in todo:
        _egov_year(story, todo[EGOV])
    if KTXH in todo:
        _ktxh_meeting(story, todo[KTXH])

    with transaction.atomic():
        last_note = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
        with translation.override(settings.LANGUAGE_CODE):  # stored messages in the portal's language
            story.run()
        # What happened weeks ago was read then; nothing of the demo's past is e-mailed now.
        notes = Notification.objects.filter(pk__gt=last_note)
        notes.update(emailed_at=F("created_at"))
        notes.filter(created_at__lt=story.now - datetime.timedelta(days=14)).update(read_at=F("created_at"))

    meetings = list(story.meetings.values())
    if stdout is not None:
        per_committee = ", ".join(
            f"{code} {sum(m.committee_id == c.pk for m in meetings)}" for code, c in todo.items()
        )
        notices = (
            Notice.objects.filter(meeting__in=meetings).select_related("committee").order_by("signed_at")
        )
        stdout.write(
            f"Demo meetings: {len(meetings)} created ({per_committee}), {story.papers} papers, "
            f"notices {', '.join(n.symbol for n in notices)}."
        )
    return len(meetings)
