"""Which meetings and proposals a person may know of, and the access helpers views load through:
404 for everyone else (no existence leak)."""

from __future__ import annotations

from typing import NoReturn

from django.db.models import Q, QuerySet
from django.http import Http404

from members.models import Committee, User
from members.permissions import committee_codenames_for_user, has_committee_perm, term_ended_refusal

from ..models import Meeting, MeetingProposal
from .access import MeetingAccess
from .guests import guest_meeting_ids


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Meetings of the committees where the person has a role in force, and meetings they are a
    guest of. Administrators see none by being administrators."""
    if not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    committee_ids = [
        cid for cid, codes in committee_codenames_for_user(user).items() if "view_committee_business" in codes
    ]
    return Meeting.objects.filter(Q(committee_id__in=committee_ids) | Q(pk__in=guest_meeting_ids(user)))


def can_view_meeting(user: User, meeting: Meeting) -> bool:
    return MeetingAccess(user, meeting).can_view


def access_meeting(user: User, pk: int) -> tuple[Meeting, MeetingAccess]:
    """Load a meeting the person may see, with their access to it; 404 for everyone else, except
    a former holder of a role in its committee: their old link says their term ended (TermEnded,
    a 403 page naming the committee only)."""
    meeting = Meeting.objects.select_related("committee", "presiding", "secretary").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    access = MeetingAccess(user, meeting)
    if not access.can_view:
        _refuse(user, meeting.committee)
    return meeting, access


def _refuse(user: User, committee: Committee) -> NoReturn:
    """Raise the refusal for someone who may not see the committee's business."""
    refusal = term_ended_refusal(user, committee)
    if refusal is not None:
        raise refusal
    raise Http404


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    """Load a meeting the person may see; 404 for everyone else (no existence leak)."""
    return access_meeting(user, pk)[0]


def can_view_proposal(user: User, proposal: MeetingProposal) -> bool:
    """A proposal: those who see the business of its committee."""
    return has_committee_perm(user, proposal.committee_id, "view_committee_business")


def get_proposal_for_user(user: User, pk: int) -> MeetingProposal:
    """Load a proposal the person may see; 404 for everyone else (no existence leak)."""
    proposal = MeetingProposal.objects.select_related("committee").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    if not can_view_proposal(user, proposal):
        _refuse(user, proposal.committee)
    return proposal
