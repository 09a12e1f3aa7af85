"""The meetings services (Điều 4, 6.5, 8): numbering, invitations and answers, absences,
attendance, minutes and their signatures, the review window, conclusions and the numbered notice,
proposals, guests, and the e-mail of notifications. Services hit the real database."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import permissions, services
from meetings.models import (
    Invitation,
    InvitationLetter,
    Meeting,
    MeetingError,
    MeetingProposal,
    Minutes,
    MinutesComment,
    Notice,
)
from meetings.selectors.minutes import minutes_record
from members.jobs import send_notification_emails
from members.models import Notification, User
from tests.meetings.clock import hold, meeting_started
from tests.meetings.conftest import (
    in_days,
)
from tests.meetings.factories import tiny_pdf

S = Meeting.Status
R = Invitation.Response
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(year, month, day, hour=8):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=VN)


def create(mc, kind, start, **kwargs):
    return services.meeting_create(
        committee=mc.committee,
        actor=mc.secretary,
        kind=kind,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        **kwargs,
    )


CHAIR_SIGNS_MINUTES = (
    "The chair signs these minutes. A deputy signs for the chair only when the chair is recorded "
    "absent from the meeting, or during an acting period naming the deputy."
)
CHAIR_SIGNS_CONCLUSIONS = (
    "The chair signs the conclusions. A deputy signs for the chair (KT. TRƯỞNG BAN) only when the "
    "chair is recorded absent from the meeting, or during an acting period naming the deputy."
)
CHAIR_SIGNS_INVITATION = (
    "The chair convenes this meeting and signs its invitation. A deputy does it for the chair "
    "(KT. TRƯỞNG BAN) only during an acting period naming the deputy."
)


def fresh(user):
    """The person as a new request would see them (no cached permissions or guest grants)."""
    return User.objects.get(pk=user.pk)


def notified(users, since_pk=0):
    return set(Notification.objects.filter(user__in=users, pk__gt=since_pk).values_list("user_id", flat=True))


def last_notification_pk():
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- meeting_create ---------------------------------------------------------------------------


def test_meeting_create_numbers_1_then_2_when_two_quarterly_meetings_in_one_year(meeting_cast):
    first = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 2, 10))
    second = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 5, 12))
    assert (first.year, first.sequence) == (2031, 1)
    assert (second.year, second.sequence) == (2031, 2)


def test_meeting_create_numbers_from_1_when_another_kind_in_the_same_year(meeting_cast):
    create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 2, 10))
    create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 5, 12))
    extraordinary = create(meeting_cast, Meeting.Kind.EXTRAORDINARY, at(2031, 6, 1))
    assert extraordinary.sequence == 1


def test_meeting_create_numbers_from_1_when_next_year(meeting_cast):
    create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 11, 10))
    next_year = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2032, 2, 10))
    assert (next_year.year, next_year.sequence) == (2032, 1)


def test_meeting_create_numbers_from_1_when_another_committee(meeting_cast):
    create(meeting_cast, Meeting.Kind.EXTENDED, at(2031, 2, 10))
    other = services.meeting_create(
        committee=meeting_cast.other_committee,
        actor=meeting_cast.other_chair,
        kind=Meeting.Kind.EXTENDED,
        start_at=at(2031, 3, 10),
        end_at=at(2031, 3, 10, 10),
    )
    assert other.sequence == 1


def test_meeting_create_invites_every_member_in_force_and_the_secretary_when_quarterly(meeting_cast):
    mc = meeting_cast
    invitations = {inv.user_id: inv.kind for inv in mc.meeting.invitations.all()}
    K = Invitation.Kind
    assert invitations == {
        mc.chair.pk: K.MEMBER,
        mc.deputy.pk: K.MEMBER,
        mc.standing.pk: K.MEMBER,
        mc.member.pk: K.MEMBER,
        mc.member_other_agency.pk: K.MEMBER,
        mc.secretary.pk: K.SUPPORT,
    }


def test_meeting_create_defaults_presiding_to_chair_and_secretary_to_actor_when_secretary_creates(
    meeting_cast,
):
    assert meeting_cast.meeting.presiding == meeting_cast.chair
    assert meeting_cast.meeting.secretary == meeting_cast.secretary
    assert meeting_cast.meeting.status == S.DRAFT


def test_meeting_create_invites_the_support_group_when_support_monthly(meeting_cast):
    mc = meeting_cast
    meeting = create(mc, Meeting.Kind.SUPPORT_MONTHLY, in_days(5), presiding=mc.secretary)
    invitations = {inv.user_id: inv.kind for inv in meeting.invitations.all()}
    assert invitations == {
        mc.secretary.pk: Invitation.Kind.SUPPORT,
        mc.secretary2.pk: Invitation.Kind.SUPPORT,
    }


def test_meeting_numbered_name_is_quarter_III_when_quarterly_in_august_2026(meeting_cast):
    meeting = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2026, 8, 14))
    assert "III/2026" in meeting.numbered_name
    assert meeting.numbered_name == _("Regular meeting of quarter %(quarter)s/%(year)s") % {
        "quarter": "III",
        "year": 2026,
    }


def test_meeting_create_is_refused_when_actor_is_a_member(meeting_cast):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            committee=meeting_cast.committee,
            actor=meeting_cast.member,
            kind=Meeting.Kind.QUARTERLY,
            start_at=in_days(5),
            end_at=in_days(5) + datetime.timedelta(hours=2),
        )
    assert Meeting.objects.filter(created_by=meeting_cast.member).count() == 0


# --- convene, postpone, cancel (Điều 8.1) ----------------------------------------------------


def test_meeting_convene_is_refused_when_actor_is_a_member(meeting_cast):
    with pytest.raises(MeetingError) as exc:
        services.meeting_convene(meeting=meeting_cast.meeting, actor=meeting_cast.member)
    assert exc.value.message == _(
        "Only the chair or a deputy chair convenes a meeting (the support group leader, its monthly meeting)."
    )
    meeting_cast.meeting.refresh_from_db()
    assert meeting_cast.meeting.status == S.DRAFT


def test_meeting_convene_is_refused_saying_the_chair_convenes_when_a_deputy_convenes_without_an_acting_period(
    meeting_cast,
):
    with pytest.raises(MeetingError) as exc:
        services.meeting_convene(meeting=meeting_cast.meeting, actor=meeting_cast.deputy)
    assert not isinstance(exc.value, PermissionDenied)
    assert exc.value.message == _(CHAIR_SIGNS_INVITATION)
    meeting_cast.meeting.refresh_from_db()
    assert meeting_cast.meeting.status == S.DRAFT


def test_meeting_convene_issues_a_kt_truong_ban_letter_when_a_deputy_convenes_during_an_acting_period(
    meeting_cast,
):
    meeting_cast.chair_away()
    meeting = services.meeting_convene(meeting=meeting_cast.meeting, actor=meeting_cast.deputy)
    letter = meeting.invitation_letters.get()
    assert (letter.signed_by, letter.signed_as) == (meeting_cast.deputy, InvitationLetter.SignedAs.ACTING)


def test_meeting_postpone_is_refused_saying_the_chair_signs_when_a_deputy_postpones_a_convened_meeting(
    meeting_cast,
):
    meeting = meeting_cast.to_state(meeting_cast.meeting, S.CONVENED)
    start = meeting.start_at + datetime.timedelta(days=1)
    with pytest.raises(MeetingError) as exc:
        services.meeting_postpone(
            meeting=meeting,
            actor=meeting_cast.deputy,
            start_at=start,
            end_at=start + datetime.timedelta(hours=2),
            reason="Trùng lịch",
        )
    assert exc.value.message == _(CHAIR_SIGNS_INVITATION)
    assert meeting.invitation_letters.count() == 1


def test_meeting_convene_notifies_every_invitee_when_chair_convenes(meeting_cast):
    mc = meeting_cast
    invitees = [inv.user for inv in mc.meeting.invitations.select_related("user")]
    before = last_notification_pk()
    meeting = services.meeting_convene(meeting=mc.meeting, actor=mc.chair)
    assert meeting.status == S.CONVENED
    assert meeting.convened_by == mc.chair
    assert notified(invitees, before) == {u.pk for u in invitees}
    assert notified([mc.focal, mc.secretary2, mc.outsider], before) == set()


def test_meeting_postpone_is_refused_when_no_reason(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.meeting, S.CONVENED)
    with pytest.raises(ValidationError) as exc:
        services.meeting_postpone(
            meeting=meeting,
            actor=meeting_cast.chair,
            start_at=in_days(10),
            end_at=in_days(10, hour=10),
            reason="  ",
        )
    assert exc.value.message_dict["reason"] == [_("Give the reason for postponing.")]
    meeting.refresh_from_db()
    assert meeting.postponed_count == 0


def test_meeting_postpone_moves_the_time_counts_and_notifies_when_reason_given(meeting_cast):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.CONVENED)
    invitees = [inv.user for inv in meeting.invitations.select_related("user")]
    before = last_notification_pk()
    new_start = in_days(10)
    services.meeting_postpone(
        meeting=meeting,
        actor=mc.chair,
        start_at=new_start,
        end_at=new_start + datetime.timedelta(hours=2),
        reason="Trùng lịch",
    )
    meeting.refresh_from_db()
    assert meeting.start_at == new_start
    assert meeting.status == S.CONVENED
    assert meeting.postponed_count == 1
    assert meeting.last_postpone_reason == "Trùng lịch"
    assert notified(invitees, before) == {u.pk for u in invitees}
    notes = Notification.objects.filter(pk__gt=before)
    assert sum("Trùng lịch" in str(note) for note in notes) == len(invitees)


def test_meeting_cancel_is_refused_when_no_reason(meeting_cast):
    with pytest.raises(ValidationError) as exc:
        services.meeting_cancel(meeting=meeting_cast.meeting, actor=meeting_cast.chair, reason="")
    assert exc.value.message_dict["reason"] == [_("Give the reason for cancelling.")]
    meeting_cast.meeting.refresh_from_db()
    assert meeting_cast.meeting.status == S.DRAFT


def test_meeting_cancel_records_the_reason_when_given(meeting_cast):
    meeting = services.meeting_cancel(
        meeting=meeting_cast.meeting, actor=meeting_cast.deputy, reason=" Đã xử lý "
    )
    assert (meeting.status, meeting.cancelled_reason) == (S.CANCELLED, "Đã xử lý")


def test_meeting_update_notifies_the_invitees_of_the_new_place_link_and_end_when_convened(meeting_cast):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.CONVENED)
    invitees = [inv.user for inv in meeting.invitations.select_related("user")]
    letter_place = meeting.invitation_letters.get().place
    before = last_notification_pk()
    services.meeting_update(
        meeting=meeting,
        actor=mc.secretary,
        place="Hội trường B, tầng 3",
        online_link="https://hop.example.vn/phong-b",
        end_at=meeting.end_at + datetime.timedelta(hours=1),
    )
    assert notified(invitees, before) == {u.pk for u in invitees}
    note = Notification.objects.filter(pk__gt=before, user=mc.member).get()
    assert "Hội trường B, tầng 3" in str(note)
    assert "https://hop.example.vn/phong-b" in str(note)
    assert note.url == meeting.get_absolute_url()
    # The letter keeps what was signed.
    assert meeting.invitation_letters.get().place == letter_place


@pytest.mark.parametrize("status", [S.DRAFT, S.CONVENED])
def test_meeting_update_notifies_nobody_when_a_draft_changes_or_only_the_title_changes(meeting_cast, status):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, status)
    before = last_notification_pk()
    if status == S.DRAFT:
        services.meeting_update(meeting=meeting, actor=mc.secretary, place="Hội trường B")
    else:
        services.meeting_update(meeting=meeting, actor=mc.secretary, title="Họp quý III (bổ sung)")
    assert last_notification_pk() == before


# --- answers (Điều 6.5) -------------------------------------------------------------------------


@pytest.fixture
def convened(meeting_cast):
    return meeting_cast.to_state(meeting_cast.meeting, S.CONVENED)


@pytest.fixture
def member_invitation(meeting_cast, convened):
    return meeting_cast.invitation(convened, meeting_cast.member)


def test_invitation_respond_is_refused_citing_article_6_5_when_substitute_without_written_opinion(
    meeting_cast, member_invitation
):
    with pytest.raises(ValidationError) as exc:
        services.invitation_respond(
            invitation=member_invitation,
            actor=meeting_cast.member,
            response=R.SUBSTITUTE,
            substitute_name="Phạm Văn Thế",
        )
    messages = exc.value.message_dict["written_opinion"]
    assert messages == [
        _(
            "A member who sends a substitute must give their opinion in writing (Article 6.5 of the regulation)."
        )
    ]
    assert "6.5" in messages[0]
    member_invitation.refresh_from_db()
    assert (member_invitation.response, member_invitation.substitute_name) == (R.PENDING, "")


def test_invitation_respond_saves_the_substitute_when_written_opinion_text_given(
    meeting_cast, member_invitation
):
    services.invitation_respond(
        invitation=member_invitation,
        actor=meeting_cast.member,
        response=R.SUBSTITUTE,
        substitute_name="Phạm Văn Thế",
        substitute_position="Phó Giám đốc",
        written_opinion="Thống nhất với dự thảo kế hoạch.",
    )
    member_invitation.refresh_from_db()
    assert member_invitation.response == R.SUBSTITUTE
    assert member_invitation.substitute_name == "Phạm Văn Thế"
    assert member_invitation.written_opinion == "Thống nhất với dự thảo kế hoạch."
    assert member_invitation.has_written_opinion


def test_invitation_respond_saves_the_substitute_when_only_an_opinion_file_given(
    meeting_cast, member_invitation
):
    services.invitation_respond(
        invitation=member_invitation,
        actor=meeting_cast.member,
        response=R.SUBSTITUTE,
        substitute_name="Phạm Văn Thế",
        written_opinion_file=tiny_pdf("y-kien.pdf"),
    )
    member_invitation.refresh_from_db()
    assert member_invitation.response == R.SUBSTITUTE
    assert member_invitation.written_opinion == ""
    assert member_invitation.has_written_opinion
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / member_invitation.written_opinion_file.name
    assert stored.read_bytes().startswith(b"%PDF-")


def test_invitation_respond_is_refused_when_absent_without_reason(meeting_cast, member_invitation):
    with pytest.raises(ValidationError) as exc:
        services.invitation_respond(
            invitation=member_invitation, actor=meeting_cast.member, response=R.ABSENT
        )
    assert exc.value.message_dict["absence_reason"] == [_("Give the reason you cannot attend.")]
    member_invitation.refresh_from_db()
    assert member_invitation.response == R.PENDING


def test_invitation_respond_asks_the_presiding_person_when_absent_with_reason(
    meeting_cast, member_invitation
):
    before = last_notification_pk()
    services.invitation_respond(
        invitation=member_invitation,
        actor=meeting_cast.member,
        response=R.ABSENT,
        absence_reason="Đi công tác Hà Nội",
    )
    member_invitation.refresh_from_db()
    assert member_invitation.absence_decision == Invitation.AbsenceDecision.PENDING
    assert notified([meeting_cast.chair], before) == {meeting_cast.chair.pk}


def test_invitation_respond_is_refused_when_the_meeting_has_started(
    meeting_cast, convened, member_invitation
):
    now = timezone.now()
    Meeting.objects.filter(pk=convened.pk).update(
        start_at=now - datetime.timedelta(minutes=5), end_at=now + datetime.timedelta(hours=2)
    )
    with pytest.raises(MeetingError) as exc:
        services.invitation_respond(
            invitation=member_invitation, actor=meeting_cast.member, response=R.ATTEND
        )
    assert exc.value.message == _("The meeting has started: answers can no longer be changed.")
    member_invitation.refresh_from_db()
    assert member_invitation.response == R.PENDING


def test_invitation_respond_is_refused_when_answered_by_someone_else(meeting_cast, member_invitation):
    with pytest.raises(MeetingError) as exc:
        services.invitation_respond(
            invitation=member_invitation, actor=meeting_cast.member_other_agency, response=R.ATTEND
        )
    assert exc.value.message == _("This invitation cannot be answered now.")


def test_invitation_respond_clears_the_absence_request_when_changed_to_attend_before_the_start(
    meeting_cast, member_invitation
):
    services.invitation_respond(
        invitation=member_invitation,
        actor=meeting_cast.member,
        response=R.ABSENT,
        absence_reason="Đi công tác",
    )
    services.invitation_respond(invitation=member_invitation, actor=meeting_cast.member, response=R.ATTEND)
    member_invitation.refresh_from_db()
    assert member_invitation.response == R.ATTEND
    assert member_invitation.absence_reason == ""
    assert member_invitation.absence_decision == Invitation.AbsenceDecision.NONE


# --- absence decisions (Điều 6.5) -----------------------------------------------------------------


@pytest.fixture
def absence(meeting_cast, member_invitation):
    return services.invitation_respond(
        invitation=member_invitation,
        actor=meeting_cast.member,
        response=R.ABSENT,
        absence_reason="Đi công tác",
    )


@pytest.mark.parametrize("who", ["deputy", "secretary", "member_other_agency"])
def test_absence_decide_is_refused_when_actor_does_not_preside(meeting_cast, absence, who):
    with pytest.raises(MeetingError) as exc:
        services.absence_decide(invitation=absence, actor=getattr(meeting_cast, who), approve=True)
    assert exc.value.message == _("Only the person presiding over the meeting decides on absences.")
    absence.refresh_from_db()
    assert absence.absence_decision == Invitation.AbsenceDecision.PENDING


def test_absence_decide_notifies_the_member_when_the_presiding_chair_approves(
    meeting_cast, convened, absence
):
    before = last_notification_pk()
    services.absence_decide(invitation=absence, actor=meeting_cast.chair, approve=True)
    absence.refresh_from_db()
    assert absence.absence_decision == Invitation.AbsenceDecision.APPROVED
    assert absence.absence_decided_by == meeting_cast.chair
    note = Notification.objects.get(pk__gt=before, user=meeting_cast.member)
    assert str(note) == _("Your absence from %(meeting)s is approved.") % {"meeting": convened}


# --- attendance -------------------------------------------------------------------------------


def test_attendance_record_marks_the_meeting_held_when_first_recorded(
    meeting_cast, convened, member_invitation
):
    with meeting_started(convened):
        meeting = services.attendance_record(
            meeting=convened,
            actor=meeting_cast.secretary,
            marks={member_invitation.pk: Invitation.Attendance.PRESENT},
        )
    assert meeting.status == S.HELD
    assert meeting.held_at is not None
    member_invitation.refresh_from_db()
    assert member_invitation.attendance == Invitation.Attendance.PRESENT


def test_attendance_record_is_refused_when_an_invitation_belongs_to_another_meeting(
    meeting_cast, convened, member_invitation
):
    foreign = meeting_cast.invitation(meeting_cast.extended, meeting_cast.member)
    with meeting_started(convened), pytest.raises(MeetingError) as exc:
        services.attendance_record(
            meeting=convened,
            actor=meeting_cast.secretary,
            marks={
                member_invitation.pk: Invitation.Attendance.PRESENT,
                foreign.pk: Invitation.Attendance.PRESENT,
            },
        )
    assert exc.value.message == _("The attendance list does not match this meeting's invitees.")
    convened.refresh_from_db()
    member_invitation.refresh_from_db()
    assert convened.status == S.CONVENED
    assert member_invitation.attendance == Invitation.Attendance.UNKNOWN


# --- minutes (Điều 4.2, 7) ----------------------------------------------------------------------


@pytest.fixture
def drafted(meeting_cast):
    """A meeting whose minutes the secretary has started: (meeting, minutes)."""
    meeting = meeting_cast.to_state(meeting_cast.meeting, S.MINUTES_DRAFTED)
    return meeting, meeting_cast.main_minutes(meeting)


@pytest.fixture
def signed(meeting_cast, drafted):
    meeting, minutes = drafted
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    services.minutes_sign(minutes=minutes, actor=meeting_cast.chair)
    minutes.refresh_from_db()
    return minutes


def test_minutes_start_prefills_present_members_and_the_substitutes_written_opinion(meeting_cast, convened):
    mc = meeting_cast
    services.invitation_respond(
        invitation=mc.invitation(convened, mc.member_other_agency),
        actor=mc.member_other_agency,
        response=R.SUBSTITUTE,
        substitute_name="Phạm Văn Thế",
        written_opinion="Đề nghị bổ sung kinh phí chuyển đổi số năm 2027.",
    )
    A = Invitation.Attendance
    marks = {mc.invitation(convened, u).pk: A.PRESENT for u in (mc.chair, mc.deputy, mc.member, mc.secretary)}
    marks[mc.invitation(convened, mc.member_other_agency).pk] = A.SUBSTITUTE_PRESENT
    hold(convened, mc.secretary, marks)

    minutes = services.minutes_start(meeting=convened, actor=mc.secretary)

    # The text holds the proceedings and the absent member's written opinion, under their name...
    assert "Đề nghị bổ sung kinh phí chuyển đổi số năm 2027." in minutes.body
    assert str(mc.member_other_agency) in minutes.body
    # ...while who attended is printed from the attendance records, not repeated in the text.
    record = minutes_record(minutes)
    attended = " ".join(p.text for p in record["participants"])
    for person in (mc.deputy, mc.member):
        assert person.full_name in attended
        assert person.full_name not in minutes.body
    assert "Phạm Văn Thế" in attended and "dự thay" in attended


def test_minutes_update_raises_stale_with_a_diff_and_keeps_the_saved_text_when_version_is_old(
    meeting_cast, drafted
):
    _meeting, minutes = drafted
    services.minutes_update(
        minutes=minutes, actor=meeting_cast.secretary, body="<p>Bản của thư ký 1</p>", expected_version=1
    )
    with pytest.raises(services.MinutesStale) as exc:
        services.minutes_update(
            minutes=minutes, actor=meeting_cast.secretary2, body="<p>Bản của thư ký 2</p>", expected_version=1
        )
    assert "-<p>Bản của thư ký 1</p>" in exc.value.diff
    assert "+<p>Bản của thư ký 2</p>" in exc.value.diff
    assert str(meeting_cast.secretary) in exc.value.message
    minutes.refresh_from_db()
    assert (minutes.body, minutes.version, minutes.updated_by) == (
        "<p>Bản của thư ký 1</p>",
        2,
        meeting_cast.secretary,
    )


def test_minutes_update_strips_images_scripts_and_links_when_saving(meeting_cast, drafted):
    _meeting, minutes = drafted
    body = (
        '<p>Ý kiến <strong>thống nhất</strong></p><img src="file:///etc/passwd">'
        '<script>alert("x")</script><a href="https://evil.example/">liên kết</a>'
    )
    saved = services.minutes_update(
        minutes=minutes, actor=meeting_cast.secretary, body=body, expected_version=1
    )
    assert saved.body == "<p>Ý kiến <strong>thống nhất</strong></p>liên kết"
    for bad in ("<img", "file:", "<script", "alert", "<a", "href", "evil.example"):
        assert bad not in saved.body


def test_minutes_sign_locks_the_minutes_and_the_meeting_is_minutes_signed_when_secretary_then_chair_sign(
    meeting_cast, drafted
):
    meeting, minutes = drafted
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    minutes.refresh_from_db()
    assert not minutes.locked
    services.minutes_sign(minutes=minutes, actor=meeting_cast.chair)
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.locked
    assert minutes.status == Minutes.Status.SIGNED
    assert (minutes.secretary_signed_by, minutes.presiding_signed_by) == (
        meeting_cast.secretary,
        meeting_cast.chair,
    )
    assert minutes.presiding_signed_as == Minutes.SignedAs.PRESIDING
    assert meeting.status == S.MINUTES_SIGNED


def test_minutes_sign_records_acting_when_a_deputy_signs_for_the_presiding_chair_who_is_away(
    meeting_cast, drafted
):
    _meeting, minutes = drafted
    meeting_cast.chair_away()
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    services.minutes_sign(minutes=minutes, actor=meeting_cast.deputy)
    minutes.refresh_from_db()
    assert minutes.presiding_signed_by == meeting_cast.deputy
    assert minutes.presiding_signed_as == Minutes.SignedAs.ACTING
    assert minutes.locked


def test_minutes_sign_is_refused_saying_the_chair_signs_when_the_deputy_signs_and_the_chair_is_not_away(
    meeting_cast, drafted
):
    _meeting, minutes = drafted
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    with pytest.raises(MeetingError) as exc:
        services.minutes_sign(minutes=minutes, actor=meeting_cast.deputy)
    assert not isinstance(exc.value, PermissionDenied)
    assert exc.value.message == _(CHAIR_SIGNS_MINUTES)
    minutes.refresh_from_db()
    assert minutes.presiding_signed_by is None and not minutes.locked


def test_minutes_sign_records_acting_when_the_chair_is_recorded_absent_from_the_meeting(meeting_cast):
    meeting = meeting_cast.held_without_the_chair(meeting_cast.meeting)
    minutes = services.minutes_start(meeting=meeting, actor=meeting_cast.secretary)
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    services.minutes_sign(minutes=minutes, actor=meeting_cast.deputy)
    minutes.refresh_from_db()
    assert (minutes.presiding_signed_by, minutes.presiding_signed_as) == (
        meeting_cast.deputy,
        Minutes.SignedAs.ACTING,
    )


def test_minutes_sign_is_refused_when_actor_is_a_member(meeting_cast, drafted):
    _meeting, minutes = drafted
    with pytest.raises(MeetingError) as exc:
        services.minutes_sign(minutes=minutes, actor=meeting_cast.member)
    assert exc.value.message == _("You cannot sign these minutes (or you have already signed them).")
    minutes.refresh_from_db()
    assert minutes.secretary_signed_by is None and minutes.presiding_signed_by is None


def test_minutes_sign_is_refused_when_the_secretary_signs_twice(meeting_cast, drafted):
    _meeting, minutes = drafted
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    with pytest.raises(MeetingError):
        services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)


def test_minutes_update_voids_the_secretarys_signature_when_the_text_changes(meeting_cast, drafted):
    _meeting, minutes = drafted
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    services.minutes_update(
        minutes=minutes, actor=meeting_cast.secretary2, body="<p>Sửa</p>", expected_version=1
    )
    minutes.refresh_from_db()
    assert minutes.secretary_signed_by is None


def test_minutes_update_voids_the_presiding_signature_when_the_text_changes(meeting_cast, drafted):
    _meeting, minutes = drafted
    services.minutes_sign(minutes=minutes, actor=meeting_cast.chair)
    services.minutes_update(
        minutes=minutes, actor=meeting_cast.secretary, body="<p>Nội dung khác</p>", expected_version=1
    )
    minutes.refresh_from_db()
    assert minutes.presiding_signed_by is None


def test_minutes_update_is_refused_when_the_minutes_are_signed(meeting_cast, signed):
    with pytest.raises(MeetingError) as exc:
        services.minutes_update(
            minutes=signed, actor=meeting_cast.secretary, body="<p>x</p>", expected_version=signed.version
        )
    assert exc.value.message == _("Signed minutes cannot be changed; add an addendum instead.")


def test_minutes_save_is_refused_by_the_model_when_the_minutes_are_signed(signed):
    body = signed.body
    signed.body = "x"
    with pytest.raises(MeetingError) as exc:
        signed.save()
    assert exc.value.message == _("Signed minutes cannot be changed; add an addendum instead.")
    assert Minutes.objects.get(pk=signed.pk).body == body


def test_minutes_queryset_update_is_refused_by_the_database_when_the_minutes_are_signed(signed):
    body = signed.body
    with pytest.raises(DatabaseError, match="signed minutes are locked"):
        with transaction.atomic():
            Minutes.objects.filter(pk=signed.pk).update(body="x")
    assert Minutes.objects.get(pk=signed.pk).body == body


def test_minutes_queryset_unlock_is_refused_by_the_database_when_the_minutes_are_signed(signed):
    with pytest.raises(DatabaseError, match="signed minutes are locked"):
        with transaction.atomic():
            Minutes.objects.filter(pk=signed.pk).update(locked=False)
    assert Minutes.objects.get(pk=signed.pk).locked


def test_minutes_delete_is_refused_when_the_minutes_are_signed(signed):
    with pytest.raises(MeetingError) as exc:
        signed.delete()
    assert exc.value.message == _("Signed minutes cannot be deleted.")
    assert Minutes.objects.filter(pk=signed.pk).exists()


def test_minutes_queryset_delete_is_refused_by_the_database_when_the_minutes_are_signed(signed):
    with pytest.raises(DatabaseError, match="signed minutes are locked"):
        with transaction.atomic():
            Minutes.objects.filter(pk=signed.pk).delete()
    assert Minutes.objects.filter(pk=signed.pk).exists()


def test_minutes_addendum_is_a_new_linked_record_signed_by_the_same_two_when_minutes_are_signed(
    meeting_cast, signed
):
    addendum = services.minutes_addendum_create(
        minutes=signed, actor=meeting_cast.secretary, body="<p>Đính chính mục 2</p>"
    )
    assert addendum.pk != signed.pk
    assert addendum.addendum_to == signed
    assert not addendum.locked
    services.minutes_sign(minutes=addendum, actor=meeting_cast.secretary)
    services.minutes_sign(minutes=addendum, actor=meeting_cast.chair)
    addendum.refresh_from_db()
    signed.refresh_from_db()
    assert addendum.locked
    assert (addendum.secretary_signed_by, addendum.presiding_signed_by) == (
        meeting_cast.secretary,
        meeting_cast.chair,
    )
    assert signed.body != addendum.body
    assert Meeting.objects.get(pk=signed.meeting_id).status == S.MINUTES_SIGNED


def test_minutes_addendum_is_refused_when_the_minutes_are_not_signed(meeting_cast, drafted):
    _meeting, minutes = drafted
    with pytest.raises(MeetingError):
        services.minutes_addendum_create(minutes=minutes, actor=meeting_cast.secretary, body="<p>x</p>")


def test_minutes_update_saves_the_addendum_when_the_secretary_edits_it(meeting_cast, signed):
    addendum = services.minutes_addendum_create(
        minutes=signed, actor=meeting_cast.secretary, body="<p>Đính chính</p>"
    )
    saved = services.minutes_update(
        minutes=addendum, actor=meeting_cast.secretary2, body="<p>Đính chính mục 2</p>", expected_version=1
    )
    assert (saved.body, saved.version) == ("<p>Đính chính mục 2</p>", 2)


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_minutes_update_is_refused_when_someone_outside_the_support_group_edits_an_addendum(
    meeting_cast, signed, who
):
    addendum = services.minutes_addendum_create(
        minutes=signed, actor=meeting_cast.secretary, body="<p>Đính chính</p>"
    )
    with pytest.raises(MeetingError) as exc:
        services.minutes_update(
            minutes=addendum, actor=getattr(meeting_cast, who), body="<p>Sửa bậy</p>", expected_version=1
        )
    assert exc.value.message == _("You cannot edit these minutes.")
    addendum.refresh_from_db()
    assert addendum.body == "<p>Đính chính</p>"


# --- the review window --------------------------------------------------------------------------


def test_add_working_days_lands_on_next_wednesday_when_three_days_from_a_friday():
    friday = datetime.date(2026, 8, 7)
    assert friday.weekday() == 4
    assert services.add_working_days(friday, 3) == datetime.date(2026, 8, 12)


def test_minutes_open_review_sets_review_until_three_working_days_ahead(meeting_cast, drafted):
    _meeting, minutes = drafted
    opened = services.minutes_open_review(minutes=minutes, actor=meeting_cast.secretary)
    assert opened.status == Minutes.Status.IN_REVIEW
    assert opened.review_until == services.add_working_days(timezone.localdate(), 3)


def test_minutes_comment_add_saves_the_comment_when_a_participant_member_comments_during_the_review(
    meeting_cast, drafted
):
    _meeting, minutes = drafted
    services.minutes_open_review(minutes=minutes, actor=meeting_cast.secretary)
    comment = services.minutes_comment_add(
        minutes=minutes, actor=fresh(meeting_cast.member), body=" Đề nghị sửa mục 3 "
    )
    assert MinutesComment.objects.get(pk=comment.pk).body == "Đề nghị sửa mục 3"


def test_minutes_comment_add_is_refused_when_the_review_is_not_open(meeting_cast, drafted):
    _meeting, minutes = drafted
    with pytest.raises(MeetingError) as exc:
        services.minutes_comment_add(minutes=minutes, actor=meeting_cast.member, body="Ý kiến")
    assert exc.value.message == _("Comments are not open on these minutes.")


def test_minutes_comment_add_is_refused_when_the_commenter_is_a_guest(meeting_cast):
    mc = meeting_cast
    meeting = mc.to_state(mc.extended, S.MINUTES_DRAFTED)
    minutes = mc.main_minutes(meeting)
    services.minutes_open_review(minutes=minutes, actor=mc.secretary)
    with pytest.raises(MeetingError) as exc:
        services.minutes_comment_add(minutes=minutes, actor=fresh(mc.guest), body="Ý kiến chuyên gia")
    assert exc.value.message == _("Comments are not open on these minutes.")
    assert not MinutesComment.objects.filter(minutes=minutes).exists()


def test_minutes_comment_add_is_refused_when_the_review_date_has_passed(meeting_cast, drafted):
    _meeting, minutes = drafted
    services.minutes_open_review(minutes=minutes, actor=meeting_cast.secretary)
    Minutes.objects.filter(pk=minutes.pk).update(
        review_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(MeetingError) as exc:
        services.minutes_comment_add(minutes=minutes, actor=fresh(meeting_cast.member), body="Muộn")
    assert exc.value.message == _("Comments are not open on these minutes.")


# --- the comment window and the answers (Điều 7) ----------------------------------------------------


@pytest.fixture
def in_review(meeting_cast, drafted):
    """The draft minutes open for comments, and one comment of a member: (meeting, minutes, comment)."""
    meeting, minutes = drafted
    services.minutes_open_review(minutes=minutes, actor=meeting_cast.secretary)
    comment = services.minutes_comment_add(
        minutes=minutes, actor=fresh(meeting_cast.member), body="Đề nghị ghi rõ thời hạn hoàn thành."
    )
    return meeting, Minutes.objects.get(pk=minutes.pk), comment


WINDOW_OPEN = (
    "The minutes are open for the participants' comments until %(date)s: they are signed "
    "once the comments close, or after the presiding person closes them early."
)


@pytest.mark.parametrize("who", ["secretary", "chair"])
def test_minutes_sign_is_refused_when_the_comment_window_is_open(meeting_cast, in_review, who):
    _meeting, minutes, _comment = in_review
    with pytest.raises(MeetingError) as exc:
        services.minutes_sign(minutes=minutes, actor=getattr(meeting_cast, who))
    assert not isinstance(exc.value, PermissionDenied)
    assert exc.value.message == _(WINDOW_OPEN) % {"date": minutes.review_until.strftime("%d/%m/%Y")}
    minutes.refresh_from_db()
    assert minutes.secretary_signed_by is None and minutes.presiding_signed_by is None


def test_minutes_sign_locks_the_minutes_when_the_presiding_person_closed_the_window_early(
    meeting_cast, in_review
):
    _meeting, minutes, _comment = in_review
    services.minutes_review_close(minutes=minutes, actor=meeting_cast.chair)
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    services.minutes_sign(minutes=minutes, actor=meeting_cast.chair)
    minutes.refresh_from_db()
    assert minutes.locked and minutes.status == Minutes.Status.SIGNED


def test_minutes_sign_records_the_signature_when_the_comment_window_has_ended(meeting_cast, in_review):
    _meeting, minutes, _comment = in_review
    Minutes.objects.filter(pk=minutes.pk).update(
        review_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    signed = services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    assert signed.secretary_signed_by == meeting_cast.secretary


def test_minutes_review_close_records_who_and_when_in_the_minutes_and_their_history(meeting_cast, in_review):
    _meeting, minutes, _comment = in_review
    before = timezone.now()
    closed = services.minutes_review_close(minutes=minutes, actor=meeting_cast.chair)
    closed.refresh_from_db()
    assert closed.review_closed_by == meeting_cast.chair
    assert closed.review_closed_at >= before
    assert not closed.review_is_open
    last = closed.history.latest()
    assert (last.history_user, last.history_change_reason) == (meeting_cast.chair, "review closed early")


def test_minutes_review_close_tells_the_secretary_the_minutes_can_be_signed(meeting_cast, in_review):
    meeting, minutes, _comment = in_review
    assert meeting.secretary == meeting_cast.secretary
    before = last_notification_pk()
    services.minutes_review_close(minutes=minutes, actor=meeting_cast.chair)
    assert notified([meeting_cast.secretary], before) == {meeting_cast.secretary.pk}


def test_minutes_review_close_is_refused_when_the_actor_does_not_preside(meeting_cast, in_review):
    _meeting, minutes, _comment = in_review
    with pytest.raises(PermissionDenied) as exc:
        services.minutes_review_close(minutes=minutes, actor=meeting_cast.secretary)
    assert exc.value.message == _("Only the person presiding over the meeting closes the comments early.")
    minutes.refresh_from_db()
    assert minutes.review_closed_at is None and minutes.review_is_open


def test_minutes_review_close_is_refused_when_the_minutes_are_not_open_for_comments(meeting_cast, drafted):
    _meeting, minutes = drafted
    with pytest.raises(MeetingError) as exc:
        services.minutes_review_close(minutes=minutes, actor=meeting_cast.chair)
    assert exc.value.message == _("The comment window of these minutes is not open.")


def test_minutes_comment_add_is_refused_when_the_presiding_person_closed_the_comments(
    meeting_cast, in_review
):
    _meeting, minutes, _comment = in_review
    services.minutes_review_close(minutes=minutes, actor=meeting_cast.chair)
    with pytest.raises(MeetingError) as exc:
        services.minutes_comment_add(minutes=minutes, actor=fresh(meeting_cast.standing), body="Muộn")
    assert exc.value.message == _("Comments are not open on these minutes.")


def test_minutes_comment_answer_records_the_answer_the_note_who_and_when(meeting_cast, in_review):
    _meeting, _minutes, comment = in_review
    before = last_notification_pk()
    answered = services.minutes_comment_answer(
        comment=comment, actor=meeting_cast.secretary, taken_into_account=True, note=" Đã bổ sung mục 2. "
    )
    answered.refresh_from_db()
    assert (answered.answer, answered.answer_note, answered.answered_by) == (
        MinutesComment.Answer.TAKEN,
        "Đã bổ sung mục 2.",
        meeting_cast.secretary,
    )
    assert answered.answered_at is not None
    assert notified([meeting_cast.member], before) == {meeting_cast.member.pk}


def test_minutes_comment_answer_keeps_every_answer_in_the_comment_history(meeting_cast, in_review):
    _meeting, _minutes, comment = in_review
    services.minutes_comment_answer(comment=comment, actor=meeting_cast.secretary, taken_into_account=True)
    services.minutes_comment_answer(
        comment=comment,
        actor=meeting_cast.secretary2,
        taken_into_account=False,
        note="Ngoài phạm vi cuộc họp.",
    )
    history = list(comment.history.order_by("history_date", "history_id"))
    assert [(h.history_change_reason, h.answer, h.history_user) for h in history] == [
        ("commented", "", meeting_cast.member),
        ("comment answered", MinutesComment.Answer.TAKEN, meeting_cast.secretary),
        ("comment answered", MinutesComment.Answer.NOT_TAKEN, meeting_cast.secretary2),
    ]


def test_minutes_comment_answer_is_refused_when_the_actor_is_a_member(meeting_cast, in_review):
    _meeting, _minutes, comment = in_review
    with pytest.raises(PermissionDenied) as exc:
        services.minutes_comment_answer(comment=comment, actor=meeting_cast.member, taken_into_account=True)
    assert exc.value.message == _("Only the support group answers the comments on the minutes.")
    comment.refresh_from_db()
    assert comment.answer == ""


def test_minutes_comment_answer_is_refused_when_the_minutes_are_signed(meeting_cast, in_review):
    _meeting, minutes, comment = in_review
    services.minutes_review_close(minutes=minutes, actor=meeting_cast.chair)
    services.minutes_sign(minutes=minutes, actor=meeting_cast.secretary)
    services.minutes_sign(minutes=minutes, actor=meeting_cast.chair)
    with pytest.raises(MeetingError) as exc:
        services.minutes_comment_answer(
            comment=comment, actor=meeting_cast.secretary, taken_into_account=True
        )
    assert exc.value.message == _("Comments are answered before the minutes are signed.")


def test_minutes_comment_answered_without_who_and_when_is_refused_by_the_database(meeting_cast, in_review):
    _meeting, _minutes, comment = in_review
    comment.answer = MinutesComment.Answer.TAKEN
    with pytest.raises(IntegrityError), transaction.atomic():
        comment.save(update_fields=["answer"])


def test_minutes_closed_early_without_who_is_refused_by_the_database(meeting_cast, in_review):
    _meeting, minutes, _comment = in_review
    minutes.review_closed_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        minutes.save(update_fields=["review_closed_at"])


# --- conclusions and the notice (Điều 3, 4.2) ----------------------------------------------------


@pytest.fixture
def ready(meeting_cast):
    """A meeting with signed minutes and one conclusion, ready for the chair."""
    return meeting_cast.to_state(meeting_cast.meeting, S.MINUTES_SIGNED)


def _conclude(mc, meeting):
    return services.conclusion_add(
        meeting=meeting, actor=mc.standing, text="Giao Sở Kế hoạch và Đầu tư tham mưu."
    )


def test_conclusion_add_is_refused_when_an_instruction_has_no_lead_agency_or_due_date(meeting_cast, ready):
    with pytest.raises(ValidationError) as exc:
        services.conclusion_add(
            meeting=ready, actor=meeting_cast.secretary, text="Triển khai ngay", is_instruction=True
        )
    assert exc.value.message_dict == {
        "lead_organization": [_("An instruction names the agency that leads it.")],
        "due_date": [_("An instruction has a due date.")],
    }
    assert not ready.conclusions.exists()


def test_conclusion_add_saves_the_instruction_when_lead_agency_and_due_date_given(meeting_cast, ready):
    conclusion = services.conclusion_add(
        meeting=ready,
        actor=meeting_cast.secretary,
        text="Triển khai ngay",
        is_instruction=True,
        lead_organization=meeting_cast.org_a,
        due_date=datetime.date(2031, 3, 31),
    )
    assert (conclusion.lead_organization, conclusion.due_date) == (
        meeting_cast.org_a,
        datetime.date(2031, 3, 31),
    )


def test_conclusions_sign_is_refused_when_actor_is_a_member(meeting_cast, ready):
    _conclude(meeting_cast, ready)
    with pytest.raises(MeetingError) as exc:
        services.conclusions_sign(meeting=ready, actor=meeting_cast.member)
    assert exc.value.message == _("Only the chair, or a deputy acting for the chair, signs the conclusions.")
    ready.refresh_from_db()
    assert ready.status == S.MINUTES_SIGNED
    assert not Notice.objects.exists()


def test_conclusions_sign_is_refused_when_there_is_no_conclusion(meeting_cast, ready):
    with pytest.raises(MeetingError) as exc:
        services.conclusions_sign(meeting=ready, actor=meeting_cast.chair)
    assert exc.value.message == _("Draft at least one conclusion before signing.")


def test_conclusions_sign_issues_notice_01_when_the_chair_signs_the_first_of_the_year(meeting_cast, ready):
    _conclude(meeting_cast, ready)
    notice = services.conclusions_sign(meeting=ready, actor=meeting_cast.chair)
    assert notice.number == 1
    assert notice.year == timezone.localdate().year
    assert notice.symbol == "01/TB-BCĐA"
    assert notice.signed_as == Notice.SignedAs.CHAIR
    ready.refresh_from_db()
    assert ready.status == S.NOTICE_ISSUED


def test_conclusions_sign_records_acting_when_a_deputy_signs_for_the_chair_who_is_away(meeting_cast, ready):
    _conclude(meeting_cast, ready)
    meeting_cast.chair_away()
    notice = services.conclusions_sign(meeting=ready, actor=meeting_cast.deputy)
    assert (notice.signed_by, notice.signed_as) == (meeting_cast.deputy, Notice.SignedAs.ACTING)


def test_conclusions_sign_is_refused_saying_the_chair_signs_when_the_deputy_signs_and_the_chair_is_not_away(
    meeting_cast, ready
):
    _conclude(meeting_cast, ready)
    with pytest.raises(MeetingError) as exc:
        services.conclusions_sign(meeting=ready, actor=meeting_cast.deputy)
    assert not isinstance(exc.value, PermissionDenied)
    assert exc.value.message == _(CHAIR_SIGNS_CONCLUSIONS)
    assert not Notice.objects.exists()


def test_conclusions_sign_records_acting_when_the_chair_was_recorded_absent_from_the_meeting(meeting_cast):
    mc = meeting_cast
    meeting = mc.held_without_the_chair(mc.meeting)
    minutes = services.minutes_start(meeting=meeting, actor=mc.secretary)
    services.minutes_sign(minutes=minutes, actor=mc.secretary)
    services.minutes_sign(minutes=minutes, actor=mc.deputy)
    meeting = Meeting.objects.get(pk=meeting.pk)
    _conclude(mc, meeting)
    notice = services.conclusions_sign(meeting=meeting, actor=mc.deputy)
    assert (notice.signed_by, notice.signed_as) == (mc.deputy, Notice.SignedAs.ACTING)


def test_conclusions_sign_issues_notice_02_when_a_second_meeting_is_concluded(meeting_cast, ready):
    _conclude(meeting_cast, ready)
    services.conclusions_sign(meeting=ready, actor=meeting_cast.chair)
    second = meeting_cast.meeting_in(S.MINUTES_SIGNED)
    _conclude(meeting_cast, second)
    notice = services.conclusions_sign(meeting=second, actor=meeting_cast.chair)
    assert (notice.number, notice.symbol) == (2, "02/TB-BCĐA")


def test_register_next_number_starts_at_1_when_the_year_changes(meeting_cast, ready):
    _conclude(meeting_cast, ready)
    notice = services.conclusions_sign(meeting=ready, actor=meeting_cast.chair)
    assert (
        services.register_next_number(
            committee=meeting_cast.committee, doc_type=Notice.DOC_TYPE, year=notice.year + 1
        )
        == 1
    )


def test_register_next_number_starts_at_1_when_another_committee(meeting_cast, ready):
    _conclude(meeting_cast, ready)
    notice = services.conclusions_sign(meeting=ready, actor=meeting_cast.chair)
    assert (
        services.register_next_number(
            committee=meeting_cast.other_committee, doc_type=Notice.DOC_TYPE, year=notice.year
        )
        == 1
    )
    assert (
        services.register_next_number(
            committee=meeting_cast.committee, doc_type=Notice.DOC_TYPE, year=notice.year
        )
        == 2
    )


# --- proposals of an extraordinary meeting (Điều 8.1) -------------------------------------------


def _propose(mc):
    return services.proposal_create(
        committee=mc.committee, actor=mc.standing, reason="Sự cố an toàn thông tin"
    )


def test_proposal_create_notifies_chair_and_deputy_when_the_standing_member_proposes(meeting_cast):
    before = last_notification_pk()
    proposal = _propose(meeting_cast)
    assert proposal.status == MeetingProposal.Status.PENDING
    assert notified([meeting_cast.chair, meeting_cast.deputy, meeting_cast.member], before) == {
        meeting_cast.chair.pk,
        meeting_cast.deputy.pk,
    }


def test_proposal_create_is_refused_when_actor_is_a_member(meeting_cast):
    with pytest.raises(MeetingError) as exc:
        services.proposal_create(
            committee=meeting_cast.committee, actor=meeting_cast.member, reason="Họp gấp"
        )
    assert exc.value.message == _("Only the standing member proposes an extraordinary meeting.")
    assert not MeetingProposal.objects.exists()


def test_proposal_decide_creates_a_linked_extraordinary_draft_when_the_chair_accepts(meeting_cast):
    proposal = services.proposal_decide(
        proposal=_propose(meeting_cast), actor=meeting_cast.chair, accept=True
    )
    proposal.refresh_from_db()
    assert proposal.status == MeetingProposal.Status.ACCEPTED
    meeting = proposal.meeting
    assert meeting is not None
    assert (meeting.committee, meeting.kind, meeting.status) == (
        meeting_cast.committee,
        Meeting.Kind.EXTRAORDINARY,
        S.DRAFT,
    )


def test_proposal_decide_is_refused_when_already_decided(meeting_cast):
    proposal = services.proposal_decide(
        proposal=_propose(meeting_cast), actor=meeting_cast.chair, accept=False
    )
    with pytest.raises(MeetingError) as exc:
        services.proposal_decide(proposal=proposal, actor=meeting_cast.deputy, accept=True)
    assert exc.value.message == _("This proposal cannot be decided by you, or is already decided.")
    proposal.refresh_from_db()
    assert proposal.status == MeetingProposal.Status.DECLINED
    assert proposal.meeting is None


def test_proposal_decide_is_refused_when_actor_is_the_standing_member(meeting_cast):
    with pytest.raises(MeetingError):
        services.proposal_decide(proposal=_propose(meeting_cast), actor=meeting_cast.standing, accept=True)


# --- guests (Điều 8.2) ----------------------------------------------------------------------------


def test_guest_invite_is_refused_when_the_meeting_is_quarterly(meeting_cast):
    with pytest.raises(MeetingError) as exc:
        services.guest_invite(
            meeting=meeting_cast.meeting, actor=meeting_cast.secretary, user=meeting_cast.outsider
        )
    assert exc.value.message == _("Guests are invited to extended meetings only.")
    assert not permissions.can_view_meeting(fresh(meeting_cast.outsider), meeting_cast.meeting)


def test_guest_sees_only_the_extended_meeting_when_invited(meeting_cast):
    mc = meeting_cast
    guest = fresh(mc.guest)
    assert mc.guest_invitation.kind == Invitation.Kind.GUEST
    assert permissions.can_view_meeting(guest, mc.extended)
    assert not permissions.can_view_meeting(guest, mc.meeting)
    assert not permissions.can_view_meeting(guest, mc.other_extended)
    assert set(permissions.meetings_visible_to(guest)) == {mc.extended}


def test_guest_of_another_committee_cannot_see_the_extended_meeting(meeting_cast):
    other = fresh(meeting_cast.guest_other)
    assert not permissions.can_view_meeting(other, meeting_cast.extended)
    assert permissions.can_view_meeting(other, meeting_cast.other_extended)


def test_guest_remove_revokes_access_when_the_guest_is_removed(meeting_cast):
    mc = meeting_cast
    services.guest_remove(invitation=mc.guest_invitation, actor=mc.secretary)
    assert not permissions.can_view_meeting(fresh(mc.guest), mc.extended)
    assert not Invitation.objects.filter(meeting=mc.extended, user=mc.guest).exists()


# --- removing someone whose personal letter is archived -----------------------------------------


def archive_personal_letter(invitation: Invitation) -> None:
    """The invitee's personal invitation letter, archived as at its first download."""
    from meetings.documents import selectors as documents
    from meetings.documents import services as document_services

    meeting = invitation.meeting
    document_services.signed_document_archive(
        letter=documents.invitation_letter_current(meeting), invitation=invitation
    )


