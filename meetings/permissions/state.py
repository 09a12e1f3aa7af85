"""What the meeting's state and the committee's roles say whatever the person: whether the
lifecycle allows a move now (Meeting.TRANSITIONS), and whether the chair presides."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import RoleAssignment

from ..models import Meeting


def transition_refusal(meeting: Meeting, action: str) -> str | None:
    """Why the meeting's state does not allow `action` (naming the state), or None (Meeting.TRANSITIONS)."""
    if action in Meeting.TRANSITIONS[meeting.status]:
        return None
    return _("A meeting that is “%(status)s” cannot be %(action)s.") % {
        "status": meeting.get_status_display(),
        "action": Meeting.Action(action).label,
    }


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
