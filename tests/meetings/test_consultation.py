"""Written consultations of the members (issue #13, part 1): asking, sending, answering (the
member sends, the agency's focal officer may prepare), who reads which answer when, the summary
after the deadline which closes the answers, and the decision as a numbered notice whose
instructions become directives."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.documents.context import notice_context
from meetings.models import ConsultationAnswer, Invitation, Meeting, MeetingError, Notice
from meetings.notifications import CALENDAR_KINDS
from meetings.permissions import MeetingAccess, Right
from meetings.selectors.calendar import calendar_feed_meetings, calendar_month_for_user
from meetings.selectors.meetings import upcoming_meetings_for_user
from members.models import Notification, RoleAssignment
from members.notifications import notification_text
from reports.dashboard import next_meetings
from reports.quarterly import compile_quarter
from reports.quarterly_documents import _meetings_item
from tasks.models import Directive
from tests.members.factories import RoleAssignmentFactory, UserFactory

S = Meeting.Status
P = ConsultationAnswer.Position
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def later(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def at(moment: datetime.datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def cc(cast):
    """The cast, a focal officer of member_b's agency (org_b), and a consultation the standing
    member asks about, drafted by the secretary, due in 3 days, to every member."""
    cast.focal_b = UserFactory(username="focal_b", organization=cast.org_b)
    RoleAssignmentFactory(
        user=cast.focal_b,
        committee=cast.committee,
        role=RoleAssignment.Role.FOCAL_OFFICER,
        organization=cast.org_b,
    )
    cast.consultation = services.consultation_create(
        committee=cast.committee,
        actor=cast.secretary,
        asked_by=cast.standing,
        matter="Dự thảo Kế hoạch chuyển đổi số năm 2027",
        questions=["Mục tiêu có phù hợp?", "Kinh phí có đủ?"],
        deadline=later(3),
    )
    return cast


def invitation_of(meeting, user) -> Invitation:
    return Invitation.objects.get(meeting=meeting, user=user)


def sent(cc) -> Meeting:
    return services.consultation_send(meeting=cc.consultation, actor=cc.standing)


# --- asking -------------------------------------------------------------------------------------


def test_a_consultation_asks_every_member_but_the_person_asking_and_is_numbered_per_year(cc):
    meeting = cc.consultation
    assert meeting.is_consultation and not meeting.is_committee_meeting
    asked = {inv.user.username for inv in meeting.invitations.all()}
    assert asked == {"chair", "deputy", "member", "member_b"}
    assert str(meeting) == f"Lấy ý kiến bằng văn bản số 1/{meeting.year}"
    second = services.consultation_create(
        committee=cc.committee,
        actor=cc.secretary,
        asked_by=cc.chair,
        matter="Việc khác",
        questions=["Đồng ý?"],
        deadline=later(2),
        members=[cc.member],
    )
    assert second.sequence == 2
    assert [inv.user for inv in second.invitations.all()] == [cc.member]


def test_only_the_chair_a_deputy_or_the_standing_member_asks_and_bad_input_is_refused_by_field(cc):
    with pytest.raises(ValidationError) as error:
        services.consultation_create(
            committee=cc.committee,
            actor=cc.secretary,
            asked_by=cc.member,
            matter=" ",
            questions=["", " "],
            deadline=later(-1),
        )
    assert set(error.value.message_dict) == {"asked_by", "matter", "questions", "deadline"}
    with pytest.raises(PermissionDenied):
        services.consultation_create(
            committee=cc.committee,
            actor=cc.member,
            asked_by=cc.chair,
            matter="x",
            questions=["y"],
            deadline=later(1),
        )


def test_sending_notifies_the_members_with_the_deadline_and_issues_no_invitation_letter(cc):
    meeting = sent(cc)
    assert meeting.status == S.CONVENED
    assert not meeting.invitation_letters.exists()
    notified = Notification.objects.filter(kind="meetings.consultation_asked")
    assert {n.user.username for n in notified} == {"chair", "deputy", "member", "member_b"}


def test_withdrawing_a_sent_consultation_tells_the_members_in_its_own_words_without_a_calendar_file(cc):
    meeting = sent(cc)
    services.meeting_cancel(meeting=meeting, actor=cc.chair, reason="Đã thống nhất tại phiên họp quý.")
    notes = list(Notification.objects.filter(kind="meetings.consultation_cancelled"))
    asked = {n.user.username for n in Notification.objects.filter(kind="meetings.consultation_asked")}
    assert {n.user.username for n in notes} == asked == {"chair", "deputy", "member", "member_b"}
    assert not Notification.objects.filter(kind="meetings.cancelled").exists()
    assert "meetings.consultation_cancelled" not in CALENDAR_KINDS  # its e-mail carries no .ics
    text = notification_text(notes[0], "vi")
    assert "không cần trả lời" in text and "Đã thống nhất tại phiên họp quý." in text


def test_a_plain_member_cannot_send_the_consultation(cc):
    with pytest.raises(PermissionDenied):
        services.consultation_send(meeting=cc.consultation, actor=cc.member)


# --- answering ----------------------------------------------------------------------------------


def test_the_member_answers_with_comments_and_a_file_and_may_change_it_until_the_deadline(cc):
    meeting = sent(cc)
    inv = invitation_of(meeting, cc.member)
    with pytest.raises(ValidationError) as error:
        services.consultation_answer_save(
            invitation=inv, actor=cc.member, position=P.DISAGREE, comments="  ", send=True
        )
    assert "comments" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consultation_answer_save(
            invitation=inv,
            actor=cc.member,
            position=P.AGREE,
            upload=SimpleUploadedFile("y-kien.pdf", b"not a pdf"),
            send=True,
        )
    assert "file" in error.value.message_dict
    answer = services.consultation_answer_save(
        invitation=inv,
        actor=cc.member,
        position=P.AGREE_WITH_COMMENTS,
        comments="Bổ sung chỉ tiêu",
        upload=SimpleUploadedFile("y-kien.pdf", PDF),
        send=True,
    )
    assert answer.is_sent and answer.sent_by == cc.member and answer.original_name == "y-kien.pdf"
    services.consultation_answer_save(invitation=inv, actor=cc.member, position=P.AGREE, send=True)
    answer.refresh_from_db()
    assert answer.position == P.AGREE
    assert answer.history.count() == 2
    with at(later(3.1)), pytest.raises(MeetingError, match="quá hạn"):
        services.consultation_answer_save(
            invitation=inv, actor=cc.member, position=P.DISAGREE, comments="x", send=True
        )


def test_the_focal_officer_of_the_member_s_agency_prepares_and_only_the_member_sends(cc):
    meeting = sent(cc)
    inv = invitation_of(meeting, cc.member_other_agency)
    answer = services.consultation_answer_save(
        invitation=inv, actor=cc.focal_b, position=P.AGREE, comments="", send=False
    )
    assert not answer.is_sent and answer.prepared_by == cc.focal_b
    assert Notification.objects.filter(
        kind="meetings.consultation_prepared", user=cc.member_other_agency
    ).exists()
    with pytest.raises(PermissionDenied):
        services.consultation_answer_save(invitation=inv, actor=cc.focal_b, position=P.AGREE, send=True)
    # The focal officer of another agency does not prepare this member's answer.
    with pytest.raises(PermissionDenied):
        services.consultation_answer_save(invitation=inv, actor=cc.focal, position=P.AGREE)
    services.consultation_answer_save(
        invitation=inv, actor=cc.member_other_agency, position=P.AGREE, send=True
    )
    answer.refresh_from_db()
    assert answer.sent_by == cc.member_other_agency
    with pytest.raises(MeetingError, match="chỉ thành viên mới sửa"):
        services.consultation_answer_save(invitation=inv, actor=cc.focal_b, position=P.DISAGREE, comments="x")


def test_a_member_reads_another_s_answer_only_after_the_deadline_unless_the_committee_allows(cc):
    meeting = sent(cc)
    inv_b = invitation_of(meeting, cc.member_other_agency)
    services.consultation_answer_save(
        invitation=inv_b, actor=cc.member_other_agency, position=P.AGREE, send=True
    )

    def reads(user):
        return MeetingAccess(user, Meeting.objects.get(pk=meeting.pk)).can(Right.CONSULT_READ_ANSWER, inv_b)

    assert not reads(cc.member)
    assert reads(cc.standing) and reads(cc.secretary) and reads(cc.member_other_agency)
    with at(later(3.1)):
        assert reads(cc.member)
    cc.committee.consultation_answers_visible = True
    cc.committee.save()
    assert reads(cc.member)
    assert not reads(cc.other_member)


# --- the summary and the decision ---------------------------------------------------------------


def test_the_summary_waits_for_the_deadline_closes_the_answers_and_the_chair_decides_without_minutes(cc):
    meeting = sent(cc)
    services.consultation_answer_save(
        invitation=invitation_of(meeting, cc.member),
        actor=cc.member,
        position=P.AGREE_WITH_COMMENTS,
        comments="Bổ sung chỉ tiêu",
        send=True,
    )
    with pytest.raises(MeetingError, match="sau khi hết hạn"):
        services.consultation_summary_compile(meeting=meeting, actor=cc.secretary)
    with at(later(3.1)):
        with pytest.raises(PermissionDenied):
            services.consultation_summary_compile(meeting=meeting, actor=cc.member)
        consultation = services.consultation_summary_compile(meeting=meeting, actor=cc.secretary)
        assert "Bổ sung chỉ tiêu" in consultation.summary
        # Those who did not answer are named as such.
        assert cc.standing.full_name not in consultation.summary  # the person asking is not asked
        assert consultation.summary.count("không trả lời") >= 3
        meeting.refresh_from_db()
        assert meeting.status == S.HELD
        services.conclusion_add(
            meeting=meeting,
            actor=cc.secretary,
            text="Giao Sở KH&ĐT hoàn thiện dự thảo.",
            is_instruction=True,
            lead_organization=cc.org_a,
            due_date=timezone.localdate() + datetime.timedelta(days=30),
        )
        services.conclusion_add(
            meeting=meeting,
            actor=cc.secretary,
            text="Giao Sở Tài chính bố trí kinh phí.",
            is_instruction=True,
            lead_organization=cc.org_b,
            due_date=timezone.localdate() + datetime.timedelta(days=30),
        )
        notice = services.conclusions_sign(meeting=meeting, actor=cc.chair)
    assert notice.symbol.startswith("01/TB-")
    assert Directive.objects.filter(notice=notice).count() == 2
    meeting.refresh_from_db()
    assert meeting.status == S.NOTICE_ISSUED
    assert not meeting.minutes_set.exists()


def test_transition_table_of_a_consultation_skips_the_minutes():
    table = Meeting.CONSULTATION_TRANSITIONS
    assert table[S.HELD] == {Meeting.Action.ISSUE_NOTICE: S.NOTICE_ISSUED}
    assert Meeting.Action.POSTPONE not in table[S.CONVENED]
    # A meeting still needs its minutes signed before the notice.
    assert Meeting.Action.ISSUE_NOTICE not in Meeting.TRANSITIONS[S.HELD]
    assert set(table) == set(Meeting.TRANSITIONS)


# --- the pages ----------------------------------------------------------------------------------


def test_the_secretary_drafts_a_consultation_on_its_page_and_a_mistake_keeps_what_was_typed(cc, client):
    client.force_login(cc.secretary)
    url = reverse("meetings:consultation-create", kwargs={"committee_pk": cc.committee.pk})
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "asked_by": str(cc.chair.pk),
        "matter": "Dự thảo Quy chế phối hợp",
        "questions": "Phạm vi có phù hợp?\n\nThời hạn có khả thi?",
        "deadline": timezone.localtime(later(-1)).strftime("%Y-%m-%dT%H:%M"),
        "members": [str(cc.member.pk), str(cc.member_other_agency.pk)],
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Hạn trả lời phải ở tương lai." in refused.content.decode()
    assert "Dự thảo Quy chế phối hợp" in refused.content.decode()
    data["deadline"] = timezone.localtime(later(2)).strftime("%Y-%m-%dT%H:%M")
    created = client.post(url, data)
    meeting = (
        Meeting.objects.filter(kind=Meeting.Kind.WRITTEN_CONSULTATION).exclude(pk=cc.consultation.pk).get()
    )
    assert created["Location"] == reverse("meetings:consultation-detail", kwargs={"pk": meeting.pk})
    assert meeting.consultation.questions == ["Phạm vi có phù hợp?", "Thời hạn có khả thi?"]
    assert {inv.user for inv in meeting.invitations.all()} == {cc.member, cc.member_other_agency}


def test_the_request_page_shows_who_answered_prepared_or_not_and_hides_positions_from_other_members(
    cc, client
):
    meeting = sent(cc)
    services.consultation_answer_save(
        invitation=invitation_of(meeting, cc.member),
        actor=cc.member,
        position=P.DISAGREE,
        comments="Chưa rõ",
        send=True,
    )
    services.consultation_answer_save(
        invitation=invitation_of(meeting, cc.member_other_agency), actor=cc.focal_b, position=P.AGREE
    )
    url = reverse("meetings:consultation-detail", kwargs={"pk": meeting.pk})
    client.force_login(cc.standing)
    page = client.get(url).content.decode()
    assert "1 đã trả lời · 1 đã chuẩn bị, chưa gửi · 2 chưa trả lời" in page
    assert "Không đồng ý" in page and "Chưa rõ" in page
    client.force_login(cc.member_other_agency)
    page = client.get(url).content.decode()
    assert "Đã trả lời" in page and "Chưa rõ" not in page
    # A changed answer: the page says it was sent twice, to those who read it.
    services.consultation_answer_save(
        invitation=invitation_of(meeting, cc.member), actor=cc.member, position=P.AGREE, send=True
    )
    assert "đã gửi 2 lần, tính lần cuối" not in client.get(url).content.decode()
    client.force_login(cc.standing)
    assert "đã gửi 2 lần, tính lần cuối" in client.get(url).content.decode()
    client.force_login(cc.member_other_agency)
    # The old meeting URL leads to the consultation's page.
    assert client.get(reverse("meetings:meeting-detail", kwargs={"pk": meeting.pk}))["Location"] == url


def test_the_member_answers_on_the_page_with_a_file(cc, client):
    meeting = sent(cc)
    inv = invitation_of(meeting, cc.member)
    url = reverse("meetings:consultation-answer", kwargs={"pk": meeting.pk, "invitation_pk": inv.pk})
    client.force_login(cc.member)
    refused = client.post(url, {"position": P.AGREE_WITH_COMMENTS, "comments": "", "send": "1"})
    assert refused.status_code == 200 and "Hãy ghi ý kiến cụ thể" in refused.content.decode()
    done = client.post(
        url,
        {
            "position": P.AGREE_WITH_COMMENTS,
            "comments": "Bổ sung chỉ tiêu",
            "file": SimpleUploadedFile("y-kien.pdf", PDF),
            "send": "1",
        },
    )
    assert done.status_code == 302
    answer = ConsultationAnswer.objects.get(invitation=inv)
    assert answer.sent_by == cc.member and answer.file


def test_after_the_deadline_the_secretary_compiles_and_the_chair_issues_the_notice_from_the_pages(cc, client):
    meeting = sent(cc)
    services.consultation_answer_save(
        invitation=invitation_of(meeting, cc.member), actor=cc.member, position=P.AGREE, send=True
    )
    with at(later(3.1)):
        client.force_login(cc.secretary)
        summary_url = reverse("meetings:consultation-summary", kwargs={"pk": meeting.pk})
        page = client.get(summary_url).content.decode()
        assert "Lưu bản tổng hợp sẽ khóa việc trả lời" in page and "Đồng ý: 1" in page
        client.post(summary_url, {"summary": "Tổng hợp: 1 đồng ý, 3 không trả lời."})
        meeting.refresh_from_db()
        assert (
            meeting.status == S.HELD
            and meeting.consultation.summary == "Tổng hợp: 1 đồng ý, 3 không trả lời."
        )
        assert client.get(reverse("meetings:conclusions-edit", kwargs={"pk": meeting.pk})).status_code == 200
        services.conclusion_add(
            meeting=meeting,
            actor=cc.secretary,
            text="Giao Sở KH&ĐT hoàn thiện dự thảo.",
            is_instruction=True,
            lead_organization=cc.org_a,
            due_date=timezone.localdate() + datetime.timedelta(days=30),
        )
        client.force_login(cc.chair)
        signed = client.post(reverse("meetings:conclusions-sign", kwargs={"pk": meeting.pk}))
        assert signed["Location"] == reverse("meetings:notice-detail", kwargs={"pk": meeting.pk})
        assert client.get(signed["Location"]).status_code == 200
    notice = Notice.objects.get(meeting=meeting)
    context = notice_context(notice)
    assert (
        "lấy ý kiến bằng văn bản các thành viên về dự thảo Kế hoạch chuyển đổi số năm 2027"
        in context["intro"]
    )
    assert "1/4 thành viên đã gửi ý kiến" in context["intro"]
    assert "tổ chức" not in context["intro"]


# --- kept out of what concerns meetings; in the quarterly figures -------------------------------


def _closed(cc) -> Meeting:
    """Sent, answered by `member` only, summarised after the deadline."""
    meeting = sent(cc)
    services.consultation_answer_save(
        invitation=invitation_of(meeting, cc.member), actor=cc.member, position=P.AGREE, send=True
    )
    with at(later(3.1)):
        services.consultation_summary_compile(meeting=meeting, actor=cc.secretary)
    return meeting


def test_quarterly_figures_count_consultations_by_kind_and_who_did_not_answer_per_member(cc):
    meeting = _closed(cc)
    day = timezone.localdate(meeting.start_at)
    figures = compile_quarter(cc.committee, day.year, (day.month - 1) // 3 + 1)
    assert figures["meetings"]["by_kind"]["written_consultation"] == 1
    assert figures["meetings"]["held"] == 0
    assert [row["kind_label"] for row in figures["meetings"]["list"]] == ["Lấy ý kiến bằng văn bản"]
    assert figures["attendance"]["invited"] == 0
    block = figures["consultations"]
    assert (block["asked"], block["answered"], block["not_answered"]) == (4, 1, 3)
    per_member = {
        row["name"]: (row["asked"], row["answered"], row["not_answered"]) for row in block["members"]
    }
    assert per_member[cc.member.full_name] == (1, 1, 0)
    assert per_member[cc.member_other_agency.full_name] == (1, 0, 1)
    assert "lấy ý kiến bằng văn bản 1 lần: 1/4 lượt thành viên đã trả lời" in _meetings_item(figures).text


def test_an_open_consultation_is_not_a_coming_meeting_nor_in_the_calendar(cc):
    meeting = sent(cc)
    assert meeting not in upcoming_meetings_for_user(cc.member)
    assert meeting not in next_meetings(cc.chair, cc.committee)
    today = timezone.localdate()
    month = calendar_month_for_user(cc.member, first=today.replace(day=1), today=today)
    assert all(meeting not in day.meetings for week in month.weeks for day in week)
    assert meeting not in calendar_feed_meetings(cc.member)


def test_the_meeting_list_offers_a_new_consultation_to_those_who_prepare_meetings(cc, client):
    link = reverse("meetings:consultation-create", kwargs={"committee_pk": cc.committee.pk})
    client.force_login(cc.secretary)
    assert link in client.get(reverse("meetings:meeting-list")).content.decode()
    client.force_login(cc.member)
    assert link not in client.get(reverse("meetings:meeting-list")).content.decode()


def test_a_draft_is_edited_on_its_page_and_a_new_asker_is_no_longer_asked_then_it_is_fixed(cc, client):
    meeting = cc.consultation
    url = reverse("meetings:consultation-edit", kwargs={"pk": meeting.pk})
    client.force_login(cc.secretary)
    assert client.get(reverse("meetings:meeting-edit", kwargs={"pk": meeting.pk}))["Location"] == url
    page = client.get(url).content.decode()
    assert "Mục tiêu có phù hợp?\nKinh phí có đủ?" in page
    deadline = timezone.localtime(later(5))
    response = client.post(
        url,
        {
            "asked_by": str(cc.chair.pk),
            "matter": "Dự thảo sửa đổi",
            "questions": "Câu hỏi mới?",
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    consultation = meeting.consultation
    assert (consultation.asked_by, consultation.matter, consultation.questions) == (
        cc.chair,
        "Dự thảo sửa đổi",
        ["Câu hỏi mới?"],
    )
    assert meeting.presiding == cc.chair and meeting.end_at == consultation.deadline
    assert not meeting.invitations.filter(user=cc.chair).exists()
    with pytest.raises(MeetingError):
        services.meeting_update(meeting=meeting, actor=cc.secretary, title="Khác")
    services.consultation_send(meeting=meeting, actor=cc.chair)
    assert client.get(url).status_code == 403
