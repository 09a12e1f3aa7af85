"""Every authorisation rule of the meetings app (Điều 4, 6.5, 8; the matrix in docs/domain.md).

One decision per request: a view loads the meeting with `access_meeting(user, pk)`, which returns
the person's MeetingAccess with it (access.py); the view, the page's selector and the service all
ask that object. Each right has two parts (rules.py): who the person is — their object
permissions on the committee (from their roles, members.permissions) or their place on this
meeting (presiding, secretary, invitee, guest) — and what the meeting's state allows now.
Services refuse the first with PermissionDenied and the second with MeetingError and its message.
CommitteeAccess (committee.py) answers the same way before there is a meeting.
What the state says whatever the person (the lifecycle's moves, whether the chair presides) is in
state.py. Guests of an extended meeting hold one grant, `attend_as_guest` on that meeting, given
and taken only here (guests.py).
"""

from .access import MEETING_PAGE_FLAGS, MeetingAccess, Right, can_view_minutes
from .committee import CommitteeAccess, CommitteeRight
from .guests import grant_guest_access, revoke_guest_access
from .rules import MeetingPermissionDenied
from .state import ChairStanding, chair_is_presiding, chair_standing, transition_refusal
from .visibility import (
    access_meeting,
    can_view_meeting,
    can_view_proposal,
    get_meeting_for_user,
    get_proposal_for_user,
    meetings_visible_to,
)

__all__ = [
    "MEETING_PAGE_FLAGS",
    "ChairStanding",
    "CommitteeAccess",
    "CommitteeRight",
    "MeetingAccess",
    "MeetingPermissionDenied",
    "Right",
    "access_meeting",
    "can_view_meeting",
    "can_view_minutes",
    "can_view_proposal",
    "chair_is_presiding",
    "chair_standing",
    "get_meeting_for_user",
    "get_proposal_for_user",
    "grant_guest_access",
    "meetings_visible_to",
    "revoke_guest_access",
    "transition_refusal",
]
