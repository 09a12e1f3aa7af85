"""The meeting pages: the detail page, papers in and out, answers, buttons, query budgets."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from meetings import services
from meetings.models import Invitation, Meeting, MeetingProposal, Paper
from meetings.selectors.meetings import attendance_summary
from members.models import RoleAssignment
from tests.meetings.clock import hold
from tests.members.factories import RoleAssignmentFactory, UserFactory

Role = RoleAssignment.Role
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# One budget for every size: the pages must not grow a query per row.
LIST_QUERIES = 8
DETAIL_QUERIES = 10


@pytest.fixture(autouse=True)
def _files_in_tmp(tmp_path, monkeypatch):
    """Stored papers and opinions go to this test's temporary directory."""
    storage = FileSystemStorage(location=tmp_path / "private", base_url=None)
    for model, name in ((Paper, "file"), (Invitation, "written_opinion_file")):
        monkeypatch.setattr(model._meta.get_field(name), "storage", storage)


def vi(msgid: str, **params) -> str:
    """The message as the (Vietnamese) page shows it, HTML-escaped."""
    with override("vi"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def new_meeting(cast, *, days: int = 3, kind: str = Meeting.Kind.QUARTERLY, actor=None) -> Meeting:
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=days)
    return services.meeting_create(
        committee=cast.committee,
        actor=actor or cast.secretary,
        kind=kind,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Phòng họp số 1",
        confirm_second_meeting=True,  # several regular meetings in one quarter (Điều 8.3)
    )


def add_paper(cast, meeting, title="Báo cáo tiến độ", item=None, name="bao-cao.pdf") -> Paper:
    return services.paper_add(
        meeting=meeting,
        actor=cast.secretary,
        upload=SimpleUploadedFile(name, PDF),
        title=title,
        agenda_item=item,
    )


def detail_url(meeting) -> str:
    return reverse("meetings:meeting-detail", kwargs={"pk": meeting.pk})


def test_meeting_detail_shows_agenda_and_papers_when_member(client, cast):
    meeting = new_meeting(cast)
    item = services.agenda_item_add(
        meeting=meeting, actor=cast.secretary, title="Tiến độ xây dựng IOC", minutes_allowed=20
    )
    item_paper = add_paper(cast, meeting, "Báo cáo của Sở TT&TT", item=item)
    meeting_paper = add_paper(cast, meeting, "Dự thảo kế hoạch năm", name="ke-hoach.pdf")
    client.force_login(cast.member)

    r = client.get(detail_url(meeting))

    assert r.status_code == 200
    page = r.content.decode()
    assert "Tiến độ xây dựng IOC" in page
    assert escape("Báo cáo của Sở TT&TT") in page
    assert "Dự thảo kế hoạch năm" in page
    for paper in (item_paper, meeting_paper):
        assert reverse("meetings:paper-download", kwargs={"pk": meeting.pk, "paper_pk": paper.pk}) in page
    assert page.count("<h1") == 1


def test_paper_download_is_an_attachment_with_the_file_bytes_when_member(client, cast):
    meeting = new_meeting(cast)
    paper = add_paper(cast, meeting)
    client.force_login(cast.member)

    r = client.get(reverse("meetings:paper-download", kwargs={"pk": meeting.pk, "paper_pk": paper.pk}))

    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert "bao-cao.pdf" in r["Content-Disposition"]
    assert r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content) == PDF


def test_paper_download_is_404_when_member_of_another_committee(client, cast):
    meeting = new_meeting(cast)
    paper = add_paper(cast, meeting)
    client.force_login(cast.other_member)

    r = client.get(reverse("meetings:paper-download", kwargs={"pk": meeting.pk, "paper_pk": paper.pk}))

    assert r.status_code == 404


def test_paper_download_is_404_when_paper_belongs_to_another_meeting(client, cast):
    meeting, other = new_meeting(cast), new_meeting(cast, days=10)
    paper = add_paper(cast, other)
    client.force_login(cast.member)

    r = client.get(reverse("meetings:paper-download", kwargs={"pk": meeting.pk, "paper_pk": paper.pk}))

    assert r.status_code == 404


