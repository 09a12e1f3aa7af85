"""Vietnam's working days (members.workdays), from the `holidays` library's calendar."""

import datetime

import pytest

from members import workdays

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2027, 1, 4), True),  # Monday
        (D(2027, 1, 2), False),  # Saturday
        (D(2027, 1, 1), False),  # New Year's Day
        (D(2026, 2, 17), False),  # Tết Nguyên Đán
        (D(2026, 2, 20), False),  # the fourth day of Tết
        (D(2026, 4, 27), False),  # Giỗ Tổ Hùng Vương, observed on the Monday
        (D(2026, 9, 2), False),  # Quốc khánh
        (D(2026, 8, 31), False),  # a day off given in exchange...
        (D(2026, 8, 22), True),  # ...for this Saturday, worked
        (D(2025, 4, 26), True),  # the Saturday worked for 02/05/2025
    ],
)
def test_is_working_day_follows_the_vietnamese_calendar(day, working):
    assert workdays.is_working_day(day) is working


def test_add_working_days_counts_three_days_after_a_friday_to_the_wednesday():
    assert workdays.add_working_days(D(2026, 1, 16), 3) == D(2026, 1, 21)


def test_add_working_days_skips_the_week_of_tet():
    # Friday 13/02/2026, then Tết from Monday 16 to Friday 20: Mon 23, Tue 24, Wed 25.
    assert workdays.add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)


def test_working_day_on_or_after_gives_the_first_working_day_of_2027_as_monday_4_january():
    assert workdays.working_day_on_or_after(D(2027, 1, 1)) == D(2027, 1, 4)
    assert workdays.working_day_on_or_after(D(2027, 1, 4)) == D(2027, 1, 4)


def test_holiday_name_is_vietnamese():
    assert workdays.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert workdays.holiday_name(D(2026, 3, 17)) is None


def test_quarter_and_month_bounds():
    assert workdays.quarter_bounds(D(2027, 2, 14)) == (D(2027, 1, 1), D(2027, 3, 31))
    assert workdays.quarter_bounds(D(2026, 12, 1)) == (D(2026, 10, 1), D(2026, 12, 31))
    assert workdays.month_bounds(D(2028, 2, 10)) == (D(2028, 2, 1), D(2028, 2, 29))
    assert workdays.quarter_of(D(2027, 7, 1)) == 3
