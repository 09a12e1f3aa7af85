"""The second committee (BCĐĐPKTXH): one regular meeting last quarter, signed by its chair, with its
notice 01/TB in its own register; it shares the chair, the deputy and a member (Điều 2.4, 6.5)."""

from __future__ import annotations

import datetime

from ..dates import _at, _on
from ..people import KTXH
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
from .setting import PLACE, K, StoryDays


def ktxh_quarterly(days: StoryDays) -> MeetingSpec:
    """Last quarter's regular meeting, from draft to notice of conclusions."""
    d = days.ktxh
    start = _at(d, 14)
    return MeetingSpec(
        key="ktxh",
        committee=KTXH,
        steps=(
            Create(
                _on(d, -10, 9),
                "secretary2",
                kind=K.QUARTERLY,
                start=start,
                end=start + datetime.timedelta(hours=2, minutes=30),
                place=PLACE,
            ),
            AddAgenda(
                _on(d, -10, 9, 30),
                "secretary2",
                items=(
                    ("Tiến độ các dự án giao thông trọng điểm kết nối vùng", "SKHDT", 30),
                    (f"Kết quả giải ngân vốn đầu tư công năm {d.year}", "SKHDT", 20),
                    ("Phát triển cụm công nghiệp trên địa bàn thị xã Hòa Thành", "UBNDHT", 20),
                ),
            ),
            Convene(_on(d, -6, 10), "chair"),
            *answers_from(_on(d, -5, 8, 30), ["vp.chief", "deputy", "member", "ht.chair", "secretary2"]),
            Hold(_at(d, 16, 40), "secretary2"),
            StartMinutes(_on(d, 1, 9), "secretary2"),
            WriteMinutes(
                _on(d, 1, 14),
                "secretary2",
                proceedings=(
                    ("Sở Kế hoạch và Đầu tư báo cáo tiến độ các dự án giao thông trọng điểm kết nối vùng.",),
                    (
                        "Sở Kế hoạch và Đầu tư báo cáo kết quả giải ngân vốn đầu tư công; một số dự án giải ngân chậm.",
                    ),
                    (
                        "UBND thị xã Hòa Thành báo cáo tình hình thu hút đầu tư vào các cụm công nghiệp trên địa bàn.",
                    ),
                ),
                proposed=(
                    "Đồng chí Trưởng Ban Chỉ đạo kết luận: đẩy nhanh giải ngân; điều chuyển vốn; hoàn thành giải phóng mặt bằng "
                    "cụm công nghiệp.",
                ),
            ),
            SignMinutes(_on(d, 2, 9), "secretary2"),
            SignMinutes(_on(d, 2, 15), "chair"),
            Conclude(
                _on(d, 3, 9),
                "vp.chief",
                items=(
                    (
                        "Ban Chỉ đạo ghi nhận kết quả giải ngân vốn đầu tư công; yêu cầu các chủ đầu tư đẩy nhanh tiến độ.",
                        None,
                        None,
                    ),
                    (
                        "Sở Kế hoạch và Đầu tư tham mưu UBND tỉnh điều chuyển vốn từ các dự án giải ngân chậm sang các dự án có khả "
                        "năng giải ngân tốt.",
                        "SKHDT",
                        35,
                    ),
                    (
                        "UBND thị xã Hòa Thành hoàn thành bồi thường, giải phóng mặt bằng cụm công nghiệp Trường Đông.",
                        "UBNDHT",
                        110,
                    ),
                ),
            ),
            IssueNotice(_on(d, 4, 10), "chair"),
        ),
    )
