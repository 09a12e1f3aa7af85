"""Minutes, conclusions, the notice, the history and the calendars, through their pages.

Data is built with meetings.services, in the order the committee works: create → convene →
answers → attendance → minutes → signatures → conclusions → notice.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from meetings import services
from meetings.models import CalendarToken, Invitation, Meeting, Minutes, MinutesComment, Notice
from meetings.selectors.minutes import REASONS
from members.models import RoleAssignment
from tests.meetings.clock import hold
from tests.members.factories import ChairActingPeriodFactory, RoleAssignmentFactory, UserFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
At = Invitation.Attendance
OPINION = "Đề nghị bổ sung kinh phí cho nền tảng tích hợp dữ liệu của tỉnh."
SUBSTITUTE = "Trần Thị Dự Thay"


def vi(message: str) -> str:
    """What the page shows for this msgid (the tests run in Vietnamese)."""
    with translation.override("vi"):
        return translation.gettext(message)


def at_eight(days_ahead: int = 3) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return datetime.datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ)


def new_meeting(cast, start: datetime.datetime | None = None) -> Meeting:
    start = start or at_eight()
    meeting = services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind=Meeting.Kind.EXTRAORDINARY,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Hội trường UBND tỉnh",
    )
    services.agenda_item_add(
        meeting=meeting, actor=cast.secretary, title="Tiến độ xây dựng Chính quyền điện tử"
    )
    return meeting


def held_meeting(cast) -> Meeting:
    """Convened; the member sends a substitute with a written opinion; attendance recorded."""
    meeting = new_meeting(cast)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    invitations = {inv.user_id: inv for inv in meeting.invitations.all()}
    services.invitation_respond(
        invitation=invitations[cast.member.pk],
        actor=cast.member,
        response=Invitation.Response.SUBSTITUTE,
        substitute_name=SUBSTITUTE,
        substitute_position="Phó Giám đốc",
        written_opinion=OPINION,
    )
    marks = {inv.pk: At.PRESENT for inv in invitations.values()}
    marks[invitations[cast.member.pk].pk] = At.SUBSTITUTE_PRESENT
    marks[invitations[cast.deputy.pk].pk] = At.ABSENT_APPROVED
    hold(meeting, cast.secretary, marks)
    return Meeting.objects.get(pk=meeting.pk)


def drafted_meeting(cast) -> tuple[Meeting, Minutes]:
    meeting = held_meeting(cast)
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)
    return Meeting.objects.get(pk=meeting.pk), minutes


def signed_meeting(cast) -> tuple[Meeting, Minutes]:
    meeting, minutes = drafted_meeting(cast)
    services.minutes_sign(minutes=minutes, actor=cast.secretary)
    services.minutes_sign(minutes=minutes, actor=cast.chair)
    return Meeting.objects.get(pk=meeting.pk), Minutes.objects.get(pk=minutes.pk)


def issued_meeting(cast, signer) -> tuple[Meeting, Notice]:
    meeting, _minutes = signed_meeting(cast)
    services.conclusion_add(
        meeting=meeting,
        actor=cast.secretary,
        text="Sở Kế hoạch và Đầu tư tham mưu bố trí vốn.",
        is_instruction=True,
        lead_organization=cast.org_a,
        due_date=datetime.date(2031, 3, 31),
    )
    notice = services.conclusions_sign(meeting=meeting, actor=signer)
    return Meeting.objects.get(pk=meeting.pk), notice


def chair_away(cast):
    """The chair away today and tomorrow; the deputy acts for them (Điều 4.1)."""
    return ChairActingPeriodFactory(committee=cast.committee, deputy=cast.deputy)


def url(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, **kwargs})


def second_secretary(cast):
    user = UserFactory(username="secretary2", full_name="Lê Văn Thư Ký Hai", organization=cast.org_a)
    RoleAssignmentFactory(
        user=user, committee=cast.committee, role=RoleAssignment.Role.SECRETARIAT, organization=cast.org_a
    )
    return user


# --- the pre-filled draft -------------------------------------------------------------------------


def test_minutes_start_prefills_present_member_substitute_and_written_opinion(client, cast):
    meeting = held_meeting(cast)
    client.force_login(cast.secretary)

    r = client.post(url("minutes-edit", meeting))

    assert r.status_code == 302
    body = Minutes.objects.get(meeting=meeting).body
    assert cast.member_other_agency.full_name not in body  # present: printed from the records
    assert SUBSTITUTE in body
    assert cast.member.full_name in body  # the member the substitute replaces, with the opinion
    assert f"<blockquote>{OPINION}</blockquote>" in body
    assert "Tiến độ xây dựng Chính quyền điện tử" in body
    page = client.get(url("minutes-detail", meeting)).content.decode()
    assert SUBSTITUTE in page and OPINION in page
    assert cast.member_other_agency.full_name in page  # the record section lists who attended
    assert "dự thay" in page


def test_minutes_edit_get_offers_start_button_when_meeting_held_without_minutes(client, cast):
    meeting = held_meeting(cast)
    client.force_login(cast.secretary)
    r = client.get(url("minutes-edit", meeting))
    assert r.status_code == 200
    assert vi("Start the minutes") in r.content.decode()


# --- editing: optimistic locking, signed minutes -----------------------------------------------


def test_minutes_edit_returns_409_with_diff_and_typed_text_when_someone_saved_first(client, cast):
    meeting, minutes = drafted_meeting(cast)
    other = Client()
    other.force_login(second_secretary(cast))
    client.force_login(cast.secretary)
    assert client.get(url("minutes-edit", meeting)).status_code == 200
    assert other.get(url("minutes-edit", meeting)).status_code == 200

    first = other.post(
        url("minutes-edit", meeting), {"body": "<p>Văn bản của thư ký thứ hai</p>", "version": 1}
    )
    assert first.status_code == 302
    typed = "<p>Văn bản của tôi</p>\n<p>Đoạn mới</p>"
    r = client.post(url("minutes-edit", meeting), {"body": typed, "version": 1})

    assert r.status_code == 409
    page = r.content.decode()
    assert r.context["form"]["body"].value() == typed
    assert "&lt;p&gt;Đoạn mới&lt;/p&gt;" in page  # kept in the textarea
    assert 'name="version" value="2"' in page  # a deliberate re-save works
    assert "+&lt;p&gt;Đoạn mới&lt;/p&gt;" in page  # the diff
    assert "-&lt;p&gt;Văn bản của thư ký thứ hai&lt;/p&gt;" in page
    assert "Lê Văn Thư Ký Hai" in page  # who saved first
    saved = Minutes.objects.get(pk=minutes.pk)
    assert saved.body == "<p>Văn bản của thư ký thứ hai</p>"
    assert saved.version == 2

    again = client.post(url("minutes-edit", meeting), {"body": typed, "version": 2})
    assert again.status_code == 302
    assert Minutes.objects.get(pk=minutes.pk).version == 3


def test_minutes_edit_post_is_refused_with_message_when_signed(client, cast):
    meeting, minutes = signed_meeting(cast)
    client.force_login(cast.secretary)

    r = client.post(
        url("minutes-edit", meeting),
        {"body": "<p>Sửa sau khi ký</p>", "version": minutes.version},
        follow=True,
    )

    assert r.status_code == 200
    assert vi("Signed minutes cannot be changed; add an addendum instead.") in r.content.decode()
    assert Minutes.objects.get(pk=minutes.pk).body == minutes.body


def test_minutes_edit_get_is_read_only_with_addendum_link_when_signed(client, cast):
    meeting, _minutes = signed_meeting(cast)
    client.force_login(cast.secretary)
    r = client.get(url("minutes-edit", meeting))
    assert r.status_code == 200
    page = r.content.decode()
    assert "<textarea" not in page
    assert url("minutes-addendum", meeting) in page


def test_minutes_edit_is_403_for_the_chair_who_reads_but_does_not_draft(client, cast):
    meeting, _minutes = drafted_meeting(cast)
    client.force_login(cast.chair)
    assert client.get(url("minutes-edit", meeting)).status_code == 403


# --- who sees the minutes -----------------------------------------------------------------------


def test_minutes_detail_is_404_for_a_member_while_draft_and_200_once_signed(client, cast):
    meeting, minutes = drafted_meeting(cast)
    client.force_login(cast.member)
    assert client.get(url("minutes-detail", meeting)).status_code == 404

    services.minutes_sign(minutes=minutes, actor=cast.secretary)
    services.minutes_sign(minutes=minutes, actor=cast.chair)

    r = client.get(url("minutes-detail", meeting))
    assert r.status_code == 200
    assert SUBSTITUTE in r.content.decode()


def test_minutes_detail_is_404_before_minutes_exist(client, cast):
    meeting = held_meeting(cast)
    client.force_login(cast.secretary)
    assert client.get(url("minutes-detail", meeting)).status_code == 404


def test_minutes_detail_is_404_for_an_outsider(client, cast):
    meeting, _minutes = signed_meeting(cast)
    client.force_login(cast.other_member)
    assert client.get(url("minutes-detail", meeting)).status_code == 404


def test_minutes_detail_shows_sign_buttons_by_capacity(client, cast):
    meeting, _minutes = drafted_meeting(cast)
    client.force_login(cast.secretary)
    assert vi("Sign as secretary") in client.get(url("minutes-detail", meeting)).content.decode()
    client.force_login(cast.chair)
    assert vi("Sign as presiding") in client.get(url("minutes-detail", meeting)).content.decode()


def test_minutes_sign_through_the_page_locks_the_minutes(client, cast):
    meeting, minutes = drafted_meeting(cast)
    client.force_login(cast.secretary)
    assert client.post(url("minutes-sign", meeting)).status_code == 302
    client.force_login(cast.chair)
    assert client.post(url("minutes-sign", meeting)).status_code == 302
    minutes.refresh_from_db()
    assert minutes.locked and minutes.status == Minutes.Status.SIGNED


def test_minutes_comment_during_review_appears_beside_the_text(client, cast):
    meeting, minutes = drafted_meeting(cast)
    services.minutes_open_review(minutes=minutes, actor=cast.secretary)
    client.force_login(cast.member_other_agency)

    r = client.post(url("minutes-comment", meeting), {"body": "Đề nghị ghi rõ thời hạn."}, follow=True)

    assert r.status_code == 200
    assert "Đề nghị ghi rõ thời hạn." in r.content.decode()


def test_minutes_comment_empty_keeps_the_page_with_an_error(client, cast):
    meeting, minutes = drafted_meeting(cast)
    services.minutes_open_review(minutes=minutes, actor=cast.secretary)
    client.force_login(cast.member_other_agency)
    r = client.post(url("minutes-comment", meeting), {"body": "   "})
    assert r.status_code == 200
    assert r.context["comment_form"].errors


def reviewed_meeting(cast) -> tuple[Meeting, Minutes, MinutesComment]:
    """Draft minutes open for comments, with one comment of the member of the other agency."""
    meeting, minutes = drafted_meeting(cast)
    services.minutes_open_review(minutes=minutes, actor=cast.secretary)
    comment = services.minutes_comment_add(
        minutes=minutes, actor=cast.member_other_agency, body="Đề nghị ghi rõ thời hạn."
    )
    return meeting, Minutes.objects.get(pk=minutes.pk), comment


def answer_data(comment, answer: str = "taken", note: str = "") -> dict:
    return {f"answer-{comment.pk}-answer": answer, f"answer-{comment.pk}-note": note}


def test_minutes_sign_during_the_comment_window_shows_why_and_records_nothing(client, cast):
    meeting, minutes, _comment = reviewed_meeting(cast)
    client.force_login(cast.chair)

    r = client.post(url("minutes-sign", meeting), follow=True)

    page = r.content.decode()
    date = minutes.review_until.strftime("%d/%m/%Y")
    assert (
        escape(
            vi(
                "The minutes are open for the participants' comments until %(date)s: they are signed "
                "once the comments close, or after the presiding person closes them early."
            )
            % {"date": date}
        )
        in page
    )
    minutes.refresh_from_db()
    assert minutes.presiding_signed_by is None


def test_minutes_review_close_through_the_page_shows_who_closed_the_comments_and_when(client, cast):
    meeting, minutes, _comment = reviewed_meeting(cast)
    client.force_login(cast.chair)
    assert vi("Close the comments now") in client.get(url("minutes-detail", meeting)).content.decode()

    r = client.post(url("minutes-review-close", meeting), follow=True)

    page = r.content.decode()
    minutes.refresh_from_db()
    when = timezone.localtime(minutes.review_closed_at).strftime("%H:%M %d/%m/%Y")
    assert escape(vi("The comments are closed: the minutes can be signed.")) in page
    assert cast.chair.full_name in page and when in page
    assert vi("Close the comments now") not in page


def test_minutes_detail_offers_no_early_close_to_the_secretary(client, cast):
    meeting, _minutes, _comment = reviewed_meeting(cast)
    client.force_login(cast.secretary)
    assert vi("Close the comments now") not in client.get(url("minutes-detail", meeting)).content.decode()
    assert client.post(url("minutes-review-close", meeting)).status_code == 403


def test_minutes_comment_answer_through_the_page_shows_the_answer_and_its_note(client, cast):
    meeting, _minutes, comment = reviewed_meeting(cast)
    client.force_login(cast.secretary)

    r = client.post(
        url("minutes-comment-answer", meeting, comment_pk=comment.pk),
        answer_data(comment, "not_taken", "Thời hạn đã ghi trong kết luận."),
        follow=True,
    )

    page = r.content.decode()
    assert escape(vi("Your answer to the comment is recorded.")) in page
    assert vi("Not taken into account") in page and "Thời hạn đã ghi trong kết luận." in page


def test_minutes_comment_answer_without_a_choice_keeps_the_page_with_an_error(client, cast):
    meeting, _minutes, comment = reviewed_meeting(cast)
    client.force_login(cast.secretary)
    r = client.post(url("minutes-comment-answer", meeting, comment_pk=comment.pk), answer_data(comment, ""))
    assert r.status_code == 200
    [(_c, form)] = r.context["comment_rows"]
    assert form.errors["answer"]
    comment.refresh_from_db()
    assert comment.answer == ""


def test_minutes_comment_answer_is_404_for_a_comment_on_other_minutes(client, cast):
    meeting, _minutes, _comment = reviewed_meeting(cast)
    other, other_minutes = drafted_meeting_other(cast)
    services.minutes_open_review(minutes=other_minutes, actor=cast.secretary)
    other_comment = services.minutes_comment_add(minutes=other_minutes, actor=cast.standing, body="Ý kiến")
    client.force_login(cast.secretary)
    r = client.post(
        url("minutes-comment-answer", meeting, comment_pk=other_comment.pk), answer_data(other_comment)
    )
    assert r.status_code == 404


def test_minutes_detail_keeps_the_comments_and_their_answers_after_signing(client, cast):
    meeting, minutes, comment = reviewed_meeting(cast)
    services.minutes_review_close(minutes=minutes, actor=cast.chair)
    services.minutes_comment_answer(
        comment=comment, actor=cast.secretary, taken_into_account=True, note="Đã sửa."
    )
    services.minutes_sign(minutes=minutes, actor=cast.secretary)
    services.minutes_sign(minutes=minutes, actor=cast.chair)
    client.force_login(cast.member)

    page = client.get(url("minutes-detail", meeting)).content.decode()

    assert "Đề nghị ghi rõ thời hạn." in page
    assert vi("Taken into account") in page and "Đã sửa." in page
    assert cast.secretary.full_name in page
    assert vi("Answer this comment") not in page and vi("Change the answer") not in page


def test_history_lists_the_early_close_the_comment_and_its_answer(client, cast):
    meeting, minutes, comment = reviewed_meeting(cast)
    services.minutes_review_close(minutes=minutes, actor=cast.chair)
    services.minutes_comment_answer(comment=comment, actor=cast.secretary, taken_into_account=False)
    client.force_login(cast.secretary)

    entries = client.get(url("meeting-history", meeting)).context["entries"]

    actions = [(e.who, e.action) for e in entries]
    assert (cast.chair, vi(str(REASONS["review closed early"]))) in actions
    assert (cast.member_other_agency, vi(str(REASONS["commented"]))) in actions
    assert (cast.secretary, vi(str(REASONS["comment answered"]))) in actions
    answered = next(e for e in entries if e.action == vi(str(REASONS["comment answered"])))
    assert any(c.new == vi("Not taken into account") for c in answered.changes)


def test_addendum_is_created_and_signed_by_minutes_pk(client, cast):
    meeting, minutes = signed_meeting(cast)
    client.force_login(cast.secretary)
    r = client.post(url("minutes-addendum", meeting), {"body": "<p>Sửa tên đại biểu</p>"})
    assert r.status_code == 302
    addendum = Minutes.objects.get(addendum_to=minutes)
    assert client.post(url("minutes-sign", meeting), {"minutes_pk": addendum.pk}).status_code == 302
    client.force_login(cast.chair)
    page = client.get(url("minutes-detail", meeting)).content.decode()
    assert "Sửa tên đại biểu" in page
    assert f'name="minutes_pk" value="{addendum.pk}"' in page
    client.post(url("minutes-sign", meeting), {"minutes_pk": addendum.pk})
    addendum.refresh_from_db()
    assert addendum.locked


def test_minutes_sign_is_404_for_minutes_of_another_meeting(client, cast):
    meeting, _minutes = drafted_meeting(cast)
    _other, other_minutes = drafted_meeting_other(cast)
    client.force_login(cast.secretary)
    r = client.post(url("minutes-sign", meeting), {"minutes_pk": other_minutes.pk})
    assert r.status_code == 404
    assert other_minutes.secretary_signed_by_id is None


def drafted_meeting_other(cast) -> tuple[Meeting, Minutes]:
    meeting = new_meeting(cast, at_eight(days_ahead=10))
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    hold(meeting, cast.secretary)
    return meeting, services.minutes_start(meeting=meeting, actor=cast.secretary)


# --- conclusions and the notice -----------------------------------------------------------------


def test_notice_shows_number_and_kt_truong_ban_when_deputy_signs_for_the_chair(client, cast):
    chair_away(cast)
    meeting, notice = issued_meeting(cast, signer=cast.deputy)
    client.force_login(cast.member)

    r = client.get(url("notice-detail", meeting))

    assert r.status_code == 200
    page = r.content.decode()
    assert "01/TB-BCĐA" in page
    assert "KT. TRƯỞNG BAN" in page
    assert "PHÓ TRƯỞNG BAN" in page
    assert cast.deputy.full_name in page
    assert "31/03/2031" in page
    assert "Tây Ninh, ngày" in page


def test_notice_shows_truong_ban_when_the_chair_signs(client, cast):
    meeting, _notice = issued_meeting(cast, signer=cast.chair)
    client.force_login(cast.member)
    page = client.get(url("notice-detail", meeting)).content.decode()
    assert "TRƯỞNG BAN" in page and "KT. TRƯỞNG BAN" not in page


def test_notice_is_404_before_issue(client, cast):
    meeting, _minutes = signed_meeting(cast)
    client.force_login(cast.chair)
    assert client.get(url("notice-detail", meeting)).status_code == 404


def test_conclusions_sign_through_the_page_redirects_to_the_notice(client, cast):
    chair_away(cast)
    meeting, _minutes = signed_meeting(cast)
    services.conclusion_add(meeting=meeting, actor=cast.secretary, text="Tiếp tục triển khai.")
    client.force_login(cast.deputy)
    assert (
        vi("Sign for the chair (KT. TRƯỞNG BAN)")
        in client.get(url("conclusions-edit", meeting)).content.decode()
    )
    r = client.post(url("conclusions-sign", meeting))
    assert r.status_code == 302
    assert r["Location"] == url("notice-detail", meeting)


def test_conclusions_sign_posted_twice_redirects_with_the_message_instead_of_403(client, cast):
    meeting, _minutes = signed_meeting(cast)
    services.conclusion_add(meeting=meeting, actor=cast.secretary, text="Tiếp tục triển khai.")
    client.force_login(cast.chair)
    assert client.post(url("conclusions-sign", meeting)).status_code == 302

    r = client.post(url("conclusions-sign", meeting), follow=True)  # a second tab, or a double click

    assert r.status_code == 200
    with translation.override("vi"):
        expected = translation.gettext("A meeting that is “%(status)s” cannot be %(action)s.") % {
            "status": Meeting.Status.NOTICE_ISSUED.label,
            "action": Meeting.Action.ISSUE_NOTICE.label,
        }
    assert escape(expected) in r.content.decode()
    assert Notice.objects.filter(meeting=meeting).count() == 1


def test_conclusion_delete_after_the_notice_redirects_with_the_message_instead_of_403(client, cast):
    meeting, _notice = issued_meeting(cast, cast.chair)
    conclusion = meeting.conclusions.get()
    client.force_login(cast.secretary)

    r = client.post(url("conclusion-delete", meeting, conclusion_pk=conclusion.pk), follow=True)

    assert r.status_code == 200
    assert r.redirect_chain[-1][0] == url("conclusions-edit", meeting)
    assert escape(vi("Conclusions cannot be changed for this meeting now.")) in r.content.decode()
    assert meeting.conclusions.filter(pk=conclusion.pk).exists()


def test_conclusion_add_keeps_input_and_shows_errors_when_instruction_lacks_agency(client, cast):
    meeting, _minutes = signed_meeting(cast)
    client.force_login(cast.secretary)
    r = client.post(url("conclusions-edit", meeting), {"text": "Giao sở triển khai", "is_instruction": "on"})
    assert r.status_code == 200
    form = r.context["form"]
    assert "lead_organization" in form.errors and "due_date" in form.errors
    assert "Giao sở triển khai" in r.content.decode()
    assert not meeting.conclusions.exists()


def test_conclusions_are_404_for_a_member_before_the_notice(client, cast):
    meeting, _minutes = signed_meeting(cast)
    client.force_login(cast.member)
    assert client.get(url("conclusions-edit", meeting)).status_code == 404


# --- history ------------------------------------------------------------------------------------


def test_history_lists_who_convened(client, cast):
    meeting, _notice = issued_meeting(cast, signer=cast.chair)
    client.force_login(cast.secretary)

    r = client.get(url("meeting-history", meeting))

    assert r.status_code == 200
    convened = [e for e in r.context["entries"] if e.action == vi(str(REASONS["convened"]))]
    assert [e.who for e in convened] == [cast.chair]
    assert cast.chair.full_name in r.content.decode()
    status_changes = [c for e in convened for c in e.changes]
    assert any(c.new == vi("Convened") for c in status_changes)


def test_history_is_403_for_a_member(client, cast):
    meeting = new_meeting(cast)
    client.force_login(cast.member)
    assert client.get(url("meeting-history", meeting)).status_code == 403


def test_history_query_count_does_not_grow_with_the_records(client, cast, django_assert_max_num_queries):
    meeting, _notice = issued_meeting(cast, signer=cast.chair)
    client.force_login(cast.secretary)
    with django_assert_max_num_queries(20):
        assert client.get(url("meeting-history", meeting)).status_code == 200


# --- calendars ----------------------------------------------------------------------------------


def test_meeting_ics_parses_and_starts_at_eight_in_ho_chi_minh(client, cast):
    start = datetime.datetime(2031, 3, 14, 8, 0, tzinfo=TZ)
    meeting = new_meeting(cast, start)
    client.force_login(cast.member)

    r = client.get(url("meeting-ics", meeting))

    assert r.status_code == 200
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in r["Content-Disposition"] and ".ics" in r["Content-Disposition"]
    cal = icalendar.Calendar.from_ical(r.content)
    event = next(iter(cal.walk("VEVENT")))
    dtstart = event.decoded("dtstart")
    assert dtstart.tzinfo is not None
    assert dtstart == start
    assert dtstart.astimezone(datetime.UTC) == datetime.datetime(2031, 3, 14, 1, 0, tzinfo=datetime.UTC)
    assert str(event["uid"]) == f"meeting-{meeting.pk}@testserver"
    assert str(event["status"]) == "TENTATIVE"
    assert cal.walk("VTIMEZONE")


def test_meeting_ics_is_404_for_an_outsider(client, cast):
    meeting = new_meeting(cast)
    client.force_login(cast.other_member)
    assert client.get(url("meeting-ics", meeting)).status_code == 404


def test_calendar_feed_works_with_the_token_and_is_404_after_revoke(client, cast):
    meeting = new_meeting(cast)
    services.meeting_cancel(
        meeting=new_meeting(cast, at_eight(days_ahead=5)), actor=cast.chair, reason="Trùng lịch"
    )
    client.force_login(cast.member)
    client.post(reverse("meetings:calendar-feed-settings"), {"action": "rotate"})
    token = CalendarToken.objects.get(user=cast.member).token
    settings_page = client.get(reverse("meetings:calendar-feed-settings")).content.decode()
    feed_url = reverse("meetings:calendar-feed", args=[token])
    assert f"http://testserver{feed_url}" in settings_page

    anonymous = Client()
    r = anonymous.get(feed_url)
    assert r.status_code == 200
    cal = icalendar.Calendar.from_ical(r.content)
    events = {str(e["uid"]): str(e["status"]) for e in cal.walk("VEVENT")}
    assert events[f"meeting-{meeting.pk}@testserver"] == "TENTATIVE"
    assert "CANCELLED" in events.values()

    client.post(reverse("meetings:calendar-feed-settings"), {"action": "revoke"})
    assert anonymous.get(feed_url).status_code == 404


def test_calendar_feed_is_404_for_an_unknown_token(client, db):
    assert client.get(reverse("meetings:calendar-feed", args=["no-such-token"])).status_code == 404


def test_calendar_month_shows_the_meeting_and_navigates(client, cast):
    start = datetime.datetime(2031, 3, 14, 8, 0, tzinfo=TZ)
    meeting = new_meeting(cast, start)
    client.force_login(cast.member)

    r = client.get(reverse("meetings:calendar-month"), {"month": "2031-03"})

    assert r.status_code == 200
    page = r.content.decode()
    assert meeting.get_absolute_url() in page
    assert "08:00" in page
    assert "month=2031-02" in page and "month=2031-04" in page
    listed = client.get(reverse("meetings:calendar-month"), {"month": "2031-03", "view": "list"})
    assert meeting.get_absolute_url() in listed.content.decode()


def test_calendar_month_falls_back_to_this_month_on_bad_input(client, cast):
    client.force_login(cast.member)
    r = client.get(reverse("meetings:calendar-month"), {"month": "9999-99"})
    assert r.status_code == 200
    assert r.context["month"].first == timezone.localdate().replace(day=1)


@pytest.mark.parametrize("name", ["calendar-month", "calendar-feed-settings"])
def test_calendar_pages_send_anonymous_visitors_to_login(client, db, name):
    r = client.get(reverse(f"meetings:{name}"))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))


def _queries(client, path: str, params: dict | None = None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_calendar_month_and_feed_query_counts_do_not_grow_with_the_meetings(client, cast):
    new_meeting(cast, datetime.datetime(2031, 3, 2, 8, 0, tzinfo=TZ))
    token = services.calendar_token_rotate(user=cast.member).token
    client.force_login(cast.member)
    month, feed = reverse("meetings:calendar-month"), reverse("meetings:calendar-feed", args=[token])
    one = (_queries(client, month, {"month": "2031-03"}), _queries(Client(), feed))
    for day in (5, 9, 17, 23):
        new_meeting(cast, datetime.datetime(2031, 3, day, 8, 0, tzinfo=TZ))
    five = (_queries(client, month, {"month": "2031-03"}), _queries(Client(), feed))
    assert five == one


def test_minutes_detail_query_count_does_not_grow_with_the_comments(client, cast):
    meeting, minutes = drafted_meeting(cast)
    services.minutes_open_review(minutes=minutes, actor=cast.secretary)
    services.minutes_comment_add(minutes=minutes, actor=cast.member_other_agency, body="Ý kiến 1")
    client.force_login(cast.secretary)
    one = _queries(client, url("minutes-detail", meeting))
    for person in (cast.chair, cast.standing, cast.secretary):
        services.minutes_comment_add(minutes=minutes, actor=person, body=f"Ý kiến của {person}")
    assert _queries(client, url("minutes-detail", meeting)) == one


def test_minutes_detail_query_count_for_the_deputy_does_not_grow_with_the_addenda(client, cast):
    """A deputy may sign an addendum for the presiding chair: whether the chair presides is asked
    once per page, not once per addendum (and not at all when there is no addendum to sign)."""
    meeting, minutes = signed_meeting(cast)
    chair_away(cast)
    client.force_login(cast.deputy)
    page = url("minutes-detail", meeting)

    def add_addendum(n: int) -> None:
        services.minutes_addendum_create(minutes=minutes, actor=cast.secretary, body=f"<p>Đính chính {n}</p>")

    none = _queries(client, page)
    add_addendum(1)
    one = _queries(client, page)
    add_addendum(2)
    add_addendum(3)
    three = _queries(client, page)
    assert client.get(page).content.decode().count(vi("Sign for the chair")) == 3
    assert three == one
    assert three <= none + 1  # the one question "does the chair preside?"
