"""The e-Government committee's first half-year: the regular meetings of quarters I and II, held,
minuted, signed, with their notices of conclusions 01/TB and 02/TB."""

from __future__ import annotations

from meetings.models import Invitation

from ..dates import _at, _on, _quarter, _wd
from ..people import EGOV
from ..steps import (
    AddAgenda,
    AddPaper,
    Answer,
    Conclude,
    Convene,
    Create,
    DecideAbsence,
    Hold,
    IssueNotice,
    MeetingSpec,
    RecordActingPeriod,
    SignMinutes,
    StartMinutes,
    WriteMinutes,
    answers_from,
)
from .setting import HOURS, PLACE, K, StoryDays

R = Invitation.Response
At = Invitation.Attendance


def quarter_one(days: StoryDays) -> MeetingSpec:
    """Quarter I: an approved absence; the chair signs the minutes and the notice 01/TB."""
    d = days.q1
    q = _quarter(d)
    start = _at(d, 8)
    return MeetingSpec(
        key="q1",
        committee=EGOV,
        steps=(
            Create(
                _on(d, -13, 9),
                "secretary",
                kind=K.QUARTERLY,
                start=start,
                end=start + HOURS(hours=3),
                place=PLACE,
            ),
            AddAgenda(
                _on(d, -13, 9, 20),
                "secretary",
                items=(
                    (f"Báo cáo tình hình triển khai Chính quyền điện tử quý {q}", "STTTT", 30),
                    ("Kết quả cung cấp dịch vụ công trực tuyến toàn trình", "VPUBND", 20),
                    (f"Kế hoạch bảo đảm an toàn thông tin năm {d.year}", "STTTT", 20),
                    (
                        "Kết quả cải cách hành chính gắn với chuyển đổi số, số hóa hồ sơ thủ tục hành chính",
                        "SNV",
                        20,
                    ),
                ),
            ),
            Convene(_on(d, -8, 10), "chair"),
            AddPaper(
                _on(d, -6, 15),
                "secretary",
                item=0,
                filename=f"bao-cao-cqdt-quy-{q.replace('/', '-')}.pdf",
                title=f"Báo cáo tình hình triển khai Chính quyền điện tử quý {q}",
                agency="Sở Thông tin và Truyền thông",
                symbol="45/BC-STTTT",
                paragraphs=(
                    f"Thực hiện Chương trình công tác năm {d.year} của Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh, "
                    f"Sở Thông tin và Truyền thông báo cáo tình hình triển khai Chính quyền điện tử quý {q} như sau.",
                    "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh đã cung cấp 1.236 dịch vụ công trực tuyến, "
                    "trong đó 812 dịch vụ công trực tuyến toàn trình; tỷ lệ hồ sơ nộp trực tuyến toàn trình đạt 52,3%.",
                    "Hệ thống quản lý văn bản và điều hành được triển khai liên thông 4 cấp; 98% văn bản đi, đến giữa các "
                    "cơ quan nhà nước được gửi, nhận dưới dạng điện tử, có ký số.",
                    "Khó khăn, vướng mắc: hạ tầng mạng tại một số xã còn hạn chế; nguồn nhân lực chuyên trách công nghệ "
                    "thông tin tại cấp huyện, cấp xã còn thiếu; kinh phí cho Trung tâm giám sát, điều hành thông minh (IOC) "
                    "giai đoạn 2 chưa được bố trí.",
                ),
            ),
            *answers_from(
                _on(d, -7, 8, 30),
                [
                    "standing",
                    "deputy",
                    "vp.chief",
                    "member",
                    "member2",
                    "nv.director",
                    "ca.deputy",
                    "tp.director",
                ],
            ),
            Answer(
                _on(d, -5, 9, 10),
                "yt.director",
                R.ABSENT,
                absence_reason="Tham dự Hội nghị tổng kết công tác y tế do Bộ Y tế tổ chức tại Hà Nội cùng ngày.",
            ),
            DecideAbsence(_on(d, -4, 8, 45), "chair", "yt.director"),
            Hold(_at(d, 11, 15), "secretary"),
            StartMinutes(_at(d, 15), "secretary"),
            WriteMinutes(
                _on(d, 1, 10),
                "secretary",
                proceedings=(
                    (
                        f"Đồng chí Giám đốc Sở Thông tin và Truyền thông, Ủy viên thường trực Ban Chỉ đạo, trình bày Báo cáo tình "
                        f"hình triển khai Chính quyền điện tử quý {q}: tỷ lệ hồ sơ trực tuyến toàn trình đạt 52,3%, tăng 6,1 điểm "
                        "phần trăm so với cùng kỳ; Hệ thống quản lý văn bản và điều hành vận hành ổn định, liên thông 4 cấp.",
                    ),
                    (
                        "Đồng chí Chánh Văn phòng UBND tỉnh báo cáo kết quả cung cấp dịch vụ công trực tuyến toàn trình; đề nghị các "
                        "sở, ngành rà soát, tái cấu trúc quy trình đối với các thủ tục có phát sinh nhiều hồ sơ.",
                    ),
                    (
                        "Sở Thông tin và Truyền thông trình bày dự thảo Kế hoạch bảo đảm an toàn thông tin năm; đồng chí Phó Giám đốc "
                        "Công an tỉnh đề nghị bổ sung diễn tập ứng cứu sự cố; đồng chí Giám đốc Sở Tài chính phát biểu về nguồn kinh phí.",
                    ),
                    (
                        "Sở Nội vụ báo cáo kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; tỷ lệ số hóa đạt 71%.",
                    ),
                ),
                proposed=(
                    "Đồng chí Trưởng Ban Chỉ đạo kết luận: ghi nhận kết quả quý; giao Sở Thông tin và Truyền thông hoàn thiện hồ sơ "
                    "dự án IOC giai đoạn 2; giao Văn phòng UBND tỉnh mở rộng dịch vụ công trực tuyến toàn trình; giao Sở Tài chính "
                    "bố trí kinh phí bảo đảm an toàn thông tin. Tổ giúp việc dự thảo Thông báo kết luận trình ký ban hành.",
                ),
            ),
            SignMinutes(_on(d, 2, 16), "secretary"),
            SignMinutes(_on(d, 3, 9, 30), "chair"),
            Conclude(
                _on(d, 4, 9),
                "standing",
                items=(
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
                        ("SNV", "STTTT"),
                    ),
                    (
                        f"Sở Tài chính tham mưu UBND tỉnh bố trí kinh phí thực hiện Kế hoạch bảo đảm an toàn thông tin năm {d.year}.",
                        "STC",
                        290,
                        ("STTTT", "SKHDT"),
                    ),
                ),
            ),
            IssueNotice(_on(d, 5, 10), "chair"),
        ),
    )


