"""The follow-up of notice 02/TB (quarter II's regular meeting)."""

from __future__ import annotations

from ...dates import _on, _wd, _weekday
from ...follow_up import (
    Accept,
    AskExtension,
    CancelDirective,
    Contribute,
    DecideExtension,
    FromNotice,
    Move,
    Progress,
    ProposeAcceptance,
    ReportDone,
    Return,
    Urge,
)
from ..setting import StoryDays
from .rows import _days, _doc


def quarter_two_moves(days: StoryDays, src: dict[str, FromNotice]) -> list[Move]:
    """Notice 02/TB: the IOC trial returned by the chair, completed and accepted late; the budget
    done on time; the population data in progress; Sở KH&ĐT's investment list refused an
    extension, overdue and urged; the "digital ward" pilot cancelled."""
    q2 = days.q2
    key = "q2.ioc"
    due = src[key].deadline
    trial = [
        Progress(
            _on(q2, 8, 9),
            "focal3",
            key,
            text="Đã lắp đặt xong thiết bị tại phòng điều hành; tích hợp phân hệ phản ánh hiện trường và dịch vụ công.",
            percent=45,
        ),
        Contribute(
            _on(q2, 15, 10),
            "ca.deputy",
            key,
            text="Công an tỉnh đã chia sẻ luồng dữ liệu 46 camera giám sát giao thông tại các nút giao trọng điểm với "
            "Trung tâm IOC.",
        ),
        Contribute(
            _on(q2, 18, 14),
            "tptn.chair",
            key,
            text="UBND thành phố Tây Ninh đã bố trí cán bộ trực, tiếp nhận và xử lý phản ánh hiện trường do Trung tâm IOC "
            "chuyển đến.",
        ),
        Progress(
            _on(q2, 35, 9, 30),
            "focal3",
            key,
            text="Đang vận hành thử các phân hệ; đã tiếp nhận, xử lý 1.284 phản ánh hiện trường qua Trung tâm IOC.",
            percent=80,
            evidence=_doc(
                "so-lieu-van-hanh-thu-ioc.pdf",
                "Số liệu vận hành thử Trung tâm IOC",
                "STTTT",
                "1302/STTTT-CNTT",
                "Sau 5 tuần vận hành thử, Trung tâm IOC tiếp nhận 1.284 phản ánh hiện trường, 96,1% được xử lý đúng hạn.",
            ),
        ),
        ReportDone(
            _on(due, -2, 15),
            "focal3",
            key,
            summary="Đã hoàn thành lắp đặt và vận hành thử Trung tâm IOC với các phân hệ giám sát giao thông, phản ánh "
            "hiện trường, dịch vụ công.",
            evidence=_doc(
                "bao-cao-van-hanh-thu-ioc.pdf",
                "Báo cáo kết quả vận hành thử Trung tâm giám sát, điều hành thông minh (IOC)",
                "STTTT",
                "168/BC-STTTT",
                "Trung tâm IOC đã vận hành thử 3 phân hệ: giám sát giao thông, phản ánh hiện trường, dịch vụ công.",
                "Hệ thống hoạt động ổn định; đề nghị Ban Chỉ đạo công nhận hoàn thành nhiệm vụ.",
            ),
        ),
        ProposeAcceptance(_on(due, -1, 10), "secretary", key),
        Return(
            _on(due, 1, 9),
            "chair",
            key,
            reason="Báo cáo chưa có biên bản nghiệm thu vận hành thử phân hệ giám sát giao thông và chưa đánh giá kết quả "
            "kết nối camera của Công an tỉnh; đề nghị bổ sung trước khi công nhận hoàn thành.",
        ),
        Progress(
            _on(due, 4, 14),
            "focal3",
            key,
            text="Đã tổ chức nghiệm thu vận hành thử phân hệ giám sát giao thông cùng Công an tỉnh; đang hoàn thiện biên bản.",
            percent=90,
        ),
        ReportDone(
            _on(due, 7, 16),
            "focal3",
            key,
            summary="Bổ sung biên bản nghiệm thu vận hành thử phân hệ giám sát giao thông và đánh giá kết nối 46 camera.",
            evidence=_doc(
                "bien-ban-nghiem-thu-giam-sat-giao-thong.pdf",
                "Biên bản nghiệm thu vận hành thử phân hệ giám sát giao thông",
                "STTTT",
                "23/BB-STTTT",
                "Phân hệ giám sát giao thông kết nối ổn định 46/46 camera; độ trễ hình ảnh dưới 2 giây.",
                "Hội đồng nghiệm thu thống nhất đưa phân hệ vào vận hành chính thức.",
            ),
        ),
        ProposeAcceptance(
            _on(due, 8, 9), "secretary", key, note="Đã bổ sung đủ hồ sơ theo ý kiến của Trưởng Ban Chỉ đạo."
        ),
        Accept(_on(due, 10, 10), "chair", key, note="Công nhận hoàn thành (trễ hạn do phải bổ sung hồ sơ)."),
    ]

    key = "q2.budget"
    due = src[key].deadline
    budget = [
        Contribute(
            _on(q2, 8, 10),
            "member",
            key,
            text="Sở Kế hoạch và Đầu tư thống nhất phương án phân kỳ đầu tư; đề xuất bố trí vốn giai đoạn 1 từ nguồn vốn "
            "đầu tư công của tỉnh.",
        ),
        Progress(
            _on(q2, 12, 14),
            "focal2",
            key,
            text="Đã thẩm định dự toán dự án IOC giai đoạn 2 theo phương án phân kỳ; đang dự thảo tờ trình UBND tỉnh.",
            percent=60,
        ),
        ReportDone(
            _on(due, -3, 16),
            "member2",
            key,
            summary="Đã trình UBND tỉnh bố trí kinh phí giai đoạn 1 dự án IOC trong kỳ điều chỉnh dự toán ngân sách.",
            document_number="2214/TTr-STC",
            document_date=_wd(due, -4),
            evidence=_doc(
                "to-trinh-kinh-phi-ioc.pdf",
                "Tờ trình bố trí kinh phí dự án Trung tâm IOC giai đoạn 2",
                "STC",
                "2214/TTr-STC",
                "Sở Tài chính kính trình UBND tỉnh bố trí 41,2 tỷ đồng cho giai đoạn 1 dự án Trung tâm IOC giai đoạn 2 "
                "trong kỳ điều chỉnh dự toán ngân sách tỉnh.",
            ),
        ),
        ProposeAcceptance(_on(due, -2, 9), "secretary2", key),
        Accept(_on(due, -1, 15), "chair", key, note="Công nhận hoàn thành đúng hạn."),
    ]

    key = "q2.dancu"
    population = [
        Progress(
            _on(q2, 15, 9),
            "ca.deputy",
            key,
            text="Đã kết nối thử nghiệm Cơ sở dữ liệu quốc gia về dân cư với Hệ thống thông tin giải quyết thủ tục hành "
            "chính qua nền tảng LGSP; xác thực thành công 27.500 hồ sơ.",
            percent=30,
        ),
        Contribute(
            _on(q2, 25, 10),
            "focal3",
            key,
            text="Sở Thông tin và Truyền thông đã nâng cấp nền tảng LGSP của tỉnh, bảo đảm kết nối an toàn với Nền tảng "
            "tích hợp, chia sẻ dữ liệu quốc gia.",
        ),
        Progress(
            _on(q2, 55, 15),
            "ca.deputy",
            key,
            text="Đã khai thác dữ liệu dân cư trong 212 thủ tục hành chính, cắt giảm yêu cầu nộp bản sao giấy tờ; đang "
            "mở rộng cho cấp xã.",
            percent=55,
            evidence=_doc(
                "bao-cao-khai-thac-du-lieu-dan-cu.pdf",
                "Báo cáo kết quả khai thác Cơ sở dữ liệu quốc gia về dân cư",
                "CAT",
                "392/BC-CAT-PC06",
                "212 thủ tục hành chính đã khai thác thông tin công dân từ Cơ sở dữ liệu quốc gia về dân cư, không yêu cầu "
                "người dân nộp bản sao giấy tờ đã có trong cơ sở dữ liệu.",
            ),
        ),
    ]

    key = "q2.dautu"
    due = src[key].deadline
    investment = [
        Progress(
            _on(q2, 8, 14),
            "focal",
            key,
            text="Đã có văn bản đề nghị các sở, ngành, địa phương đề xuất dự án chuyển đổi số đưa vào Kế hoạch đầu tư "
            "công trung hạn.",
            percent=15,
        ),
        Contribute(
            _on(q2, 20, 9, 30),
            "focal2",
            key,
            text="Sở Tài chính đã gửi khả năng cân đối nguồn chi đầu tư phát triển dành cho các dự án chuyển đổi số.",
        ),
        Contribute(
            _on(q2, 24, 10),
            "focal3",
            key,
            text="Sở Thông tin và Truyền thông đã gửi danh mục 9 dự án theo Kiến trúc Chính quyền số: kho dữ liệu dùng "
            "chung, nâng cấp LGSP, chữ ký số cho cán bộ cấp xã, an toàn thông tin.",
        ),
        Progress(
            _on(q2, 35, 15),
            "focal",
            key,
            text="Đã nhận đề xuất của 14/21 sở, ngành; đang tổng hợp danh mục.",
            percent=40,
            evidence=_doc(
                "tong-hop-de-xuat-du-an-cds.pdf",
                "Bảng tổng hợp đề xuất dự án chuyển đổi số (đợt 1)",
                "SKHDT",
                "1876/SKHĐT-KTĐN",
                "Sở Kế hoạch và Đầu tư đã nhận đề xuất của 14/21 sở, ngành với 23 dự án, tổng mức đầu tư dự kiến 412 tỷ đồng.",
            ),
        ),
        AskExtension(
            _on(due, -3, 9),
            "member",
            key,
            deadline=_weekday(due + _days(45)),
            reason="Còn 7 sở, ngành và 2 huyện chưa gửi đề xuất; Sở cần thêm thời gian để tổng hợp đầy đủ và lấy ý kiến "
            "Sở Tài chính về khả năng cân đối vốn.",
        ),
        DecideExtension(
            _on(due, -1, 16),
            "chair",
            key,
            approve=False,
            note="Không đồng ý gia hạn: danh mục phải kịp đưa vào dự thảo Kế hoạch đầu tư công trình HĐND tỉnh tại kỳ "
            "họp cuối năm. Đề nghị Sở Kế hoạch và Đầu tư tổng hợp theo đề xuất đã nhận, báo cáo đúng thời hạn.",
        ),
        Urge(_on(due, 1, 7), None, key),  # the portal's own reminder, the morning after the deadline
        Urge(
            _on(due, 3, 9),
            "secretary",
            key,
            note="Nhiệm vụ đã quá hạn; đề nghị Sở Kế hoạch và Đầu tư khẩn trương hoàn thành, báo cáo Ban Chỉ đạo.",
        ),
        Progress(
            _on(due, 5, 14),
            "focal",
            key,
            text="Đã tổng hợp đề xuất của 19/21 sở, ngành; đang hoàn thiện dự thảo danh mục để trình lãnh đạo Sở.",
            percent=70,
        ),
    ]

    key = "q2.phuongso"
    pilot = [
        Progress(
            _on(q2, 10, 10),
            "tptn.chair",
            key,
            text="Đã xây dựng dự thảo Kế hoạch thí điểm mô hình phường số tại Phường 3.",
            percent=10,
        ),
        CancelDirective(
            _on(q2, 30, 15),
            "chair",
            key,
            reason="UBND tỉnh đã ban hành Kế hoạch chuyển đổi số cấp xã áp dụng chung cho toàn tỉnh; nội dung thí điểm "
            "được lồng ghép vào Kế hoạch này, không theo dõi thành nhiệm vụ riêng.",
        ),
    ]
    return trial + budget + population + investment + pilot
