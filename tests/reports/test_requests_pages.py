"""The pages of agency reports on request: asking, the request's table of who has and has not
answered, an agency's report form with files, the files served only to who may see them, the
ZIP and the compiled text for the askers, closing with a confirmation."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reports.models import AgencyReportRequest, AgencySubmission
from reports.requests_exports import safe_name
from reports.requests_services import agency_request_create, agency_submission_save
from tests.tasks.conftest import PDF, evidence_pdf


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def asked(task_cast) -> AgencyReportRequest:
    c = task_cast
    return agency_request_create(
        committee=c.committee,
        actor=c.secretary,
        title="Báo cáo ứng dụng chữ ký số",
        body="Đề nghị báo cáo tình hình sử dụng chữ ký số.",
        questions=["Số cán bộ đã có chữ ký số?", "Kiến nghị?"],
        due_date=in_days(7),
        organizations=[c.org_a, c.org_b],
        files=[evidence_pdf("cong-van.pdf")],
    )


def body(response) -> str:
    return response.content.decode()


# --- asking ------------------------------------------------------------------------------------------


def test_overview_links_to_the_committee_requests(client, task_cast):
    client.force_login(task_cast.focal)
    url = reverse("reports:request-list", kwargs={"committee_pk": task_cast.committee.pk})
    assert url in body(client.get(reverse("reports:overview")))


def test_request_list_shows_each_request_with_how_many_agencies_answered(client, task_cast, asked):
    c = task_cast
    agency_submission_save(request=asked, organization=c.org_a, actor=c.focal, text="Đã có 40 cán bộ")
    client.force_login(c.member_b)
    page = body(client.get(reverse("reports:request-list", kwargs={"committee_pk": c.committee.pk})))
    assert "Báo cáo ứng dụng chữ ký số" in page and "1/2" in page
    assert reverse("reports:request-create", kwargs={"committee_pk": c.committee.pk}) not in page


def test_request_create_with_all_agencies_asks_every_agency_of_the_committee(client, task_cast):
    c = task_cast
    client.force_login(c.standing)
    url = reverse("reports:request-create", kwargs={"committee_pk": c.committee.pk})
    response = client.post(
        url,
        {
            "title": "Báo cáo nhanh",
            "body": "",
            "questions": "Câu 1?\n\nCâu 2?",
            "due_date": in_days(5).strftime("%d/%m/%Y"),
            "all_agencies": "on",
            "files": [SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")],
        },
    )
    request = AgencyReportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert set(request.organizations.all()) == {c.org_a, c.org_b}
    assert request.questions == ["Câu 1?", "Câu 2?"]
    assert request.attachments.get().original_name == "ke-hoach.pdf"


def test_request_create_keeps_what_was_typed_when_the_due_date_is_past(client, task_cast):
    c = task_cast
    client.force_login(c.secretary)
    url = reverse("reports:request-create", kwargs={"committee_pk": c.committee.pk})
    response = client.post(
        url,
        {
            "title": "Báo cáo về an toàn thông tin",
            "body": "Nội dung đã gõ",
            "due_date": in_days(-2).isoformat(),
            "organizations": [c.org_a.pk],
        },
    )
    page = body(response)
    assert response.status_code == 200
    assert "Hạn gửi không được trước hôm nay" in page
    assert 'value="Báo cáo về an toàn thông tin"' in page and "Nội dung đã gõ" in page
    assert not AgencyReportRequest.objects.exists()


def test_request_create_page_is_refused_to_a_member(client, task_cast):
    client.force_login(task_cast.member)
    url = reverse("reports:request-create", kwargs={"committee_pk": task_cast.committee.pk})
    assert client.get(url).status_code == 403


# --- the request's page ------------------------------------------------------------------------------


def test_request_detail_shows_who_has_and_has_not_sent_and_the_overdue_flag(client, task_cast, asked):
    c = task_cast
    agency_submission_save(request=asked, organization=c.org_a, actor=c.focal, text="Đã có 40 cán bộ")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=9)):
        client.force_login(c.chair)
        page = body(client.get(asked.get_absolute_url()))
    assert "1/2 đã gửi báo cáo" in page
    row_a = page.split("Sở Kế hoạch và Đầu tư</th>")[1].split("</tr>")[0]
    row_b = page.split("Sở Tài chính</th>")[1].split("</tr>")[0]
    assert "Đã gửi" in row_a and c.focal.display_name in row_a
    assert "Chưa gửi — quá hạn" in row_b
    assert "Đã có 40 cán bộ" in page  # the chair reads every report


def test_request_detail_shows_another_agency_only_whether_it_answered(client, task_cast, asked):
    c = task_cast
    agency_submission_save(
        request=asked, organization=c.org_a, actor=c.focal, text="Nội dung riêng của Sở KH&ĐT"
    )
    client.force_login(c.member_b)
    page = body(client.get(asked.get_absolute_url()))
    assert "Đã gửi" in page and "Nội dung riêng của Sở KH&amp;ĐT" not in page
    assert reverse("reports:request-export", kwargs={"pk": asked.pk}) not in page


def test_request_of_another_committee_is_404(client, task_cast, asked):
    client.force_login(task_cast.other_member)
    assert client.get(asked.get_absolute_url()).status_code == 404


# --- answering ---------------------------------------------------------------------------------------


def test_focal_officer_sends_the_agency_report_with_a_file(client, task_cast, asked):
    c = task_cast
    client.force_login(c.focal)
    url = reverse("reports:request-submit", kwargs={"pk": asked.pk})
    assert "Số cán bộ đã có chữ ký số?" in body(client.get(url))
    response = client.post(
        url,
        {
            "organization": c.org_a.pk,
            "text": "Sở đã cấp chữ ký số cho 40 cán bộ.",
            "answer_1": "40",
            "answer_2": "Bổ sung kinh phí",
            "files": [evidence_pdf("bao-cao-chu-ky-so.pdf")],
        },
    )
    assert response.status_code == 302
    submission = AgencySubmission.objects.get()
    assert submission.organization == c.org_a and submission.answers == ["40", "Bổ sung kinh phí"]
    assert submission.files.get().original_name == "bao-cao-chu-ky-so.pdf"
    page = body(client.get(asked.get_absolute_url()))
    assert "Đã lưu báo cáo của Sở Kế hoạch và Đầu tư." in page
    assert "Sở đã cấp chữ ký số cho 40 cán bộ." in page  # the agency reads its own


def test_submission_form_keeps_what_was_typed_when_a_file_is_refused(client, task_cast, asked):
    c = task_cast
    client.force_login(c.member)
    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        reverse("reports:request-submit", kwargs={"pk": asked.pk}),
        {"organization": c.org_a.pk, "text": "Văn bản đã gõ", "answer_1": "12", "files": [fake]},
    )
    page = body(response)
    assert response.status_code == 200 and "không khớp với định dạng" in page
    assert "Văn bản đã gõ" in page and "12</textarea>" in page
    assert not AgencySubmission.objects.exists()


@pytest.mark.parametrize("who", ["member_b", "chair", "secretary"])
def test_submission_form_refused_to_who_does_not_answer_for_an_asked_agency(client, task_cast, who):
    c = task_cast
    only_a = agency_request_create(
        committee=c.committee,
        actor=c.secretary,
        title="Chỉ Sở KH&ĐT",
        body="Báo cáo",
        due_date=in_days(3),
        organizations=[c.org_a],
    )
    client.force_login(getattr(c, who))
    assert client.get(reverse("reports:request-submit", kwargs={"pk": only_a.pk})).status_code == 403


def test_member_b_cannot_post_a_report_for_another_agency(client, task_cast, asked):
    c = task_cast
    client.force_login(c.member_b)
    response = client.post(
        reverse("reports:request-submit", kwargs={"pk": asked.pk}),
        {"organization": c.org_a.pk, "text": "Giả mạo"},
    )
    assert response.status_code == 200 and "Giả mạo" in body(response)  # refused, kept as typed
    assert not AgencySubmission.objects.exists()


# --- files -------------------------------------------------------------------------------------------


def test_request_attachment_served_to_the_committee_only(client, task_cast, asked):
    c = task_cast
    url = reverse("reports:request-attachment", kwargs={"pk": asked.attachments.get().pk})
    client.force_login(c.member_b)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(c.other_member)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("focal", 200),
        ("secretary", 200),
        ("chair", 200),
        ("member_b", 404),
        ("other_member", 404),
        ("guest", 404),
    ],
)
def test_report_file_served_to_the_askers_and_its_agency_only(client, task_cast, asked, who, status):
    c = task_cast
    sub = agency_submission_save(
        request=asked, organization=c.org_a, actor=c.focal, text="x", files=[evidence_pdf()]
    )
    client.force_login(getattr(c, who))
    url = reverse("reports:request-submission-file", kwargs={"pk": sub.files.get().pk})
    assert client.get(url).status_code == status


# --- the askers' copies ------------------------------------------------------------------------------


def test_zip_holds_each_agency_text_and_its_files_with_safe_names(client, task_cast, asked):
    c = task_cast
    agency_submission_save(
        request=asked,
        organization=c.org_a,
        actor=c.focal,
        text="Báo cáo của Sở KH&ĐT",
        answers=["40", ""],
        files=[evidence_pdf("../../Báo cáo tháng.pdf"), evidence_pdf("Báo cáo tháng.pdf")],
    )
    agency_submission_save(
        request=asked, organization=c.org_b, actor=c.member_b, text="Báo cáo của Sở Tài chính"
    )
    client.force_login(c.deputy)
    response = client.get(reverse("reports:request-export", kwargs={"pk": asked.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert names == [
        "skhdt/bao-cao-thang-2.pdf",
        "skhdt/bao-cao-thang.pdf",
        "skhdt/bao-cao.txt",
        "stc/bao-cao.txt",
    ]
    text_a = archive.read("skhdt/bao-cao.txt").decode("utf-8")
    assert "Báo cáo của Sở KH&ĐT" in text_a and "1. Số cán bộ đã có chữ ký số?" in text_a and "40" in text_a
    assert archive.read("skhdt/bao-cao-thang.pdf") == PDF


def test_zip_and_compiled_text_refused_to_an_agency_person(client, task_cast, asked):
    client.force_login(task_cast.member)
    assert client.get(reverse("reports:request-export", kwargs={"pk": asked.pk})).status_code == 403
    assert client.get(reverse("reports:request-compiled", kwargs={"pk": asked.pk})).status_code == 403


def test_compiled_text_holds_every_agency_report_in_order_and_names_the_missing(client, task_cast, asked):
    c = task_cast
    agency_submission_save(
        request=asked, organization=c.org_b, actor=c.member_b, text="Nội dung của Sở Tài chính"
    )
    agency_submission_save(request=asked, organization=c.org_a, actor=c.focal, text="Nội dung của Sở KH&ĐT")
    client.force_login(c.secretary)
    page = body(client.get(reverse("reports:request-compiled", kwargs={"pk": asked.pk})))
    a, b = page.index("Nội dung của Sở KH&amp;ĐT"), page.index("Nội dung của Sở Tài chính")
    assert a < b  # the agencies' name order
    assert "1. Sở Kế hoạch và Đầu tư" in page and "2. Sở Tài chính" in page
    assert "Các cơ quan chưa gửi báo cáo" not in page


def test_safe_name_drops_folders_and_control_characters():
    assert safe_name("..\\..\\etc/Báo cáo\x00 quý.PDF") == "bao-cao-quy.pdf"
    assert safe_name("....") == "tep"


# --- closing -----------------------------------------------------------------------------------------


def test_close_asks_for_confirmation_naming_the_agencies_not_answered_then_closes(client, task_cast, asked):
    c = task_cast
    agency_submission_save(request=asked, organization=c.org_a, actor=c.focal, text="x")
    client.force_login(c.chair)
    url = reverse("reports:request-close", kwargs={"pk": asked.pk})
    page = body(client.get(url))
    assert "Không thể hoàn tác" in page and "Sở Tài chính" in page.split("chưa gửi báo cáo:")[1]
    asked.refresh_from_db()
    assert asked.is_open
    client.post(url)
    asked.refresh_from_db()
    assert not asked.is_open and asked.closed_by == c.chair
    client.force_login(c.focal)
    assert client.get(reverse("reports:request-submit", kwargs={"pk": asked.pk})).status_code == 403


# --- query budgets -----------------------------------------------------------------------------------


def _requests(c, count: int) -> list[AgencyReportRequest]:
    made = []
    for n in range(count):
        r = agency_request_create(
            committee=c.committee,
            actor=c.secretary,
            title=f"Yêu cầu {n}",
            body="Báo cáo",
            questions=["Kết quả?"],
            due_date=in_days(5),
            organizations=[c.org_a, c.org_b],
            files=[evidence_pdf()],
        )
        agency_submission_save(
            request=r, organization=c.org_a, actor=c.focal, text="x", files=[evidence_pdf()]
        )
        made.append(r)
    return made


@pytest.mark.parametrize("count", [2, 8])
def test_request_list_queries_do_not_grow_with_the_requests(
    client, task_cast, django_assert_max_num_queries, count
):
    c = task_cast
    _requests(c, count)
    client.force_login(c.chair)
    url = reverse("reports:request-list", kwargs={"committee_pk": c.committee.pk})
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200


def test_request_detail_queries_do_not_grow_with_the_agencies_reports(
    client, task_cast, django_assert_max_num_queries
):
    c = task_cast
    (request,) = _requests(c, 1)
    agency_submission_save(
        request=request, organization=c.org_b, actor=c.member_b, text="y", files=[evidence_pdf()]
    )
    client.force_login(c.chair)
    with django_assert_max_num_queries(10):
        assert client.get(request.get_absolute_url()).status_code == 200