def test_paper_upload_shows_the_error_and_keeps_the_title_when_content_is_not_pdf(client, cast):
    meeting = new_meeting(cast)
    client.force_login(cast.secretary)

    r = client.post(
        reverse("meetings:paper-upload", kwargs={"pk": meeting.pk}),
        {"title": "Báo cáo quý III", "file": SimpleUploadedFile("bao-cao.pdf", b"just some text")},
    )

    assert r.status_code == 200
    page = r.content.decode()
    expected = vi(
        "The content of “%(name)s” does not match its type: it is not a real .%(ext)s file.",
        name="bao-cao.pdf",
        ext="pdf",
    )
    assert expected in page
    assert 'value="Báo cáo quý III"' in page
    assert 'aria-invalid="true"' in page
    assert not Paper.objects.filter(meeting=meeting).exists()


def test_substitute_answer_rerenders_with_the_message_and_typed_name_when_no_written_opinion(client, cast):
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    client.force_login(cast.member)

    r = client.post(
        reverse("meetings:invitation-respond", kwargs={"pk": meeting.pk}),
        {"response": "substitute", "substitute_name": "Trần Văn Thay", "substitute_position": "Phó Giám đốc"},
    )

    assert r.status_code == 200
    page = r.content.decode()
    assert (
        vi(
            "A member who sends a substitute must give their opinion in writing (Article 6.5 of the regulation)."
        )
        in page
    )
    assert 'value="Trần Văn Thay"' in page
    assert 'value="Phó Giám đốc"' in page
    assert Invitation.objects.get(meeting=meeting, user=cast.member).response == Invitation.Response.PENDING


def test_substitute_answer_is_recorded_when_written_opinion_given(client, cast):
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    client.force_login(cast.member)

    r = client.post(
        reverse("meetings:invitation-respond", kwargs={"pk": meeting.pk}),
        {"response": "substitute", "substitute_name": "Trần Văn Thay", "written_opinion": "Thống nhất."},
    )

    assert r.status_code == 302
    inv = Invitation.objects.get(meeting=meeting, user=cast.member)
    assert (inv.response, inv.substitute_name, inv.written_opinion) == (
        "substitute",
        "Trần Văn Thay",
        "Thống nhất.",
    )


def test_convene_button_is_absent_for_a_member_and_present_for_the_chair(client, cast):
    meeting = new_meeting(cast)
    convene = reverse("meetings:meeting-convene", kwargs={"pk": meeting.pk})

    client.force_login(cast.member)
    assert convene not in client.get(detail_url(meeting)).content.decode()

    client.force_login(cast.chair)
    assert convene in client.get(detail_url(meeting)).content.decode()


def test_convene_by_the_chair_moves_the_meeting_to_convened(client, cast):
    meeting = new_meeting(cast)
    client.force_login(cast.chair)

    r = client.post(reverse("meetings:meeting-convene", kwargs={"pk": meeting.pk}))

    assert r.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED


def test_guest_sees_the_agenda_but_not_the_invitees(client, cast):
    meeting = new_meeting(cast, kind=Meeting.Kind.EXTENDED)
    services.agenda_item_add(meeting=meeting, actor=cast.secretary, title="Giải pháp chuyển đổi số")
    services.guest_invite(meeting=meeting, actor=cast.secretary, user=cast.guest)
    client.force_login(cast.guest)

    page = client.get(detail_url(meeting)).content.decode()

    assert "Giải pháp chuyển đổi số" in page
    assert 'id="invitees"' not in page
    assert cast.member.full_name not in page


def test_roll_returns_only_the_table_when_asked_by_htmx(client, cast):
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    client.force_login(cast.chair)
    url = reverse("meetings:meeting-roll", kwargs={"pk": meeting.pk})

    full = client.get(url).content.decode()
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 30s"' in full and "<html" in full
    assert "<html" not in partial and cast.member.full_name in partial


