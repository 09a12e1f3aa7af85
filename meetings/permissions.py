"""Every authorisation rule of the meetings app (Điều 4, 6.5, 8; the matrix in docs/domain.md).

A check = the person's object permission on the committee (from their roles, members.permissions)
or their place on this meeting (presiding, secretary, invitee, guest) AND the meeting's state.
A few checks of the person alone (is_own_invitation, drafts_conclusions, signs_conclusions) guard
views whose service refuses an out-of-turn request with a message rather than a 403.
Guests of an extended meeting hold one grant, `attend_as_guest` on that meeting, given and taken
only here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from members.models import RoleAssignment, User
from members.permissions import committee_codenames_for_user, has_committee_perm

from .models import Invitation, Meeting, MeetingProposal, MeetingUserObjectPermission, Minutes

S = Meeting.Status
EDITABLE = (S.DRAFT, S.CONVENED)


# --- guest grants ----------------------------------------------------------------------------


def grant_guest_access(*, user: User, meeting: Meeting) -> None:
    assign_perm("meetings.attend_as_guest", user, meeting)


def revoke_guest_access(*, user: User, meeting: Meeting) -> None:
    remove_perm("meetings.attend_as_guest", user, meeting)


def _guest_meeting_ids(user: User) -> set[int]:
    cached = getattr(user, "_guest_meeting_ids", None)
    if cached is None:
        cached = set(
            MeetingUserObjectPermission.objects.filter(
                user_id=user.pk, permission__codename="attend_as_guest"
            ).values_list("content_object_id", flat=True)
        )
        user._guest_meeting_ids = cached
    return cached


# --- visibility --------------------------------------------------------------------------------


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Meetings of the committees where the person has a role in force, and meetings they are a
    guest of. Administrators see none by being administrators."""
    if not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    committee_ids = [
        cid for cid, codes in committee_codenames_for_user(user).items() if "view_committee_business" in codes
    ]
    return Meeting.objects.filter(Q(committee_id__in=committee_ids) | Q(pk__in=_guest_meeting_ids(user)))


def can_view_meeting(user: User, meeting: Meeting) -> bool:
    if not user.is_authenticated:
        return False
    return has_committee_perm(
        user, meeting.committee_id, "view_committee_business"
    ) or meeting.pk in _guest_meeting_ids(user)


def is_guest_only(user: User, meeting: Meeting) -> bool:
    """A guest sees the meeting and its papers, nothing else (Điều 8.2)."""
    return not has_committee_perm(user, meeting.committee_id, "view_committee_business")


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    """Load a meeting the person may see; 404 for everyone else (no existence leak)."""
    meeting = Meeting.objects.select_related("committee", "presiding", "secretary").filter(pk=pk).first()
    if meeting is None or not can_view_meeting(user, meeting):
        raise Http404
    return meeting


def can_view_proposal(user: User, proposal: MeetingProposal) -> bool:
    """A proposal: those who see the business of its committee."""
    return has_committee_perm(user, proposal.committee_id, "view_committee_business")


def get_proposal_for_user(user: User, pk: int) -> MeetingProposal:
    """Load a proposal the person may see; 404 for everyone else (no existence leak)."""
    proposal = MeetingProposal.objects.select_related("committee").filter(pk=pk).first()
    if proposal is None or not can_view_proposal(user, proposal):
        raise Http404
    return proposal


def ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- preparing and convening (Điều 8.1) ---------------------------------------------------------


def can_create_meeting(user: User, committee_id: int) -> bool:
    return has_committee_perm(user, committee_id, "prepare_meeting")


def can_edit_meeting(user: User, meeting: Meeting) -> bool:
    return meeting.status in EDITABLE and has_committee_perm(user, meeting.committee_id, "prepare_meeting")


def can_set_invitees(user: User, meeting: Meeting) -> bool:
    """The presiding person decides who attends; the secretariat prepares the list."""
    if meeting.status not in EDITABLE:
        return False
    return meeting.presiding_id == user.pk or has_committee_perm(
        user, meeting.committee_id, "prepare_meeting"
    )


def can_convene(user: User, meeting: Meeting) -> bool:
    """The chair or a deputy convenes (Điều 8.1); the support group's leader convenes its
    monthly meeting when presiding over it (Điều 8.3)."""
    if meeting.kind == Meeting.Kind.SUPPORT_MONTHLY and meeting.presiding_id == user.pk:
        return True
    return has_committee_perm(user, meeting.committee_id, "convene_meeting")


