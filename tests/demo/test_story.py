"""The demo year of meetings (demo.story, run by seed_demo): every status of a meeting, each
committee's notice register, absences and substitutes (Điều 6.5), the postponed, cancelled and
extended meetings, signatures "acting" for the chair (Điều 4.2), history dated when each step
happened, real PDF papers in private storage, and a second run that changes nothing.

The demo is seeded once for the module (it plays ~400 service calls), on a pinned clock — late
November 2026, the day the story is written for — inside a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime
import zoneinfo
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from meetings import permissions
from meetings.documents.selectors import invitation_letter_current, minutes_pdf, notice_pdf
from meetings.models import (
    AgendaItem,
    Conclusion,
    ConsultationAnswer,
    Invitation,
    Meeting,
    MeetingProposal,
    Minutes,
    MinutesComment,
    Notice,
    Paper,
    private_storage,
)
from meetings.selectors.minutes import minutes_record
from members.models import Committee, Notification, RoleAssignment, User
from tasks.models import Directive
from tests.documents.pdfcheck import parse, past_right_margin

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=VN)  # a Saturday late in quarter IV
EGOV, KTXH = "BCĐCQĐT", "BCĐĐPKTXH"
S = Meeting.Status
CONSULTATION = Meeting.Kind.WRITTEN_CONSULTATION
R = Invitation.Response

# One worker, in file order: the other-day tests run before the module's seeded data exists.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("meetings_demo")]


def _seed(now: datetime.datetime, **kwargs) -> None:
    with mock.patch("django.utils.timezone.now", return_value=now):
        call_command("seed_demo", force=True, verbosity=0, **kwargs)


def _private_storage_at(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the file fields at `root`: they build their storage once, at import."""
    for model, name in ((Paper, "file"), (Invitation, "written_opinion_file")):
        monkeypatch.setattr(model._meta.get_field(name), "storage", private_storage())


@pytest.mark.parametrize(
    "today",
    [
        pytest.param(datetime.datetime(2026, 10, 1, 9, 0, tzinfo=VN), id="first-day-of-a-quarter"),
        pytest.param(datetime.datetime(2027, 1, 4, 7, 30, tzinfo=VN), id="first-monday-of-a-year"),
    ],
)
def test_demo_story_holds_when_seeded_on_another_day(today, settings, tmp_path, monkeypatch):
    """Run on another day the story moves with the calendar: no step lands in the future and each
    meeting keeps its place in the lifecycle."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    _private_storage_at(tmp_path, monkeypatch)
    _seed(today)
    egov = Meeting.objects.filter(committee__short_code=EGOV)
    # The chair's working session with Sở Y tế (Điều 9.2) and two written consultations included.
    assert egov.count() == 14
    assert (
        not egov.filter(start_at__gte=today).exclude(status__in=(S.DRAFT, S.CONVENED, S.CANCELLED)).exists()
    )
    upcoming = egov.get(status=S.CONVENED, kind=Meeting.Kind.QUARTERLY)
    assert upcoming.postponed_count == 1 and upcoming.start_at > today
    assert {S.NOTICE_ISSUED, S.MINUTES_SIGNED, S.MINUTES_DRAFTED, S.CANCELLED, S.DRAFT} <= set(
        egov.values_list("status", flat=True)
    )
    assert Notice.objects.filter(committee__short_code=EGOV).count() == 5


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for this module; yields the private media root."""
    root = tmp_path_factory.mktemp("private")
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_MEDIA_ROOT=root),
        pytest.MonkeyPatch.context() as monkeypatch,
    ):
        _private_storage_at(root, monkeypatch)
        with transaction.atomic():
            _seed(TODAY)
            yield root
            transaction.set_rollback(True)


def _egov(**filters) -> Meeting:
    return Meeting.objects.get(committee__short_code=EGOV, **filters)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def test_demo_meetings_show_every_status(demo):
    statuses = set(Meeting.objects.filter(committee__short_code=EGOV).values_list("status", flat=True))
    assert statuses == set(S.values)


