"""The chair's working sessions with agencies (Điều 9.2): who is invited, the whole lifecycle from
the invitation to the directives of the notice, their numbering, who files one, the calendar, and
the agencies field of the new-meeting form."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from meetings import services
from meetings.documents.context import invitation_context, notice_context
from meetings.models import Invitation, Meeting, MeetingError, Notice
from reports.dashboard import quarter_trends
from reports.quarterly import compile_quarter
from reports.quarterly_documents import _meetings_item
from tasks.models import Directive
from tests.meetings.clock import hold
from tests.meetings.conftest import in_days
from tests.members.factories import OrganizationFactory, RoleAssignmentFactory, UserFactory

S = Meeting.Status
WS = Meeting.Kind.WORKING_SESSION


def vi(msgid: str) -> str:
    with override("vi"):
        return gettext(msgid)


def session(mc, *, agencies=None, presiding=None, actor=None, start_at=None, **kwargs) -> Meeting:
    return mc.new_meeting(
        WS,
        agencies=[mc.org_a] if agencies is None else agencies,
        presiding=presiding,
        actor=actor,
        start_at=start_at,
        **kwargs,
    )


def invited(meeting: Meeting) -> dict[str, str]:
    return {inv.user.username: inv.kind for inv in meeting.invitations.select_related("user")}


# --- creating one -------------------------------------------------------------------------------


def test_working_session_invites_the_agency_s_people_and_the_support_group_not_the_whole_committee(
    meeting_cast,
):
    mc = meeting_cast
    meeting = session(mc)
    assert meeting.presiding == mc.chair
    assert list(meeting.agencies.all()) == [mc.org_a]
    # Sở KH&ĐT's standing member, member and focal officer; the support group; the chair presides.
    assert invited(meeting) == {
        "chair": Invitation.Kind.MEMBER,
        "standing": Invitation.Kind.MEMBER,
        "member": Invitation.Kind.MEMBER,
        "focal": Invitation.Kind.MEMBER,
        "secretary": Invitation.Kind.SUPPORT,
        "secretary2": Invitation.Kind.SUPPORT,
    }


def test_working_session_with_two_agencies_invites_the_people_of_both(meeting_cast):
    mc = meeting_cast
    meeting = session(mc, agencies=[mc.org_a, mc.org_b], presiding=mc.deputy)
    assert set(invited(meeting)) == {
        "deputy",
        "standing",
        "member",
        "focal",
        "member_b",
        "secretary",
        "secretary2",
    }


def test_working_session_leaves_out_an_agency_s_people_whose_term_has_ended(meeting_cast):
    mc = meeting_cast
    former = UserFactory(username="former_focal", organization=mc.org_a)
    RoleAssignmentFactory(
        user=former,
        committee=mc.committee,
        role=RoleAssignmentFactory._meta.model.Role.FOCAL_OFFICER,
        organization=mc.org_a,
        start_date=datetime.date(2020, 1, 1),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert "former_focal" not in invited(session(mc))


def test_working_session_is_refused_without_an_agency(meeting_cast):
    with pytest.raises(ValidationError) as exc:
        session(meeting_cast, agencies=[])
    assert exc.value.message_dict == {
        "agencies": [vi("Choose the agency or agencies the working session is held with.")]
    }
    assert not Meeting.objects.filter(kind=WS).exists()


def test_working_session_is_refused_with_an_agency_not_represented_in_the_committee(meeting_cast):
    mc = meeting_cast
    stranger = OrganizationFactory(name="Sở Y tế", short_code="SYT")
    with pytest.raises(ValidationError) as exc:
        session(mc, agencies=[mc.org_a, stranger])
    assert exc.value.message_dict == {
        "agencies": [vi("A working session is held with agencies represented in the committee.")]
    }
    assert not Meeting.objects.filter(kind=WS).exists()


def test_working_session_is_refused_when_someone_else_than_the_chair_or_a_deputy_presides(meeting_cast):
    mc = meeting_cast
    with pytest.raises(ValidationError) as exc:
        session(mc, presiding=mc.standing)
    assert exc.value.message_dict == {
        "presiding": [vi("The chair or a deputy chair presides over a working session.")]
    }


def test_working_session_presiding_cannot_be_changed_to_a_member(meeting_cast):
    mc = meeting_cast
    meeting = session(mc)
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(meeting=meeting, actor=mc.secretary, presiding=mc.member)
    assert "presiding" in exc.value.message_dict
    meeting.refresh_from_db()
    assert meeting.presiding == mc.chair


def test_other_kinds_of_meeting_name_no_agency(meeting_cast):
    with pytest.raises(ValidationError) as exc:
        meeting_cast.new_meeting(Meeting.Kind.EXTRAORDINARY, agencies=[meeting_cast.org_a])
    assert exc.value.message_dict == {"agencies": [vi("Only a working session is held with agencies.")]}


def test_two_working_sessions_in_a_quarter_need_no_confirmation(meeting_cast):
    mc = meeting_cast
    first = session(mc, confirm_second_meeting=False)
    second = session(mc, agencies=[mc.org_b], confirm_second_meeting=False, days=4)
    assert (first.sequence, second.sequence) == (1, 2)


# --- numbering ----------------------------------------------------------------------------------


def test_working_sessions_are_numbered_per_year_apart_from_the_other_meetings(meeting_cast):
    mc = meeting_cast
    year = timezone.localdate().year + 1
    march = timezone.make_aware(datetime.datetime(year, 3, 10, 8, 0))
    first = session(mc, start_at=march)
    second = session(mc, start_at=march + datetime.timedelta(days=30), agencies=[mc.org_b])
    next_year = session(mc, start_at=march.replace(year=year + 1))
    with override("vi"):
        assert first.numbered_name == f"Buổi làm việc số 1/{year}"
        assert second.numbered_name == f"Buổi làm việc số 2/{year}"
        assert next_year.numbered_name == f"Buổi làm việc số 1/{year + 1}"
        assert str(second) == f"Buổi làm việc số 2/{year}"


# --- the whole lifecycle --------------------------------------------------------------------------


def _through_the_notice(mc, meeting: Meeting, signer) -> Notice:
    services.meeting_convene(meeting=meeting, actor=signer)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == S.CONVENED
    assert meeting.invitation_letters.filter(superseded_at__isnull=True).exists()
    hold(meeting, mc.secretary)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == S.HELD
    minutes = services.minutes_start(meeting=meeting, actor=mc.secretary)
    services.minutes_sign(minutes=minutes, actor=mc.secretary)
    services.minutes_sign(minutes=minutes, actor=meeting.presiding)
    minutes.refresh_from_db()
    assert minutes.locked
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == S.MINUTES_SIGNED
    services.conclusion_add(
        meeting=meeting,
        actor=mc.secretary,
        text="Sở Kế hoạch và Đầu tư hoàn thiện đề án chuyển đổi số của ngành.",
        is_instruction=True,
        lead_organization=mc.org_a,
        due_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    services.conclusion_add(meeting=meeting, actor=mc.secretary, text="Ghi nhận kết quả của Sở.")
    return services.conclusions_sign(meeting=meeting, actor=signer)


def test_working_session_goes_from_invitation_to_notice_to_directives_for_its_agency(meeting_cast):
    mc = meeting_cast
    notice = _through_the_notice(mc, session(mc), mc.chair)
    assert notice.signed_as == Notice.SignedAs.CHAIR
    assert notice.meeting.status == S.NOTICE_ISSUED
    directives = list(Directive.objects.filter(notice=notice))
    assert [(d.lead_organization, d.committee) for d in directives] == [(mc.org_a, mc.committee)]


def test_working_session_s_notice_takes_the_next_number_of_the_committee_s_notice_register(meeting_cast):
    mc = meeting_cast
    regular = mc.meeting_in(S.NOTICE_ISSUED)
    notice = _through_the_notice(mc, session(mc), mc.chair)
    assert (regular.notice.number, notice.number) == (1, 2)
    assert notice.symbol == "02/TB-BCĐA"


def test_deputy_presiding_a_working_session_convenes_it_and_signs_its_notice_for_the_chair(meeting_cast):
    mc = meeting_cast
    notice = _through_the_notice(mc, session(mc, presiding=mc.deputy), mc.deputy)
    assert (notice.signed_by, notice.signed_as) == (mc.deputy, Notice.SignedAs.ACTING)
    assert Directive.objects.filter(notice=notice, lead_organization=mc.org_a).count() == 1


def test_deputy_still_cannot_sign_for_the_chair_on_a_working_session_the_chair_presides(meeting_cast):
    mc = meeting_cast
    meeting = session(mc)
    services.meeting_convene(meeting=meeting, actor=mc.chair)
    meeting = Meeting.objects.get(pk=meeting.pk)
    with pytest.raises(MeetingError):
        services.meeting_postpone(
            meeting=meeting,
            actor=mc.deputy,
            start_at=meeting.start_at + datetime.timedelta(days=1),
            end_at=meeting.end_at + datetime.timedelta(days=1),
            reason="Trùng lịch",
        )


# --- the form: who files one, and what they may choose --------------------------------------------


def create_url(mc) -> str:
    return reverse("meetings:meeting-create", kwargs={"committee_pk": mc.committee.pk})


@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("chair", True),
        ("deputy", True),
        ("standing", True),
        ("secretary", True),
        ("member", False),
        ("focal", False),
        ("other_member", False),
    ],
)
def test_the_working_session_kind_is_offered_to_those_who_file_meetings_only(
    client, meeting_cast, who, offered
):
    client.force_login(getattr(meeting_cast, who))
    r = client.get(create_url(meeting_cast))
    page = r.content.decode()
    assert (r.status_code == 200 and 'value="working_session"' in page) is offered
    if offered:
        assert escape(vi("Working session")) in page
        # The agencies represented in committee A, and none other.
        assert escape(meeting_cast.org_a.name) in page and escape(meeting_cast.org_b.name) in page
        assert (
            escape(meeting_cast.org_ubnd.name)
            not in page.split('name="agencies"', 1)[-1].split("</fieldset>")[0]
        )


def _post(mc, client, **changes):
    start = in_days(5, hour=14)
    data = {
        "kind": WS,
        "title": "",
        "start_at": start.strftime("%Y-%m-%dT%H:%M"),
        "end_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Phòng họp UBND tỉnh",
        "presiding": "",
        "secretary": "",
        "agencies": [str(mc.org_a.pk)],
    }
    data.update(changes)
    return client.post(create_url(mc), data)


def test_the_secretary_files_a_working_session_from_the_form(client, meeting_cast):
    mc = meeting_cast
    client.force_login(mc.secretary)
    r = _post(mc, client)
    meeting = Meeting.objects.get(kind=WS)
    assert r.status_code == 302 and r["Location"] == meeting.get_absolute_url()
    assert list(meeting.agencies.all()) == [mc.org_a]
    assert "member_b" not in invited(meeting)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert escape(vi("Agencies worked with")) in page and escape(mc.org_a.name) in page


@pytest.mark.parametrize(
    "agencies",
    [
        ["999999"],
        ["<script>alert(1)</script>"],
        ["1 OR 1=1"],
        ["-1"],
        ["𝔖ở"],
    ],
)
def test_hostile_agencies_are_refused_on_the_form_which_keeps_what_was_typed(client, meeting_cast, agencies):
    mc = meeting_cast
    client.force_login(mc.secretary)
    r = _post(mc, client, agencies=agencies, place="Phòng họp số 7")
    assert r.status_code == 200
    page = r.content.decode()
    assert escape(vi("Choose among the agencies represented in the committee.")) in page
    assert "<script>alert(1)</script>" not in page
    assert 'value="Phòng họp số 7"' in page
    assert not Meeting.objects.filter(kind=WS).exists()


def test_an_agency_of_another_committee_only_is_refused_on_the_form(client, meeting_cast):
    mc = meeting_cast
    elsewhere = OrganizationFactory(name="Sở Y tế", short_code="SYT")
    RoleAssignmentFactory(
        user=UserFactory(username="yte", organization=elsewhere),
        committee=mc.other_committee,
        role=RoleAssignmentFactory._meta.model.Role.MEMBER,
        organization=elsewhere,
    )
    client.force_login(mc.secretary)
    r = _post(mc, client, agencies=[str(elsewhere.pk)])
    assert r.status_code == 200
    assert escape(vi("Choose among the agencies represented in the committee.")) in r.content.decode()
    assert not Meeting.objects.filter(kind=WS).exists()


def test_the_form_says_a_working_session_needs_an_agency_and_keeps_the_kind(client, meeting_cast):
    mc = meeting_cast
    client.force_login(mc.secretary)
    r = _post(mc, client, agencies=[])
    assert r.status_code == 200
    page = r.content.decode()
    assert escape(vi("Choose the agency or agencies the working session is held with.")) in page
    assert 'value="working_session" selected' in page


# --- the calendar and the list ------------------------------------------------------------------


def test_the_calendar_and_the_meeting_list_show_the_working_session(client, meeting_cast):
    mc = meeting_cast
    year = timezone.localdate().year + 1
    meeting = session(mc, start_at=timezone.make_aware(datetime.datetime(year, 3, 10, 8, 0)))
    client.force_login(mc.focal)
    page = client.get(reverse("meetings:calendar-month"), {"month": f"{year}-03"}).content.decode()
    assert meeting.get_absolute_url() in page
    assert f"Buổi làm việc số 1/{year}" in page
    listing = client.get(reverse("meetings:meeting-list")).content.decode()
    assert f"Buổi làm việc số 1/{year}" in listing


# --- the reports ----------------------------------------------------------------------------------


def _held_session_and_meeting(mc):
    """A regular meeting and a working session of committee A, both held this quarter."""
    regular = mc.meeting_in(S.HELD)
    meeting = session(mc)
    services.meeting_convene(meeting=meeting, actor=mc.chair)
    hold(Meeting.objects.get(pk=meeting.pk), mc.secretary)
    return regular, Meeting.objects.get(pk=meeting.pk)


def test_quarterly_figures_list_the_working_session_by_kind_apart_from_the_meetings_held(meeting_cast):
    mc = meeting_cast
    regular, meeting = _held_session_and_meeting(mc)
    figures = compile_quarter(mc.committee, *_quarter(timezone.localdate(meeting.start_at)))
    meetings = figures["meetings"]
    assert meetings["by_kind"]["working_session"] == 1
    assert meetings["held"] == meetings["by_kind"]["quarterly"] == 1
    listed = {row["id"]: row["kind_label"] for row in meetings["list"]}
    assert listed[meeting.pk] == "Buổi làm việc"
    # The agency's people invited to it are not the committee's attendance.
    assert [row["id"] for row in figures["attendance"]["meetings"]] == [regular.pk]
    item = _meetings_item(figures)
    assert "Ngoài ra, Trưởng ban đã có 1 buổi làm việc với các cơ quan." in item.text


def test_the_dashboard_trend_of_meetings_held_leaves_out_working_sessions(meeting_cast):
    mc = meeting_cast
    _held_session_and_meeting(mc)
    trends = quarter_trends(mc.committee, timezone.localdate() + datetime.timedelta(days=5))
    assert sum(row.meetings_held for row in trends) == 1


def _quarter(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


# --- its documents ------------------------------------------------------------------------------


def test_the_invitation_letter_and_the_notice_name_an_untitled_session_s_agencies(meeting_cast):
    mc = meeting_cast
    notice = _through_the_notice(mc, session(mc, agencies=[mc.org_a, mc.org_b]), mc.chair)
    meeting = notice.meeting
    year = meeting.year
    expected = f"buổi làm việc số 1/{year} với Sở Kế hoạch và Đầu tư, Sở Tài chính"
    assert " ".join(notice_context(notice)["summary_lines"]).endswith(f"tại {expected}")
    letter = meeting.invitation_letters.get(superseded_at__isnull=True)
    assert invitation_context(letter)["attend"] == f"Tới dự: {expected}."


def test_a_titled_session_s_documents_keep_its_title(meeting_cast):
    mc = meeting_cast
    notice = _through_the_notice(mc, session(mc, title="Làm việc với Sở Kế hoạch và Đầu tư"), mc.chair)
    assert " ".join(notice_context(notice)["summary_lines"]).endswith(
        "tại Làm việc với Sở Kế hoạch và Đầu tư"
    )


def test_the_invitee_page_of_a_working_session_offers_the_focal_officers_too(client, meeting_cast):
    mc = meeting_cast
    focal_b = UserFactory(username="focal_b", full_name="Phan Thị Đầu Mối", organization=mc.org_b)
    RoleAssignmentFactory(
        user=focal_b,
        committee=mc.committee,
        role=RoleAssignmentFactory._meta.model.Role.FOCAL_OFFICER,
        organization=mc.org_b,
    )
    meeting = session(mc)
    client.force_login(mc.secretary)
    page = client.get(reverse("meetings:invitees-edit", kwargs={"pk": meeting.pk})).content.decode()
    assert f'value="{focal_b.pk}"' in page
    regular = client.get(reverse("meetings:invitees-edit", kwargs={"pk": mc.meeting.pk})).content.decode()
    assert f'value="{focal_b.pk}"' not in regular
    # Ticked, Sở Tài chính's focal officer joins the session.
    wanted = [str(inv.user_id) for inv in meeting.invitations.all()] + [str(focal_b.pk)]
    r = client.post(reverse("meetings:invitees-set", kwargs={"pk": meeting.pk}), {"invitees-users": wanted})
    assert r.status_code == 302
    assert invited(meeting)["focal_b"] == Invitation.Kind.MEMBER