def quarter_two(days: StoryDays) -> MeetingSpec:
    """Quarter II: an approved absence, a substitute with a written opinion, an unexcused absence;
    the chair, who presided, leaves on mission and records the deputy acting for him: the deputy
    signs for the chair the minutes and the notice 02/TB (Điều 4.1)."""
    d = days.q2
    start = _at(d, 8)
    return MeetingSpec(
        key="q2",
        committee=EGOV,
        steps=(
            Create(
                _on(d, -13, 9),
                "secretary",
                kind=K.QUARTERLY,
                start=start,
                end=start + HOURS(hours=3),
                place=PLACE,
            ),
            AddAgenda(
                _on(d, -13, 9, 30),
                "secretary",
                items=(
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
                ),
            ),
            Convene(_on(d, -8, 10, 30), "chair"),
            Answer(
                _on(d, -6, 14),
                "member",
                R.ABSENT,
                absence_reason="Tham dự Hội nghị xúc tiến đầu tư vào tỉnh Tây Ninh tại Thành phố Hồ Chí Minh theo phân công của UBND tỉnh.",
            ),
            DecideAbsence(_on(d, -5, 8, 30), "chair", "member"),
            *answers_from(
                _on(d, -7, 8),
                ["standing", "deputy", "vp.chief", "nv.director", "ca.deputy", "tp.director", "yt.director"],
            ),
            Answer(
                _on(d, -4, 10, 15),
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
            ),
            Hold(_at(d, 11, 10), "secretary", overrides={"tptn.chair": At.ABSENT_UNEXCUSED}),
            StartMinutes(_at(d, 15, 30), "secretary"),
            WriteMinutes(
                _on(d, 1, 9, 30),
                "secretary",
                proceedings=(
                    (
                        "Sở Thông tin và Truyền thông báo cáo tiến độ Trung tâm giám sát, điều hành thông minh (IOC): hoàn thành khoảng "
                        "65% khối lượng; đã tích hợp các phân hệ phản ánh hiện trường, dịch vụ công và camera giao thông.",
                    ),
                    (
                        f"Văn phòng UBND tỉnh báo cáo tỷ lệ hồ sơ trực tuyến toàn trình {d.month} tháng đạt 58,6%; còn 14 thủ tục có nhiều hồ "
                        "sơ chưa thực hiện toàn trình.",
                    ),
                    (
                        "Công an tỉnh báo cáo kết quả cấp tài khoản định danh điện tử và việc khai thác dữ liệu dân cư trong giải "
                        "quyết thủ tục hành chính.",
                    ),
                    (
                        "Đồng chí Nguyễn Thị Thanh Vân, Phó Giám đốc Sở Tài chính, dự họp thay đồng chí Giám đốc Sở, trình bày ý kiến "
                        "bằng văn bản của Sở Tài chính về phân kỳ đầu tư IOC giai đoạn 2.",
                    ),
                ),
                proposed=(
                    f"Đồng chí Trưởng Ban Chỉ đạo kết luận: đánh giá cao kết quả {d.month} tháng; yêu cầu hoàn thành vận hành thử IOC; giao "
                    "Sở Tài chính tham mưu bố trí kinh phí; giao Công an tỉnh kết nối dữ liệu dân cư; giao Sở Kế hoạch và Đầu tư "
                    "tổng hợp danh mục dự án chuyển đổi số vào kế hoạch đầu tư công trung hạn; giao UBND thành phố Tây Ninh thí "
                    "điểm mô hình phường số. Tổ giúp việc dự thảo Thông báo kết luận.",
                ),
            ),
            RecordActingPeriod(
                _on(d, 1, 16),
                "chair",
                deputy="deputy",
                start=_wd(d, 2),
                end=_wd(d, 5),
                reason="Đi công tác, làm việc với Bộ Thông tin và Truyền thông tại Hà Nội.",
            ),
            SignMinutes(_on(d, 2, 9), "secretary"),
            SignMinutes(_on(d, 2, 16), "deputy"),  # the chair is on mission: the deputy signs for him
            Conclude(
                _on(d, 3, 9),
                "secretary_lead",
                items=(
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
                        ("CAT", "UBNDTP"),
                    ),
                    (
                        "Sở Tài chính thẩm định, tham mưu UBND tỉnh bố trí kinh phí dự án IOC giai đoạn 2 trong kỳ điều chỉnh dự "
                        "toán ngân sách.",
                        "STC",
                        42,
                        ("SKHDT",),
                    ),
                    (
                        "Công an tỉnh phối hợp Sở Thông tin và Truyền thông kết nối, khai thác Cơ sở dữ liệu quốc gia về dân cư với "
                        "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
                        "CAT",
                        196,
                        ("STTTT",),
                    ),
                    (
                        "Sở Kế hoạch và Đầu tư chủ trì, phối hợp Sở Thông tin và Truyền thông, Sở Tài chính tổng hợp danh mục "
                        "dự án chuyển đổi số (kho dữ liệu dùng chung, nền tảng tích hợp, chia sẻ dữ liệu LGSP, chữ ký số cho cán "
                        "bộ cấp xã), đề xuất lồng ghép vào Kế hoạch đầu tư công trung hạn giai đoạn 2026–2030.",
                        "SKHDT",
                        90,
                        ("STTTT", "STC"),
                    ),
                    (
                        "UBND thành phố Tây Ninh xây dựng, triển khai thí điểm mô hình “phường số” tại Phường 3: số hóa sổ hộ "
                        "tịch, thanh toán không dùng tiền mặt, tiếp nhận phản ánh hiện trường qua ứng dụng di động.",
                        "UBNDTP",
                        120,
                    ),
                ),
            ),
            IssueNotice(_on(d, 4, 10), "deputy"),
        ),
    )