def test_demo_notices_are_numbered_in_each_committees_register(demo):
    numbers = {(n.committee.short_code, n.year, n.number) for n in Notice.objects.select_related("committee")}
    # 04/TB: the notice of the chair's working session with Sở Y tế (Điều 9.2), in the same register.
    # 05/TB: the decision on the written consultation about next year's plan.
    assert numbers == {(EGOV, 2026, n) for n in range(1, 6)} | {(KTXH, 2026, 1)}
    symbols = {n.symbol for n in Notice.objects.select_related("committee")}
    assert {f"0{n}/TB-BCĐCQĐT" for n in range(1, 6)} | {"01/TB-BCĐĐPKTXH"} == symbols
    # Issued in date order, each after its meeting.
    notices = list(
        Notice.objects.filter(committee__short_code=EGOV).order_by("number").select_related("meeting")
    )
    assert [n.signed_at for n in notices] == sorted(n.signed_at for n in notices)
    assert all(n.meeting.start_at < n.signed_at < TODAY for n in notices)


def test_demo_quarter_one_conclusions_carry_instructions_some_overdue(demo):
    q1 = _egov(kind=Meeting.Kind.QUARTERLY, year=2026, sequence=1)
    assert timezone.localtime(q1.start_at).month == 3
    assert q1.notice.number == 1
    conclusions = list(q1.conclusions.all())
    assert 3 <= len(conclusions) <= 4
    instructions = [c for c in conclusions if c.is_instruction]
    assert instructions and all(c.lead_organization and c.due_date for c in instructions)
    assert any(c.due_date < TODAY.date() for c in instructions)
    assert any(c.due_date > TODAY.date() for c in instructions)


def test_demo_has_an_approved_absence_and_one_awaiting_the_presiding_person(demo):
    approved = Invitation.objects.get(
        meeting__committee__short_code=EGOV,
        meeting__kind=Meeting.Kind.QUARTERLY,
        user__username="member",
        absence_decision=Invitation.AbsenceDecision.APPROVED,
    )
    assert timezone.localtime(approved.meeting.start_at).month == 6
    assert approved.absence_reason and approved.absence_decided_by == approved.meeting.presiding == _user(
        "chair"
    )
    assert approved.responded_at < approved.absence_decided_at < approved.meeting.start_at
    assert approved.attendance == Invitation.Attendance.ABSENT_APPROVED

    pending = Invitation.objects.get(response=R.ABSENT, absence_decision=Invitation.AbsenceDecision.PENDING)
    assert pending.meeting.status == S.CONVENED and pending.absence_reason


def test_demo_substitutes_come_with_the_members_written_opinion(demo):
    substitutes = Invitation.objects.filter(response=R.SUBSTITUTE)
    assert substitutes.count() >= 2
    assert all(inv.has_written_opinion and inv.substitute_name for inv in substitutes)
    vân = substitutes.get(user__username="member2")
    assert (vân.substitute_name, vân.substitute_position) == (
        "Nguyễn Thị Thanh Vân",
        "Phó Giám đốc Sở Tài chính",
    )
    assert vân.attendance == Invitation.Attendance.SUBSTITUTE_PRESENT


