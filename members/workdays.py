"""Vietnam's working days: Monday to Friday, less the public holidays (Tết Nguyên Đán and the days
the government adds around it, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, the days off moved in
lieu), plus the Saturdays the government makes working days in exchange for a bridge day off.

The calendar is the maintained `holidays` library's (`holidays.VN`): its Tết dates come from the
lunar calendar, its observed days follow the Labour Code 2019 (Art. 112), and its
`weekend_workdays` are the Saturdays worked in exchange (26/04/2025 for 02/05/2025, 22/08/2026
for 31/08/2026). A year the government has not announced yet has only the statutory days; the
library's next release adds the announced swaps. Nothing here is a hand-written list.

The reminders count "N working days after" and "the first working day of a quarter" with it.
"""

from __future__ import annotations

import calendar
import datetime
import threading
from functools import lru_cache

import holidays

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _vietnam() -> holidays.HolidayBase:
    # Years are added as they are asked for (expand=True); the lock keeps two threads (two
    # sweeps) from filling the same year at once.
    return holidays.country_holidays("VN", language="vi")


def is_working_day(day: datetime.date) -> bool:
    """A weekday that is no public holiday, or a Saturday made a working day in exchange."""
    with _LOCK:
        return _vietnam().is_working_day(day)


def holiday_name(day: datetime.date) -> str | None:
    """The holiday's Vietnamese name ("Tết Nguyên Đán"), or None on an ordinary day."""
    with _LOCK:
        return _vietnam().get(day)


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    """`day` itself if people work that day, else the next day they do."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (start itself not counted): 3 working days after
    Friday 16/01/2026 is Wednesday 21/01/2026; after Friday 13/02/2026, Tết pushes it to 25/02."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            days -= 1
    return current


# --- periods of the regulation (Điều 8: a quarter, a month) -------------------------------------


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the quarter `day` falls in."""
    first_month = (quarter_of(day) - 1) * 3 + 1
    last_month = first_month + 2
    return (
        datetime.date(day.year, first_month, 1),
        datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
    )


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the month `day` falls in."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
