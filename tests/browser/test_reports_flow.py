"""The quarterly report and an agency's report on request through the pages, each person in their
own browser session (the reports issue, acceptance 3), on the demo committee:

`secretary` starts this quarter's report, writes the results section, refreshes the figures after a
directive was given (the page says what changed), and submits it; `chair` approves it behind its
confirmation page, and the PDF downloads as NN/BC-<code>; `member` reads the approved report with
no way to change it; `focal` answers the demo's request for the agencies' reports for Sở Kế hoạch
và Đầu tư with a file.

The demo seeds this quarter's report as a draft: the test removes it first, so the secretary starts
it from the list as a person would.
"""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit

EGOV_CODE = "BCĐCQĐT"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
RESULTS = "Ban Chỉ đạo đã hoàn thành 12 nhiệm vụ trọng tâm của quý; Tổ giúp việc họp đủ ba tháng."
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_quarterly_report_written_refreshed_submitted_approved_and_an_agency_answers(
    page, new_context, live_server, demo, login, tmp_path
):
    from django.utils import timezone

    from members.models import Committee, Organization, User
    from reports.models import AgencyReportRequest, AgencySubmission, QuarterlyReport
    from tasks import services as task_services

    committee = Committee.objects.get(short_code=EGOV_CODE)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    QuarterlyReport.objects.filter(committee=committee, year=today.year, quarter=quarter).delete()
    issued_this_year = QuarterlyReport.objects.filter(committee=committee, number_year=today.year).count()
    reports_url = f"{live_server.url}/committees/{committee.pk}/reports/"

    # The secretary starts this quarter's report from the committee's list.
    login(page, live_server, "secretary")
    visit(page, reports_url)
    click_and_wait(page, page.get_by_role("link", name="Lập báo cáo quý"))
    page.get_by_label("Quý").select_option(f"{today.year}-{quarter}")
    click_and_wait(page, page.get_by_role("button", name="Tạo dự thảo"))
    expect(page.get_by_role("heading", name="Số liệu tổng hợp từ hồ sơ")).to_be_visible()
    report = QuarterlyReport.objects.get(committee=committee, year=today.year, quarter=quarter)
    assert report.status == QuarterlyReport.Status.DRAFT and report.created_by.username == "secretary"

    # …writes the results section…
    click_and_wait(page, page.get_by_role("link", name="Sửa các phần nội dung"))
    page.get_by_label("Kết quả thực hiện trong quý").fill(RESULTS)
    click_and_wait(page, page.get_by_role("button", name="Lưu"))
    expect(page.locator("#report-results").locator("xpath=..")).to_contain_text(RESULTS)

    # …a directive is given meanwhile; refreshing the figures says what changed.
    opened_before = report.figures["directives"]["totals"]["opened"]
    task_services.directive_create(
        committee=committee,
        actor=User.objects.get(username="standing"),
        title="Sở Y tế hoàn thành kết nối hồ sơ sức khỏe điện tử với Cổng dữ liệu của tỉnh.",
        lead_organization=Organization.objects.get(short_code="SYT"),
        reference_number="125/TB-UBND",
        reference_date=today,
        deadline=today + datetime.timedelta(days=20),
    )
    click_and_wait(page, page.get_by_role("button", name="Cập nhật số liệu từ hồ sơ"))
    changes = page.locator("#refresh-changes").locator("xpath=..")
    expect(changes).to_contain_text("Những thay đổi khi cập nhật số liệu")
    report.refresh_from_db()
    assert report.figures["directives"]["totals"]["opened"] == opened_before + 1
    expect(changes.locator("tr[data-change]").filter(has_text=f"{opened_before + 1}").first).to_be_visible()

    # …and submits it, after the confirmation page.
    click_and_wait(page, page.get_by_role("link", name="Trình Trưởng Ban"))
    expect(page.get_by_role("heading", name="Trình báo cáo")).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name="Trình Trưởng Ban"))
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.SUBMITTED
    expect(page.get_by_role("link", name="Sửa các phần nội dung")).to_have_count(0)

    # The chair approves it; it takes the next BC number of the year and downloads under it.
    chair = new_context().new_page()
    login(chair, live_server, "chair")
    visit(chair, f"{live_server.url}{report.get_absolute_url()}")
    click_and_wait(chair, chair.get_by_role("link", name="Phê duyệt báo cáo"))
    expect(chair.get_by_role("heading", name="Việc phê duyệt không thể hoàn tác")).to_be_visible()
    click_and_wait(chair, chair.get_by_role("button", name="Phê duyệt và ban hành báo cáo"))
    report.refresh_from_db()
    number = issued_this_year + 1
    assert report.status == QuarterlyReport.Status.APPROVED and report.approved_by.username == "chair"
    assert report.symbol == f"{number:02d}/BC-{EGOV_CODE}"
    expect(chair.get_by_text(report.symbol).first).to_be_visible()
    with chair.expect_download() as download_info:
        chair.get_by_role("link", name="Tải báo cáo (PDF)").click()
    download = download_info.value
    assert re.fullmatch(rf"{number:02d}-BC-BCDCQDT\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

    # A member reads the approved report and has no way to change it.
    member = new_context().new_page()
    login(member, live_server, "member")
    visit(member, f"{live_server.url}{report.get_absolute_url()}")
    expect(member.get_by_role("heading", name="Kết quả thực hiện trong quý")).to_be_visible()
    expect(member.get_by_text(RESULTS)).to_be_visible()
    for action in ("Sửa các phần nội dung", "Phê duyệt báo cáo", "Trình Trưởng Ban"):
        expect(member.get_by_role("link", name=action)).to_have_count(0)
    expect(member.get_by_role("button", name="Cập nhật số liệu từ hồ sơ")).to_have_count(0)
    refused = visit(member, f"{live_server.url}/reports/{report.pk}/edit/")
    assert refused.status in (403, 404)

    # The focal officer of Sở Kế hoạch và Đầu tư answers the demo's request with a file.
    request = AgencyReportRequest.objects.get(committee=committee)
    focal = new_context().new_page()
    login(focal, live_server, "focal")
    visit(focal, f"{live_server.url}/theo-doi/")
    click_and_wait(focal, focal.get_by_role("link", name=f"Báo cáo theo yêu cầu {EGOV_CODE}"))
    click_and_wait(focal, focal.get_by_role("link", name=request.title))
    click_and_wait(focal, focal.get_by_role("link", name="Gửi hoặc sửa báo cáo của cơ quan"))
    focal.get_by_label("Nội dung báo cáo").fill("Sở Kế hoạch và Đầu tư đã hoàn thành Kho dữ liệu dùng chung.")
    evidence = tmp_path / "bao-cao-skhdt.pdf"
    evidence.write_bytes(PDF_BYTES)
    focal.get_by_label("Tệp của báo cáo").set_input_files(str(evidence))
    click_and_wait(focal, focal.get_by_role("button", name="Gửi báo cáo"))
    expect(focal.get_by_text("Đã lưu báo cáo của")).to_be_visible()
    submission = AgencySubmission.objects.get(request=request, organization__short_code="SKHDT")
    assert submission.submitted_by.username == "focal"
    assert [f.original_name for f in submission.files.all()] == ["bao-cao-skhdt.pdf"]
