"""What the agencies did with the work plan's five directives, as demo.follow_up rows.

Each directive is due on the last day of its item's quarter. Its fate follows the calendar:
quarter I's LGSP upgrade is done on time and accepted; the directive of the quarter that ended last
is overdue (urged by the secretariat, then by the standing member); those of earlier quarters were
done late and accepted; those of this quarter and later are in progress, or not started while
their quarter is far off. A row dated today or later has not happened yet and is left out, so
each directive stops where today finds it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from tasks.services.plans import quarter_last_day

from ...dates import _on, _weekday
from ...follow_up import Accept, Attachment, Contribute, Move, Progress, ProposeAcceptance, ReportDone, Urge
from ..directives.rows import _doc
from .days import PlanDays, _after

ON_TIME, LATE, OVERDUE, OPEN = "on_time", "late", "overdue", "open"


@dataclass(frozen=True)
class Script:
    """What one directive's people write, whatever its fate: three updates before the deadline (text,
    percent), one after it, the report with its evidence, and a coordinating agency's contribution
    (username, text) after the second update."""

    key: str
    quarter: int
    worker: str  # posts the updates (the focal officer, or the member when the agency has none)
    reporter: str  # reports the work done
    updates: tuple[tuple[str, int], tuple[str, int], tuple[str, int]]
    late_update: tuple[str, int]
    report: str
    evidence: Attachment
    contribution: tuple[str, str] | None = None


def scripts(year: int) -> tuple[Script, ...]:
    return (
        Script(
            "kh.lgsp",
            1,
            "focal3",
            "focal3",
            (
                ("Đã xây dựng phương án kỹ thuật nâng cấp LGSP, đăng ký kết nối NDXP với Bộ Công an.", 20),
                (
                    "Đã nâng cấp LGSP lên phiên bản mới, kết nối thử nghiệm NDXP và Cơ sở dữ liệu quốc gia về dân cư.",
                    55,
                ),
                ("Đã chuyển 14/16 hệ thống thông tin dùng chung sang trao đổi dữ liệu qua LGSP mới.", 85),
            ),
            ("Đã chuyển đủ 16/16 hệ thống; đang hoàn thiện hồ sơ nghiệm thu.", 95),
            "Hoàn thành nâng cấp LGSP; kết nối chính thức NDXP và Cơ sở dữ liệu quốc gia về dân cư; 16/16 hệ thống "
            "thông tin dùng chung của tỉnh trao đổi dữ liệu qua LGSP.",
            _doc(
                "bao-cao-nang-cap-lgsp.pdf",
                "Báo cáo kết quả nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
                "STTTT",
                "312/BC-STTTT",
                "LGSP đã kết nối chính thức với Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP) và Cơ sở dữ liệu "
                "quốc gia về dân cư.",
                "16/16 hệ thống thông tin dùng chung của tỉnh trao đổi dữ liệu qua LGSP; thời gian phản hồi trung bình "
                "dưới 1 giây.",
            ),
            contribution=(
                "ca.deputy",
                "Công an tỉnh đã cấp tài khoản, hướng dẫn kết nối Cơ sở dữ liệu quốc gia về dân cư qua NDXP.",
            ),
        ),
        Script(
            "kh.sohoa",
            1,
            "vp.chief",
            "vp.chief",
            (
                ("Đã rà soát 1.682 thủ tục hành chính; ban hành danh mục hồ sơ, kết quả phải số hóa.", 20),
                ("Đã số hóa 41% hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực.", 45),
                (
                    "Đã số hóa 63% hồ sơ; khối lượng hồ sơ giấy tồn đọng lớn, đang bổ sung nhân lực số hóa.",
                    63,
                ),
            ),
            ("Đã số hóa 78% hồ sơ; dự kiến hoàn thành trong tháng.", 85),
            "Đã số hóa, ký số và lưu trữ 83,4% hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực; tái sử "
            "dụng dữ liệu số hóa tại 312 thủ tục.",
            _doc(
                "bao-cao-so-hoa-ho-so-tthc.pdf",
                "Báo cáo kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                "VPUBND",
                "148/BC-VP",
                "Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực được số hóa, ký số đạt 83,4%.",
                "Dữ liệu đã số hóa được tái sử dụng khi giải quyết 312 thủ tục, giảm thành phần hồ sơ phải nộp.",
            ),
        ),
        Script(
            "kh.dkkd",
            2,
            "focal",
            "member",
            (
                (
                    "Đã rà soát quy trình, đề xuất cấu hình 18 thủ tục đăng ký doanh nghiệp, đầu tư thành dịch vụ toàn trình.",
                    20,
                ),
                (
                    "Đã cấu hình 12/18 thủ tục toàn trình trên Hệ thống thông tin giải quyết thủ tục hành chính.",
                    50,
                ),
                (
                    "Đã cấu hình đủ 18 thủ tục; đang chờ Sở Thông tin và Truyền thông kết nối dữ liệu doanh nghiệp với LGSP.",
                    75,
                ),
            ),
            (
                "Đã kết nối thử nghiệm dữ liệu doanh nghiệp với LGSP; đang kiểm thử chia sẻ cho các sở, ngành.",
                90,
            ),
            "Hoàn thành: 18/18 thủ tục đăng ký doanh nghiệp, đăng ký đầu tư được cung cấp toàn trình; dữ liệu doanh "
            "nghiệp được chia sẻ cho 9 sở, ngành qua LGSP.",
            _doc(
                "bao-cao-dvc-dang-ky-doanh-nghiep.pdf",
                "Báo cáo kết quả cung cấp dịch vụ công trực tuyến toàn trình lĩnh vực đăng ký doanh nghiệp, đầu tư",
                "SKHDT",
                "205/BC-SKHĐT",
                "18/18 thủ tục đăng ký doanh nghiệp, đăng ký đầu tư được cung cấp trực tuyến toàn trình.",
                "Dữ liệu đăng ký doanh nghiệp được chia sẻ cho 9 sở, ngành qua Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh.",
            ),
            contribution=(
                "focal3",
                "Sở Thông tin và Truyền thông đã mở dịch vụ chia sẻ dữ liệu doanh nghiệp trên LGSP cho Sở Kế hoạch và "
                "Đầu tư kết nối.",
            ),
        ),
        Script(
            "kh.attt",
            3,
            "focal3",
            "focal3",
            (
                ("Đã xây dựng kịch bản diễn tập, thống nhất với Công an tỉnh và VNPT Tây Ninh.", 20),
                (
                    "Đã tổ chức diễn tập với 21 cơ quan, đơn vị tham gia; đang tổng hợp lỗ hổng phát hiện được.",
                    60,
                ),
                ("Đã khắc phục 19/27 lỗ hổng; đang hướng dẫn các đơn vị khắc phục phần còn lại.", 75),
            ),
            ("Đã khắc phục 25/27 lỗ hổng; 2 lỗ hổng cần nâng cấp thiết bị, đang chờ kinh phí.", 90),
            f"Hoàn thành diễn tập thực chiến an toàn thông tin mạng năm {year}; 27/27 lỗ hổng phát hiện đã được khắc phục.",
            _doc(
                "bao-cao-dien-tap-attt.pdf",
                f"Báo cáo kết quả diễn tập thực chiến an toàn thông tin mạng năm {year}",
                "STTTT",
                "415/BC-STTTT",
                "Diễn tập có 21 cơ quan, đơn vị và doanh nghiệp viễn thông tham gia; phát hiện 27 lỗ hổng.",
                "27/27 lỗ hổng đã được khắc phục; các đơn vị được hướng dẫn rà soát định kỳ hằng quý.",
            ),
            contribution=(
                "ca.deputy",
                "Công an tỉnh cử đội ứng cứu tham gia diễn tập, cung cấp kịch bản tấn công có chủ đích.",
            ),
        ),
        Script(
            "kh.dti",
            4,
            "focal3",
            "focal3",
            (
                (
                    f"Đã ban hành hướng dẫn tự đánh giá chỉ số DTI năm {year}, gửi các sở, ban, ngành và UBND cấp huyện.",
                    20,
                ),
                ("Đã nhận 27/30 báo cáo tự đánh giá; đang thẩm định số liệu, minh chứng.", 50),
                (
                    "Đã dự thảo báo cáo kết quả đánh giá DTI cấp sở, cấp huyện; đang xin ý kiến các đơn vị.",
                    80,
                ),
            ),
            ("Đã tiếp thu ý kiến các đơn vị; đang trình lãnh đạo Sở ký ban hành.", 90),
            f"Đã công bố kết quả đánh giá chỉ số DTI năm {year} cấp sở, cấp huyện và đề xuất giải pháp nâng hạng.",
            _doc(
                "bao-cao-dti.pdf",
                f"Báo cáo kết quả đánh giá mức độ chuyển đổi số (DTI) năm {year}",
                "STTTT",
                "488/BC-STTTT",
                "Kết quả tự đánh giá, chấm điểm chỉ số DTI của 20 sở, ban, ngành và 9 huyện, thị xã, thành phố.",
            ),
        ),
    )


def fate(script: Script, days: PlanDays) -> str:
    """The LGSP upgrade is done on time; a directive of the quarter that ended last is overdue, one
    of an earlier quarter was done late; this quarter's and later ones are open."""
    if script.key == "kh.lgsp":
        return ON_TIME
    if quarter_last_day(days.year, script.quarter) >= days.today:
        return OPEN
    return OVERDUE if script.quarter == days.quarter - 1 else LATE