def test_attendance_summary_has_majority_only_when_more_than_half_of_members_present(cast):
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    members = list(meeting.invitations.filter(kind=Invitation.Kind.MEMBER).order_by("pk"))
    half = len(members) // 2
    marks = {inv.pk: Invitation.Attendance.PRESENT for inv in members[:half]}
    marks |= {inv.pk: Invitation.Attendance.ABSENT_UNEXCUSED for inv in members[half:]}
    hold(meeting, cast.secretary, marks)
    summary = attendance_summary(meeting)
    assert summary["members_present"] == half
    assert summary["has_majority"] is (half * 2 > len(members))

    hold(meeting, cast.secretary, {members[half].pk: Invitation.Attendance.PRESENT})
    assert attendance_summary(meeting)["has_majority"] is True


def test_accepting_a_proposal_opens_the_new_meeting_for_editing(client, cast):
    proposal = services.proposal_create(committee=cast.committee, actor=cast.standing, reason="Sự cố mạng")
    client.force_login(cast.chair)

    r = client.post(
        reverse("meetings:proposal-decide", kwargs={"proposal_pk": proposal.pk}), {"decision": "accept"}
    )

    proposal = MeetingProposal.objects.get(pk=proposal.pk)
    assert proposal.status == MeetingProposal.Status.ACCEPTED
    assert r["Location"] == reverse("meetings:meeting-edit", kwargs={"pk": proposal.meeting_id})


@pytest.mark.parametrize("count", [3, 15])
def test_meeting_list_query_count_does_not_grow_with_the_meetings(
    client, cast, count, django_assert_max_num_queries
):
    for i in range(count):
        meeting = new_meeting(cast, days=i - 5, kind=Meeting.Kind.EXTRAORDINARY)
        if i % 2:
            services.meeting_convene(meeting=meeting, actor=cast.chair)
    client.force_login(cast.member)

    with django_assert_max_num_queries(LIST_QUERIES):
        r = client.get(reverse("meetings:meeting-list"))

    assert r.status_code == 200
    assert r.content.decode().count('<th scope="row">') == count


@pytest.mark.parametrize("invitees", [4, 40])
def test_meeting_detail_query_count_does_not_grow_with_invitees_and_papers(
    client, cast, invitees, django_assert_max_num_queries
):
    extra = [UserFactory(username=f"extra{i}") for i in range(max(0, invitees - 4))]
    for user in extra:
        RoleAssignmentFactory(user=user, committee=cast.committee, role=Role.MEMBER)
    meeting = new_meeting(cast)
    services.invitees_set(
        meeting=meeting,
        actor=cast.secretary,
        users=[cast.chair, cast.deputy, cast.member, cast.secretary, *extra],
    )
    items = [
        services.agenda_item_add(meeting=meeting, actor=cast.secretary, title=f"Nội dung {i}")
        for i in range(5)
    ]
    for i in range(20):
        add_paper(cast, meeting, f"Tài liệu {i}", item=items[i % 6] if i % 6 < 5 else None)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    services.invitation_respond(
        invitation=Invitation.objects.get(meeting=meeting, user=cast.member),
        actor=cast.member,
        response="absent",
        absence_reason="Đi công tác",
    )
    assert meeting.invitations.count() == invitees
    client.force_login(cast.chair)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        r = client.get(detail_url(meeting))

    assert r.status_code == 200
    page = r.content.decode()
    # Each paper's download link once (its edit and move buttons repeat its name, visually hidden).
    assert page.count("download>Tài liệu ") == 20
    assert reverse("meetings:meeting-roll", kwargs={"pk": meeting.pk}) in page


# --- personal invitation letters ------------------------------------------------------------------


def archive_personal_letter(meeting, invitation) -> None:
    """The invitee's personal letter, archived as at its first download."""
    from meetings.documents import selectors as documents
    from meetings.documents import services as document_services

    document_services.signed_document_archive(
        letter=documents.invitation_letter_current(meeting), invitation=invitation
    )


LETTER_SENT = (
    "%(person)s has been sent a personal invitation letter; record their absence instead of removing them."
)


def test_invitee_list_save_shows_a_message_and_keeps_everyone_when_a_removed_invitee_has_a_personal_letter(
    client, cast
):
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    archive_personal_letter(meeting, Invitation.objects.get(meeting=meeting, user=cast.member))
    before = set(meeting.invitations.values_list("user_id", flat=True))
    keep = [str(pk) for pk in before if pk not in (cast.member.pk, cast.standing.pk)]
    client.force_login(cast.chair)

    r = client.post(
        reverse("meetings:invitees-set", kwargs={"pk": meeting.pk}),
        {"invitees-users": keep},
        follow=True,
    )

    assert r.status_code == 200
    assert vi(LETTER_SENT, person=cast.member) in r.content.decode()
    assert set(meeting.invitations.values_list("user_id", flat=True)) == before