def test_demo_quarter_four_meeting_is_postponed_and_convened_ten_days_ahead(demo):
    q4 = _egov(status=S.CONVENED, kind=Meeting.Kind.QUARTERLY)
    assert q4.postponed_count == 1 and q4.last_postpone_reason == "Trùng lịch họp của Tỉnh ủy"
    assert datetime.timedelta(days=7) <= q4.start_at - TODAY <= datetime.timedelta(days=12)
    answers = set(q4.invitations.values_list("response", flat=True))
    assert {R.ATTEND, R.ABSENT, R.SUBSTITUTE, R.PENDING} <= answers
    history = list(q4.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert history == ["created", "convened", "postponed"]


def test_demo_cancelled_meeting_says_why(demo):
    cancelled = _egov(status=S.CANCELLED)
    assert cancelled.kind == Meeting.Kind.EXTRAORDINARY
    assert cancelled.cancelled_reason.strip()
    assert timezone.localtime(cancelled.start_at).month == 10


def test_demo_extraordinary_meeting_came_from_the_standing_members_proposal(demo):
    proposal = MeetingProposal.objects.get(committee__short_code=EGOV)
    assert proposal.status == MeetingProposal.Status.ACCEPTED
    assert (proposal.proposed_by, proposal.decided_by) == (_user("standing"), _user("chair"))
    assert proposal.meeting.status == S.NOTICE_ISSUED and proposal.meeting.notice.number == 3
    assert timezone.localtime(proposal.meeting.start_at).month == 7


def test_demo_guest_sees_the_extended_meeting_only(demo):
    guest = _user("guest")
    extended = _egov(kind=Meeting.Kind.EXTENDED)
    assert extended.invitations.filter(user=guest, kind=Invitation.Kind.GUEST).exists()
    assert permissions.can_view_meeting(guest, extended)
    quarterly = _egov(kind=Meeting.Kind.QUARTERLY, year=2026, sequence=1)
    assert not permissions.can_view_meeting(_user("guest"), quarterly)


def test_demo_extended_meeting_minutes_are_open_for_comments_not_signed(demo):
    extended = _egov(kind=Meeting.Kind.EXTENDED)
    assert extended.status == S.MINUTES_DRAFTED
    minutes = extended.minutes_set.get()
    assert minutes.status == Minutes.Status.IN_REVIEW and not minutes.locked
    assert 1 <= minutes.comments.count() <= 2


def test_demo_deputy_signs_for_the_chair_who_presided(demo):
    q2 = _egov(kind=Meeting.Kind.QUARTERLY, year=2026, sequence=2)
    assert q2.presiding == _user("chair")
    minutes = q2.minutes_set.get()
    assert minutes.locked and minutes.secretary_signed_by == _user("secretary")
    assert (minutes.presiding_signed_by, minutes.presiding_signed_as) == (
        _user("deputy"),
        Minutes.SignedAs.ACTING,
    )
    assert (q2.notice.number, q2.notice.signed_by, q2.notice.signed_as) == (
        2,
        _user("deputy"),
        Notice.SignedAs.ACTING,
    )


def test_demo_minutes_start_from_the_prefill_and_record_the_proceedings(demo):
    q1 = _egov(kind=Meeting.Kind.QUARTERLY, year=2026, sequence=1)
    minutes = q1.minutes_set.get()
    body = minutes.body
    assert "Phòng họp số 1, UBND tỉnh Tây Ninh" in minutes_record(minutes)["place"]  # from the records
    assert "Báo cáo tình hình triển khai Chính quyền điện tử quý I/2026" in body  # an agenda item
    assert "52,3%" in body  # the proceedings written after


def test_demo_support_group_meets_every_month(demo):
    support = Meeting.objects.filter(committee__short_code=EGOV, kind=Meeting.Kind.SUPPORT_MONTHLY)
    by_month = {timezone.localtime(m.start_at).month: m for m in support}
    assert {9, 10, 11} <= set(by_month)
    for month in (9, 10):
        minutes = by_month[month].minutes_set.get()
        assert by_month[month].status == S.MINUTES_SIGNED
        assert (minutes.secretary_signed_by, minutes.presiding_signed_by) == (
            _user("secretary"),
            _user("secretary_lead"),
        )
        assert minutes.presiding_signed_as == Minutes.SignedAs.PRESIDING
    assert by_month[11].status in (S.CONVENED, S.HELD)
    assert by_month[11].presiding == _user("secretary_lead")


def test_demo_draft_for_next_quarter_has_two_agenda_items(demo):
    draft = _egov(status=S.DRAFT)
    assert draft.start_at > TODAY and draft.agenda_items.count() == 2
    assert draft.created_by == _user("secretary")


def test_demo_second_committee_has_its_own_signed_meeting(demo):
    meeting = Meeting.objects.get(committee__short_code=KTXH)
    assert meeting.status == S.NOTICE_ISSUED and meeting.minutes_set.get().locked
    assert meeting.notice.symbol == "01/TB-BCĐĐPKTXH"


def test_demo_chair_s_working_session_with_the_health_department_has_its_notice_and_directive(demo):
    session = _egov(kind=Meeting.Kind.WORKING_SESSION)
    assert session.status == S.NOTICE_ISSUED and session.presiding == _user("chair")
    assert [org.short_code for org in session.agencies.all()] == ["SYT"]
    invited = set(session.invitations.values_list("user__username", flat=True))
    assert "yt.director" in invited and "member" not in invited and "secretary" in invited
    assert session.numbered_name == "Buổi làm việc số 1/2026"
    assert session.notice.symbol == "04/TB-BCĐCQĐT"
    directive = Directive.objects.get(notice=session.notice)
    assert directive.lead_organization.short_code == "SYT"


def test_demo_written_consultations_one_decided_with_its_directive_one_open_with_answers_pending(
    demo, client
):
    consultations = Meeting.objects.filter(committee__short_code=EGOV, kind=Meeting.Kind.WRITTEN_CONSULTATION)
    closed, open_ = consultations.order_by("start_at")
    assert closed.status == S.NOTICE_ISSUED and closed.consultation.asked_by == _user("standing")
    assert closed.notice.symbol == "05/TB-BCĐCQĐT"
    assert "Đồng ý: 4; đồng ý có ý kiến: 2; không đồng ý: 0" in closed.consultation.summary
    directive = Directive.objects.get(notice=closed.notice)
    assert directive.lead_organization.short_code == "SKHDT"
    stc = ConsultationAnswer.objects.get(invitation__meeting=closed, invitation__user__username="member2")
    assert stc.prepared_by == _user("member2") and stc.sent_by == _user("member2")
    assert stc.history.filter(history_user__username="focal2").exists()  # the focal officer prepared it first
    client.force_login(_user("member"))
    response = client.get(reverse("meetings:notice-pdf", kwargs={"pk": closed.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert open_.status == S.CONVENED and open_.consultation.deadline > TODAY
    answers = {
        a.invitation.user.username: a.is_sent
        for a in ConsultationAnswer.objects.filter(invitation__meeting=open_).select_related(
            "invitation__user"
        )
    }
    assert answers == {"member": True, "tp.director": True, "member2": False}
    assert open_.invitations.count() > len(answers)  # the others have not answered yet


def test_demo_history_is_dated_when_each_step_happened(demo):
    # A written consultation is not held (its summary closes it): test_demo_written_consultations…
    signed = Meeting.objects.filter(status__in=(S.NOTICE_ISSUED, S.MINUTES_SIGNED)).exclude(kind=CONSULTATION)
    assert signed.exists()
    for meeting in signed:
        start = timezone.localtime(meeting.start_at)
        held = timezone.localtime(meeting.history.get(history_change_reason="held").history_date)
        assert (held.year, held.month, held.day) == (start.year, start.month, start.day), meeting
        rows = list(meeting.history.all()) + list(Invitation.history.filter(meeting_id=meeting.pk))
        rows += list(Minutes.history.filter(meeting_id=meeting.pk))
        for row in rows:
            assert (
                start - datetime.timedelta(days=45) < row.history_date < start + datetime.timedelta(days=30)
            )
            assert row.history_user is not None
    q1 = _egov(kind=Meeting.Kind.QUARTERLY, year=2026, sequence=1)
    assert {
        timezone.localtime(h.history_date).month for h in q1.history.exclude(history_change_reason="created")
    } == {3}
    # Notifications were sent then, too; the old ones are read, none waits to be e-mailed.
    assert not Notification.objects.filter(created_at__gte=TODAY).exists()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_demo_papers_are_real_pdfs_in_private_storage(demo):
    papers = list(Paper.objects.select_related("meeting"))
    # The agendas' papers, and the draft plan the first written consultation was sent with.
    assert 3 <= len(papers) <= 4
    for paper in papers:
        path = demo / paper.file.name
        assert path.is_file() and path.read_bytes().startswith(b"%PDF-")
        assert paper.content_type == "application/pdf" and paper.size == path.stat().st_size
        assert paper.agenda_item is not None or paper.meeting.is_consultation
        assert paper.uploaded_at < TODAY


def test_demo_convened_meetings_have_an_invitation_letter_the_member_downloads(demo, client):
    """Convening numbers the giấy mời (…/GM-…): every meeting past its draft has one in force,
    and the demo member downloads it as a PDF from each meeting they see."""
    convened = (
        Meeting.objects.exclude(status__in=(S.DRAFT, S.CANCELLED))
        .exclude(kind=CONSULTATION)  # sent to the members, no invitation letter
        .select_related("committee")
    )
    assert not Meeting.objects.filter(kind=CONSULTATION, invitation_letters__isnull=False).exists()
    member = _user("member")
    client.force_login(member)
    downloaded = 0
    for meeting in convened:
        letter = invitation_letter_current(meeting)
        assert letter is not None, meeting
        assert letter.symbol.endswith(f"/GM-{meeting.committee.short_code}")
        if not permissions.can_view_meeting(member, meeting):
            continue
        response = client.get(reverse("meetings:invitation-pdf", kwargs={"pk": meeting.pk}))
        assert response.status_code == 200, meeting
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        downloaded += 1
    assert downloaded >= 8
    assert not Meeting.objects.filter(status=S.DRAFT, invitation_letters__isnull=False).exists()


def test_demo_signed_minutes_and_notices_download_as_numbered_pdfs(demo, client):
    """Each signed biên bản carries its BB number; each notice downloads; the e-government
    committee prints the chair's provincial post (S4), the other signs "TM. BAN CHỈ ĐẠO"."""
    signed = (
        Meeting.objects.filter(status__in=(S.MINUTES_SIGNED, S.NOTICE_ISSUED))
        .exclude(kind=CONSULTATION)  # no minutes: its notice is checked with the consultations
        .select_related("committee")
    )
    assert signed.count() >= 3
    notices_seen = {}
    for meeting in signed:
        viewer = next(
            u
            for u in (_user("member"), _user("member2"), _user("secretary"))
            if permissions.can_view_meeting(u, meeting)
        )
        client.force_login(viewer)
        minutes = meeting.minutes_set.get(addendum_to=None)
        assert minutes.symbol.endswith(f"/BB-{meeting.committee.short_code}"), meeting
        response = client.get(reverse("meetings:minutes-pdf", kwargs={"pk": meeting.pk}))
        assert response.status_code == 200, meeting
        assert f"BB-{minutes.number:02d}-{minutes.year}-" in response["Content-Disposition"]
        if meeting.status == S.NOTICE_ISSUED:
            response = client.get(reverse("meetings:notice-pdf", kwargs={"pk": meeting.pk}))
            assert response.status_code == 200, meeting
            last_page = parse(b"".join(response.streaming_content)).pages[-1]
            notices_seen.setdefault(meeting.committee.short_code, last_page)
    # The post right above the name, in the signature's column: read by position, as the recipients'
    # list beside it shares its lines once it is long enough.
    post, name = notices_seen[EGOV].find("CHỦ TỊCH UBND TỈNH"), notices_seen[EGOV].find("Trần Văn Minh")
    assert abs(post.cx - name.cx) < 1 and 0 <= name.top - post.bottom < post.size
    assert "TM. BAN CHỈ ĐẠO" in notices_seen[KTXH].text


def test_demo_first_minutes_and_notice_keep_every_glyph_inside_the_right_margin(demo):
    """The first quarter's minutes (attendance lines justified across the page) and notice: no
    glyph past the 15 mm right margin; their justified lines once overshot it by about 0.5 mm."""
    meeting = Meeting.objects.filter(committee__short_code=EGOV, status=S.NOTICE_ISSUED).earliest("start_at")
    minutes = meeting.minutes_set.get(addendum_to=None)
    for pdf in (parse(minutes_pdf(minutes)), parse(notice_pdf(meeting.notice))):
        for page in pdf.pages:
            assert past_right_margin(page) == [], f"{meeting}: page {page.number}"


def _page(client, username: str, url: str) -> str:
    """The page as `username` reads it on the demo's day (the comment window is open then)."""
    client.force_login(_user(username))
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_demo_extended_minutes_page_shows_the_answered_comment_when_a_member_reads_it(demo, client):
    """The comment window is still open on the demo's day: the member reads the secretary's answer
    to their comment (taken into account, with a note) and may comment again."""
    extended = _egov(kind=Meeting.Kind.EXTENDED)
    minutes = extended.minutes_set.get()
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        assert minutes.review_is_open
    answered = minutes.comments.get(author=_user("member"))
    assert (answered.answer, answered.answered_by) == (MinutesComment.Answer.TAKEN, _user("secretary"))
    assert minutes.comments.get(author=_user("nv.director")).answer == MinutesComment.Answer.NONE
    html = _page(client, "member", reverse("meetings:minutes-detail", kwargs={"pk": extended.pk}))
    assert "Tiếp thu; Tổ giúp việc bổ sung vào mục 1" in html
    assert "Đã tiếp thu" in html  # "Taken into account"
    assert reverse("meetings:minutes-comment", kwargs={"pk": extended.pk}) in html  # the comment form


def test_demo_signed_minutes_page_shows_the_answer_and_the_early_close_when_the_chair_closed_it(demo, client):
    """Quarter III's extraordinary meeting: a comment answered "not taken into account" with a
    note, the comments closed early by the chair, then both signatures; all kept on the page."""
    extra = _egov(kind=Meeting.Kind.EXTRAORDINARY, status=S.NOTICE_ISSUED)
    minutes = extra.minutes_set.get(addendum_to=None)
    assert minutes.locked and minutes.review_closed_by == _user("chair")
    assert minutes.review_closed_at < minutes.secretary_signed_at < minutes.presiding_signed_at
    comment = minutes.comments.get()
    assert (comment.author, comment.answer) == (_user("ca.deputy"), MinutesComment.Answer.NOT_TAKEN)
    html = _page(client, "member2", reverse("meetings:minutes-detail", kwargs={"pk": extra.pk}))
    assert "Nguồn tấn công đang được Công an tỉnh xác minh" in html and "Không tiếp thu" in html
    assert 'id="minutes-review-closed"' in html and "Trần Văn Minh" in html
    assert reverse("meetings:minutes-comment", kwargs={"pk": extra.pk}) not in html


def test_demo_composition_shows_the_former_term_when_a_member_was_reappointed(demo, client):
    """The second committee re-appointed a member by a new decision ("End this term and start a
    new one"): the composition lists the ended term among the former holders, the new one in force."""
    ktxh = Committee.objects.get(short_code=KTXH)
    terms = RoleAssignment.objects.filter(committee=ktxh, user=_user("ht.chair")).order_by("start_date")
    old, new = terms
    assert (old.decision_number, new.decision_number) == ("88/QĐ-UBND", "1520/QĐ-UBND")
    assert old.end_date == datetime.date(2026, 6, 30) and new.start_date == datetime.date(2026, 7, 1)
    assert new.history.first().history_user == _user("admin")
    html = _page(client, "member", reverse("members:committee-detail", kwargs={"pk": ktxh.pk}))
    former = html.split('id="former-holders"', 1)[1]
    assert "Tô Văn Lực" in former and "10/01/2023 – 30/06/2026" in former and "88/QĐ-UBND" in former
    assert "1520/QĐ-UBND" in html.split('id="former-holders"', 1)[0]


def test_demo_composition_shows_the_chairs_acting_periods(demo, client):
    """The chair's acting periods of quarters II and III appear on the composition page."""
    egov = Committee.objects.get(short_code=EGOV)
    html = _page(client, "member", reverse("members:committee-detail", kwargs={"pk": egov.pk}))
    section = html.split('id="acting-periods"', 1)[1].split("</section>", 1)[0]
    assert "Đi công tác, làm việc với Bộ Thông tin và Truyền thông tại Hà Nội." in section  # quarter II
    assert "Dự Hội nghị trực tuyến của Chính phủ" in section  # quarter III
    assert "Lê Thị Hồng Nhung" in section


def _counts() -> dict[str, int]:
    models = [Meeting, Invitation, Minutes, Notice, AgendaItem, Paper, Conclusion, MeetingProposal]
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"history:{m.__name__}": m.history.count() for m in models})
    counts["Notification"] = Notification.objects.count()
    counts["MinutesComment"] = MinutesComment.objects.count()
    return counts


def test_seed_demo_twice_changes_no_meeting_records(demo):
    before = _counts()
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=TODAY + datetime.timedelta(days=1)):
        call_command("seed_demo", force=True, verbosity=1, stdout=out)
    assert _counts() == before
    assert "Demo meetings: already in place" in out.getvalue()
    assert Committee.objects.get(short_code=EGOV).meetings.count() == 14


def test_seed_demo_twice_keeps_the_ended_term_and_the_new_one_when_run_again(demo):
    """The second run recognises the re-appointment: no third term, the old one stays ended, no
    new history."""
    terms = RoleAssignment.objects.filter(user__username="ht.chair")
    before = (list(terms.values_list("pk", "end_date", "decision_number")), RoleAssignment.history.count())
    with mock.patch("django.utils.timezone.now", return_value=TODAY + datetime.timedelta(days=40)):
        call_command("seed_demo", force=True, verbosity=0)
    assert (
        list(terms.values_list("pk", "end_date", "decision_number")),
        RoleAssignment.history.count(),
    ) == before
