"""The support group's monthly meetings (Điều 8.3): presided by its leader, minuted and signed by
the secretary and the leader; this month's was held this week, its minutes still to write."""

from __future__ import annotations

from meetings.models import Invitation

from ..dates import _at, _month_day, _on, _quarter
from ..people import EGOV
from ..steps import (
    AddAgenda,
    Answer,
    Convene,
    Create,
    DecideAbsence,
    Hold,
    MeetingSpec,
    SignMinutes,
    StartMinutes,
    Step,
    WriteMinutes,
    answers_from,
)
from .setting import HOURS, PLACE_SUPPORT, K, StoryDays

R = Invitation.Response
SECRETARY3_AWAY = "Tham gia đoàn kiểm tra công tác cải cách hành chính của Sở Nội vụ tại các xã."


def support_meetings(days: StoryDays) -> list[MeetingSpec]:
    """The last three months' meetings and this month's, each with its two agenda items."""
    q2, q4 = _quarter(days.q2), _quarter(days.q4_first)
    last_month = _month_day(days.today, -1, 1)
    # month offset from this one: its agenda (title, presenting organization), whether secretary3 was away
    months: list[tuple[int, list[tuple[str, str]], str | None]] = [
        (
            -3,
            [
                (f"Đôn đốc thực hiện các kết luận tại phiên họp thường kỳ quý {q2}", "STTTT"),
                ("Chuẩn bị nội dung họp mở rộng lấy ý kiến chuyên gia về Kiến trúc Chính quyền số", "STTTT"),
            ],
            None,
        ),
        (
            -2,
            [
                ("Tổng hợp báo cáo hằng quý của Tổ giúp việc gửi Trưởng Ban Chỉ đạo", "STTTT"),
                ("Rà soát tiến độ khắc phục sự cố an toàn thông tin trên Cổng dịch vụ công", "VPUBND"),
            ],
            SECRETARY3_AWAY,
        ),
        (
            -1,
            [
                (f"Chuẩn bị nội dung, tài liệu phiên họp thường kỳ quý {q4}", "STTTT"),
                (
                    f"Xây dựng dự thảo Chương trình công tác năm {days.q4_first.year + 1} của Ban Chỉ đạo",
                    "SNV",
                ),
            ],
            None,
        ),
        (
            0,
            [
                (f"Hoàn thiện tài liệu phiên họp thường kỳ quý {q4}", "STTTT"),
                (
                    f"Đánh giá kết quả cung cấp dịch vụ công trực tuyến toàn trình {last_month.month} tháng năm {last_month.year}",
                    "VPUBND",
                ),
            ],
            None,
        ),
    ]
    return [_monthly(days, offset, agenda, away) for offset, agenda, away in months]


def _monthly(days: StoryDays, offset: int, agenda: list[tuple[str, str]], away: str | None) -> MeetingSpec:
    """One monthly meeting: called a week ahead; if over by now, answered and held; if of a past
    month, minuted and signed within two working days."""
    key = f"support{offset}"
    d = days.support(offset)
    start = _at(d, 14)
    end = start + HOURS(hours=2)
    steps: list[Step] = [
        Create(_on(d, -7, 9), "secretary", kind=K.SUPPORT_MONTHLY, start=start, end=end, place=PLACE_SUPPORT),
        AddAgenda(_on(d, -7, 9, 15), "secretary", items=tuple((title, code, 45) for title, code in agenda)),
        Convene(_on(d, -6, 8, 30), "secretary_lead", fallback="deputy"),
    ]
    if end >= days.now:  # still to come: convened, nobody has answered yet
        return MeetingSpec(key=key, committee=EGOV, steps=tuple(steps))
    # The leader presides: not asked to answer (only the others answer).
    steps += answers_from(_on(d, -6, 9, 30), ["secretary2", "secretary"], 50)
    if away:
        steps += [
            Answer(_on(d, -3, 10), "secretary3", R.ABSENT, absence_reason=away),
            DecideAbsence(_on(d, -2, 8, 30), "secretary_lead", "secretary3"),
        ]
    else:
        steps.append(Answer(_on(d, -4, 15), "secretary3"))
    steps.append(Hold(end, "secretary"))
    if offset != 0:  # this month's was held this week: its minutes are still to be written
        steps += [
            StartMinutes(_on(d, 1, 9), "secretary"),
            WriteMinutes(
                _on(d, 1, 10, 30),
                "secretary",
                proceedings=(
                    (
                        f"Các thành viên báo cáo kết quả công tác tháng {d.month:02d}/{d.year} theo lĩnh vực được phân công.",
                    ),
                    (
                        "Tổ giúp việc thống nhất phân công chuẩn bị tài liệu và đôn đốc các cơ quan thực hiện nhiệm vụ được giao.",
                    ),
                ),
                proposed=(
                    "Đồng chí Tổ trưởng Tổ giúp việc kết luận, phân công nhiệm vụ tháng tới cho từng nhóm lĩnh vực.",
                ),
            ),
            SignMinutes(_on(d, 1, 15), "secretary"),
            SignMinutes(_on(d, 2, 9), "secretary_lead"),
        ]
    return MeetingSpec(key=key, committee=EGOV, steps=tuple(steps))