def test_guest_remove_shows_a_message_and_keeps_the_guest_when_their_personal_letter_is_archived(
    client, cast
):
    meeting = new_meeting(cast, kind=Meeting.Kind.EXTENDED)
    guest_invitation = services.guest_invite(meeting=meeting, actor=cast.secretary, user=cast.guest)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    archive_personal_letter(meeting, guest_invitation)
    client.force_login(cast.secretary)

    r = client.post(
        reverse("meetings:guest-remove", kwargs={"pk": meeting.pk, "invitation_pk": guest_invitation.pk}),
        follow=True,
    )

    assert r.status_code == 200
    assert vi(LETTER_SENT, person=cast.guest) in r.content.decode()
    assert Invitation.objects.filter(pk=guest_invitation.pk).exists()


def test_presiding_chair_gets_no_personal_invitation_while_another_invitee_gets_theirs(client, cast):
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    assert meeting.presiding == cast.chair

    def letter_url(user) -> str:
        inv = Invitation.objects.get(meeting=meeting, user=user)
        return reverse("meetings:personal-invitation-pdf", kwargs={"pk": meeting.pk, "invitation_pk": inv.pk})

    my_letter = vi("My invitation (PDF)")
    client.force_login(cast.chair)
    assert client.get(letter_url(cast.chair)).status_code == 404
    page = client.get(detail_url(meeting)).content.decode()
    assert my_letter not in page
    # The chair prepares the meeting: the roll offers every invitee's letter but their own.
    assert letter_url(cast.chair) not in page
    assert letter_url(cast.member) in page

    client.force_login(cast.secretary)
    page = client.get(detail_url(meeting)).content.decode()
    assert letter_url(cast.chair) not in page
    assert client.get(letter_url(cast.chair)).status_code == 404

    client.force_login(cast.member)
    page = client.get(detail_url(meeting)).content.decode()
    assert my_letter in page and letter_url(cast.member) in page
    assert client.get(letter_url(cast.member)).status_code == 200


# --- refusals by the meeting's state: a message, not a 403 -------------------------------------


def test_answer_submitted_after_the_start_rerenders_the_form_with_the_message_and_the_typed_text(
    client, cast
):
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    client.force_login(cast.member)
    url = reverse("meetings:invitation-respond", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 200  # the form is opened before the start
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        start_at=now - datetime.timedelta(minutes=5), end_at=now + datetime.timedelta(hours=2)
    )

    r = client.post(url, {"response": "absent", "absence_reason": "Đi công tác Hà Nội theo lịch của Tỉnh"})

    assert r.status_code == 200
    page = r.content.decode()
    assert vi("The meeting has started: answers can no longer be changed.") in page
    assert "Đi công tác Hà Nội theo lịch của Tỉnh" in page
    assert Invitation.objects.get(meeting=meeting, user=cast.member).response == Invitation.Response.PENDING


def test_answer_form_after_the_start_redirects_to_the_meeting_with_the_message(client, cast):
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        start_at=now - datetime.timedelta(minutes=5), end_at=now + datetime.timedelta(hours=2)
    )
    client.force_login(cast.member)

    r = client.get(reverse("meetings:invitation-respond", kwargs={"pk": meeting.pk}), follow=True)

    assert r.redirect_chain[-1][0] == detail_url(meeting)
    assert vi("The meeting has started: answers can no longer be changed.") in r.content.decode()


def held_meeting(cast) -> Meeting:
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    hold(meeting, cast.secretary)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.mark.parametrize("name", ["meeting-postpone", "meeting-cancel"])
def test_postpone_and_cancel_forms_are_not_offered_when_the_meeting_is_held(client, cast, name):
    meeting = held_meeting(cast)
    client.force_login(cast.chair)
    form_url = reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})

    assert client.get(form_url).status_code == 403
    assert form_url not in client.get(detail_url(meeting)).content.decode()


