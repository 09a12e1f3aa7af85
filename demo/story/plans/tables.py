"""The two plans of the e-Government committee as rows: this year's work plan, drafted by the
secretariat, completed by the standing member, approved by the chair, then five of its nine items
given as directives; and an inspection plan of three items, still a draft.

Each row is one call of tasks.services by one demo person at one moment (demo/story/plans/__init__.py
plays them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tasks.models import WorkPlan

from ...dates import _at, _on
from .days import PlanDays


@dataclass(frozen=True)
class ItemRow:
    """One item: what, the owner agency's code, the quarter, the expected result; `directive` is the
    story's key of the directive it becomes (None: no directive yet), with its coordinating agencies."""

    content: str
    owner: str
    quarter: int
    expected_result: str
    directive: str | None = None
    coordinating: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanStep:
    """One row: `actor` is a username, `plan` the story's key of the plan ("work", "inspection")."""

    at: datetime.datetime
    actor: str
    plan: str


@dataclass(frozen=True)
class Draft(PlanStep):
    """services.plan_create."""

    kind: str
    year: int
    title: str
    introduction: str


@dataclass(frozen=True)
class AddItems(PlanStep):
    """services.plan_item_add, item after item, a few minutes apart."""

    items: tuple[ItemRow, ...]


@dataclass(frozen=True)
class Edit(PlanStep):
    """services.plan_update: the title and the purpose."""

    title: str
    introduction: str


@dataclass(frozen=True)
class Approve(PlanStep):
    """services.plan_approve, then the archive job at once (tasks.jobs.archive_approved_plan)."""


@dataclass(frozen=True)
class GiveDirectives(PlanStep):
    """services.plan_item_directives_create: the items that carry a directive key, on the one screen,
    each from its defaults (content, owner agency, last day of its quarter) plus its coordinating
    agencies."""


def work_items(year: int) -> tuple[ItemRow, ...]:
    """The work plan's nine items, by quarter; five become directives (kh.*)."""
    return (
        ItemRow(
            "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP); kết nối, chia sẻ dữ liệu với Nền tảng tích "
            "hợp, chia sẻ dữ liệu quốc gia (NDXP) và Cơ sở dữ liệu quốc gia về dân cư",
            "STTTT",
            1,
            "LGSP vận hành ổn định, kết nối thông suốt với NDXP; các hệ thống thông tin dùng chung của tỉnh trao đổi "
            "dữ liệu qua LGSP.",
            directive="kh.lgsp",
            coordinating=("CAT",),
        ),
        ItemRow(
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực tại Trung tâm Phục vụ hành chính công "
            "tỉnh; tái sử dụng dữ liệu đã số hóa khi giải quyết thủ tục hành chính",
            "VPUBND",
            1,
            "Tối thiểu 80% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa, ký số và lưu trữ trên Hệ thống "
            "thông tin giải quyết thủ tục hành chính của tỉnh.",
            directive="kh.sohoa",
        ),
        ItemRow(
            "Tiếp nhận, giải quyết thủ tục cấp Phiếu lý lịch tư pháp trực tuyến trên Cổng Dịch vụ công quốc gia và "
            "ứng dụng VNeID",
            "STP",
            1,
            "100% hồ sơ cấp Phiếu lý lịch tư pháp được tiếp nhận, trả kết quả trực tuyến.",
        ),
        ItemRow(
            "Cung cấp dịch vụ công trực tuyến toàn trình đối với thủ tục đăng ký doanh nghiệp, đăng ký đầu tư; kết nối "
            "Hệ thống thông tin quốc gia về đăng ký doanh nghiệp với LGSP của tỉnh",
            "SKHDT",
            2,
            "100% hồ sơ đăng ký doanh nghiệp được tiếp nhận, giải quyết trực tuyến toàn trình; dữ liệu doanh nghiệp "
            "được chia sẻ cho các sở, ngành qua LGSP.",
            directive="kh.dkkd",
            coordinating=("STTTT",),
        ),
        ItemRow(
            "Đào tạo, bồi dưỡng kỹ năng số, kỹ năng bảo đảm an toàn thông tin cho cán bộ, công chức, viên chức các sở, "
            "ngành và UBND cấp huyện, cấp xã",
            "SNV",
            2,
            "Ít nhất 2.000 lượt cán bộ, công chức, viên chức được đào tạo; 100% cán bộ, công chức cấp xã sử dụng "
            "thành thạo chữ ký số và Hệ thống quản lý văn bản và điều hành.",
        ),
        ItemRow(
            "Tổ chức diễn tập thực chiến bảo đảm an toàn thông tin mạng cấp tỉnh cho các hệ thống thông tin dùng chung",
            "STTTT",
            3,
            "Diễn tập có sự tham gia của các sở, ngành, địa phương và doanh nghiệp viễn thông; báo cáo đánh giá, "
            "danh mục lỗ hổng đã phát hiện và khắc phục.",
            directive="kh.attt",
            coordinating=("CAT", "VNPT"),
        ),
        ItemRow(
            f"Tham mưu bố trí kinh phí năm {year + 1} cho duy trì, vận hành, bảo đảm an toàn các nền tảng, hệ thống "
            "thông tin dùng chung của tỉnh",
            "STC",
            3,
            f"Dự toán kinh phí năm {year + 1} được trình UBND tỉnh cùng dự toán ngân sách địa phương.",
        ),
        ItemRow(
            f"Tự đánh giá, chấm điểm mức độ chuyển đổi số (DTI) năm {year} của các sở, ban, ngành và UBND cấp huyện; "
            "báo cáo Ban Chỉ đạo kết quả và giải pháp nâng hạng",
            "STTTT",
            4,
            f"Báo cáo đánh giá chỉ số DTI năm {year} cấp sở, cấp huyện; giải pháp cải thiện các chỉ số thành phần "
            "còn thấp.",
            directive="kh.dti",
        ),
        ItemRow(
            "Triển khai hồ sơ sức khỏe điện tử trên ứng dụng VNeID; thanh toán viện phí không dùng tiền mặt tại các "
            "bệnh viện tuyến tỉnh",
            "SYT",
            4,
            "100% bệnh viện tuyến tỉnh triển khai hồ sơ sức khỏe điện tử và thanh toán không dùng tiền mặt.",
        ),
    )


