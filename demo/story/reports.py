"""The e-Government committee's reports (Điều 7.7, 7.9, 11.2): each quarter of the year that has
ended reported on — the secretary starts the report from the records a few working days after the
quarter, writes its four sections, submits it, and the chair approves it as a numbered BC document
(archived as PDF/A at once); the current quarter's report is a draft with its first section
written; and a request for the agencies' reports on the year's digital transformation, sent about
a week ago to every agency of the committee and answered by half of them (Sở Tài chính among
them, with a file; Sở Kế hoạch và Đầu tư not yet, so the demo's focal officer has it to do).

Replayed through reports' services as the demo people, each step at its moment (`DemoClock.at`),
after the meetings, directives and plans, so each report's figures come from that story.
Idempotent: a committee that has a report already is left untouched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from members.models import Committee, Notification, Organization, RoleAssignment, User
from members.permissions import AGENCY_ROLES
from reports import jobs
from reports.models import AgencyReportRequest, QuarterlyReport
from reports.quarterly import quarter_bounds
from reports.requests_selectors import committee_agencies
from reports.requests_services import agency_request_create, agency_submission_save
from reports.services.quarterly import report_approve, report_create, report_submit, report_update

from ..clock import DemoClock
from ..dates import _at, _wd
from ..papers import paper_pdf
from ..people import EGOV
from ..replay import settle_notifications

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

#: The four sections the secretary writes, per quarter: results, difficulties, proposals, focus.
NARRATIVE = {
    1: (
        "Ban Chỉ đạo đã ban hành Kế hoạch công tác năm và tổ chức phiên họp thường kỳ quý I; các sở, "
        "ngành đã triển khai nhiệm vụ được giao theo đúng tiến độ, tỷ lệ hồ sơ trực tuyến toàn trình tăng.",
        "Một số nhiệm vụ liên ngành còn chậm do chưa thống nhất đầu mối chủ trì; nguồn nhân lực công nghệ "
        "thông tin ở cấp huyện còn thiếu.",
        "Đề nghị Trưởng Ban chỉ đạo Sở Nội vụ rà soát, bổ sung biên chế chuyên trách công nghệ thông tin.",
        "Hoàn thành Kho dữ liệu dùng chung; chuẩn bị phiên họp thường kỳ quý II.",
    ),
    2: (
        "Các nhiệm vụ trọng tâm của quý II được triển khai; Tổ giúp việc họp đủ các tháng; Cổng dịch vụ "
        "công được nâng cấp, kết nối với Cơ sở dữ liệu quốc gia về dân cư.",
        "Kinh phí duy trì một số hệ thống chưa được bố trí kịp thời; một nhiệm vụ quá hạn phải đôn đốc.",
        "Đề nghị Sở Tài chính ưu tiên bố trí kinh phí duy trì các hệ thống dùng chung trong quý III.",
        "Đánh giá giữa kỳ Kế hoạch công tác năm; kiểm tra tiến độ tại hai huyện.",
    ),
    3: (
        "Ban Chỉ đạo tổ chức một phiên họp bất thường và một phiên họp mở rộng; phần lớn nhiệm vụ đến hạn "
        "được hoàn thành đúng hạn.",
        "Việc cập nhật tiến độ nhiệm vụ của một số đơn vị còn chậm, chưa kèm minh chứng.",
        "Đề nghị các thành viên chỉ đạo đầu mối cập nhật tiến độ trên Cổng hằng tuần.",
        "Tổng kết năm; xây dựng Kế hoạch công tác năm sau.",
    ),
    4: (
        "Trong quý IV, Ban Chỉ đạo tiếp tục theo dõi các nhiệm vụ sau phiên họp thường kỳ "
        "(phần này đang được Tổ giúp việc hoàn thiện).",
        "",
        "",
        "",
    ),
}

REQUEST_TITLE = "Báo cáo kết quả chuyển đổi số năm của các sở, ngành"
REQUEST_BODY = (
    "Để tổng hợp báo cáo năm của Ban Chỉ đạo, đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện "
    "nhiệm vụ chuyển đổi số của đơn vị trong năm, khó khăn, vướng mắc và đề xuất."
)
REQUEST_QUESTIONS = [
    "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình của đơn vị?",
    "Những khó khăn, vướng mắc chính và đề xuất với Ban Chỉ đạo?",
]


@dataclass(frozen=True)
class Answer:
    """An agency's report: its short code, the username who sends it, when (working days after the
    request), its text and answers, and whether a file goes with it."""

    agency: str
    text: str
    answers: tuple[str, str]
    with_file: bool = False


#: The agencies that have answered (half of the committee's, give or take), in the order they did.
ANSWERS = [
    Answer(
        "STC",
        "Sở Tài chính đã bố trí đủ kinh phí duy trì các hệ thống dùng chung theo kế hoạch.",
        (
            "92% hồ sơ thuộc thẩm quyền được giải quyết trực tuyến toàn trình.",
            "Chưa có định mức chi cho thuê dịch vụ công nghệ thông tin.",
        ),
        with_file=True,
    ),
    Answer(
        "STTTT",
        "Sở Thông tin và Truyền thông đã hoàn thành nâng cấp Trung tâm dữ liệu của tỉnh.",
        (
            "100% hồ sơ đủ điều kiện được giải quyết trực tuyến toàn trình.",
            "Đề nghị bổ sung nhân lực an toàn thông tin.",
        ),
    ),
    Answer(
        "SNV",
        "Sở Nội vụ đã số hóa 85% hồ sơ cán bộ, công chức.",
        ("78% hồ sơ được giải quyết trực tuyến toàn trình.", "Thiếu thiết bị số hóa tại cấp huyện."),
    ),
    Answer(
        "SYT",
        "Sở Y tế đã triển khai hồ sơ sức khỏe điện tử tại 70% trạm y tế xã.",
        ("65% hồ sơ được giải quyết trực tuyến toàn trình.", "Đường truyền tại một số trạm y tế còn yếu."),
    ),
    Answer(
        "VPUBND",
        "Văn phòng UBND tỉnh đã vận hành Hệ thống thông tin báo cáo của tỉnh, kết nối với Chính phủ.",
        ("100% văn bản được gửi, nhận dưới dạng điện tử.", "Đề nghị các sở cập nhật số liệu đúng hạn."),
    ),
]


def seed_reports(clock: DemoClock, stdout: OutputWrapper | None = None) -> int:
    """Replay the reports' story for the e-Government committee when it has no report yet; returns
    how many steps it played (0 on a second run, which writes nothing)."""
    committee = Committee.objects.filter(short_code=EGOV).first()
    if (
        committee is None
        or committee.quarterly_reports.exists()
        or AgencyReportRequest.objects.filter(committee=committee).exists()
    ):
        if stdout is not None:
            stdout.write("Demo reports: already in place, nothing to do.")
        return 0
    people = {u.username: u for u in User.objects.filter(is_active=True)}
    with transaction.atomic():
        last_note = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
        with translation.override(settings.LANGUAGE_CODE):  # stored messages in the portal's language
            reports = _quarterly_reports(clock, committee, people)
            request, answered = _agency_request(clock, committee, people)
        settle_notifications(clock, last_note)
    if stdout is not None:
        symbols = ", ".join(r.symbol or f"quý {ROMAN[r.quarter]} (dự thảo)" for r in reports)
        stdout.write(
            f"Demo reports: {symbols}; agency request “{request.title}” answered by {answered} of "
            f"{request.organizations.count()} agencies."
        )
    return len(reports) + 1 + answered


def _before_now(clock: DemoClock, moments: list[datetime.datetime]) -> list[datetime.datetime]:
    """The moments as planned, or, when the last would not yet have come (a quarter just ended),
    the same steps an hour apart ending half an hour ago."""
    latest = clock.now - datetime.timedelta(minutes=30)
    if moments[-1] < latest:
        return moments
    count = len(moments)
    return [latest - datetime.timedelta(hours=count - 1 - n) for n in range(count)]


def _quarterly_reports(
    clock: DemoClock, committee: Committee, people: dict[str, User]
) -> list[QuarterlyReport]:
    today = clock.today
    current = (today.month - 1) // 3 + 1
    secretary, chair = people["secretary"], people["chair"]
    made = []
    for quarter in range(1, current + 1):
        results, difficulties, proposals, focus = NARRATIVE[quarter]
        if quarter < current:
            end = quarter_bounds(today.year, quarter)[1]
            moments = _before_now(
                clock,
                [_at(_wd(end, 3), 8, 30), _at(_wd(end, 4), 15), _at(_wd(end, 5), 9), _at(_wd(end, 7), 10)],
            )
        else:
            start = max(quarter_bounds(today.year, quarter)[0], _wd(today, -4))
            moments = _before_now(clock, [_at(start, 8, 30), _at(start, 9, 30)])
        with clock.at(moments[0]):
            report = report_create(committee=committee, actor=secretary, year=today.year, quarter=quarter)
        with clock.at(moments[1]):
            report = report_update(
                report=report,
                actor=secretary,
                title=report.title,
                results=results,
                difficulties=difficulties,
                proposals=proposals,
                next_focus=focus,
            )
        if quarter < current:
            with clock.at(moments[2]):
                report = report_submit(report=report, actor=secretary)
            with clock.at(moments[3]):
                report = report_approve(report=report, actor=chair)
                # The archive job runs on commit; the demo's past ran it then (a rerun stores nothing).
                jobs.archive_approved_report(report_id=report.pk)
        made.append(report)
    return made


def _agency_person(committee: Committee, organization: Organization, on: datetime.date) -> User | None:
    """Who sends the agency's report: its member, else a focal officer."""
    terms = RoleAssignment.objects.in_force(on).filter(
        committee=committee, organization=organization, role__in=AGENCY_ROLES
    )
    term = (
        terms.filter(role=RoleAssignment.Role.MEMBER).select_related("user").first()
        or terms.select_related("user").first()
    )
    return term.user if term is not None else None


