"""Rules of time and sequence (issue #9): a meeting is held only once it has started, and only
with someone present; the presiding person is not asked to answer; a conclusion is not due
before its meeting, and a past due date is kept only when confirmed; one regular meeting per
quarter (the support group's, per month) unless confirmed, under a name of its own; the
prefilled minutes ask a written opinion only of those who sent a substitute (Điều 6.5, 8.3)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from meetings import services
from meetings.models import Invitation, Meeting, MeetingError
from meetings.permissions import MeetingAccess, Right
from meetings.selectors.meetings import (
    meeting_detail_context,
    meeting_roll_context,
    upcoming_meetings_for_user,
)
from meetings.selectors.minutes import minutes_prefill_context
from members.models import Notification
from tests.meetings.clock import hold, meeting_started

S = Meeting.Status
R = Invitation.Response
At = Invitation.Attendance
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def vi(msgid: str, **params) -> str:
    with override("vi"):
        text = gettext(msgid)
    return text % params if params else text


def page_says(response, msgid: str, **params) -> bool:
    return escape(vi(msgid, **params)) in response.content.decode()


def at(year, month, day, hour=8) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=VN)


def create(mc, kind, start, **kwargs) -> Meeting:
    """A meeting filed as the form files it: no confirmation unless given."""
    return services.meeting_create(
        committee=mc.committee,
        actor=mc.secretary,
        kind=kind,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        **kwargs,
    )


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})


def opening(meeting: Meeting) -> str:
    return timezone.localtime(meeting.start_at).strftime("%H:%M %d/%m/%Y")


@pytest.fixture
def convened(meeting_cast) -> Meeting:
    return meeting_cast.to_state(meeting_cast.meeting, S.CONVENED)


def all_present(meeting: Meeting) -> dict[int, str]:
    return {inv.pk: At.PRESENT for inv in meeting.invitations.all()}


# --- 1. held only once started, and only with someone present -------------------------------------


def test_attendance_record_is_refused_naming_the_opening_time_when_the_meeting_has_not_started(
    meeting_cast, convened
):
    with pytest.raises(MeetingError) as exc:
        services.attendance_record(
            meeting=convened, actor=meeting_cast.secretary, marks=all_present(convened)
        )
    assert exc.value.message == gettext(
        "Attendance can be recorded from %(time)s, when the meeting starts."
    ) % {"time": opening(convened)}
    convened.refresh_from_db()
    assert convened.status == S.CONVENED and convened.held_at is None
    assert not convened.invitations.exclude(attendance="").exists()


def test_attendance_record_marks_the_meeting_held_after_its_start_when_the_meeting_has_started(
    meeting_cast, convened
):
    meeting = hold(convened, meeting_cast.secretary)
    assert meeting.status == S.HELD
    assert meeting.held_at >= meeting.start_at


def test_attendance_record_is_refused_when_the_sheet_is_blank(meeting_cast, convened):
    blank = {inv.pk: At.UNKNOWN for inv in convened.invitations.all()}
    with meeting_started(convened), pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=convened, actor=meeting_cast.secretary, marks=blank)
    assert exc.value.messages == [
        gettext("The attendance sheet is blank: mark who was present and who was absent.")
    ]
    convened.refresh_from_db()
    assert convened.status == S.CONVENED


def test_attendance_record_is_refused_when_nobody_is_marked_present(meeting_cast, convened):
    absent = {inv.pk: At.ABSENT_UNEXCUSED for inv in convened.invitations.all()}
    with meeting_started(convened), pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=convened, actor=meeting_cast.secretary, marks=absent)
    assert exc.value.messages == [
        gettext("Nobody is marked present: a meeting nobody attended cannot be recorded as held.")
    ]
    convened.refresh_from_db()
    assert convened.status == S.CONVENED


def test_minutes_start_is_refused_when_the_meeting_has_not_been_held(meeting_cast, convened):
    with pytest.raises(MeetingError):
        services.minutes_start(meeting=convened, actor=meeting_cast.secretary)
    assert not convened.minutes_set.exists()


def test_minutes_and_notice_are_dated_after_the_meeting_started_when_signed_after_holding(
    meeting_cast, convened
):
    mc = meeting_cast
    with meeting_started(convened, after=datetime.timedelta(hours=1)):
        services.attendance_record(meeting=convened, actor=mc.secretary, marks=all_present(convened))
        minutes = services.minutes_start(meeting=convened, actor=mc.secretary)
        services.minutes_sign(minutes=minutes, actor=mc.secretary)
        services.minutes_sign(minutes=minutes, actor=mc.chair)
        services.conclusion_add(meeting=convened, actor=mc.secretary, text="Giao các sở triển khai.")
        notice = services.conclusions_sign(meeting=convened, actor=mc.chair)
    minutes.refresh_from_db()
    assert minutes.secretary_signed_at >= convened.start_at
    assert minutes.presiding_signed_at >= convened.start_at
    assert notice.signed_at >= convened.start_at


def test_attendance_page_redirects_with_the_opening_time_when_the_meeting_has_not_started(
    client, meeting_cast, convened
):
    client.force_login(meeting_cast.secretary)
    r = client.get(url("attendance-record", convened), follow=True)
    assert r.redirect_chain[-1][0] == url("meeting-detail", convened)
    assert page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )


def test_attendance_post_is_refused_with_the_opening_time_when_the_meeting_has_not_started(
    client, meeting_cast, convened
):
    client.force_login(meeting_cast.secretary)
    data = {f"mark_{pk}": mark for pk, mark in all_present(convened).items()}
    r = client.post(url("attendance-record", convened), data, follow=True)
    assert page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )
    convened.refresh_from_db()
    assert convened.status == S.CONVENED


def test_attendance_sheet_sent_before_the_start_keeps_every_mark_typed_under_the_refusal(
    client, meeting_cast, convened
):
    """A sheet sent from a page opened too early is refused above the sheet, marks kept."""
    client.force_login(meeting_cast.secretary)
    invitations = list(convened.invitations.all())
    data = {f"mark_{inv.pk}": At.PRESENT for inv in invitations}
    data[f"mark_{invitations[-1].pk}"] = At.ABSENT_UNEXCUSED
    r = client.post(url("attendance-record", convened), data)
    assert r.status_code == 200
    assert page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )
    form = r.context["form"]
    assert {name: form[name].value() for name in data} == data


def test_attendance_form_shows_the_blank_sheet_refusal_and_keeps_the_marks_when_nobody_is_marked(
    client, meeting_cast, convened
):
    invitations = list(convened.invitations.all())
    data = {f"mark_{inv.pk}": "" for inv in invitations}
    data[f"mark_{invitations[0].pk}"] = At.ABSENT_UNEXCUSED
    with meeting_started(convened):
        client.force_login(meeting_cast.secretary)  # a session opened at that time
        r = client.post(url("attendance-record", convened), data)
    assert r.status_code == 200
    assert page_says(r, "Nobody is marked present: a meeting nobody attended cannot be recorded as held.")
    assert f'<option value="{At.ABSENT_UNEXCUSED}" selected>' in r.content.decode()
    convened.refresh_from_db()
    assert convened.status == S.CONVENED


def test_meeting_page_says_when_attendance_opens_when_the_secretary_views_it_before_the_start(
    client, meeting_cast, convened
):
    client.force_login(meeting_cast.secretary)
    r = client.get(url("meeting-detail", convened))
    assert page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )
    assert url("attendance-record", convened) not in r.content.decode()

    with meeting_started(convened):
        client.force_login(meeting_cast.secretary)
        r = client.get(url("meeting-detail", convened))
    assert url("attendance-record", convened) in r.content.decode()
    assert not page_says(
        r, "Attendance can be recorded from %(time)s, when the meeting starts.", time=opening(convened)
    )


# --- 4. the presiding person is not asked to answer --------------------------------------------------


def test_invitation_respond_is_refused_when_the_presiding_person_answers(meeting_cast, convened):
    own = meeting_cast.invitation(convened, meeting_cast.chair)
    assert convened.presiding == meeting_cast.chair
    with pytest.raises(PermissionDenied):
        services.invitation_respond(invitation=own, actor=meeting_cast.chair, response=R.ATTEND)
    own.refresh_from_db()
    assert own.response == R.PENDING


def test_meeting_page_offers_no_answer_button_when_the_viewer_presides(client, meeting_cast, convened):
    client.force_login(meeting_cast.chair)
    r = client.get(url("meeting-detail", convened))
    assert url("invitation-respond", convened) not in r.content.decode()
    assert page_says(r, "You preside over this meeting: you are not asked to answer the invitation.")
    assert client.get(url("invitation-respond", convened)).status_code == 403


def test_home_does_not_ask_the_presiding_person_to_answer_when_they_preside(client, meeting_cast, convened):
    [upcoming] = [m for m in upcoming_meetings_for_user(meeting_cast.chair) if m.pk == convened.pk]
    assert upcoming.awaits_my_answer is False
    assert upcoming.my_response_label == gettext("Presiding")
    client.force_login(meeting_cast.chair)
    assert url("invitation-respond", convened) not in client.get("/").content.decode()
    client.force_login(meeting_cast.deputy)
    assert url("invitation-respond", convened) in client.get("/").content.decode()


def test_answer_counts_leave_out_the_presiding_person_when_nobody_has_answered(meeting_cast, convened):
    access = MeetingAccess(meeting_cast.chair, convened)
    counts = {c["value"]: c["count"] for c in meeting_detail_context(access)["answer_counts"]}
    assert counts[R.PENDING] == convened.invitations.count() - 1


def test_roll_does_not_list_the_presiding_person_as_not_answered_when_they_preside(meeting_cast, convened):
    roll = meeting_roll_context(MeetingAccess(meeting_cast.chair, convened))
    assert meeting_cast.chair.pk not in {inv.user_id for inv in roll["not_answered"]}
    assert meeting_cast.deputy.pk in {inv.user_id for inv in roll["not_answered"]}
    counts = {c["value"]: c["count"] for c in roll["answer_counts"]}
    assert counts[R.PENDING] == len(roll["not_answered"])


def test_meeting_convene_tells_the_presiding_person_they_preside_when_invitees_are_invited(meeting_cast):
    mc = meeting_cast
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    services.meeting_convene(meeting=mc.meeting, actor=mc.chair)
    to_chair = [str(note) for note in Notification.objects.filter(pk__gt=before, user=mc.chair)]
    to_member = [str(note) for note in Notification.objects.filter(pk__gt=before, user=mc.member)]
    details = {
        "meeting": mc.meeting,
        "time": timezone.localtime(mc.meeting.start_at).strftime("%d/%m/%Y %H:%M"),
        "place": mc.meeting.place,
    }
    assert to_chair == [gettext("You preside over %(meeting)s at %(time)s, %(place)s.") % details]
    assert to_member == [gettext("You are invited to %(meeting)s at %(time)s, %(place)s.") % details]


def test_attendance_form_preselects_the_presiding_person_as_present_when_they_did_not_answer(
    client, meeting_cast, convened
):
    chair_inv = meeting_cast.invitation(convened, meeting_cast.chair)
    with meeting_started(convened):
        client.force_login(meeting_cast.secretary)
        page = client.get(url("attendance-record", convened)).content.decode()
    field = page.split(f'name="mark_{chair_inv.pk}"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{At.PRESENT}" selected>' in field


# --- 5. a conclusion's due date ---------------------------------------------------------------------


@pytest.fixture
def drafting(meeting_cast) -> Meeting:
    """A meeting whose minutes are being drafted (conclusions may be drafted)."""
    return meeting_cast.to_state(meeting_cast.meeting, S.MINUTES_DRAFTED)


def add_instruction(mc, meeting, due, **kwargs):
    return services.conclusion_add(
        meeting=meeting,
        actor=mc.secretary,
        text="Sở Kế hoạch và Đầu tư tham mưu.",
        is_instruction=True,
        lead_organization=mc.org_a,
        due_date=due,
        **kwargs,
    )


def test_conclusion_add_is_refused_when_the_due_date_is_before_the_meeting(meeting_cast, drafting):
    held_on = timezone.localdate(drafting.start_at)
    with pytest.raises(ValidationError) as exc:
        add_instruction(meeting_cast, drafting, held_on - datetime.timedelta(days=1), confirm_past_due=True)
    assert exc.value.message_dict == {
        "due_date": [
            gettext("The due date cannot be before the meeting (%(date)s).")
            % {"date": held_on.strftime("%d/%m/%Y")}
        ]
    }
    assert not drafting.conclusions.exists()


def test_conclusion_add_asks_for_confirmation_when_the_due_date_is_already_past(meeting_cast, drafting):
    due = timezone.localdate(drafting.start_at) + datetime.timedelta(days=2)
    with meeting_started(drafting, after=datetime.timedelta(days=10)), pytest.raises(ValidationError) as exc:
        add_instruction(meeting_cast, drafting, due)
    assert list(exc.value.message_dict) == ["confirm_past_due"]
    assert due.strftime("%d/%m/%Y") in exc.value.message_dict["confirm_past_due"][0]
    assert not drafting.conclusions.exists()


def test_conclusion_add_keeps_a_past_due_date_when_confirmed(meeting_cast, drafting):
    due = timezone.localdate(drafting.start_at) + datetime.timedelta(days=2)
    with meeting_started(drafting, after=datetime.timedelta(days=10)):
        conclusion = add_instruction(meeting_cast, drafting, due, confirm_past_due=True)
    assert conclusion.due_date == due


def test_conclusion_add_needs_no_confirmation_when_the_due_date_is_ahead(meeting_cast, drafting):
    due = timezone.localdate(drafting.start_at) + datetime.timedelta(days=30)
    assert add_instruction(meeting_cast, drafting, due).due_date == due


def test_conclusions_form_shows_the_warning_and_a_confirm_box_keeping_what_was_typed_when_the_date_is_past(
    client, meeting_cast, drafting
):
    client.force_login(meeting_cast.secretary)
    page = client.get(url("conclusions-edit", drafting)).content.decode()
    assert 'name="confirm_past_due"' not in page  # nothing to confirm yet

    due = timezone.localdate(drafting.start_at) + datetime.timedelta(days=2)
    data = {
        "text": "Sở Tài chính bố trí kinh phí.",
        "is_instruction": "on",
        "lead_organization": meeting_cast.org_b.pk,
        "due_date": due.isoformat(),
    }
    with meeting_started(drafting, after=datetime.timedelta(days=10)):
        client.force_login(meeting_cast.secretary)
        r = client.post(url("conclusions-edit", drafting), data)
        page = r.content.decode()
        assert r.status_code == 200
        assert 'type="checkbox" name="confirm_past_due"' in page
        assert escape(vi("Keep this due date, although it is already past")) in page
        assert "đã qua" in page and due.strftime("%d/%m/%Y") in page
        assert "Sở Tài chính bố trí kinh phí." in page and f'value="{due.isoformat()}"' in page
        assert not drafting.conclusions.exists()

        r = client.post(url("conclusions-edit", drafting), {**data, "confirm_past_due": "on"})
    assert r.status_code == 302
    assert drafting.conclusions.get().due_date == due


def test_conclusion_update_is_refused_when_the_new_due_date_is_before_the_meeting(meeting_cast, drafting):
    conclusion = add_instruction(meeting_cast, drafting, timezone.localdate(drafting.start_at))
    held_on = timezone.localdate(drafting.start_at)
    with pytest.raises(ValidationError) as exc:
        services.conclusion_update(
            conclusion=conclusion,
            actor=meeting_cast.secretary,
            text=conclusion.text,
            is_instruction=True,
            lead_organization=meeting_cast.org_a,
            due_date=held_on - datetime.timedelta(days=1),
            confirm_past_due=True,
        )
    assert list(exc.value.message_dict) == ["due_date"]
    conclusion.refresh_from_db()
    assert conclusion.due_date == held_on


def test_conclusion_edit_page_asks_to_confirm_a_past_due_date_keeping_what_was_typed(
    client, meeting_cast, drafting
):
    held_on = timezone.localdate(drafting.start_at)
    conclusion = add_instruction(meeting_cast, drafting, held_on + datetime.timedelta(days=30))
    edit = reverse("meetings:conclusion-edit", kwargs={"pk": drafting.pk, "conclusion_pk": conclusion.pk})
    due = held_on + datetime.timedelta(days=2)
    data = {
        "text": "Sở Tài chính bố trí kinh phí.",
        "is_instruction": "on",
        "lead_organization": meeting_cast.org_b.pk,
        "due_date": due.isoformat(),
    }
    with meeting_started(drafting, after=datetime.timedelta(days=10)):
        client.force_login(meeting_cast.secretary)
        r = client.post(edit, data)
        page = r.content.decode()
        assert r.status_code == 200
        assert 'type="checkbox" name="confirm_past_due"' in page
        assert "Sở Tài chính bố trí kinh phí." in page and f'value="{due.isoformat()}"' in page
        conclusion.refresh_from_db()
        assert conclusion.due_date == held_on + datetime.timedelta(days=30)

        r = client.post(edit, {**data, "confirm_past_due": "on"})
    assert r.status_code == 302
    conclusion.refresh_from_db()
    assert conclusion.due_date == due


# --- 6. one regular meeting per period, under a name of its own ----------------------------------------


def test_meeting_create_asks_for_confirmation_when_the_quarter_already_has_its_regular_meeting(meeting_cast):
    first = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 8, 10))
    with pytest.raises(ValidationError) as exc:
        create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 9, 20))
    [message] = exc.value.message_dict["confirm_second_meeting"]
    assert str(first) in message and "10/08/2031" in message
    assert Meeting.objects.filter(committee=meeting_cast.committee, year=2031).count() == 1


def test_meeting_create_names_the_second_regular_meeting_lan_2_when_confirmed_without_a_title(meeting_cast):
    first = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 8, 10))
    second = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 9, 20), confirm_second_meeting=True)
    assert first.title == ""
    with override("vi"):
        assert second.title == f"{first.numbered_name} (lần 2)"
        assert str(second) != str(first)


def test_meeting_create_refuses_a_title_taken_in_the_period_suggesting_a_distinct_one(meeting_cast):
    create(meeting_cast, Meeting.Kind.EXTRAORDINARY, at(2031, 3, 10), title="Họp về an toàn thông tin")
    with pytest.raises(ValidationError) as exc:
        create(meeting_cast, Meeting.Kind.EXTRAORDINARY, at(2031, 11, 10), title="Họp về an toàn thông tin")
    with override("vi"):
        expected = gettext(
            "Another meeting of this kind in the same period is already called “%(name)s”: give this one a distinct title, such as “%(suggestion)s”."
        ) % {"name": "Họp về an toàn thông tin", "suggestion": "Họp về an toàn thông tin (lần 2)"}
    assert exc.value.message_dict == {"title": [expected]}


def test_meeting_create_needs_no_confirmation_when_the_other_regular_meeting_of_the_quarter_is_cancelled(
    meeting_cast,
):
    first = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 8, 10))
    services.meeting_cancel(meeting=first, actor=meeting_cast.chair, reason="Trùng lịch")
    again = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 8, 24))
    assert again.title == ""


def test_meeting_create_needs_no_confirmation_when_the_regular_meetings_are_in_different_quarters(
    meeting_cast,
):
    create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 9, 29))
    next_quarter = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 10, 2))
    assert next_quarter.title == ""


def test_meeting_create_asks_for_confirmation_when_the_support_group_already_meets_that_month(meeting_cast):
    lead = {"presiding": meeting_cast.secretary2}
    create(meeting_cast, Meeting.Kind.SUPPORT_MONTHLY, at(2031, 8, 5), **lead)
    with pytest.raises(ValidationError) as exc:
        create(meeting_cast, Meeting.Kind.SUPPORT_MONTHLY, at(2031, 8, 25), **lead)
    assert list(exc.value.message_dict) == ["confirm_second_meeting"]
    assert create(meeting_cast, Meeting.Kind.SUPPORT_MONTHLY, at(2031, 9, 5), **lead).title == ""


def test_meeting_postpone_asks_for_confirmation_when_moved_into_a_quarter_with_its_regular_meeting(
    meeting_cast,
):
    create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 11, 10))
    moving = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 9, 10))
    new_start = at(2031, 10, 20)
    with pytest.raises(ValidationError) as exc:
        services.meeting_postpone(
            meeting=moving,
            actor=meeting_cast.chair,
            start_at=new_start,
            end_at=new_start + datetime.timedelta(hours=2),
            reason="Trùng lịch",
        )
    assert "confirm_second_meeting" in exc.value.message_dict
    moved = services.meeting_postpone(
        meeting=moving,
        actor=meeting_cast.chair,
        start_at=new_start,
        end_at=new_start + datetime.timedelta(hours=2),
        reason="Trùng lịch",
        confirm_second_meeting=True,
    )
    assert moved.start_at == new_start and moved.title.endswith("(lần 2)")


def test_meeting_update_asks_for_confirmation_when_a_draft_moves_into_a_quarter_with_its_regular_meeting(
    meeting_cast,
):
    create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 11, 10))
    moving = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 9, 10))
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(
            meeting=moving, actor=meeting_cast.secretary, start_at=at(2031, 10, 6), end_at=at(2031, 10, 6, 10)
        )
    assert list(exc.value.message_dict) == ["confirm_second_meeting"]
    moving.refresh_from_db()
    assert moving.start_at == at(2031, 9, 10)


def test_meeting_update_needs_no_confirmation_when_only_the_place_of_a_second_regular_meeting_changes(
    meeting_cast,
):
    create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 8, 10))
    second = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 9, 10), confirm_second_meeting=True)
    updated = services.meeting_update(meeting=second, actor=meeting_cast.secretary, place="Hội trường tầng 2")
    assert updated.place == "Hội trường tầng 2" and updated.title.endswith("(lần 2)")


def test_meeting_form_shows_the_confirm_box_and_keeps_what_was_typed_when_a_second_regular_meeting_is_filed(
    client, meeting_cast
):
    first = create(meeting_cast, Meeting.Kind.QUARTERLY, at(2031, 8, 10))
    client.force_login(meeting_cast.secretary)
    create_url = reverse("meetings:meeting-create", kwargs={"committee_pk": meeting_cast.committee.pk})
    assert 'name="confirm_second_meeting"' not in client.get(create_url).content.decode()

    data = {
        "kind": Meeting.Kind.QUARTERLY,
        "start_at": "2031-09-20T08:00",
        "end_at": "2031-09-20T10:00",
        "place": "Hội trường tầng 2",
    }
    r = client.post(create_url, data)
    page = r.content.decode()
    assert r.status_code == 200
    assert 'type="checkbox" name="confirm_second_meeting"' in page
    assert escape(str(first)) in page and "10/08/2031" in page
    with override("vi"):
        assert escape(f"{first.numbered_name} (lần 2)") in page  # the name it will take
    assert 'value="Hội trường tầng 2"' in page and 'value="2031-09-20T08:00"' in page

    r = client.post(create_url, {**data, "confirm_second_meeting": "on"})
    assert r.status_code == 302
    second = Meeting.objects.exclude(pk=first.pk).get(committee=meeting_cast.committee, year=2031)
    assert second.title.endswith("(lần 2)")


# --- 7. the prefilled minutes: written opinions (Điều 6.5) ----------------------------------------------


def test_minutes_prefill_names_as_missing_only_who_sent_a_substitute_when_an_absence_was_approved_without_one(
    meeting_cast, convened
):
    mc = meeting_cast
    excused = mc.invitation(convened, mc.member)
    services.invitation_respond(
        invitation=excused, actor=mc.member, response=R.ABSENT, absence_reason="Đi công tác"
    )
    services.absence_decide(invitation=excused, actor=mc.chair, approve=True)
    substituted = mc.invitation(convened, mc.member_other_agency)
    marks = all_present(convened)
    marks[excused.pk] = At.ABSENT_APPROVED
    marks[substituted.pk] = At.SUBSTITUTE_PRESENT  # came with a substitute, no opinion in writing
    hold(convened, mc.secretary, marks)

    context = minutes_prefill_context(convened)
    assert [inv.user for inv in context["missing_opinions"]] == [mc.member_other_agency]
    body = services.minutes_start(meeting=convened, actor=mc.secretary).body
    missing = body.split(escape(vi("No written opinion was received from")), 1)[1].split("</p>", 1)[0]
    assert str(mc.member_other_agency) in missing and str(mc.member) not in missing


@pytest.mark.parametrize("started", [False, True])
def test_answer_is_refused_saying_the_meeting_is_cancelled_when_it_was_cancelled(meeting_cast, started):
    """Not "the meeting has started": a cancelled meeting needs no answer, before or after its hour."""
    cancelled = meeting_cast.to_state(meeting_cast.meeting, S.CANCELLED)
    access = MeetingAccess(meeting_cast.member, cancelled)
    if started:
        with meeting_started(cancelled):
            refusal = access.refusal(Right.ANSWER)
    else:
        refusal = access.refusal(Right.ANSWER)
    assert refusal == vi("The meeting is cancelled: no answer is needed.")
