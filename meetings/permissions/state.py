"""What the meeting's state and the committee's roles say whatever the person: whether the
lifecycle allows a move now (Meeting.TRANSITIONS), whether the chair presides, and whether a
deputy acts for the chair (the chair recorded absent, or an acting period)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import ChairActingPeriod, Committee, RoleAssignment

from ..models import Invitation, Meeting

# The chair's attendance that makes them absent from a meeting (Điều 4.1): a substitute included.
CHAIR_ABSENCES = (
    Invitation.Attendance.ABSENT_APPROVED,
    Invitation.Attendance.ABSENT_UNEXCUSED,
    Invitation.Attendance.SUBSTITUTE_PRESENT,
)


def transition_refusal(meeting: Meeting, action: str) -> str | None:
    """Why the meeting's state does not allow `action` (naming the state), or None (Meeting.TRANSITIONS)."""
    if action in meeting.allowed_actions():
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


@dataclass(frozen=True)
class ChairStanding:
    """What a deputy's signature for the chair depends on, for one meeting, one deputy, one day."""

    presides: bool  # the committee's chair (in force on the meeting's day) presides over it
    absent: bool  # the chair's attendance at the meeting is recorded as an absence
    acting_period: bool  # an acting period of the committee names this deputy on that day

    @property
    def deputy_acts(self) -> bool:
        """A deputy signs for the chair, "KT. TRƯỞNG BAN", only while the chair is away: recorded
        absent from this meeting, or on leave with an acting period naming the deputy (Điều 4.1)."""
        return self.absent or self.acting_period


def chair_standing(meeting: Meeting, deputy_id: int | None, on: datetime.date | None = None) -> ChairStanding:
    """The chair's standing on `meeting` for the deputy `deputy_id` on the day `on` (today): one query."""
    on = on or timezone.localdate()
    chairs = RoleAssignment.objects.in_force(timezone.localdate(meeting.start_at)).filter(
        committee_id=meeting.committee_id, role=RoleAssignment.Role.CHAIR
    )
    row = (
        Committee.objects.filter(pk=meeting.committee_id)
        .annotate(
            presides=Exists(chairs.filter(user_id=meeting.presiding_id)),
            absent=Exists(
                Invitation.objects.filter(
                    meeting_id=meeting.pk, attendance__in=CHAIR_ABSENCES, user_id__in=chairs.values("user_id")
                )
            ),
            acting_period=Exists(
                ChairActingPeriod.objects.covering(on).filter(
                    committee_id=meeting.committee_id, deputy_id=deputy_id
                )
            ),
        )
        .values_list("presides", "absent", "acting_period")
        .first()
    )
    return ChairStanding(*row) if row else ChairStanding(False, False, False)
