"""What the meetings services share: the transition check, the row lock, the history-recording
save, and the invitees' notice."""

from __future__ import annotations

from django.utils.translation import gettext as _

from members.history import save_with_history
from members.models import User
from members.services import notify

from ..models import Meeting, MeetingError
from ..permissions import MeetingAccess, transition_refusal

S = Meeting.Status
A = Meeting.Action


def check_transition(meeting: Meeting, action: str) -> str:
    """The status `action` moves the meeting to; a MeetingError naming the state when it may not."""
    refusal = transition_refusal(meeting, action)
    if refusal is not None:
        raise MeetingError(refusal)
    return meeting.allowed_actions()[action]


def meeting_access(actor: User, meeting: Meeting, access: MeetingAccess | None = None) -> MeetingAccess:
    """The actor's access to the meeting as the service has just re-read it: the view's (what it
    loaded about the person is kept), or a new one for jobs, commands and tests."""
    return MeetingAccess(actor, meeting) if access is None else access.bound_to(meeting, actor)


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting re-read under `select_for_update()`, for the rest of the transaction."""
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


def invitee_users(meeting: Meeting) -> list[User]:
    return [inv.user for inv in meeting.invitations.select_related("user")]


def notify_invited(meeting: Meeting, users: list[User]) -> None:
    """Tell the invitees they are invited (they are asked to answer); the presiding person among
    them is not asked, and is told they preside instead."""
    params = {"meeting": meeting.pk, "time": meeting.start_at, "place": meeting.place or meeting.online_link}
    invitees = [u for u in users if u.pk != meeting.presiding_id]
    if invitees:
        notify(users=invitees, kind="meetings.invited", params=params, url=meeting.get_absolute_url())
    if len(invitees) < len(users):
        notify(
            users=[meeting.presiding],
            kind="meetings.presiding",
            params=params,
            url=meeting.get_absolute_url(),
        )


#: The two ways a row moves in its list (agenda items, conclusions): one place up or down.
MOVES = ("up", "down")


def move_in_order(rows: list, pk: int, direction: str, actor: User, reason: str) -> list:
    """Move the row `pk` of `rows` (one meeting's agenda items or conclusions, locked, in their
    order) one place `direction`, then number them 1..n as they now stand; each row whose number
    changes is saved with history. A MeetingError when it is already first (up) or last (down)."""
    if direction not in MOVES:
        raise ValueError(direction)
    rows = list(rows)
    index = next(i for i, row in enumerate(rows) if row.pk == pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        raise MeetingError(
            _("It is already first in the list.")
            if direction == "up"
            else _("It is already last in the list.")
        )
    rows[index], rows[other] = rows[other], rows[index]
    for number, row in enumerate(rows, start=1):
        if row.order != number:
            row.order = number
            save_with_history(row, actor, reason, ["order"])
    return rows