@pytest.mark.parametrize(("name", "action"), [("meeting-postpone", "POSTPONE"), ("meeting-cancel", "CANCEL")])
def test_postpone_or_cancel_submitted_after_the_meeting_is_held_redirects_with_the_message(
    client, cast, name, action
):
    meeting = held_meeting(cast)
    client.force_login(cast.chair)
    new = timezone.localtime(meeting.start_at + datetime.timedelta(days=7))
    data = {
        "start_at": new.strftime("%Y-%m-%dT%H:%M"),
        "end_at": (new + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "reason": "Trùng lịch",
    }

    r = client.post(reverse(f"meetings:{name}", kwargs={"pk": meeting.pk}), data, follow=True)

    assert r.redirect_chain[-1][0] == detail_url(meeting)
    with override("vi"):
        expected = gettext("A meeting that is “%(status)s” cannot be %(action)s.") % {
            "status": Meeting.Status.HELD.label,
            "action": getattr(Meeting.Action, action).label,
        }
    assert escape(expected) in r.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


# --- the invitee page: one view per form ----------------------------------------------------------


def test_guest_add_rerenders_the_page_with_only_the_guest_form_bound_when_nobody_is_chosen(client, cast):
    meeting = new_meeting(cast, kind=Meeting.Kind.EXTENDED)
    UserFactory(username="chuyen-gia", full_name="Ngô Chuyên Gia")  # someone who may be invited
    client.force_login(cast.secretary)

    r = client.post(reverse("meetings:guest-add", kwargs={"pk": meeting.pk}), {"guest-user": ""})

    assert r.status_code == 200
    assert r.context["guest_form"].is_bound and "user" in r.context["guest_form"].errors
    assert not r.context["form"].is_bound
    assert not r.context["account_form"].is_bound
    assert 'id="id_guest-user_error"' in r.content.decode()


def test_guest_account_create_rerenders_with_what_was_typed_and_the_other_forms_unbound(client, cast):
    meeting = new_meeting(cast, kind=Meeting.Kind.EXTENDED)
    client.force_login(cast.secretary)

    r = client.post(
        reverse("meetings:guest-account-create", kwargs={"pk": meeting.pk}),
        {"account-full_name": "Lê Văn Tám", "account-email": "khong-phai-email"},
    )

    assert r.status_code == 200
    page = r.content.decode()
    assert 'value="Lê Văn Tám"' in page and 'value="khong-phai-email"' in page
    assert 'aria-describedby="id_account-email_error"' in page
    assert not r.context["form"].is_bound
    assert not r.context["guest_form"].is_bound


def test_invitees_set_saves_the_list_and_returns_to_the_invitee_page(client, cast):
    meeting = new_meeting(cast)
    keep = [cast.chair.pk, cast.secretary.pk]
    client.force_login(cast.chair)

    r = client.post(
        reverse("meetings:invitees-set", kwargs={"pk": meeting.pk}),
        {"invitees-users": [str(pk) for pk in keep]},
    )

    assert r.status_code == 302
    assert r["Location"] == reverse("meetings:invitees-edit", kwargs={"pk": meeting.pk})
    assert set(meeting.invitations.values_list("user_id", flat=True)) == set(keep)


def test_invitee_page_takes_no_post_since_each_form_has_its_own_url(client, cast):
    meeting = new_meeting(cast)
    client.force_login(cast.chair)

    r = client.post(reverse("meetings:invitees-edit", kwargs={"pk": meeting.pk}), {"action": "set"})

    assert r.status_code == 405


def test_guest_remove_is_404_for_an_invitation_that_is_not_a_guest(client, cast):
    meeting = new_meeting(cast, kind=Meeting.Kind.EXTENDED)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    member_invitation = Invitation.objects.get(meeting=meeting, user=cast.member)
    client.force_login(cast.secretary)

    r = client.post(
        reverse("meetings:guest-remove", kwargs={"pk": meeting.pk, "invitation_pk": member_invitation.pk})
    )

    assert r.status_code == 404
    assert Invitation.objects.filter(pk=member_invitation.pk).exists()
