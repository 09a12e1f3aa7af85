"""The e-Government committee's current quarter and the next: an extraordinary meeting cancelled,
the regular meeting postponed once and awaiting answers, and next quarter's draft."""

from __future__ import annotations

from meetings.models import Invitation

from ..dates import _at, _on, _wd
from ..people import EGOV
from ..steps import AddAgenda, AddPaper, Answer, Cancel, Convene, Create, MeetingSpec, Postpone, answers_from
from .setting import HOURS, PLACE, POSTPONE_REASON, K, StoryDays

R = Invitation.Response


def cancelled(days: StoryDays) -> MeetingSpec:
    """Last month: an extraordinary meeting the chair convenes for the deputy to preside, then
    the deputy cancels it, saying why."""
    d = days.cancelled
    start = _at(d, 14)
    return MeetingSpec(
        key="cancelled",
        committee=EGOV,
        steps=(
            Create(
                _on(d, -8, 9),
                "secretary",
                kind=K.EXTRAORDINARY,
                start=start,
                end=start + HOURS(hours=2),
                place=PLACE,
                presiding="deputy",
                title="Họp đột xuất cho ý kiến phương án tích hợp Cổng dịch vụ công tỉnh với Cổng Dịch vụ công quốc gia",
            ),
            AddAgenda(
                _on(d, -8, 9, 20),
                "secretary",
                items=(
                    (
                        "Phương án tích hợp, đồng bộ Cổng dịch vụ công tỉnh với Cổng Dịch vụ công quốc gia",
                        "VPUBND",
                        45,
                    ),
                ),
            ),
            Convene(_on(d, -6, 10), "chair"),
            *answers_from(_on(d, -5, 9), ["standing", "vp.chief", "member"]),
            Cancel(
                _on(d, -2, 16),
                "deputy",
                reason="Nội dung đã được Thường trực UBND tỉnh cho ý kiến tại phiên họp thường kỳ của UBND tỉnh; Ban Chỉ đạo "
                "không tổ chức họp riêng.",
            ),
        ),
    )


def quarter_four(days: StoryDays) -> MeetingSpec:
    """This quarter's regular meeting: convened, postponed once, convened again ~10 days from today;
    answers of every kind (attend, absent awaiting a decision, substitute, none yet)."""
    old_day, new_day, today = days.q4_first, days.q4, days.today
    year = old_day.year
    prepared = _wd(old_day, -19)
    return MeetingSpec(
        key="q4",
        committee=EGOV,
        steps=(
            Create(
                _at(prepared, 9),
                "secretary",
                kind=K.QUARTERLY,
                start=_at(old_day, 8),
                end=_at(old_day, 11, 30),
                place=PLACE,
            ),
            AddAgenda(
                _at(prepared, 9, 30),
                "secretary",
                items=(
                    (
                        f"Báo cáo kết quả triển khai Chính quyền điện tử năm {year}, phương hướng nhiệm vụ năm {year + 1}",
                        "STTTT",
                        30,
                    ),
                    (f"Kết quả thực hiện Kế hoạch bảo đảm an toàn thông tin năm {year}", "CAT", 20),
                    (f"Dự thảo Chương trình công tác năm {year + 1} của Ban Chỉ đạo", "STTTT", 20),
                    ("Kết quả đánh giá, xếp hạng mức độ chuyển đổi số (DTI) các sở, ban, ngành", "SNV", 20),
                ),
            ),
            Convene(_on(prepared, 4, 10), "chair"),
            AddPaper(
                _on(prepared, 6, 15),
                "secretary",
                item=2,
                filename=f"du-thao-chuong-trinh-cong-tac-{year + 1}.pdf",
                title=f"Dự thảo Chương trình công tác năm {year + 1} của Ban Chỉ đạo",
                agency="Ban Chỉ đạo xây dựng Chính quyền điện tử",
                symbol=f"…/CTr-{EGOV}",
                paragraphs=(
                    f"Năm {year + 1}, Ban Chỉ đạo tập trung chỉ đạo hoàn thành Trung tâm giám sát, điều hành thông minh (IOC) "
                    "giai đoạn 2; nâng tỷ lệ hồ sơ trực tuyến toàn trình lên trên 70%; bảo đảm an toàn thông tin theo mô hình 4 lớp.",
                    "Ban Chỉ đạo họp định kỳ mỗi quý một lần; Tổ giúp việc họp định kỳ mỗi tháng một lần, báo cáo Trưởng Ban Chỉ đạo "
                    "hằng quý về tình hình, kết quả hoạt động.",
                    "Kế hoạch kiểm tra: kiểm tra việc triển khai Chính quyền điện tử tại 05 sở, ngành và 03 huyện, thị xã, thành phố.",
                ),
            ),
            Answer(_on(prepared, 5, 8, 20), "standing"),
            Answer(_on(prepared, 5, 14, 5), "deputy"),
            Answer(_on(prepared, 6, 9, 40), "vp.chief"),
            Postpone(
                _on(old_day, -7, 16),
                "chair",
                start=_at(new_day, 8),
                end=_at(new_day, 11, 30),
                reason=POSTPONE_REASON,
            ),
            Answer(
                _on(today, -3, 9),
                "nv.director",
                R.ABSENT,
                absence_reason=f"Đi công tác, làm việc tại Bộ Nội vụ (Hà Nội) từ ngày {_wd(new_day, -1):%d/%m} đến ngày {_wd(new_day, 1):%d/%m/%Y}.",
            ),
            Answer(
                _on(today, -2, 10),
                "ca.deputy",
                R.SUBSTITUTE,
                substitute_name="Nguyễn Văn Sơn",
                substitute_position="Trưởng phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao, Công an tỉnh",
                written_opinion=(
                    f"Công an tỉnh thống nhất với dự thảo Báo cáo kết quả triển khai Chính quyền điện tử năm {year}. Đề nghị bổ "
                    "sung vào Chương trình công tác năm tới nhiệm vụ tổ chức diễn tập thực chiến ứng cứu sự cố an toàn thông tin cho "
                    "các hệ thống thông tin dùng chung của tỉnh, và rà soát, phân loại cấp độ an toàn hệ thống thông tin tại các sở, ngành."
                ),
            ),
            Answer(_on(today, -1, 8, 30), "member"),
            Answer(_on(today, -1, 9), "secretary"),
        ),
    )


def draft(days: StoryDays) -> MeetingSpec:
    """Next quarter's regular meeting: a draft the secretary is preparing, two agenda items so far."""
    d = days.draft
    start = _at(d, 8)
    return MeetingSpec(
        key="draft",
        committee=EGOV,
        steps=(
            Create(
                _on(days.today, -1, 10),
                "secretary",
                kind=K.QUARTERLY,
                start=start,
                end=start + HOURS(hours=3),
                place=PLACE,
            ),
            AddAgenda(
                _on(days.today, -1, 10, 20),
                "secretary",
                items=(
                    (
                        f"Tổng kết công tác xây dựng Chính quyền điện tử năm {d.year - 1}, triển khai nhiệm vụ năm {d.year}",
                        "STTTT",
                        40,
                    ),
                    (f"Kế hoạch bảo đảm an toàn thông tin năm {d.year}", "STTTT", 20),
                ),
            ),
        ),
    )