def _agency_request(
    clock: DemoClock, committee: Committee, people: dict[str, User]
) -> tuple[AgencyReportRequest, int]:
    today = clock.today
    asked_on = _wd(today, -6)
    with clock.at(_at(asked_on, 9)):
        agencies = list(committee_agencies(committee.pk, on=asked_on))
        request = agency_request_create(
            committee=committee,
            actor=people["secretary"],
            title=REQUEST_TITLE,
            due_date=_wd(today, 5),
            organizations=agencies,
            body=REQUEST_BODY,
            questions=REQUEST_QUESTIONS,
        )
    by_code = {org.short_code: org for org in agencies}
    answered = 0
    for n, answer in enumerate(ANSWERS):
        organization = by_code.get(answer.agency)
        moment = _at(_wd(asked_on, 1 + n), 14, 30)
        person = organization and _agency_person(committee, organization, moment.date())
        if person is None or moment >= clock.now:
            continue
        files = []
        if answer.with_file:
            day = timezone.localdate(moment)
            files.append(
                SimpleUploadedFile(
                    f"bao-cao-{answer.agency.lower()}.pdf",
                    paper_pdf(
                        agency=organization.name,
                        symbol=f"{40 + n}/BC-{answer.agency}",
                        day=day,
                        title=REQUEST_TITLE,
                        paragraphs=[answer.text, *answer.answers],
                    ),
                    content_type="application/pdf",
                )
            )
        with clock.at(moment):
            agency_submission_save(
                request=request,
                organization=organization,
                actor=person,
                text=answer.text,
                answers=list(answer.answers),
                files=files,
            )
        answered += 1
    return request, answered