def _moves(script: Script, days: PlanDays) -> list[Move]:
    key = script.key
    due = quarter_last_day(days.year, script.quarter)
    starts = datetime.date(days.year, 3 * script.quarter - 2, 1)
    # The agency starts once the directive is given, or three weeks before its quarter.
    begin = max(days.assigned, starts - datetime.timedelta(days=21))
    moments = [
        _on(_after(begin, 3), 0, 9, 30),
        _on(_weekday(starts + datetime.timedelta(days=40)), 0, 14),
        _on(_weekday(due - datetime.timedelta(days=20)), 0, 10),
    ]
    rows: list[Move] = [
        Progress(at, script.worker, key, text=text, percent=percent)
        for at, (text, percent) in zip(moments, script.updates, strict=True)
    ]
    if script.contribution is not None:
        username, text = script.contribution
        at = _on(_after(timezone.localdate(moments[1]), 2), 0, 15)
        rows.insert(2, Contribute(at, username, key, text=text))
    what = fate(script, days)
    late_text, late_percent = script.late_update
    if what == ON_TIME:
        rows += [
            ReportDone(
                _on(due, -5, 15), script.reporter, key, summary=script.report, evidence=script.evidence
            ),
            ProposeAcceptance(
                _on(due, -3, 9),
                "secretary",
                key,
                note="Đã kiểm tra minh chứng; đề nghị công nhận hoàn thành.",
            ),
            Accept(_on(due, -1, 16), "chair", key, note="Công nhận hoàn thành đúng hạn."),
        ]
    elif what == LATE:
        rows += [
            Progress(_on(_after(due, 6), 0, 10), script.worker, key, text=late_text, percent=late_percent),
            ReportDone(
                _on(_after(due, 14), 0, 15),
                script.reporter,
                key,
                summary=script.report,
                evidence=script.evidence,
            ),
            ProposeAcceptance(_on(_after(due, 16), 0, 9), "secretary", key),
            Accept(
                _on(_after(due, 18), 0, 10),
                "chair",
                key,
                note="Công nhận hoàn thành (trễ hạn so với Kế hoạch).",
            ),
        ]
    elif what == OVERDUE:
        rows += [
            Urge(
                _on(_after(due, 3), 0, 8, 30),
                "secretary",
                key,
                note="Nhiệm vụ đã quá hạn theo Kế hoạch công tác năm; đề nghị báo cáo kết quả, nêu rõ vướng mắc.",
            ),
            Progress(_on(_after(due, 8), 0, 10), script.worker, key, text=late_text, percent=late_percent),
            Urge(
                _on(_after(due, 15), 0, 9),
                "standing",
                key,
                note="Đề nghị khẩn trương hoàn thành, báo cáo Ban Chỉ đạo trước kỳ họp quý.",
            ),
        ]
    return rows


def _in_order(moves: Sequence[Move]) -> None:
    """Each directive's rows are written in the order they happen (a calendar that would scramble
    them fails here, loudly)."""
    last: dict[str, datetime.datetime] = {}
    for move in moves:
        if move.directive in last and move.at <= last[move.directive]:
            raise ValueError(f"Demo plan directive {move.directive}: {type(move).__name__} is out of order.")
        last[move.directive] = move.at


def plan_moves(days: PlanDays) -> list[Move]:
    """Every row that happened before today, each directive's in order."""
    rows = []
    for script in scripts(days.year):
        moves = _moves(script, days)
        _in_order(moves)
        rows += [m for m in moves if timezone.localdate(m.at) < days.today]
    return rows
