"""Agency reports on request (Điều 7.7, 11.2): asking, answering for an agency, closing, and what
each service refuses, by whom and why."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Notification
from reports.models import AgencyReportRequest, AgencyRequestError, AgencySubmission
from reports.requests_services import agency_request_close, agency_request_create, agency_submission_save
from tests.tasks.conftest import evidence_pdf


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def ask(c, *, actor=None, orgs=None, **kwargs) -> AgencyReportRequest:
    return agency_request_create(
        committee=c.committee,
        actor=actor or c.secretary,
        title=kwargs.pop("title", "Báo cáo tình hình chuyển đổi số quý IV"),
        body=kwargs.pop("body", "Đề nghị các cơ quan báo cáo kết quả triển khai."),
        questions=kwargs.pop("questions", ["Kết quả đạt được?", "Khó khăn, vướng mắc?"]),
        due_date=kwargs.pop("due_date", in_days(10)),
        organizations=orgs if orgs is not None else [c.org_a, c.org_b],
        **kwargs,
    )


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


@pytest.mark.parametrize("who", ["chair", "deputy", "standing", "secretary"])
def test_request_create_succeeds_when_an_asker_asks(task_cast, who):
    request = ask(task_cast, actor=getattr(task_cast, who))
    assert request.status == AgencyReportRequest.Status.OPEN
    assert set(request.organizations.all()) == {task_cast.org_a, task_cast.org_b}
    assert request.questions == ["Kết quả đạt được?", "Khó khăn, vướng mắc?"]
    assert request.history.first().history_user == getattr(task_cast, who)


@pytest.mark.parametrize("who", ["member", "member_b", "focal", "guest", "outsider", "other_member"])
def test_request_create_refused_when_the_person_does_not_ask(task_cast, who):
    with pytest.raises(PermissionDenied):
        ask(task_cast, actor=getattr(task_cast, who))
    assert not AgencyReportRequest.objects.exists()


def test_request_create_notifies_the_asked_agencies_member_and_focal_officers(task_cast):
    c = task_cast
    request = ask(c, orgs=[c.org_a])
    told = set(
        Notification.objects.filter(kind="reports.request_created").values_list("user__username", flat=True)
    )
    assert told == {"member", "focal"}
    note = Notification.objects.filter(user=c.focal, kind="reports.request_created").get()
    assert note.url == request.get_absolute_url()
    assert in_days(10).strftime("%d/%m/%Y") in str(note)


def test_request_create_refused_when_the_due_date_is_past(task_cast):
    with pytest.raises(ValidationError) as error:
        ask(task_cast, due_date=in_days(-1))
    assert "due_date" in messages_of(error.value)
    assert "Hạn gửi không được trước hôm nay" in messages_of(error.value)["due_date"][0]


def test_request_create_refused_without_any_agency(task_cast):
    with pytest.raises(ValidationError) as error:
        ask(task_cast, orgs=[])
    assert messages_of(error.value)["organizations"] == ["Chọn ít nhất một cơ quan."]


def test_request_create_refused_for_an_agency_outside_the_committee(task_cast):
    with pytest.raises(ValidationError) as error:
        ask(task_cast, orgs=[task_cast.org_ubnd])
    assert messages_of(error.value)["organizations"] == ["Chỉ chọn các cơ quan của Ban chỉ đạo này."]


def test_request_create_refused_when_nothing_is_asked(task_cast):
    with pytest.raises(ValidationError) as error:
        ask(task_cast, body="  ", questions=["", "  "])
    assert messages_of(error.value)["body"] == ["Viết nội dung yêu cầu, hoặc ít nhất một câu hỏi."]


def test_request_create_accepts_questions_only_and_keeps_attachments(task_cast):
    request = ask(
        task_cast, body="", questions=["Số dịch vụ công trực tuyến?"], files=[evidence_pdf("huong-dan.pdf")]
    )
    assert request.body == ""
    assert [a.original_name for a in request.attachments.all()] == ["huong-dan.pdf"]


def test_request_create_refuses_a_file_whose_content_is_not_its_type(task_cast):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        ask(task_cast, files=[fake])
    assert "không khớp với định dạng" in messages_of(error.value)["files"][0]
    assert not AgencyReportRequest.objects.exists()


def test_request_create_refuses_a_file_too_large(task_cast, settings):
    big = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n" + b"0" * 10, content_type="application/pdf")
    big.size = 26 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        ask(task_cast, files=[big])
    assert "giới hạn là 25 MB" in messages_of(error.value)["files"][0]


# --- answering -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "focal"])
def test_submission_save_succeeds_for_the_agency_member_or_focal_officer(task_cast, who):
    c = task_cast
    request = ask(c)
    submission = agency_submission_save(
        request=request,
        organization=c.org_a,
        actor=getattr(c, who),
        text="Đã triển khai 120 dịch vụ công.",
        answers=["Đạt 95%", "Thiếu nhân lực"],
        files=[evidence_pdf()],
    )
    assert submission.organization == c.org_a
    assert submission.answers == ["Đạt 95%", "Thiếu nhân lực"]
    assert [f.original_name for f in submission.files.all()] == ["bao-cao.pdf"]
    assert submission.submitted_by == getattr(c, who)


def test_submission_save_tells_the_asker_when_first_sent(task_cast):
    c = task_cast
    request = ask(c)
    agency_submission_save(request=request, organization=c.org_a, actor=c.focal, text="Báo cáo")
    note = Notification.objects.get(kind="reports.request_answered")
    assert note.user == c.secretary and "Sở Kế hoạch và Đầu tư" in str(note)


@pytest.mark.parametrize("who", ["member_b", "chair", "secretary", "standing", "other_member", "guest"])
def test_submission_save_refused_for_anyone_but_the_agency_people(task_cast, who):
    c = task_cast
    request = ask(c)
    with pytest.raises(PermissionDenied):
        agency_submission_save(request=request, organization=c.org_a, actor=getattr(c, who), text="x")
    assert not AgencySubmission.objects.exists()


def test_submission_save_refused_for_an_agency_not_asked(task_cast):
    c = task_cast
    request = ask(c, orgs=[c.org_b])
    with pytest.raises(PermissionDenied):
        agency_submission_save(request=request, organization=c.org_a, actor=c.focal, text="x")


def test_submission_save_refused_when_empty(task_cast):
    c = task_cast
    with pytest.raises(ValidationError) as error:
        agency_submission_save(
            request=ask(c), organization=c.org_a, actor=c.focal, text=" ", answers=["", ""]
        )
    assert messages_of(error.value)["text"] == ["Viết báo cáo, trả lời câu hỏi hoặc đính kèm tệp."]


def test_submission_update_keeps_one_row_per_agency_with_its_history(task_cast):
    c = task_cast
    request = ask(c)
    first = agency_submission_save(request=request, organization=c.org_a, actor=c.focal, text="Bản đầu")
    again = agency_submission_save(
        request=request, organization=c.org_a, actor=c.member, text="Bản sửa", remove_files=[]
    )
    assert again.pk == first.pk and AgencySubmission.objects.count() == 1
    again.refresh_from_db()
    assert again.text == "Bản sửa" and again.submitted_by == c.focal and again.updated_by == c.member
    assert [h.text for h in again.history.order_by("history_date")] == ["Bản đầu", "Bản sửa"]
    assert Notification.objects.filter(kind="reports.request_answered").count() == 1


def test_submission_update_removes_a_file(task_cast):
    c = task_cast
    request = ask(c)
    sub = agency_submission_save(
        request=request, organization=c.org_a, actor=c.focal, text="x", files=[evidence_pdf()]
    )
    old = sub.files.get()
    agency_submission_save(
        request=request, organization=c.org_a, actor=c.focal, text="x", remove_files=[old.pk]
    )
    assert not sub.files.exists()


def test_submission_refused_once_the_request_is_closed(task_cast):
    c = task_cast
    request = ask(c)
    agency_request_close(request=request, actor=c.chair)
    with pytest.raises(AgencyRequestError) as error:
        agency_submission_save(request=request, organization=c.org_a, actor=c.focal, text="Muộn")
    assert error.value.message == "Yêu cầu này đã kết thúc: không thể gửi hoặc sửa báo cáo nữa."


# --- closing ---------------------------------------------------------------------------------------


def test_request_close_records_who_and_when(task_cast):
    c = task_cast
    closed = agency_request_close(request=ask(c), actor=c.standing)
    assert closed.status == "closed" and closed.closed_by == c.standing and closed.closed_at is not None


def test_request_close_refused_for_an_agency_person(task_cast):
    c = task_cast
    with pytest.raises(PermissionDenied):
        agency_request_close(request=ask(c), actor=c.member)


def test_request_close_refused_twice(task_cast):
    c = task_cast
    request = ask(c)
    agency_request_close(request=request, actor=c.chair)
    with pytest.raises(AgencyRequestError):
        agency_request_close(request=request, actor=c.chair)
