"""The e-Government committee's quarter III: an extraordinary meeting the standing member proposed
after an information-security incident, its minutes commented on, closed early and signed (notice
03/TB), and an extended meeting with an invited expert whose minutes are open for comments now."""

from __future__ import annotations

from ..dates import _at, _on, _wd
from ..people import EGOV
from ..steps import (
    AcceptProposal,
    AddAgenda,
    AddPaper,
    Answer,
    AnswerComment,
    CloseReview,
    Comment,
    Conclude,
    Convene,
    Create,
    Hold,
    InviteAlso,
    InviteGuest,
    IssueNotice,
    MeetingSpec,
    OpenReview,
    Propose,
    RecordActingPeriod,
    SignMinutes,
    StartMinutes,
    Update,
    WriteMinutes,
    answers_from,
)
from .setting import HOURS, PLACE, K, StoryDays


def extraordinary(days: StoryDays) -> MeetingSpec:
    """Quarter III, first month: the standing member proposes, the chair accepts; the secretariat
    completes the draft; the chair, away for a day, has the deputy convene for him (an acting
    period, Điều 4.1); the draft minutes open for comments, the secretary answers one (not taken
    into account, saying why), the chair closes the comments early and signs the minutes after the
    secretary, then the notice 03/TB."""
    d = days.extraordinary
    start = _at(d, 14)
    incident_day = _wd(d, -4)
    return MeetingSpec(
        key="extra",
        committee=EGOV,
        steps=(
            Propose(
                _on(d, -3, 8, 30),
                "standing",
                suggested_start=start,
                reason=(
                    f"Ngày {incident_day:%d/%m/%Y}, hệ thống giám sát an toàn thông tin (SOC) phát hiện tấn công từ chối dịch "
                    "vụ (DDoS) và dò quét lỗ hổng nhắm vào Cổng dịch vụ công của tỉnh, làm gián đoạn dịch vụ khoảng 3 giờ. "
                    "Đề nghị Ban Chỉ đạo họp đột xuất để đánh giá sự cố và thống nhất các biện pháp ứng cứu, khắc phục."
                ),
            ),
            AcceptProposal(
                _on(d, -3, 15),
                "chair",
                note="Đồng ý. Giao Tổ giúp việc khẩn trương chuẩn bị nội dung, tài liệu; mời Công an tỉnh báo cáo phương án "
                "bảo đảm an ninh mạng.",
            ),
            Update(
                _on(d, -3, 16),
                "secretary",
                title="Họp đột xuất đánh giá sự cố an toàn thông tin trên Cổng dịch vụ công tỉnh",
                place=PLACE,
                secretary="secretary",
            ),
            InviteAlso(_on(d, -3, 16, 5), "secretary", usernames=("secretary", "secretary3")),
            AddAgenda(
                _on(d, -3, 16, 10),
                "secretary",
                items=(
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
                ),
            ),
            RecordActingPeriod(
                _on(d, -3, 15, 30),
                "chair",
                deputy="deputy",
                start=_wd(d, -2),
                end=_wd(d, -2),
                reason="Dự Hội nghị trực tuyến của Chính phủ tại điểm cầu Thành phố Hồ Chí Minh.",
            ),
            Convene(_on(d, -2, 8, 30), "deputy"),
            # The chair presides (the proposal's meeting): not asked to answer.
            *answers_from(
                _on(d, -2, 9, 15),
                [
                    "standing",
                    "ca.deputy",
                    "vp.chief",
                    "member",
                    "member2",
                    "nv.director",
                    "yt.director",
                    "secretary3",
                ],
                40,
            ),
            Hold(_at(d, 16, 40), "secretary"),
            StartMinutes(_on(d, 1, 9), "secretary"),
            WriteMinutes(
                _on(d, 1, 15),
                "secretary",
                proceedings=(
                    (
                        f"Sở Thông tin và Truyền thông báo cáo: ngày {incident_day:%d/%m/%Y}, Cổng dịch vụ công tỉnh bị tấn công từ "
                        "chối dịch vụ với lưu lượng đỉnh khoảng 12 Gbps, gián đoạn khoảng 3 giờ; đội ứng cứu sự cố của tỉnh đã phối hợp "
                        "Trung tâm Giám sát an toàn không gian mạng quốc gia chặn lọc lưu lượng, khôi phục dịch vụ; không phát hiện dữ "
                        "liệu bị rò rỉ.",
                    ),
                    (
                        "Công an tỉnh báo cáo kết quả xác minh ban đầu nguồn tấn công và đề xuất phương án bảo đảm an ninh mạng cho các "
                        "hệ thống thông tin dùng chung.",
                    ),
                    (
                        "Các thành viên thống nhất tăng cường giám sát 24/7, rà soát lỗ hổng định kỳ và thông tin kịp thời cho người "
                        "dân khi dịch vụ bị gián đoạn.",
                    ),
                ),
                proposed=(
                    "Đồng chí Trưởng Ban Chỉ đạo kết luận và phân công nhiệm vụ cho Sở Thông tin và Truyền thông, Công an tỉnh, Văn "
                    "phòng UBND tỉnh, Sở Kế hoạch và Đầu tư, Sở Y tế; Tổ giúp việc dự thảo Thông báo kết luận.",
                ),
            ),
            OpenReview(_on(d, 1, 16), "secretary"),
            Comment(
                _on(d, 2, 8, 10),
                "ca.deputy",
                body="Công an tỉnh đề nghị ghi vào biên bản các địa chỉ IP nguồn và tên nhóm tin tặc bị nghi vấn thực hiện "
                "cuộc tấn công.",
            ),
            AnswerComment(
                _on(d, 2, 8, 50),
                "secretary",
                author="ca.deputy",
                taken=False,
                note="Nguồn tấn công đang được Công an tỉnh xác minh, chưa có kết luận; biên bản không nêu thông tin chưa được "
                "xác minh. Kết quả sẽ được báo cáo Ban Chỉ đạo theo nhiệm vụ tại Thông báo kết luận.",
            ),
            # The notice must follow quickly: the chair ends the comments early so the minutes can be signed.
            CloseReview(_on(d, 2, 9, 30), "chair"),
            SignMinutes(_on(d, 2, 10), "secretary"),
            SignMinutes(_on(d, 2, 16), "chair"),
            Conclude(
                _on(d, 3, 9),
                "secretary",
                items=(
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
                        ("CAT",),
                    ),
                    (
                        "Công an tỉnh điều tra, xác minh nguồn gốc tấn công; báo cáo Ban Chỉ đạo kết quả.",
                        "CAT",
                        30,
                    ),
                    (
                        "Văn phòng UBND tỉnh thông tin kịp thời cho người dân, doanh nghiệp khi dịch vụ công trực tuyến bị gián đoạn; "
                        "hướng dẫn nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công trong thời gian khắc phục.",
                        "VPUBND",
                        7,
                    ),
                    (
                        "Sở Kế hoạch và Đầu tư chủ trì thẩm định, trình UBND tỉnh phê duyệt chủ trương đầu tư dự án nâng cấp hệ "
                        "thống giám sát an toàn thông tin (SOC) và giải pháp chống tấn công từ chối dịch vụ cho các hệ thống "
                        "thông tin dùng chung của tỉnh.",
                        "SKHDT",
                        45,
                        ("STTTT", "STC"),
                    ),
                    (
                        "Sở Y tế rà soát, xác định cấp độ an toàn hệ thống thông tin của hệ thống quản lý khám, chữa bệnh và hồ "
                        "sơ sức khỏe điện tử; hoàn thành phương án bảo đảm an toàn thông tin theo cấp độ.",
                        "SYT",
                        60,
                        ("STTTT", "CAT"),
                    ),
                ),
            ),
            IssueNotice(_on(d, 3, 15), "chair"),
        ),
    )


