"""The meetings cast and helpers that walk a meeting through its lifecycle with the services.

`meeting_cast` extends the shared `cast` (tests/conftest.py) of committee A with a second
secretary, a drafted quarterly meeting, an extended meeting with `cast.guest` invited, and a guest
of committee B's extended meeting. `meeting_cast.do(meeting, action)` performs one
`Meeting.Action` as a person allowed to, and `meeting_cast.to_state(meeting, status)` pushes a
draft meeting to any `Meeting.Status`.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Invitation, Meeting, Minutes
from members.models import RoleAssignment
from tests.meetings.clock import hold
from tests.meetings.factories import ConclusionFactory, MinutesFactory
from tests.members.factories import ChairActingPeriodFactory, RoleAssignmentFactory, UserFactory

S = Meeting.Status
A = Meeting.Action


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Files stored by a test land in its own temporary directory, never in var/private (the
    private storage reads PRIVATE_MEDIA_ROOT at each use: test_uploads.py checks it)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def in_days(days: float, hour: int = 8) -> datetime.datetime:
    """An aware datetime (Asia/Ho_Chi_Minh) `days` from now, on the hour."""
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


class MeetingCast:
    """`cast` plus meetings. Attribute access falls through to the shared cast."""

    def __init__(self, cast) -> None:
        self._cast = cast
        R = RoleAssignment.Role
        self.secretary2 = UserFactory(
            username="secretary2", full_name="Trần Thị Thư Ký", organization=cast.org_b
        )
        RoleAssignmentFactory(
            user=self.secretary2, committee=cast.committee, role=R.SECRETARIAT, organization=cast.org_b
        )
        self.other_chair = UserFactory(username="other_chair", organization=cast.org_ubnd)
        RoleAssignmentFactory(
            user=self.other_chair, committee=cast.other_committee, role=R.CHAIR, organization=cast.org_ubnd
        )

        self.meeting = self.new_meeting()
        self.extended = self.new_meeting(kind=Meeting.Kind.EXTENDED)
        self.guest_invitation = services.guest_invite(
            meeting=self.extended, actor=cast.secretary, user=cast.guest
        )

        self.other_extended = services.meeting_create(
            committee=cast.other_committee,
            actor=self.other_chair,
            kind=Meeting.Kind.EXTENDED,
            start_at=in_days(3),
            end_at=in_days(3) + datetime.timedelta(hours=2),
        )
        self.guest_other = UserFactory(username="guest_other", full_name="Lê Văn Chuyên Gia")
        services.guest_invite(meeting=self.other_extended, actor=self.other_chair, user=self.guest_other)

    def __getattr__(self, name):
        return getattr(self._cast, name)

    # --- building ------------------------------------------------------------------------------

    def new_meeting(
        self, kind: str = Meeting.Kind.QUARTERLY, *, days: float = 3, actor=None, **kwargs
    ) -> Meeting:
        start = kwargs.pop("start_at", None) or in_days(days)
        return services.meeting_create(
            committee=self.committee,
            actor=actor or self.secretary,
            kind=kind,
            start_at=start,
            end_at=kwargs.pop("end_at", None) or start + datetime.timedelta(hours=2),
            place=kwargs.pop("place", "Phòng họp số 1"),
            # The tests hold several regular meetings in one quarter (Điều 8.3 asks to confirm).
            confirm_second_meeting=kwargs.pop("confirm_second_meeting", True),
            **kwargs,
        )

    def invitation(self, meeting: Meeting, user) -> Invitation:
        return Invitation.objects.get(meeting=meeting, user=user)

    def main_minutes(self, meeting: Meeting) -> Minutes | None:
        return Minutes.objects.filter(meeting=meeting, addendum_to__isnull=True).first()

    def chair_away(self, *, deputy=None, start=None, end=None):
        """An acting period of committee A: the chair away (today and tomorrow by default), the
        deputy (or `deputy`) acting for them (Điều 4.1)."""
        start = start or timezone.localdate()
        return ChairActingPeriodFactory(
            committee=self.committee,
            deputy=deputy or self.deputy,
            start_date=start,
            end_date=end or start + datetime.timedelta(days=1),
        )

    def held_without_the_chair(self, meeting: Meeting) -> Meeting:
        """Convene a draft meeting the chair presides and record it held, the chair absent
        (approved) and everyone else present; return it fresh."""
        self.do(meeting, A.CONVENE)
        meeting = Meeting.objects.get(pk=meeting.pk)
        marks = {
            inv.pk: Invitation.Attendance.ABSENT_APPROVED
            if inv.user_id == self.chair.pk
            else Invitation.Attendance.PRESENT
            for inv in meeting.invitations.all()
        }
        hold(meeting, self.secretary, marks)
        return Meeting.objects.get(pk=meeting.pk)

    # --- one action, by a person allowed to do it -----------------------------------------------

    def do(self, meeting: Meeting, action: str):
        """Perform `action` on the meeting as it stands in the database; return the service's result."""
        meeting = Meeting.objects.get(pk=meeting.pk)
        if action == A.CONVENE:
            return services.meeting_convene(meeting=meeting, actor=self.chair)
        if action == A.POSTPONE:
            start = meeting.start_at + datetime.timedelta(days=1)
            return services.meeting_postpone(
                meeting=meeting,
                actor=self.chair,
                start_at=start,
                end_at=start + datetime.timedelta(hours=2),
                reason="Trùng lịch làm việc của Thường trực Tỉnh ủy",
            )
        if action == A.CANCEL:
            return services.meeting_cancel(meeting=meeting, actor=self.chair, reason="Nội dung đã được xử lý")
        if action == A.HOLD:
            return hold(meeting, self.secretary)
        if action == A.DRAFT_MINUTES:
            return services.minutes_start(meeting=meeting, actor=self.secretary)
        if action == A.SIGN_MINUTES:
            minutes = self.main_minutes(meeting) or MinutesFactory(meeting=meeting)
            services.minutes_sign(minutes=minutes, actor=self.secretary)
            return services.minutes_sign(minutes=minutes, actor=meeting.presiding)
        if action == A.ISSUE_NOTICE:
            if not meeting.conclusions.exists():
                if meeting.status in (S.MINUTES_DRAFTED, S.MINUTES_SIGNED):
                    services.conclusion_add(
                        meeting=meeting, actor=self.secretary, text="Giao Sở Kế hoạch và Đầu tư tham mưu."
                    )
                else:
                    ConclusionFactory(meeting=meeting)
            return services.conclusions_sign(meeting=meeting, actor=self.chair)
        raise ValueError(action)

    # --- a meeting in any state ------------------------------------------------------------------

    PATHS: dict[str, tuple[str, ...]] = {
        S.DRAFT: (),
        S.CONVENED: (A.CONVENE,),
        S.HELD: (A.CONVENE, A.HOLD),
        S.MINUTES_DRAFTED: (A.CONVENE, A.HOLD, A.DRAFT_MINUTES),
        S.MINUTES_SIGNED: (A.CONVENE, A.HOLD, A.DRAFT_MINUTES, A.SIGN_MINUTES),
        S.NOTICE_ISSUED: (A.CONVENE, A.HOLD, A.DRAFT_MINUTES, A.SIGN_MINUTES, A.ISSUE_NOTICE),
        S.CANCELLED: (A.CANCEL,),
    }

    def to_state(self, meeting: Meeting, status: str) -> Meeting:
        """Push a draft meeting to `status` through the services; return it fresh from the database."""
        for action in self.PATHS[status]:
            self.do(meeting, action)
        meeting = Meeting.objects.get(pk=meeting.pk)
        assert meeting.status == status
        return meeting

    def meeting_in(self, status: str, kind: str = Meeting.Kind.QUARTERLY) -> Meeting:
        """A fresh meeting of committee A in `status`."""
        return self.to_state(self.new_meeting(kind), status)


@pytest.fixture
def meeting_cast(cast) -> MeetingCast:
    return MeetingCast(cast)


@pytest.fixture
def to_state(meeting_cast):
    """`to_state(meeting, status)`: push a draft meeting of committee A to `status`."""
    return meeting_cast.to_state
