"""MeetingAccess: the cast × the questions a page and a service ask, what one access object costs in
queries, and the two refusals services make from it (PermissionDenied for "not this person",
MeetingError for "not now")."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import services
from meetings.models import Invitation, Meeting, MeetingError
from meetings.permissions import MEETING_PAGE_FLAGS, MeetingAccess, Right, can_view_minutes
from meetings.permissions.access import CHAIR_SIGNS_CONCLUSIONS, CHAIR_SIGNS_INVITATION, CHAIR_SIGNS_MINUTES
from members.models import User
from tests.members.factories import RoleAssignmentFactory, UserFactory

S = Meeting.Status
R = Invitation.Response
CAST = [
    "chair",
    "deputy",
    "standing",
    "member",
    "member_other_agency",
    "secretary",
    "focal",
    "guest",
    "outsider",
]


def fresh(user: User) -> User:
    """The user as a new request sees them: nothing cached on the object."""
    return User.objects.get(pk=user.pk)


def answers(meeting_cast, meeting: Meeting, ask) -> set[str]:
    """Who in the cast gets a yes from `ask(access)`."""
    return {who for who in CAST if ask(MeetingAccess(fresh(getattr(meeting_cast, who)), meeting))}


# --- the cast × the questions, on the extended meeting (the guest is invited) ---------------------

CONVENED_CAN = {
    Right.EDIT: {"chair", "deputy", "standing", "secretary"},
    Right.SET_INVITEES: {"chair", "deputy", "standing", "secretary"},
    Right.CONVENE: set(),  # already convened
    # Postponing a convened meeting issues a new letter: a deputy signs it only while acting for
    # the chair (Điều 4.1; test_meeting_access_deputy_postpones_when_an_acting_period_names_them).
    Right.POSTPONE: {"chair"},
    Right.CANCEL: {"chair", "deputy"},
    # The chair presides: not asked to answer (issue #9).
    Right.ANSWER: {"deputy", "standing", "member", "member_other_agency", "secretary", "guest"},
    Right.DECIDE_ABSENCE: {"chair"},
    Right.VIEW_ROLL: {"chair", "deputy", "secretary"},
    Right.RECORD_ATTENDANCE: set(),  # the meeting has not started yet (issue #9)
    Right.VIEW_HISTORY: {"chair", "deputy", "secretary"},
    Right.DRAFT_CONCLUSIONS: set(),  # before the minutes
    Right.VIEW_CONCLUSIONS: set(),  # nothing to show before the minutes are drafted
    Right.VIEW_NOTICE: set(),
    Right.DOWNLOAD_INVITATION: {
        "chair",
        "deputy",
        "standing",
        "member",
        "member_other_agency",
        "secretary",
        "focal",
        "guest",
    },
}


@pytest.mark.parametrize("right", list(CONVENED_CAN), ids=str)
def test_meeting_access_can_answers_by_role_and_place_when_the_extended_meeting_is_convened(
    meeting_cast, right
):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.CONVENED)
    assert answers(meeting_cast, meeting, lambda access: access.can(right)) == CONVENED_CAN[right]


def test_meeting_access_may_convene_but_cannot_when_the_meeting_is_already_convened(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.CONVENED)
    assert answers(meeting_cast, meeting, lambda access: access.may(Right.CONVENE)) == {"chair", "deputy"}
    refusal = MeetingAccess(meeting_cast.chair, meeting).refusal(Right.CONVENE)
    assert refusal is not None and str(S.CONVENED.label) in refusal


def test_meeting_access_sees_the_meeting_for_committee_and_its_guest_when_extended(meeting_cast):
    meeting = meeting_cast.extended
    expected = set(CAST) - {"outsider"}
    assert answers(meeting_cast, meeting, lambda access: access.can_view) == expected
    assert not MeetingAccess(fresh(meeting_cast.guest_other), meeting).can_view


def test_meeting_access_page_flags_offer_the_guest_only_their_answer_and_letters_when_convened(
    meeting_cast,
):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.CONVENED)
    flags = MeetingAccess(fresh(meeting_cast.guest), meeting).page_flags(minutes=None)
    assert set(flags) == {"is_guest_only", *MEETING_PAGE_FLAGS}
    assert {name for name, value in flags.items() if value} == {
        "is_guest_only",
        "can_answer",
        "can_download_invitation",
        "can_download_own_invitation",
    }


def test_meeting_access_signature_roles_are_secretary_and_presiding_when_the_chair_is_not_away(
    meeting_cast,
):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_DRAFTED)
    minutes = meeting_cast.main_minutes(meeting)
    roles = {
        who: MeetingAccess(fresh(getattr(meeting_cast, who)), meeting).minutes_signature_role(minutes)
        for who in CAST
    }
    # The chair presided and is neither recorded absent nor on leave: the chair signs (Điều 4.1).
    assert {who: role for who, role in roles.items() if role} == {
        "chair": "presiding",
        "secretary": "secretary",
    }


def test_meeting_access_deputy_signs_the_minutes_as_acting_when_an_acting_period_names_them(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_DRAFTED)
    minutes = meeting_cast.main_minutes(meeting)
    meeting_cast.chair_away()
    roles = {
        who: MeetingAccess(fresh(getattr(meeting_cast, who)), meeting).minutes_signature_role(minutes)
        for who in CAST
    }
    assert {who: role for who, role in roles.items() if role} == {
        "chair": "presiding",
        "deputy": "acting",
        "secretary": "secretary",
    }


def test_meeting_access_deputy_signs_the_minutes_as_acting_when_the_chair_is_recorded_absent(meeting_cast):
    meeting = meeting_cast.held_without_the_chair(meeting_cast.extended)
    minutes = services.minutes_start(meeting=meeting, actor=meeting_cast.secretary)
    meeting = Meeting.objects.get(pk=meeting.pk)
    access = MeetingAccess(fresh(meeting_cast.deputy), meeting)
    assert access.minutes_signature_role(minutes) == "acting"


def test_meeting_access_deputy_is_told_the_chair_signs_when_the_chair_is_not_away(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_DRAFTED)
    minutes = meeting_cast.main_minutes(meeting)
    access = MeetingAccess(fresh(meeting_cast.deputy), meeting)
    assert access.may(Right.SIGN_MINUTES, minutes)
    assert access.refusal(Right.SIGN_MINUTES, minutes) == str(CHAIR_SIGNS_MINUTES)


def test_meeting_access_acting_period_of_another_deputy_lets_this_deputy_sign_nothing(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_DRAFTED)
    minutes = meeting_cast.main_minutes(meeting)
    second = UserFactory(username="deputy2", organization=meeting_cast.org_ubnd)
    RoleAssignmentFactory(
        user=second, committee=meeting_cast.committee, role="deputy", organization=meeting_cast.org_ubnd
    )
    meeting_cast.chair_away(deputy=second)
    assert MeetingAccess(fresh(meeting_cast.deputy), meeting).minutes_signature_role(minutes) is None
    assert MeetingAccess(fresh(second), meeting).minutes_signature_role(minutes) == "acting"


def test_meeting_access_acting_period_ended_yesterday_does_not_make_the_deputy_acting(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_DRAFTED)
    minutes = meeting_cast.main_minutes(meeting)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    meeting_cast.chair_away(start=yesterday - datetime.timedelta(days=3), end=yesterday)
    assert MeetingAccess(fresh(meeting_cast.deputy), meeting).minutes_signature_role(minutes) is None


def test_meeting_access_reads_draft_minutes_only_for_secretariat_presiding_chair_and_deputy(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_DRAFTED)
    minutes = meeting_cast.main_minutes(meeting)
    assert answers(meeting_cast, meeting, lambda access: access.can_view_minutes(minutes)) == {
        "chair",
        "deputy",
        "secretary",
    }
    # The function the reports app calls gives the same answer.
    assert can_view_minutes(fresh(meeting_cast.secretary), meeting, minutes)
    assert not can_view_minutes(fresh(meeting_cast.member), meeting, minutes)


def test_meeting_access_conclusions_signature_role_is_chair_or_acting_when_minutes_signed(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_SIGNED)
    roles = {
        who: MeetingAccess(fresh(getattr(meeting_cast, who)), meeting).conclusions_signature_role
        for who in CAST
    }
    # The chair attended and is not on leave: the chair signs, not a deputy (Điều 4.1).
    assert {who: role for who, role in roles.items() if role} == {"chair": "chair"}


def test_meeting_access_deputy_signs_the_conclusions_kt_truong_ban_when_an_acting_period_names_them(
    meeting_cast,
):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_SIGNED)
    meeting_cast.chair_away()
    assert MeetingAccess(fresh(meeting_cast.deputy), meeting).conclusions_signature_role == "acting"


def test_meeting_access_deputy_is_told_the_chair_signs_the_conclusions_when_the_chair_is_not_away(
    meeting_cast,
):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_SIGNED)
    access = MeetingAccess(fresh(meeting_cast.deputy), meeting)
    assert access.may(Right.SIGN_CONCLUSIONS)
    assert access.refusal(Right.SIGN_CONCLUSIONS) == str(CHAIR_SIGNS_CONCLUSIONS)


def test_meeting_access_deputy_convenes_signing_kt_truong_ban_only_when_an_acting_period_names_them(
    meeting_cast,
):
    meeting = meeting_cast.extended
    assert MeetingAccess(fresh(meeting_cast.deputy), meeting).convene_signature_role is None
    assert MeetingAccess(fresh(meeting_cast.deputy), meeting).refusal(Right.CONVENE) == str(
        CHAIR_SIGNS_INVITATION
    )
    meeting_cast.chair_away()
    access = MeetingAccess(fresh(meeting_cast.deputy), meeting)
    assert access.convene_signature_role == "acting"
    assert access.can(Right.CONVENE)


def test_meeting_access_deputy_postpones_when_an_acting_period_names_them(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.extended, S.CONVENED)
    meeting_cast.chair_away()
    assert MeetingAccess(fresh(meeting_cast.deputy), meeting).can(Right.POSTPONE)


# --- what it costs -----------------------------------------------------------------------------


def _ask_everything(access: MeetingAccess, minutes) -> None:
    for right in Right:
        target = minutes if right in {Right.VIEW_MINUTES, Right.DRAFT_MINUTES} else None
        if right in {Right.OPEN_REVIEW, Right.COMMENT_MINUTES, Right.SIGN_MINUTES, Right.ADD_ADDENDUM}:
            target = minutes
        access.may(right, target)
        access.can(right, target)
    access.page_flags(minutes=minutes)
    access.minutes_signature_role(minutes)
    access.conclusions_signature_role  # noqa: B018 - a property: asking it is the point
    access.convene_signature_role  # noqa: B018
    access.can_view  # noqa: B018


@pytest.mark.parametrize("who", ["deputy", "member", "guest"])
def test_meeting_access_asks_a_fixed_few_queries_for_every_question_when_built_once(
    meeting_cast, who, django_assert_max_num_queries, django_assert_num_queries
):
    """Building the object reads the person's committee permissions; their invitation, the
    guest grant, the invitation letter and whether the chair presides are read once, on first
    need. Asking everything a second time reads nothing."""
    meeting = meeting_cast.to_state(meeting_cast.extended, S.MINUTES_DRAFTED)
    minutes = meeting_cast.main_minutes(meeting)
    meeting = Meeting.objects.select_related("committee").get(pk=meeting.pk)
    user = fresh(getattr(meeting_cast, who))

    with django_assert_max_num_queries(4):
        access = MeetingAccess(user, meeting)
        _ask_everything(access, minutes)
    with django_assert_num_queries(0):
        _ask_everything(access, minutes)


# --- services: PermissionDenied for "not this person", MeetingError for "not now" ---------------


def test_meeting_convene_raises_permission_denied_with_the_message_when_the_actor_is_a_member(meeting_cast):
    with pytest.raises(PermissionDenied) as exc:
        services.meeting_convene(meeting=meeting_cast.meeting, actor=meeting_cast.member)
    assert exc.value.message == _(
        "Only the chair or a deputy chair convenes a meeting (the support group leader, its monthly meeting)."
    )


def test_meeting_convene_raises_meeting_error_naming_the_state_when_the_chair_convenes_twice(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.new_meeting(), S.CONVENED)
    with pytest.raises(MeetingError) as exc:
        services.meeting_convene(meeting=meeting, actor=meeting_cast.chair)
    assert not isinstance(exc.value, PermissionDenied)
    assert str(S.CONVENED.label) in exc.value.message


def test_conclusions_sign_raises_permission_denied_when_the_actor_is_the_secretary(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.new_meeting(), S.MINUTES_SIGNED)
    with pytest.raises(PermissionDenied):
        services.conclusions_sign(meeting=meeting, actor=meeting_cast.secretary)


def test_conclusions_sign_raises_meeting_error_when_the_chair_signs_before_the_minutes_are_signed(
    meeting_cast,
):
    meeting = meeting_cast.to_state(meeting_cast.new_meeting(), S.MINUTES_DRAFTED)
    services.conclusion_add(meeting=meeting, actor=meeting_cast.secretary, text="Giao Sở TT&TT.")
    with pytest.raises(MeetingError) as exc:
        services.conclusions_sign(meeting=meeting, actor=meeting_cast.chair)
    assert not isinstance(exc.value, PermissionDenied)
    assert str(S.MINUTES_DRAFTED.label) in exc.value.message


def test_invitation_respond_raises_permission_denied_when_the_actor_is_an_outsider(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.new_meeting(), S.CONVENED)
    invitation = meeting_cast.invitation(meeting, meeting_cast.member)
    with pytest.raises(PermissionDenied):
        services.invitation_respond(invitation=invitation, actor=meeting_cast.outsider, response=R.ATTEND)


def test_invitation_respond_raises_meeting_error_when_the_invitee_answers_after_the_start(meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.new_meeting(), S.CONVENED)
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        start_at=now - datetime.timedelta(minutes=5), end_at=now + datetime.timedelta(hours=2)
    )
    invitation = meeting_cast.invitation(meeting, meeting_cast.member)
    with pytest.raises(MeetingError) as exc:
        services.invitation_respond(invitation=invitation, actor=meeting_cast.member, response=R.ATTEND)
    assert not isinstance(exc.value, PermissionDenied)
    assert exc.value.message == _("The meeting has started: answers can no longer be changed.")


def test_services_refuse_an_access_object_built_for_another_person(meeting_cast):
    meeting = meeting_cast.meeting
    with pytest.raises(ValueError):
        services.meeting_convene(
            meeting=meeting, actor=meeting_cast.chair, access=MeetingAccess(meeting_cast.member, meeting)
        )
    meeting.refresh_from_db()
    assert meeting.status == S.DRAFT
