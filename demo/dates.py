"""The demo's calendar: working days, quarters and months counted from the clock's today."""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone

from meetings.models import ROMAN_QUARTERS


def _weekday(day: datetime.date) -> datetime.date:
    """A weekend day moves back to the Friday before."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _wd(day: datetime.date, n: int) -> datetime.date:
    """`n` working days after (n > 0) or before (n < 0) `day`; 0: `day` itself, on a weekday."""
    step = 1 if n > 0 else -1
    for _i in range(abs(n)):
        day += datetime.timedelta(days=step)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=step)
    return _weekday(day) if n == 0 else day


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """`hour:minute` on `day`, in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _on(day: datetime.date, n: int, hour: int, minute: int = 0) -> datetime.datetime:
    """`hour:minute`, `n` working days from `day` (a table's usual moment)."""
    return _at(_wd(day, n), hour, minute)


def _month_day(today: datetime.date, month_offset: int, day: int) -> datetime.date:
    """The `day`-th of the month `month_offset` from today's (the month's last day at most), on a weekday."""
    index = today.year * 12 + today.month - 1 + month_offset
    year, month = divmod(index, 12)
    month += 1
    return _weekday(datetime.date(year, month, min(day, calendar.monthrange(year, month)[1])))


def _quarter_day(today: datetime.date, quarter_offset: int, month_in_quarter: int, day: int) -> datetime.date:
    """A day in the `month_in_quarter`-th month (1–3) of the quarter `quarter_offset` from today's."""
    first_month_of_quarter = (today.month - 1) // 3 * 3 + 1
    offset = quarter_offset * 3 + first_month_of_quarter - today.month + month_in_quarter - 1
    return _month_day(today, offset, day)


def _quarter(moment: datetime.datetime | datetime.date) -> str:
    """ "I/2026" for a day of the first quarter of 2026."""
    return f"{ROMAN_QUARTERS[(moment.month - 1) // 3 + 1]}/{moment.year}"
