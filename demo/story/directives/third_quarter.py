"""The follow-up of quarter III's notices: 03/TB of the extraordinary meeting after the attack on
the public-service portal, and the second committee's 01/TB."""

from __future__ import annotations

from ...dates import _on, _wd
from ...follow_up import (
    Accept,
    Contribute,
    FromNotice,
    Move,
    Progress,
    ProposeAcceptance,
    ReportDone,
    Urge,
)
from ..setting import StoryDays
from .rows import _doc


def extraordinary_moves(days: StoryDays, src: dict[str, FromNotice]) -> list[Move]:
    """Notice 03/TB, after the attack on the public-service portal: the fixes and the citizens'
    information done on time, the investigation reported late, the SOC project appraised on time;
    the health records' security never started, overdue and urged twice."""
    ex = days.extraordinary
    key = "ex.vuln"
    due = src[key].deadline
    fixes = [
        Progress(
            _on(ex, 4, 9),
            "focal3",
            key,
            text="Đã vá 9/12 lỗ hổng; triển khai dịch vụ chống tấn công từ chối dịch vụ của nhà mạng cho Cổng dịch vụ công.",
            percent=50,
        ),
        Contribute(
            _on(ex, 5, 14),
            "ca.deputy",
            key,
            text="Công an tỉnh đã phối hợp kiểm tra lại các lỗ hổng sau khắc phục; không còn điểm yếu nghiêm trọng.",
        ),
        ReportDone(
            _on(due, -1, 16),
            "focal3",
            key,
            summary="Đã khắc phục 12/12 lỗ hổng; Cổng dịch vụ công được giám sát 24/7 qua SOC của tỉnh.",
            evidence=_doc(
                "bao-cao-khac-phuc-lo-hong.pdf",
                "Báo cáo kết quả khắc phục lỗ hổng bảo mật trên Cổng dịch vụ công",
                "STTTT",
                "152/BC-STTTT",
                "Sở Thông tin và Truyền thông đã khắc phục toàn bộ 12 lỗ hổng được phát hiện; triển khai giải pháp chống "
                "tấn công từ chối dịch vụ và giám sát 24/7 qua SOC của tỉnh.",
            ),
        ),
        Accept(_on(due, 1, 9), "standing", key, note="Công nhận hoàn thành đúng hạn."),
    ]

    key = "ex.trace"
    due = src[key].deadline
    investigation = [
        Progress(
            _on(ex, 8, 10),
            "ca.deputy",
            key,
            text="Đã thu thập nhật ký hệ thống, phối hợp Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao "
            "xác minh nguồn tấn công.",
            percent=40,
        ),
        ReportDone(
            _on(due, 8, 15),
            "ca.deputy",
            key,
            summary="Đã hoàn thành xác minh nguồn gốc tấn công; kết quả gửi Trưởng Ban Chỉ đạo bằng văn bản (tài liệu mật "
            "gửi riêng theo quy định).",
            document_number="418/BC-CAT-PA05",
            document_date=_wd(due, 7),
        ),
        ProposeAcceptance(_on(due, 9, 9), "secretary", key),
        Accept(_on(due, 11, 10), "chair", key),
    ]

    key = "ex.inform"
    information = [
        ReportDone(
            _on(ex, 4, 16),
            "vp.chief",
            key,
            summary="Đã đăng thông báo trên Cổng dịch vụ công, Cổng thông tin điện tử tỉnh và tại Trung tâm Phục vụ hành "
            "chính công; hướng dẫn 326 lượt người dân nộp hồ sơ trực tiếp trong thời gian khắc phục.",
            evidence=_doc(
                "thong-bao-gian-doan-dich-vu-cong.pdf",
                "Thông báo về việc gián đoạn Cổng dịch vụ công tỉnh",
                "VPUBND",
                "97/TB-VP",
                "Trong thời gian khắc phục sự cố, tổ chức, cá nhân nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công "
                "tỉnh hoặc bộ phận một cửa cấp huyện; hồ sơ được giải quyết theo đúng thời hạn quy định.",
            ),
        ),
        ProposeAcceptance(_on(ex, 5, 9), "secretary2", key),
        Accept(_on(ex, 6, 15), "deputy", key),
    ]

    key = "ex.soc"
    due = src[key].deadline
    soc = [
        Progress(
            _on(ex, 6, 9),
            "focal",
            key,
            text="Đã tiếp nhận hồ sơ đề xuất chủ trương đầu tư của Sở Thông tin và Truyền thông; thành lập tổ thẩm định "
            "liên ngành.",
            percent=30,
        ),
        Contribute(
            _on(ex, 9, 14),
            "focal3",
            key,
            text="Sở Thông tin và Truyền thông đã bổ sung thuyết minh giải pháp chống tấn công từ chối dịch vụ và phương án "
            "kết nối SOC của tỉnh với Trung tâm Giám sát an toàn không gian mạng quốc gia.",
        ),
        Contribute(
            _on(ex, 14, 10),
            "focal2",
            key,
            text="Sở Tài chính thống nhất khả năng bố trí vốn từ nguồn chi đầu tư phát triển năm sau.",
        ),
        ReportDone(
            _on(due, -3, 15),
            "member",
            key,
            summary="Đã hoàn thành thẩm định và trình UBND tỉnh phê duyệt chủ trương đầu tư dự án nâng cấp SOC và chống "
            "tấn công từ chối dịch vụ.",
            document_number="2035/TTr-SKHĐT",
            document_date=_wd(due, -4),
            evidence=_doc(
                "bao-cao-tham-dinh-du-an-soc.pdf",
                "Báo cáo thẩm định chủ trương đầu tư dự án nâng cấp hệ thống giám sát an toàn thông tin (SOC)",
                "SKHDT",
                "2035/TTr-SKHĐT",
                "Dự án phù hợp Kiến trúc Chính quyền số của tỉnh và Kế hoạch bảo đảm an toàn thông tin; tổng mức đầu tư "
                "dự kiến 18,5 tỷ đồng; đề nghị UBND tỉnh phê duyệt chủ trương đầu tư.",
            ),
        ),
        ProposeAcceptance(_on(due, -2, 9), "secretary", key),
        Accept(_on(due, 1, 10), "chair", key, note="Công nhận hoàn thành đúng hạn."),
    ]

    key = "ex.health"
    due = src[key].deadline
    health = [
        Contribute(
            _on(ex, 15, 10),
            "focal3",
            key,
            text="Sở Thông tin và Truyền thông đã gửi Sở Y tế hướng dẫn xác định cấp độ an toàn hệ thống thông tin và mẫu "
            "hồ sơ đề xuất cấp độ.",
        ),
        Urge(
            _on(due, 2, 9),
            "secretary",
            key,
            note="Đã quá thời hạn; đề nghị Sở Y tế báo cáo tiến độ, khó khăn, vướng mắc.",
        ),
        Urge(
            _on(days.today, -6, 14),
            "standing",
            key,
            note="Đôn đốc lần hai: đề nghị Sở Y tế hoàn thành, báo cáo trước phiên họp thường kỳ của Ban Chỉ đạo.",
        ),
    ]
    return fixes + investigation + information + soc + health


def second_committee_moves(days: StoryDays, src: dict[str, FromNotice]) -> list[Move]:
    """The second committee's notice 01/TB: the capital transfer done on time, the land clearance
    in progress."""
    k = days.ktxh
    key = "ktxh.capital"
    return [
        Progress(
            _on(k, 6, 9),
            "member",
            key,
            text="Đã rà soát tiến độ giải ngân của 37 dự án; xác định 9 dự án giải ngân dưới 30% kế hoạch vốn.",
            percent=50,
        ),
        ReportDone(
            _on(k, 9, 15),
            "member",
            key,
            summary="Đã tham mưu UBND tỉnh điều chuyển 214 tỷ đồng từ 9 dự án giải ngân chậm sang 6 dự án có khả năng "
            "giải ngân tốt.",
            document_number="2108/TTr-SKHĐT",
            document_date=_wd(k, 8),
        ),
        ProposeAcceptance(_on(k, 10, 9), "secretary2", key),
        Accept(_on(k, 11, 10), "chair", key),
        Progress(
            _on(k, 8, 14),
            "ht.chair",
            "ktxh.land",
            text="Đã kiểm đếm 126/148 hộ; đang lập phương án bồi thường, hỗ trợ.",
            percent=25,
        ),
    ]
