"""The last weeks: the ad-hoc directives."""

from __future__ import annotations

from ...dates import _on, _wd
from ...follow_up import (
    Assign,
    Contribute,
    FollowUpTeam,
    Move,
    Progress,
    ProposeAcceptance,
    ReportDone,
    Urge,
)
from ...people import EGOV
from ..setting import StoryDays
from .rows import HIGH, _days, _doc


def recent_moves(days: StoryDays) -> list[Move]:
    """The last weeks: three ad-hoc directives — Sở KH&ĐT's list of projects due within days,
    the commune officials' digital signatures reported done and proposed for the chair's
    acceptance, and the digital-transformation index just given to Sở Nội vụ."""
    today = days.today
    key = "ah.list"
    project_list = [
        Assign(
            _on(today, -12, 9, 30),
            "secretary",
            key,
            committee=EGOV,
            title=f"Đề xuất danh mục dự án chuyển đổi số ưu tiên bố trí vốn năm {today.year + 1}, gửi Sở Tài chính tổng "
            "hợp trình UBND tỉnh",
            lead="SKHDT",
            reference_number="4127/UBND-KT",
            reference_date=_wd(today, -13),
            deadline=today + _days(5),
            expected_result="Danh mục dự án kèm khái toán kinh phí và thứ tự ưu tiên.",
            coordinating=("STTTT",),
            priority=HIGH,
        ),
        Progress(
            _on(today, -8, 10),
            "focal",
            key,
            text="Đã lập danh sách 12 dự án đề xuất; đang xin ý kiến Sở Thông tin và Truyền thông về thứ tự ưu tiên.",
            percent=30,
        ),
        Contribute(
            _on(today, -5, 14),
            "focal3",
            key,
            text="Sở Thông tin và Truyền thông đề xuất ưu tiên: kho dữ liệu dùng chung, nâng cấp LGSP, chữ ký số cho cán "
            "bộ cấp xã.",
        ),
        Progress(
            _on(today, -2, 16),
            "member",
            key,
            text="Đã hoàn thiện dự thảo danh mục (8 dự án, khái toán 186 tỷ đồng); đang trình lãnh đạo Sở ký gửi Sở Tài chính.",
            percent=60,
            evidence=_doc(
                "du-thao-danh-muc-du-an-cds.pdf",
                "Dự thảo danh mục dự án chuyển đổi số ưu tiên bố trí vốn",
                "SKHDT",
                "Dự thảo",
                "Danh mục gồm 8 dự án, khái toán 186 tỷ đồng, xếp theo thứ tự ưu tiên: kho dữ liệu dùng chung; nâng cấp "
                "nền tảng LGSP; chữ ký số cho cán bộ cấp xã; an toàn thông tin các hệ thống dùng chung.",
            ),
        ),
        Urge(_on(today, -1, 7), None, key),  # the portal's reminder: due within days
    ]

    key = "ah.sign"
    signatures = [
        Assign(
            _on(today, -35, 9),
            "chair",
            key,
            committee=EGOV,
            title="Cấp chữ ký số chuyên dùng công vụ cho cán bộ, công chức cấp xã; ký số toàn bộ văn bản đi trên Hệ thống "
            "quản lý văn bản và điều hành",
            lead="VPUBND",
            reference_number="385/TB-UBND",
            reference_date=_wd(today, -36),
            deadline=today + _days(20),
            expected_result="100% cán bộ, công chức cấp xã có chữ ký số; văn bản đi của cấp xã được ký số.",
            coordinating=("STTTT",),
        ),
        Progress(
            _on(today, -25, 10),
            "vp.chief",
            key,
            text="Đã tổng hợp nhu cầu 1.146 chứng thư số của 94 xã, phường, thị trấn; gửi Ban Cơ yếu Chính phủ đề nghị cấp.",
            percent=40,
        ),
        Contribute(
            _on(today, -20, 15),
            "focal3",
            key,
            text="Sở Thông tin và Truyền thông đã cài đặt phần mềm ký số, hướng dẫn sử dụng cho cán bộ cấp xã tại 9 huyện, "
            "thị xã, thành phố.",
        ),
        Progress(
            _on(today, -10, 9),
            "vp.chief",
            key,
            text="Đã cấp và kích hoạt 1.102/1.146 chứng thư số; 96% văn bản đi của cấp xã được ký số.",
            percent=85,
        ),
        ReportDone(
            _on(today, -3, 15),
            "vp.chief",
            key,
            summary="Hoàn thành: 100% cán bộ, công chức cấp xã có chữ ký số; 99,2% văn bản đi của cấp xã được ký số trên Hệ "
            "thống quản lý văn bản và điều hành.",
            evidence=_doc(
                "bao-cao-chu-ky-so-cap-xa.pdf",
                "Báo cáo kết quả cấp, sử dụng chữ ký số cho cán bộ, công chức cấp xã",
                "VPUBND",
                "211/BC-VP",
                "Đã cấp, kích hoạt 1.146/1.146 chứng thư số cho cán bộ, công chức của 94 xã, phường, thị trấn.",
                "Tỷ lệ văn bản đi của cấp xã được ký số trên Hệ thống quản lý văn bản và điều hành đạt 99,2%.",
            ),
        ),
        ProposeAcceptance(
            _on(today, -1, 9),
            "secretary2",
            key,
            note="Đã kiểm tra số liệu trên Hệ thống quản lý văn bản và điều hành; đề nghị công nhận hoàn thành.",
        ),
    ]

    key = "ah.dti"
    index = [
        Assign(
            _on(today, -6, 14),
            "standing",
            key,
            committee=EGOV,
            title="Đưa kết quả đánh giá mức độ chuyển đổi số (DTI) vào tiêu chí đánh giá, xếp loại mức độ hoàn thành "
            "nhiệm vụ năm của các sở, ban, ngành",
            lead="SNV",
            reference_number="512/TB-VP",
            reference_date=_wd(today, -7),
            deadline=today + _days(45),
            coordinating=("STTTT",),
        ),
        # The support group's lead gives it to the administrative-reform sub-team to follow up.
        FollowUpTeam(
            _on(today, -5, 10), "secretary_lead", key, team="Nhóm dịch vụ công và cải cách hành chính"
        ),
    ]
    return project_list + signatures + index