def convene_signature_role(user: User, meeting: Meeting) -> str | None:
    """How the person convening signs the invitation letter: "chair" (TRƯỞNG BAN), "acting"
    (KT. TRƯỞNG BAN, a deputy), "support_lead" (TL. TRƯỞNG BAN, the support group's leader
    convening its monthly meeting), or None when they may not convene."""
    if has_committee_perm(user, meeting.committee_id, "sign_conclusions"):
        return "chair"
    if has_committee_perm(user, meeting.committee_id, "convene_meeting"):
        return "acting"
    if meeting.kind == Meeting.Kind.SUPPORT_MONTHLY and meeting.presiding_id == user.pk:
        return "support_lead"
    return None


def can_postpone(user: User, meeting: Meeting) -> bool:
    return Meeting.Action.POSTPONE in meeting.allowed_actions() and can_convene(user, meeting)


def can_cancel(user: User, meeting: Meeting) -> bool:
    return Meeting.Action.CANCEL in meeting.allowed_actions() and can_convene(user, meeting)


def can_propose_meeting(user: User, committee_id: int) -> bool:
    return has_committee_perm(user, committee_id, "propose_meeting")


def can_decide_proposal(user: User, proposal: MeetingProposal) -> bool:
    return proposal.status == MeetingProposal.Status.PENDING and has_committee_perm(
        user, proposal.committee_id, "decide_meeting_proposal"
    )


def can_view_proposals(user: User, committee_id: int) -> bool:
    codes = committee_codenames_for_user(user).get(committee_id, frozenset())
    return bool(codes & {"propose_meeting", "decide_meeting_proposal", "prepare_meeting"})


# --- invitations and answers (Điều 6.5) ----------------------------------------------------------


def invitation_of(user: User, meeting: Meeting) -> Invitation | None:
    return Invitation.objects.filter(meeting=meeting, user_id=user.pk).first()


def is_own_invitation(user: User, invitation: Invitation | None) -> bool:
    """The person is this invitation's invitee, whatever the meeting's state (the answer form's
    check: whether an answer is still taken is the service's answer, with its message)."""
    return invitation is not None and invitation.user_id == user.pk


def can_answer(user: User, invitation: Invitation | None, meeting: Meeting) -> bool:
    """Answers can be given and changed until the meeting starts."""
    return (
        is_own_invitation(user, invitation)
        and meeting.status == S.CONVENED
        and timezone.now() < meeting.start_at
    )


def can_decide_absence(user: User, meeting: Meeting) -> bool:
    return meeting.presiding_id == user.pk and meeting.status in EDITABLE


def can_view_roll(user: User, meeting: Meeting) -> bool:
    codes = committee_codenames_for_user(user).get(meeting.committee_id, frozenset())
    return meeting.presiding_id == user.pk or bool(codes & {"convene_meeting", "record_minutes"})


def can_view_written_opinion(user: User, invitation: Invitation) -> bool:
    meeting = invitation.meeting
    return invitation.user_id == user.pk or can_view_roll(user, meeting)


def can_view_invitation_letter(user: User, meeting: Meeting) -> bool:
    """The invitation letter (giấy mời) listing every invitee: whoever sees the meeting and its
    papers, guests of the meeting included (Điều 8.2)."""
    return can_view_meeting(user, meeting)


def can_prepare_invitations(user: User, meeting: Meeting) -> bool:
    """Those who prepare the committee's meetings (the support group, the chair, deputies, the
    standing member) hand out each invitee's personal letter."""
    return has_committee_perm(user, meeting.committee_id, "prepare_meeting")


def can_view_personal_invitation(user: User, invitation: Invitation) -> bool:
    """One invitee's personal letter: that invitee, or someone who prepares the meeting. The
    presiding person has none: the letter names them under "Chủ trì", not as an invitee."""
    meeting = invitation.meeting
    if invitation.user_id == meeting.presiding_id:
        return False
    return invitation.user_id == user.pk or can_prepare_invitations(user, meeting)


# --- attendance, minutes (Điều 4.2, 7) ---------------------------------------------------------


def can_record_attendance(user: User, meeting: Meeting) -> bool:
    return meeting.status in (S.CONVENED, S.HELD) and has_committee_perm(
        user, meeting.committee_id, "record_minutes"
    )


def can_draft_minutes(user: User, meeting: Meeting, minutes: Minutes | None = None) -> bool:
    if minutes is not None and minutes.locked:
        return False
    return meeting.status in (S.HELD, S.MINUTES_DRAFTED) and has_committee_perm(
        user, meeting.committee_id, "record_minutes"
    )