def extended(days: StoryDays) -> MeetingSpec:
    """Quarter III, last month: an extended meeting with the invited expert (`guest`); the draft,
    completed with the expert's written input, opened for comments two working days ago and still
    open today: two members comment and the secretary answers the first (taken into account)."""
    d = days.extended
    start = _at(d, 8)
    review = _wd(days.today, -2)  # the window (3 working days) is still open today
    return MeetingSpec(
        key="extended",
        committee=EGOV,
        steps=(
            Create(
                _on(d, -16, 9),
                "secretary",
                kind=K.EXTENDED,
                start=start,
                end=start + HOURS(hours=3, minutes=30),
                place=PLACE,
                title="Họp mở rộng lấy ý kiến chuyên gia về Kiến trúc Chính quyền số tỉnh Tây Ninh (phiên bản 3.0)",
            ),
            InviteGuest(_on(d, -16, 9, 30), "secretary", username="guest"),
            AddAgenda(
                _on(d, -16, 9, 40),
                "secretary",
                items=(
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
                ),
            ),
            Convene(_on(d, -10, 10), "chair"),
            AddPaper(
                _on(d, -8, 14),
                "secretary",
                item=0,
                filename=f"du-thao-kien-truc-chinh-quyen-so-{d.year}.pdf",
                title="Dự thảo Kiến trúc Chính quyền số tỉnh Tây Ninh, phiên bản 3.0 (tóm tắt)",
                agency="Sở Thông tin và Truyền thông",
                symbol="Dự thảo",
                paragraphs=(
                    "Kiến trúc Chính quyền số tỉnh Tây Ninh phiên bản 3.0 được xây dựng theo Khung Kiến trúc Chính phủ điện tử Việt "
                    "Nam phiên bản 3.0, hướng tới Chính quyền số vào năm 2030.",
                    "Các thành phần chính: nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP); kho dữ liệu dùng chung; Trung tâm giám "
                    "sát, điều hành thông minh (IOC); hệ thống thông tin giải quyết thủ tục hành chính; nền tảng định danh và xác thực "
                    "điện tử kết nối VNeID.",
                    "Lộ trình triển khai gồm 3 giai đoạn; ưu tiên chuẩn hóa, làm sạch dữ liệu và kết nối các cơ sở dữ liệu quốc gia "
                    "trong giai đoạn 1.",
                ),
            ),
            Answer(_on(d, -9, 9), "guest"),
            # The chair presides: not asked to answer.
            *answers_from(
                _on(d, -9, 10),
                [
                    "standing",
                    "deputy",
                    "member",
                    "member2",
                    "nv.director",
                    "vp.chief",
                    "ca.deputy",
                    "tptn.chair",
                ],
            ),
            Hold(_at(d, 11, 40), "secretary"),
            StartMinutes(_on(d, 1, 9), "secretary"),
            WriteMinutes(
                _on(d, 2, 10),
                "secretary",
                proceedings=(
                    (
                        "Sở Thông tin và Truyền thông trình bày dự thảo Kiến trúc Chính quyền số tỉnh Tây Ninh phiên bản 3.0. Các "
                        "thành viên Ban Chỉ đạo cơ bản thống nhất; đề nghị bổ sung lộ trình, nguồn lực thực hiện.",
                    ),
                    (
                        "Chuyên gia Đỗ Khánh Linh góp ý: cần xác định kho dữ liệu dùng chung là nền tảng trung tâm, chuẩn hóa danh "
                        "mục dữ liệu mở và cơ chế chia sẻ dữ liệu giữa các sở, ngành qua nền tảng LGSP.",
                    ),
                    (
                        f"Văn phòng UBND tỉnh báo cáo tỷ lệ hồ sơ trực tuyến toàn trình {d.month} tháng đạt 61,2%.",
                    ),
                ),
                proposed=(
                    "Giao Sở Thông tin và Truyền thông tiếp thu ý kiến chuyên gia và các thành viên, hoàn thiện dự thảo Kiến trúc "
                    "Chính quyền số trình UBND tỉnh ban hành.",
                ),
            ),
            OpenReview(_at(review, 9), "secretary"),
            Comment(
                _at(review, 10, 30),
                "member",
                body="Đề nghị bổ sung vào biên bản ý kiến của Sở Kế hoạch và Đầu tư về việc lồng ghép các dự án chuyển đổi số "
                "vào kế hoạch đầu tư công trung hạn.",
            ),
            Comment(
                _at(review, 14),
                "nv.director",
                body="Sở Nội vụ đề nghị ghi rõ lộ trình số hóa hồ sơ lưu trữ và kết nối với Kho lưu trữ số của tỉnh.",
            ),
            AnswerComment(
                _on(review, 1, 9, 30),
                "secretary",
                author="member",
                taken=True,
                note="Tiếp thu; Tổ giúp việc bổ sung vào mục 1 của biên bản ý kiến của Sở Kế hoạch và Đầu tư trước khi trình ký.",
            ),
        ),
    )
