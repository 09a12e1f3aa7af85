"""The chair's working session with the Department of Health (Điều 9.2), a few weeks ago: the
secretariat files it with Sở Y tế as its agency (its director and the support group are invited,
not the whole committee), the chair convenes and presides, the minutes are signed, and the notice
gives the department one instruction, which becomes its directive."""

from __future__ import annotations

from ..dates import _at, _on
from ..people import EGOV
from ..steps import (
    AddAgenda,
    Conclude,
    Convene,
    Create,
    Hold,
    IssueNotice,
    MeetingSpec,
    SignMinutes,
    StartMinutes,
    WriteMinutes,
    answers_from,
)
from .setting import HOURS, PLACE, K, StoryDays

#: The days the department is given to do what the notice asks (the story's follow-up counts on none).
HEALTH_RECORDS_DUE_DAYS = 75


def health_working_session(days: StoryDays) -> MeetingSpec:
    d = days.working_session
    start = _at(d, 14)
    return MeetingSpec(
        key="working_session",
        committee=EGOV,
        steps=(
            Create(
                _on(d, -6, 9),
                "secretary",
                kind=K.WORKING_SESSION,
                start=start,
                end=start + HOURS(hours=2),
                place=PLACE,
                presiding="chair",
                agencies=("SYT",),
                title="Làm việc với Sở Y tế về chuyển đổi số ngành y tế",
            ),
            AddAgenda(
                _on(d, -6, 9, 20),
                "secretary",
                items=(
                    (
                        "Sở Y tế báo cáo tiến độ triển khai hồ sơ sức khỏe điện tử và bệnh án điện tử tại các bệnh viện",
                        "SYT",
                        30,
                    ),
                    ("Khó khăn, vướng mắc và đề xuất của Sở Y tế", "SYT", 20),
                    ("Ý kiến chỉ đạo của Trưởng Ban Chỉ đạo", None, 20),
                ),
            ),
            Convene(_on(d, -5, 10), "chair"),
            *answers_from(
                _on(d, -5, 14), ["yt.director", "secretary_lead", "secretary", "secretary2", "secretary3"]
            ),
            Hold(_at(d, 16, 10), "secretary"),
            StartMinutes(_on(d, 1, 9), "secretary"),
            WriteMinutes(
                _on(d, 1, 14),
                "secretary",
                proceedings=(
                    (
                        "Sở Y tế báo cáo: 100% trạm y tế xã đã triển khai phần mềm quản lý hồ sơ sức khỏe điện tử; 4/9 bệnh viện "
                        "tuyến tỉnh đã triển khai bệnh án điện tử, các bệnh viện còn lại đang hoàn thiện hạ tầng.",
                    ),
                    (
                        "Sở Y tế đề xuất bố trí kinh phí nâng cấp hạ tầng mạng của các bệnh viện tuyến huyện và đào tạo nhân lực "
                        "công nghệ thông tin cho ngành.",
                    ),
                    (
                        "Đồng chí Trưởng Ban Chỉ đạo ghi nhận kết quả của ngành y tế, yêu cầu Sở Y tế đẩy nhanh tiến độ bệnh án điện "
                        "tử và kết nối dữ liệu hồ sơ sức khỏe với Cơ sở dữ liệu quốc gia về dân cư.",
                    ),
                ),
                proposed=(
                    "Tổ giúp việc dự thảo Thông báo kết luận của Trưởng Ban Chỉ đạo tại buổi làm việc với Sở Y tế.",
                ),
            ),
            SignMinutes(_on(d, 1, 16), "secretary"),
            SignMinutes(_on(d, 2, 9), "chair"),
            Conclude(
                _on(d, 2, 10),
                "secretary",
                items=(
                    (
                        "Ghi nhận kết quả triển khai hồ sơ sức khỏe điện tử tại các trạm y tế xã của ngành y tế.",
                        None,
                        None,
                    ),
                    (
                        "Sở Y tế chỉ đạo các bệnh viện tuyến tỉnh còn lại hoàn thành triển khai bệnh án điện tử; kết nối dữ liệu "
                        "hồ sơ sức khỏe điện tử với Cơ sở dữ liệu quốc gia về dân cư; báo cáo Trưởng Ban Chỉ đạo kết quả.",
                        "SYT",
                        HEALTH_RECORDS_DUE_DAYS,
                        ("STTTT",),
                    ),
                ),
            ),
            IssueNotice(_on(d, 2, 15), "chair"),
        ),
    )
