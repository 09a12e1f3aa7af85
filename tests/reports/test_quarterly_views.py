"""The quarterly report's pages, as the secretary and the chair use them (Điều 7.9): the list,
starting a report for a quarter, editing its sections (what was typed is kept on a refusal),
refreshing the figures and seeing what changed, submitting, returning and approving each behind
a confirmation page; and what the committee's other people see."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from reports.models import QuarterlyReport
from reports.quarterly import quarter_bounds
from tests.reports.quarterly import RS, last_quarter, make_report


def _url(name: str, report: QuarterlyReport) -> str:
    return reverse(f"reports:{name}", kwargs={"pk": report.pk})


def _edit_data(report: QuarterlyReport, **fields) -> dict[str, str]:
    data = {"title": report.title, "results": "", "difficulties": "", "proposals": "", "next_focus": ""}
    data.update(fields)
    return data


def test_the_secretary_writes_submits_and_the_chair_approves(client, task_cast):
    c = task_cast
    year, quarter = last_quarter()
    client.force_login(c.secretary)
    listing = client.get(reverse("reports:quarterly-list", kwargs={"committee_pk": c.committee.pk}))
    assert (
        reverse("reports:quarterly-create", kwargs={"committee_pk": c.committee.pk})
        in listing.content.decode()
    )

    response = client.post(
        reverse("reports:quarterly-create", kwargs={"committee_pk": c.committee.pk}),
        {"period": f"{year}-{quarter}", "title": ""},
    )
    report = QuarterlyReport.objects.get(committee=c.committee, year=year, quarter=quarter)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()

    page = client.get(report.get_absolute_url()).content.decode()
    assert report.title in page and _url("quarterly-edit", report) in page
    assert _url("quarterly-approve", report) not in page

    response = client.post(_url("quarterly-edit", report), _edit_data(report, results="Đã họp đủ các phiên."))
    assert response.status_code == 302
    assert "Đã họp đủ các phiên." in client.get(report.get_absolute_url()).content.decode()

    confirm = client.get(_url("quarterly-submit", report))
    assert confirm.status_code == 200 and b'method="post"' in confirm.content
    assert client.post(_url("quarterly-submit", report)).status_code == 302
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.SUBMITTED

    client.force_login(c.chair)
    page = client.get(report.get_absolute_url()).content.decode()
    assert _url("quarterly-approve", report) in page and _url("quarterly-return", report) in page
    assert _url("quarterly-edit", report) not in page
    assert client.get(_url("quarterly-approve", report)).status_code == 200
    response = client.post(_url("quarterly-approve", report), follow=True)
    report.refresh_from_db()
    assert report.status == RS.APPROVED and report.symbol == "01/BC-BCĐA"
    assert "01/BC-BCĐA" in response.content.decode()

    # The member reads the approved report, and cannot change it.
    client.force_login(c.member)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and "Đã họp đủ các phiên." in page.content.decode()
    assert _url("quarterly-edit", report) not in page.content.decode()
    assert client.get(_url("quarterly-edit", report)).status_code == 403
    assert client.post(_url("quarterly-edit", report), _edit_data(report, results="X")).status_code == 403


def test_the_history_says_who_did_what_in_vietnamese(client, task_cast):
    report = make_report(task_cast, RS.SUBMITTED)
    client.force_login(task_cast.chair)
    page = client.get(report.get_absolute_url()).content.decode()
    for said in ("Lập dự thảo", "Trình phê duyệt", str(task_cast.secretary)):
        assert said in page


def test_a_draft_is_hidden_from_members_and_focal_officers(client, task_cast):
    report = make_report(task_cast)
    for who in (task_cast.member, task_cast.focal):
        client.force_login(who)
        assert client.get(report.get_absolute_url()).status_code == 404
        listing = client.get(
            reverse("reports:quarterly-list", kwargs={"committee_pk": task_cast.committee.pk})
        )
        assert listing.status_code == 200 and report.title not in listing.content.decode()


def test_create_refuses_a_quarter_already_written_on_the_form(client, task_cast):
    report = make_report(task_cast)
    client.force_login(task_cast.standing)
    response = client.post(
        reverse("reports:quarterly-create", kwargs={"committee_pk": task_cast.committee.pk}),
        {"period": f"{report.year}-{report.quarter}", "title": "Báo cáo thứ hai"},
    )
    assert response.status_code == 200
    assert "đã có" in response.content.decode() and "Báo cáo thứ hai" in response.content.decode()
    assert QuarterlyReport.objects.count() == 1


def test_create_refuses_a_quarter_not_offered(client, task_cast):
    client.force_login(task_cast.secretary)
    url = reverse("reports:quarterly-create", kwargs={"committee_pk": task_cast.committee.pk})
    next_year = timezone.localdate().year + 1
    for period in (f"{next_year}-1", "2026-9", "abc", "", "2026-1-1", "9" * 40 + "-1"):
        response = client.post(url, {"period": period})
        assert response.status_code == 200, period
    assert not QuarterlyReport.objects.exists()


def test_edit_keeps_what_was_typed_when_refused(client, task_cast):
    report = make_report(task_cast)
    client.force_login(task_cast.secretary)
    response = client.post(
        _url("quarterly-edit", report),
        _edit_data(report, title="", results="Kết quả đã viết rất dài", proposals="Đề xuất \x07 lạ"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kết quả đã viết rất dài" in page
    assert QuarterlyReport.objects.get(pk=report.pk).results == ""


def test_refresh_shows_what_changed_then_that_nothing_did(client, task_cast):
    report = make_report(task_cast)
    held = report.figures["meetings"]["held"]
    meeting = task_cast.meeting_in(Meeting.Status.HELD)
    start, _end = quarter_bounds(report.year, report.quarter)
    day = timezone.make_aware(
        datetime.datetime.combine(start + datetime.timedelta(days=10), datetime.time(8))
    )
    Meeting.objects.filter(pk=meeting.pk).update(start_at=day, end_at=day + datetime.timedelta(hours=2))

    client.force_login(task_cast.secretary)
    response = client.post(_url("quarterly-refresh", report), follow=True)
    page = response.content.decode()
    assert "Những thay đổi khi cập nhật số liệu" in page
    assert (
        f'<tr data-change><th scope="row">Số cuộc họp đã tổ chức</th><td>{held}</td><td>{held + 1}</td>'
        in page
    )

    page = client.post(_url("quarterly-refresh", report), follow=True).content.decode()
    assert "data-no-change" in page and "data-change>" not in page
    # Shown once: the next visit shows the figures without the box.
    assert "Những thay đổi khi cập nhật số liệu" not in client.get(report.get_absolute_url()).content.decode()


def test_refresh_needs_a_post_and_a_drafter(client, task_cast):
    report = make_report(task_cast)
    client.force_login(task_cast.secretary)
    assert client.get(_url("quarterly-refresh", report)).status_code == 405
    client.force_login(task_cast.chair)
    assert client.post(_url("quarterly-refresh", report)).status_code == 403


def test_refresh_of_a_submitted_report_says_why_not(client, task_cast):
    report = make_report(task_cast, RS.SUBMITTED)
    client.force_login(task_cast.secretary)
    response = client.post(_url("quarterly-refresh", report), follow=True)
    assert response.status_code == 200
    assert "đang chờ Trưởng Ban phê duyệt" in response.content.decode()


def test_return_asks_for_a_reason_and_keeps_the_report_submitted_without_one(client, task_cast):
    report = make_report(task_cast, RS.SUBMITTED)
    client.force_login(task_cast.chair)
    response = client.post(_url("quarterly-return", report), {"reason": "   "})
    assert response.status_code == 200
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.SUBMITTED
    response = client.post(_url("quarterly-return", report), {"reason": "Bổ sung phần khó khăn"})
    assert response.status_code == 302
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.DRAFT


def test_submitting_a_report_without_results_says_why(client, task_cast):
    report = make_report(task_cast)
    client.force_login(task_cast.secretary)
    response = client.post(_url("quarterly-submit", report), follow=True)
    assert "Hãy viết kết quả thực hiện trong quý" in response.content.decode()
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.DRAFT


def test_a_late_approval_of_an_approved_report_is_refused_with_a_message(client, task_cast):
    report = make_report(task_cast, RS.APPROVED)
    client.force_login(task_cast.chair)
    assert client.get(_url("quarterly-approve", report)).status_code == 403
    response = client.post(_url("quarterly-approve", report), follow=True)
    assert response.status_code == 200 and "đã được phê duyệt" in response.content.decode()


def test_another_committee_s_report_and_unknown_ids_are_404(client, task_cast):
    report = make_report(task_cast)
    client.force_login(task_cast.other_member)
    assert client.get(report.get_absolute_url()).status_code == 404
    client.force_login(task_cast.chair)
    assert client.get(reverse("reports:quarterly-detail", kwargs={"pk": 10**30})).status_code == 404
    assert client.get(reverse("reports:quarterly-list", kwargs={"committee_pk": 10**30})).status_code == 404


def test_the_overview_links_each_committee_s_reports(client, task_cast):
    client.force_login(task_cast.member)
    page = client.get(reverse("reports:overview")).content.decode()
    assert reverse("reports:quarterly-list", kwargs={"committee_pk": task_cast.committee.pk}) in page
