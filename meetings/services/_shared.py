"""What the meetings services share: the transition check, the row lock, the history-recording
save, and the invitees' notice."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

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
    return Meeting.TRANSITIONS[meeting.status][action]


def meeting_access(actor: User, meeting: Meeting, access: MeetingAccess | None = None) -> MeetingAccess:
    """The actor's access to the meeting as the service has just re-read it: the view's (what it
    loaded about the person is kept), or a new one for jobs, commands and tests."""
    return MeetingAccess(actor, meeting) if access is None else access.bound_to(meeting, actor)


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting re-read under `select_for_update()`, for the rest of the transaction."""
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


def save_with_history(obj, actor: User, reason: str, fields: list[str] | None = None) -> None:
    """Save, recording who did it and why in the object's history (simple-history)."""
    obj._history_user = actor
    obj._change_reason = reason
    if fields is None:
        obj.save()
    else:
        obj.save(update_fields=fields)


def invitee_users(meeting: Meeting) -> list[User]:
    return [inv.user for inv in meeting.invitations.select_related("user")]


def local_time(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%H:%M %d/%m/%Y")


def notify_invited(meeting: Meeting, users: list[User]) -> None:
    """Tell the invitees they are invited (they are asked to answer); the presiding person among
    them is not asked, and is told they preside instead."""
    details = {
        "meeting": meeting,
        "time": local_time(meeting.start_at),
        "place": meeting.place or meeting.online_link,
    }
    invitees = [u for u in users if u.pk != meeting.presiding_id]
    if invitees:
        notify(
            users=invitees,
            message=_("You are invited to %(meeting)s at %(time)s, %(place)s.") % details,
            url=meeting.get_absolute_url(),
        )
    if len(invitees) < len(users):
        notify(
            users=[meeting.presiding],
            message=_("You preside over %(meeting)s at %(time)s, %(place)s.") % details,
            url=meeting.get_absolute_url(),
        )