def inspection_items(year: int) -> tuple[ItemRow, ...]:
    """The inspection plan's three items, in the second half of its year."""
    return (
        ItemRow(
            "Kiểm tra việc cung cấp dịch vụ công trực tuyến toàn trình, số hóa hồ sơ thủ tục hành chính tại UBND "
            "thành phố Tây Ninh và UBND thị xã Hòa Thành",
            "VPUBND",
            3,
            "Biên bản kiểm tra; kiến nghị khắc phục tồn tại, hạn chế; báo cáo Trưởng Ban Chỉ đạo.",
        ),
        ItemRow(
            "Kiểm tra công tác bảo đảm an toàn thông tin mạng theo cấp độ tại Sở Y tế, Sở Tài chính và Sở Giáo dục "
            "và Đào tạo",
            "STTTT",
            3,
            "Báo cáo kết quả kiểm tra; danh mục lỗ hổng, điểm yếu yêu cầu khắc phục trong 30 ngày.",
        ),
        ItemRow(
            f"Kiểm tra tình hình thực hiện, giải ngân kinh phí các dự án chuyển đổi số sử dụng ngân sách tỉnh năm {year}",
            "STC",
            4,
            "Báo cáo kết quả kiểm tra; kiến nghị điều chỉnh, xử lý vướng mắc.",
        ),
    )


def work_title(year: int) -> str:
    return f"Kế hoạch công tác năm {year} về xây dựng Chính quyền điện tử, Chính quyền số"


def work_introduction(year: int, *, completed: bool) -> str:
    """The purpose: the secretariat's draft, then with the standing member's paragraph on reporting."""
    paragraphs = [
        f"Cụ thể hóa các nhiệm vụ xây dựng Chính quyền điện tử, Chính quyền số của tỉnh năm {year}; phân công cơ "
        "quan chủ trì, thời gian thực hiện và kết quả dự kiến của từng nhiệm vụ.",
    ]
    if completed:
        paragraphs.append(
            "Các cơ quan chủ trì cập nhật tiến độ, minh chứng trên Cổng điều hành của Ban Chỉ đạo; Tổ giúp việc theo "
            "dõi, đôn đốc và tổng hợp báo cáo Trưởng Ban Chỉ đạo hằng quý."
        )
    return "\n".join(paragraphs)


def inspection_introduction(year: int) -> str:
    return "\n".join(
        [
            f"Kiểm tra việc triển khai các nhiệm vụ xây dựng Chính quyền điện tử, Chính quyền số năm {year} tại các "
            "cơ quan, đơn vị; kịp thời phát hiện, chấn chỉnh tồn tại, hạn chế.",
            "Việc kiểm tra bảo đảm đúng trọng tâm, không gây phiền hà, không ảnh hưởng đến hoạt động bình thường "
            "của cơ quan, đơn vị được kiểm tra.",
        ]
    )


def plan_steps(days: PlanDays) -> list[PlanStep]:
    """Both plans' rows, in the order they happen."""
    year = days.year
    items = work_items(year)
    work = [
        Draft(
            _at(days.drafted, 8, 30),
            "secretary",
            "work",
            kind=WorkPlan.Kind.WORK,
            year=year,
            title=work_title(year),
            introduction=work_introduction(year, completed=False),
        ),
        AddItems(_at(days.drafted, 9), "secretary", "work", items=items[:6]),
        AddItems(_at(days.completed, 14), "standing", "work", items=items[6:]),
        Edit(
            _at(days.completed, 15, 30),
            "standing",
            "work",
            title=work_title(year),
            introduction=work_introduction(year, completed=True),
        ),
        Approve(_at(days.approved, 15), "chair", "work"),
        GiveDirectives(_at(days.assigned, 9), "standing", "work"),
    ]
    inspection_year = days.inspection_year
    checks = inspection_items(inspection_year)
    inspection = [
        Draft(
            _on(days.inspection_drafted, 0, 9),
            "secretary_lead",
            "inspection",
            kind=WorkPlan.Kind.INSPECTION,
            year=inspection_year,
            title=f"Kế hoạch kiểm tra năm {inspection_year}",
            introduction=inspection_introduction(inspection_year),
        ),
        AddItems(_on(days.inspection_drafted, 0, 9, 30), "secretary_lead", "inspection", items=checks[:2]),
        AddItems(_on(days.inspection_drafted, 2, 14), "secretary", "inspection", items=checks[2:]),
    ]
    return work + inspection