def can_view_minutes(user: User, meeting: Meeting, minutes: Minutes) -> bool:
    """Drafts: secretariat, presiding, chair, deputy; open for review: also participants;
    signed: every committee member and non-guest invitee."""
    if minutes.locked:
        return not is_guest_only(user, meeting)
    if meeting.presiding_id == user.pk or has_committee_perm(
        user, meeting.committee_id, "view_draft_minutes"
    ):
        return True
    if minutes.status == Minutes.Status.IN_REVIEW:
        inv = invitation_of(user, meeting)
        return inv is not None and inv.kind != Invitation.Kind.GUEST
    return False


def can_comment_minutes(user: User, meeting: Meeting, minutes: Minutes) -> bool:
    if minutes.status != Minutes.Status.IN_REVIEW or minutes.locked:
        return False
    if minutes.review_until and timezone.localdate() > minutes.review_until:
        return False
    return can_view_minutes(user, meeting, minutes)


def can_open_review(user: User, meeting: Meeting, minutes: Minutes) -> bool:
    return minutes.status == Minutes.Status.DRAFT and can_draft_minutes(user, meeting, minutes)


def chair_is_presiding(meeting: Meeting) -> bool:
    """Whether the committee's chair (in force on the meeting's day) presides. One query per
    meeting instance: the answer is kept on it, for as long as presiding person and day stay."""
    key = (meeting.committee_id, meeting.presiding_id, timezone.localdate(meeting.start_at))
    cached = getattr(meeting, "_chair_is_presiding", None)
    if cached is None or cached[0] != key:
        presides = (
            RoleAssignment.objects.in_force(key[2])
            .filter(committee_id=key[0], user_id=key[1], role=RoleAssignment.Role.CHAIR)
            .exists()
        )
        cached = meeting._chair_is_presiding = (key, presides)
    return cached[1]


def minutes_signature_role(user: User, meeting: Meeting, minutes: Minutes) -> str | None:
    """Which signature this person may put on the minutes now: "secretary", "presiding",
    "acting" (a deputy signing for an absent chair who presided), or None."""
    if minutes.locked or (minutes.addendum_to_id is None and meeting.status != S.MINUTES_DRAFTED):
        return None
    if meeting.secretary_id == user.pk and minutes.secretary_signed_by_id is None:
        return "secretary"
    if minutes.presiding_signed_by_id is None:
        if meeting.presiding_id == user.pk:
            return "presiding"
        if has_committee_perm(user, meeting.committee_id, "act_for_chair") and chair_is_presiding(meeting):
            return "acting"
    return None


def can_add_addendum(user: User, meeting: Meeting, minutes: Minutes) -> bool:
    return minutes.locked and has_committee_perm(user, meeting.committee_id, "record_minutes")


# --- conclusions and the notice (Điều 3, 4.2) ----------------------------------------------------


def drafts_conclusions(user: User, meeting: Meeting) -> bool:
    """The person's role lets them draft the conclusions, whatever the meeting's state."""
    return has_committee_perm(user, meeting.committee_id, "draft_conclusions")


def can_draft_conclusions(user: User, meeting: Meeting) -> bool:
    return meeting.status in (S.MINUTES_DRAFTED, S.MINUTES_SIGNED) and drafts_conclusions(user, meeting)


def signs_conclusions(user: User, meeting: Meeting) -> bool:
    """The person's role lets them sign the conclusions off (the chair, or a deputy for the
    chair), whatever the meeting's state."""
    codes = committee_codenames_for_user(user).get(meeting.committee_id, frozenset())
    return bool(codes & {"sign_conclusions", "act_for_chair"})


def conclusions_signature_role(user: User, meeting: Meeting) -> str | None:
    """ "chair" (TRƯỞNG BAN), "acting" (KT. TRƯỞNG BAN, a deputy) or None."""
    if meeting.status != S.MINUTES_SIGNED:
        return None
    if has_committee_perm(user, meeting.committee_id, "sign_conclusions"):
        return "chair"
    if has_committee_perm(user, meeting.committee_id, "act_for_chair"):
        return "acting"
    return None


def can_view_conclusions(user: User, meeting: Meeting) -> bool:
    """Issued conclusions: every committee member; drafts: those who draft or sign them."""
    if is_guest_only(user, meeting):
        return False
    if meeting.status == S.NOTICE_ISSUED:
        return True
    codes = committee_codenames_for_user(user).get(meeting.committee_id, frozenset())
    return bool(codes & {"draft_conclusions", "sign_conclusions", "act_for_chair", "view_draft_minutes"})


def can_view_history(user: User, meeting: Meeting) -> bool:
    """The history tab: secretariat, presiding person, chair, deputy."""
    codes = committee_codenames_for_user(user).get(meeting.committee_id, frozenset())
    return meeting.presiding_id == user.pk or bool(codes & {"record_minutes", "convene_meeting"})
