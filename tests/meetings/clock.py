"""The time of a meeting in tests: attendance is taken from the meeting's start only (Điều 6.5,
services.attendance_record), while the tests' meetings lie a few days ahead (their invitations
must still be open to answers). `meeting_started` runs a block as if the meeting had begun —
replacing `django.utils.timezone.now`, as the demo's clock does (demo/clock.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from meetings import services
from meetings.models import Invitation, Meeting
from members.models import User


@contextmanager
def meeting_started(
    meeting: Meeting, *, after: datetime.timedelta = datetime.timedelta(minutes=30)
) -> Iterator[datetime.datetime]:
    """Run the block at `after` past the meeting's start (or now, if that is later)."""
    moment = max(timezone.now(), meeting.start_at + after)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def hold(meeting: Meeting, actor: User, marks: dict[int, str] | None = None) -> Meeting:
    """Record the attendance once the meeting has started (everyone present unless `marks` says)."""
    if marks is None:
        marks = {inv.pk: Invitation.Attendance.PRESENT for inv in meeting.invitations.all()}
    with meeting_started(meeting):
        return services.attendance_record(meeting=meeting, actor=actor, marks=marks)
