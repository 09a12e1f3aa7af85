"""The follow-up of notice 01/TB (quarter I's regular meeting)."""

from __future__ import annotations

from ...dates import _on, _wd, _weekday
from ...follow_up import (
    Accept,
    AskExtension,
    Contribute,
    DecideExtension,
    FromNotice,
    Move,
    Progress,
    ProposeAcceptance,
    ReportDone,
)
from ..setting import StoryDays
from .rows import _days, _doc


def quarter_one_moves(days: StoryDays, src: dict[str, FromNotice]) -> list[Move]:
    """Notice 01/TB: the IOC dossier extended twice, then done on time; the online services done
    late; the security budget in progress."""
    q1 = days.q1
    key = "q1.ioc"
    due = src[key].deadline
    first = _weekday(due + _days(45))
    second = _weekday(first + _days(30))
    ioc = [
        Progress(
            _on(q1, 8, 9, 30),
            "focal3",
            key,
            text="Đã hoàn thành khảo sát hiện trạng, dự thảo thuyết minh dự án Trung tâm IOC giai đoạn 2 (các phân hệ "
            "giao thông, môi trường, y tế, giáo dục); đang lấy ý kiến các sở, ngành.",
            percent=25,
        ),
        AskExtension(
            _on(due, -6, 10),
            "focal3",
            key,
            deadline=first,
            reason="Sở Tài chính đề nghị phân kỳ đầu tư theo từng hạng mục và bổ sung dự toán chi tiết; Sở cần thêm "
            "thời gian hoàn thiện hồ sơ, lấy ý kiến thẩm định trước khi trình UBND tỉnh.",
        ),
        DecideExtension(
            _on(due, -4, 15),
            "chair",
            key,
            approve=True,
            note="Đồng ý gia hạn. Đề nghị Sở Thông tin và Truyền thông phối hợp chặt chẽ với Sở Tài chính, không để chậm thêm.",
        ),
        Progress(
            _on(due, 10, 14),
            "focal3",
            key,
            text="Đã gửi hồ sơ dự án (phân kỳ đầu tư 2 giai đoạn) lấy ý kiến thẩm định của Sở Tài chính và Sở Kế hoạch "
            "và Đầu tư.",
            percent=60,
            evidence=_doc(
                "thuyet-minh-phan-ky-ioc-gd2.pdf",
                "Thuyết minh phân kỳ đầu tư dự án Trung tâm IOC giai đoạn 2",
                "STTTT",
                "1125/STTTT-CNTT",
                "Dự án được phân kỳ thành 2 giai đoạn: giai đoạn 1 hoàn thiện nền tảng dữ liệu và các phân hệ giao thông, "
                "phản ánh hiện trường; giai đoạn 2 mở rộng các phân hệ y tế, giáo dục, môi trường.",
                "Tổng mức đầu tư dự kiến 86,4 tỷ đồng, trong đó giai đoạn 1 là 41,2 tỷ đồng.",
            ),
        ),
        AskExtension(
            _on(first, -7, 9),
            "focal3",
            key,
            deadline=second,
            reason="Chờ ý kiến thẩm định bằng văn bản của Sở Tài chính về dự toán theo phương án phân kỳ; đề nghị gia hạn "
            "để tiếp thu, hoàn thiện hồ sơ trình UBND tỉnh.",
        ),
        DecideExtension(
            _on(first, -5, 16),
            "deputy",
            key,
            approve=True,
            note="Đồng ý gia hạn lần thứ hai; đây là lần gia hạn cuối cùng.",
        ),
        ReportDone(
            _on(second, -3, 15),
            "focal3",
            key,
            summary="Đã hoàn thiện hồ sơ dự án Trung tâm IOC giai đoạn 2 theo ý kiến thẩm định và trình UBND tỉnh phê duyệt.",
            document_number="1487/TTr-STTTT",
            document_date=_wd(second, -4),
            evidence=_doc(
                "to-trinh-du-an-ioc-gd2.pdf",
                "Tờ trình phê duyệt dự án Trung tâm giám sát, điều hành thông minh (IOC) giai đoạn 2",
                "STTTT",
                "1487/TTr-STTTT",
                "Sở Thông tin và Truyền thông kính trình UBND tỉnh phê duyệt dự án Trung tâm IOC giai đoạn 2 theo phương án "
                "phân kỳ đầu tư đã được Sở Tài chính, Sở Kế hoạch và Đầu tư thẩm định.",
            ),
        ),
        ProposeAcceptance(
            _on(second, -2, 10),
            "secretary",
            key,
            note="Hồ sơ đã trình UBND tỉnh trong thời hạn được gia hạn; đề nghị công nhận hoàn thành.",
        ),
        Accept(_on(second, -1, 9, 30), "chair", key, note="Công nhận hoàn thành."),
    ]

    key = "q1.dvc"
    due = src[key].deadline
    services_online = [
        Progress(
            _on(q1, 15, 10),
            "vp.chief",
            key,
            text="Đã rà soát 146 thủ tục hành chính có phát sinh nhiều hồ sơ; chọn 62 thủ tục đủ điều kiện tái cấu trúc "
            "quy trình để cung cấp trực tuyến toàn trình.",
            percent=25,
            evidence=_doc(
                "danh-muc-thu-tuc-tai-cau-truc.pdf",
                "Danh mục thủ tục hành chính tái cấu trúc quy trình, cung cấp dịch vụ công trực tuyến toàn trình",
                "VPUBND",
                "86/VP-KSTTHC",
                "Văn phòng UBND tỉnh tổng hợp 62 thủ tục hành chính thuộc 11 sở, ngành đủ điều kiện tái cấu trúc quy trình.",
                "Các sở, ngành hoàn thành chuẩn hóa quy trình nội bộ, biểu mẫu điện tử trước khi cấu hình trên Hệ thống.",
            ),
        ),
        Contribute(
            _on(q1, 30, 14),
            "nv.director",
            key,
            text="Sở Nội vụ đã chuẩn hóa quy trình nội bộ giải quyết 18 thủ tục lĩnh vực nội vụ, gửi Văn phòng UBND tỉnh "
            "cấu hình trên Hệ thống thông tin giải quyết thủ tục hành chính.",
        ),
        Progress(
            _on(q1, 60, 9),
            "vp.chief",
            key,
            text="Đã cấu hình, vận hành 38/50 dịch vụ công trực tuyến toàn trình mới; 12 dịch vụ chờ kết nối nền tảng "
            "thanh toán trực tuyến.",
            percent=70,
        ),
        ReportDone(
            _on(due, 8, 15),
            "vp.chief",
            key,
            summary="Đã đưa vào cung cấp 53 dịch vụ công trực tuyến toàn trình mới (chỉ tiêu 50); chậm so với thời hạn do "
            "chờ kết nối nền tảng thanh toán trực tuyến.",
            evidence=_doc(
                "bao-cao-dvc-toan-trinh.pdf",
                "Báo cáo kết quả cung cấp dịch vụ công trực tuyến toàn trình",
                "VPUBND",
                "142/BC-VP",
                "Đến nay, tỉnh cung cấp thêm 53 dịch vụ công trực tuyến toàn trình, nâng tổng số lên 865 dịch vụ.",
                "Tỷ lệ hồ sơ nộp trực tuyến toàn trình của các thủ tục mới đạt 47,8% sau một tháng vận hành.",
            ),
        ),
        ProposeAcceptance(
            _on(due, 9, 10),
            "secretary2",
            key,
            note="Đã kiểm tra trên Cổng dịch vụ công: 53 dịch vụ đang cung cấp toàn trình.",
        ),
        Accept(
            _on(due, 11, 9),
            "standing",
            key,
            note="Công nhận hoàn thành. Lần sau gặp vướng mắc đề nghị báo cáo sớm để được xem xét gia hạn.",
        ),
    ]

    key = "q1.attt"
    security_budget = [
        Progress(
            _on(q1, 25, 9),
            "focal2",
            key,
            text="Sở Tài chính đã hướng dẫn Sở Thông tin và Truyền thông lập dự toán kinh phí bảo đảm an toàn thông tin "
            "theo mô hình 4 lớp.",
            percent=20,
        ),
        Contribute(
            _on(q1, 40, 15),
            "focal3",
            key,
            text="Sở Thông tin và Truyền thông đã gửi dự toán chi tiết: giám sát an toàn thông tin (SOC), kiểm tra, đánh "
            "giá an toàn thông tin, diễn tập ứng cứu sự cố.",
            evidence=_doc(
                "du-toan-an-toan-thong-tin.pdf",
                "Dự toán kinh phí bảo đảm an toàn thông tin theo mô hình 4 lớp",
                "STTTT",
                "905/STTTT-CNTT",
                "Tổng dự toán 12,6 tỷ đồng: dịch vụ giám sát SOC 5,1 tỷ đồng; kiểm tra, đánh giá an toàn thông tin 3,4 tỷ "
                "đồng; diễn tập, ứng cứu sự cố 1,8 tỷ đồng; đào tạo, nâng cao nhận thức 2,3 tỷ đồng.",
            ),
        ),
        Contribute(
            _on(q1, 70, 9, 30),
            "focal",
            key,
            text="Sở Kế hoạch và Đầu tư đã cân đối vốn đầu tư công cho hạng mục nâng cấp hạ tầng SOC; phần chi thường "
            "xuyên (dịch vụ giám sát, diễn tập) đề nghị bố trí từ nguồn chi sự nghiệp.",
        ),
        Progress(
            _on(q1, 100, 10),
            "member2",
            key,
            text="Đã thẩm định dự toán; tham mưu UBND tỉnh bố trí 60% kinh phí trong dự toán năm, phần còn lại trình trong "
            "kỳ điều chỉnh dự toán cuối năm.",
            percent=60,
        ),
    ]
    return ioc + services_online + security_budget
