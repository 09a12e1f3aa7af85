"""Where and when the story happens: its places, and the day of each meeting counted from today.

The story is written for "today" late in a quarter (the demo's reference: end of November 2026):
the held meetings sit in the three quarters before the current one, the current quarter has its
cancelled and its postponed, upcoming meeting, and the next quarter a draft. Run at another date,
the same story moves with the calendar quarter by quarter, so it stays believable.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from meetings.models import Meeting

from ..clock import DemoClock
from ..dates import _month_day, _quarter_day, _wd, _weekday

PLACE = "Phòng họp số 1, UBND tỉnh Tây Ninh"
PLACE_SUPPORT = "Phòng họp tầng 3, Sở Thông tin và Truyền thông"
POSTPONE_REASON = "Trùng lịch họp của Tỉnh ủy"

K = Meeting.Kind
HOURS = datetime.timedelta


@dataclass(frozen=True)
class StoryDays:
    """The day of each meeting of the story (and the clock's present, which decides what already happened)."""

    now: datetime.datetime
    today: datetime.date
    q1: datetime.date  # quarter I's regular meeting, in the quarter's last month
    q2: datetime.date
    extraordinary: datetime.date  # quarter III, first month
    # Quarter III, last month; its minutes are written in the days after it and opened for comments
    # two working days before today: early in a quarter, it moves back to fit.
    extended: datetime.date
    cancelled: datetime.date  # last month
    q4_first: datetime.date  # the day the current quarter's meeting was first called for…
    q4: datetime.date  # …and the day it was postponed to, ~10 days from today
    draft: datetime.date  # next quarter's, being prepared
    ktxh: datetime.date  # the second committee's meeting, last quarter
    # The chair's working session with the Department of Health, a few weeks ago (Điều 9.2).
    working_session: datetime.date
    # Two written consultations of the members (issue #13): one decided last week (its notice after
    # the working session's), one open, due in a few working days.
    consultation_closed: datetime.date  # the day it was sent
    consultation_open: datetime.date

    @classmethod
    def of(cls, clock: DemoClock) -> StoryDays:
        today = clock.today
        q4 = _weekday(today + datetime.timedelta(days=10))
        if q4 <= today:  # never: ten days on, a weekend moves back at most two
            q4 = _wd(today, 1)
        return cls(
            now=clock.now,
            today=today,
            q1=_quarter_day(today, -3, 3, 12),
            q2=_quarter_day(today, -2, 3, 18),
            extraordinary=_quarter_day(today, -1, 1, 9),
            extended=min(_quarter_day(today, -1, 3, 24), _wd(today, -8)),
            cancelled=_month_day(today, -1, 22),
            q4_first=_wd(q4, -5),
            q4=q4,
            draft=_quarter_day(q4, 1, 1, 14),
            ktxh=_quarter_day(today, -1, 3, 10),
            working_session=_wd(today, -12),
            consultation_closed=_wd(today, -9),
            consultation_open=_wd(today, -2),
        )

    def support(self, month_offset: int) -> datetime.date:
        """The support group's monthly meeting `month_offset` months from this one: on the 20th; this
        month's two working days ago (three ahead early in a month, when it is still to come)."""
        if month_offset != 0:
            return _month_day(self.today, month_offset, 20)
        day = _wd(self.today, -2)
        if day.month != self.today.month:
            day = _wd(self.today, 3)
        return day
