"""Two written consultations of the members (issue #13). The first, on the draft of next year's
digital-transformation plan, was sent nine working days ago by the standing member (prepared by
the secretariat), answered by most members — Sở Tài chính's answer prepared by its focal officer
and sent by its director — summarised after the deadline, and decided by the chair: its notice
gives Sở KH&ĐT an instruction, which becomes a directive. The second, on the draft rules for
sharing data between agencies, is open: a few members have answered, Sở Tài chính's answer is
prepared and waits for its director to send it, the others have not answered yet."""

from __future__ import annotations

from meetings.models import ConsultationAnswer

from ..dates import _at, _on
from ..people import EGOV
from ..steps import (
    AddPaper,
    CompileSummary,
    Conclude,
    Consult,
    ConsultAnswer,
    Convene,
    IssueNotice,
    MeetingSpec,
)
from .setting import StoryDays

P = ConsultationAnswer.Position
#: The days Sở KH&ĐT is given to complete the plan the consultation decided on.
PLAN_DUE_DAYS = 30


def plan_consultation(days: StoryDays) -> MeetingSpec:
    d = days.consultation_closed
    return MeetingSpec(
        key="consultation_plan",
        committee=EGOV,
        steps=(
            Consult(
                _on(d, -1, 15),
                "secretary",
                asked_by="standing",
                matter="Dự thảo Kế hoạch chuyển đổi số tỉnh Tây Ninh năm 2027 do Sở Kế hoạch và Đầu tư chủ trì xây dựng.",
                questions=(
                    "Đồng chí có thống nhất với các mục tiêu, chỉ tiêu của dự thảo Kế hoạch không?",
                    "Đồng chí có đề xuất bổ sung nhiệm vụ, giải pháp hoặc nguồn kinh phí nào không?",
                ),
                deadline=_on(d, 4, 17),
            ),
            AddPaper(
                _on(d, -1, 15, 30),
                "secretary",
                item=None,
                filename="du-thao-ke-hoach-cds-2027.pdf",
                title="Dự thảo Kế hoạch chuyển đổi số năm 2027",
                agency="SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
                symbol="DT/KH-SKHDT",
                paragraphs=(
                    "Mục tiêu: 100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình.",
                    "Nhiệm vụ trọng tâm: hoàn thiện hạ tầng số, dữ liệu số và nền tảng số dùng chung của tỉnh.",
                ),
            ),
            Convene(_at(d, 9), "standing"),
            ConsultAnswer(_on(d, 1, 10), "member", P.AGREE),
            ConsultAnswer(
                _on(d, 1, 14),
                "focal2",
                P.AGREE_WITH_COMMENTS,
                "Đề nghị bổ sung phương án bố trí kinh phí từ nguồn sự nghiệp khoa học và công nghệ.",
                member="member2",
            ),
            ConsultAnswer(
                _on(d, 2, 9),
                "member2",
                P.AGREE_WITH_COMMENTS,
                "Đề nghị bổ sung phương án bố trí kinh phí từ nguồn sự nghiệp khoa học và công nghệ.",
            ),
            ConsultAnswer(_on(d, 2, 10), "nv.director", P.AGREE),
            ConsultAnswer(
                _on(d, 2, 15),
                "yt.director",
                P.AGREE_WITH_COMMENTS,
                "Đề nghị đưa chỉ tiêu bệnh án điện tử tại 100% bệnh viện tuyến tỉnh vào Kế hoạch.",
            ),
            ConsultAnswer(_on(d, 3, 9), "deputy", P.AGREE),
            ConsultAnswer(_on(d, 3, 11), "vp.chief", P.AGREE),
            CompileSummary(_on(d, 5, 9), "secretary"),
            Conclude(
                _on(d, 5, 14),
                "secretary",
                items=(
                    ("Thống nhất thông qua dự thảo Kế hoạch chuyển đổi số tỉnh năm 2027.", None, None),
                    (
                        "Sở Kế hoạch và Đầu tư tiếp thu ý kiến của các thành viên (kinh phí sự nghiệp khoa học và công nghệ; "
                        "chỉ tiêu bệnh án điện tử), hoàn thiện Kế hoạch, trình Ủy ban nhân dân tỉnh ban hành.",
                        "SKHDT",
                        PLAN_DUE_DAYS,
                        ("STC", "SYT"),
                    ),
                ),
            ),
            IssueNotice(_on(d, 6, 10), "chair"),
        ),
    )


def data_sharing_consultation(days: StoryDays) -> MeetingSpec:
    d = days.consultation_open
    return MeetingSpec(
        key="consultation_data",
        committee=EGOV,
        steps=(
            Consult(
                _at(d, 8, 30),
                "secretary",
                asked_by="chair",
                matter="Dự thảo Quy chế khai thác, chia sẻ dữ liệu giữa các cơ quan nhà nước trên địa bàn tỉnh.",
                questions=(
                    "Đồng chí có thống nhất với phạm vi dữ liệu dùng chung của dự thảo Quy chế không?",
                    "Cơ quan của đồng chí cần khai thác thêm dữ liệu nào của cơ quan khác?",
                ),
                deadline=_on(d, 6, 17),
            ),
            Convene(_at(d, 9), "chair"),
            ConsultAnswer(_at(d, 14), "member", P.AGREE),
            ConsultAnswer(
                _on(d, 1, 10),
                "tp.director",
                P.AGREE_WITH_COMMENTS,
                "Đề nghị quy định rõ trách nhiệm bảo vệ dữ liệu cá nhân khi chia sẻ.",
            ),
            ConsultAnswer(
                _on(d, 1, 15),
                "focal2",
                P.AGREE_WITH_COMMENTS,
                "Sở Tài chính đề nghị được khai thác dữ liệu đăng ký doanh nghiệp.",
                member="member2",
            ),
        ),
    )