def letter_sent_message(person) -> str:
    return _(
        "%(person)s has been sent a personal invitation letter; record their absence instead of removing them."
    ) % {"person": person}


def test_invitees_set_is_refused_and_removes_nobody_when_a_removed_invitee_has_a_personal_letter(
    meeting_cast, convened
):
    mc = meeting_cast
    archive_personal_letter(mc.invitation(convened, mc.member))
    before = set(convened.invitations.values_list("user_id", flat=True))
    keep = [inv.user for inv in convened.invitations.select_related("user") if inv.user_id != mc.member.pk]
    keep = [u for u in keep if u.pk != mc.standing.pk]  # the standing member has no letter
    with pytest.raises(MeetingError) as exc:
        services.invitees_set(meeting=convened, actor=mc.chair, users=[*keep, mc.focal])
    assert exc.value.message == letter_sent_message(mc.member)
    # Nothing removed (the standing member stays), nothing added (the focal officer).
    assert set(convened.invitations.values_list("user_id", flat=True)) == before


def test_invitees_set_removes_an_invitee_without_a_personal_letter_when_another_has_one(
    meeting_cast, convened
):
    mc = meeting_cast
    archive_personal_letter(mc.invitation(convened, mc.member))
    keep = [inv.user for inv in convened.invitations.select_related("user") if inv.user_id != mc.standing.pk]
    services.invitees_set(meeting=convened, actor=mc.chair, users=keep)
    assert not convened.invitations.filter(user=mc.standing).exists()
    assert convened.invitations.filter(user=mc.member).exists()


def test_guest_remove_is_refused_and_keeps_the_access_when_the_guest_has_a_personal_letter(meeting_cast):
    mc = meeting_cast
    extended = mc.to_state(mc.extended, S.CONVENED)
    invitation = mc.invitation(extended, mc.guest)
    archive_personal_letter(invitation)
    with pytest.raises(MeetingError) as exc:
        services.guest_remove(invitation=invitation, actor=mc.secretary)
    assert exc.value.message == letter_sent_message(mc.guest)
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert permissions.can_view_meeting(fresh(mc.guest), extended)


# --- e-mail of notifications ----------------------------------------------------------------------


def test_send_notification_emails_sends_one_email_when_the_job_runs_twice(meeting_cast):
    services.meeting_convene(meeting=meeting_cast.meeting, actor=meeting_cast.chair)
    note = Notification.objects.get(user=meeting_cast.member)
    assert mail.outbox == []
    send_notification_emails([note.pk])
    send_notification_emails([note.pk])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [meeting_cast.member.email]
    assert str(note) in mail.outbox[0].body
