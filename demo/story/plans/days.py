"""When the plans happen, counted from the clock's today: this year's work plan drafted and
approved in January (in the December before, when the demo runs in the first weeks of the year),
its directives given the week after; the inspection plan drafted in the last days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ...clock import DemoClock
from ...dates import _wd


def _office(day: datetime.date) -> datetime.date:
    """`day`, or the working day before it: never a weekend, never New Year's Day."""
    while day.weekday() >= 5 or (day.month, day.day) == (1, 1):
        day -= datetime.timedelta(days=1)
    return day


def _after(day: datetime.date, n: int) -> datetime.date:
    """`n` working days after `day` (n >= 0), New Year's Day skipped too."""
    day = _wd(day, n)
    while day.weekday() >= 5 or (day.month, day.day) == (1, 1):
        day += datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class PlanDays:
    """The plans' days, from the clock's today: the work plan's steps and its year, and the
    inspection plan's."""

    today: datetime.date
    year: int  # the work plan's: the clock's year
    quarter: int  # today's quarter, 1–4
    drafted: datetime.date  # the secretariat drafts the work plan (first week of January)…
    completed: datetime.date  # …the standing member completes it…
    approved: datetime.date  # …the chair approves it (mid-January)…
    assigned: datetime.date  # …and the standing member turns half its items into directives
    inspection_year: int  # this year's while its first half lasts, then next year's
    inspection_drafted: datetime.date  # the inspection plan, still a draft: a few days ago

    @classmethod
    def of(cls, clock: DemoClock) -> PlanDays:
        today = clock.today
        year = today.year
        first_day = datetime.date(year, 1, 2)
        # Each step a few working days before the next, the last a week before today at least.
        assigned = _office(min(_wd(first_day, 14), _wd(today, -5)))
        approved = _office(min(_wd(first_day, 10), _wd(assigned, -3)))
        drafted = _office(min(_wd(first_day, 3), _wd(approved, -6)))
        quarter = (today.month - 1) // 3 + 1
        return cls(
            today=today,
            year=year,
            quarter=quarter,
            drafted=drafted,
            completed=_office(_wd(approved, -3)),
            approved=approved,
            assigned=assigned,
            inspection_year=year if quarter <= 2 else year + 1,
            inspection_drafted=_office(_wd(today, -6)),
        )
