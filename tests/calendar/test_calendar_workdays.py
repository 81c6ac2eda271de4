"""The DB-free working-day arithmetic on the official Vietnamese calendar."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from danvan.calendar.workdays import (
    MAX_WORKING_DAYS,
    DayInfo,
    SkippedDay,
    WorkingCalendar,
)


def dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def brute_working_days(calendar: WorkingCalendar, a: date, b: date) -> int:
    return sum(calendar.is_working_day(d) for d in dates(a + timedelta(days=1), b)) if b > a else 0


# --- Tết Bính Ngọ 2026: holidays 16–20 Feb inside the 14–22 Feb break --------------


def test_tet_2026_break_is_nine_days_off(plain_calendar):
    for day in dates(date(2026, 2, 14), date(2026, 2, 22)):
        assert not plain_calendar.is_working_day(day), day
    assert plain_calendar.is_working_day(date(2026, 2, 13))
    assert plain_calendar.is_working_day(date(2026, 2, 23))
    assert plain_calendar.day(date(2026, 2, 17)) == DayInfo(
        date(2026, 2, 17), False, "Tết Nguyên Đán"
    )


def test_ten_working_days_across_tet_2026(plain_calendar):
    result = plain_calendar.add_working_days(date(2026, 2, 11), 10)

    assert result.due == date(2026, 3, 4)
    assert (result.start, result.days, result.unit) == (date(2026, 2, 11), 10, "working")
    skipped = {s.date: s.reason for s in result.skipped}
    tet_break = dates(date(2026, 2, 14), date(2026, 2, 22))
    assert list(skipped) == [*tet_break, date(2026, 2, 28), date(2026, 3, 1)]
    assert skipped[date(2026, 2, 14)] == "Thứ Bảy"
    assert skipped[date(2026, 2, 15)] == "Chủ nhật"
    assert skipped[date(2026, 2, 16)] == "Giao thừa Tết Nguyên Đán"
    for day in dates(date(2026, 2, 16), date(2026, 2, 20)):
        assert "Tết" in skipped[day]
    assert skipped[date(2026, 2, 22)] == "Chủ nhật"


# --- Other 2026 holidays and swaps ----------------------------------------------------


def test_hung_kings_substitute_day_off_2026(plain_calendar):
    info = plain_calendar.day(date(2026, 4, 27))
    assert not info.working
    assert "Giỗ Tổ Hùng Vương" in info.reason
    assert "nghỉ bù" in info.reason
    # Friday 24 Apr + 1 working day: Sat, Sun (the anniversary itself), Mon (observed).
    result = plain_calendar.add_working_days(date(2026, 4, 24), 1)
    assert result.due == date(2026, 4, 28)
    assert [s.date for s in result.skipped] == dates(date(2026, 4, 25), date(2026, 4, 27))


def test_make_up_working_saturday_22_august_2026(plain_calendar):
    info = plain_calendar.day(date(2026, 8, 22))
    assert info.working
    assert "Ngày làm bù" in info.reason
    assert not plain_calendar.is_working_day(date(2026, 8, 15))  # an ordinary Saturday
    assert plain_calendar.add_working_days(date(2026, 8, 20), 2).due == date(2026, 8, 22)
    result = plain_calendar.add_working_days(date(2026, 8, 21), 2)
    assert result.due == date(2026, 8, 24)
    assert [s.date for s in result.skipped] == [date(2026, 8, 23)]


def test_31_august_2026_is_a_day_off_before_national_day(plain_calendar):
    assert not plain_calendar.is_working_day(date(2026, 8, 31))
    result = plain_calendar.add_working_days(date(2026, 8, 28), 1)
    assert result.due == date(2026, 9, 3)
    assert [s.date for s in result.skipped] == dates(date(2026, 8, 29), date(2026, 9, 2))
    assert [s.reason for s in result.skipped][3:] == ["Quốc khánh", "Quốc khánh"]


def test_vietnam_cultural_day_2026_is_not_worked(plain_calendar):
    info = plain_calendar.day(date(2026, 11, 24))
    assert info == DayInfo(date(2026, 11, 24), False, "Ngày Văn hóa Việt Nam")
    assert plain_calendar.add_working_days(date(2026, 11, 23), 1).due == date(2026, 11, 25)


def test_weekend_and_plain_weekday_reasons(plain_calendar):
    assert plain_calendar.day(date(2026, 3, 7)) == DayInfo(date(2026, 3, 7), False, "Thứ Bảy")
    assert plain_calendar.day(date(2026, 3, 8)) == DayInfo(date(2026, 3, 8), False, "Chủ nhật")
    assert plain_calendar.day(date(2026, 3, 9)) == DayInfo(date(2026, 3, 9), True, "")


# --- Year boundary and calendar-day periods -------------------------------------------


def test_working_days_across_new_year_2027(plain_calendar):
    result = plain_calendar.add_working_days(date(2026, 12, 28), 5)
    assert result.due == date(2027, 1, 5)
    assert result.skipped == (
        SkippedDay(date(2027, 1, 1), "Tết Dương lịch"),
        SkippedDay(date(2027, 1, 2), "Thứ Bảy"),
        SkippedDay(date(2027, 1, 3), "Chủ nhật"),
    )


def test_calendar_days_ending_on_sunday_roll_to_monday(plain_calendar):
    result = plain_calendar.add_calendar_days(date(2026, 12, 28), 6)
    assert result.due == date(2027, 1, 4)
    assert (result.days, result.unit) == (6, "calendar")
    assert result.skipped == (SkippedDay(date(2027, 1, 3), "Chủ nhật"),)
    # Days off inside the period are counted, not skipped.
    assert plain_calendar.add_calendar_days(date(2026, 12, 28), 8).skipped == ()


def test_calendar_days_ending_on_new_year_holiday_roll_over_the_weekend(plain_calendar):
    result = plain_calendar.add_calendar_days(date(2026, 12, 28), 4)
    assert result.due == date(2027, 1, 4)
    assert [s.date for s in result.skipped] == dates(date(2027, 1, 1), date(2027, 1, 3))


def test_calendar_days_without_roll_forward(plain_calendar):
    result = plain_calendar.add_calendar_days(date(2026, 12, 28), 6, roll_forward=False)
    assert result.due == date(2027, 1, 3)
    assert result.skipped == ()


# --- Edge cases -----------------------------------------------------------------------


def test_zero_days(plain_calendar):
    saturday = date(2026, 2, 14)
    working = plain_calendar.add_working_days(saturday, 0)
    assert (working.due, working.skipped) == (saturday, ())
    calendar = plain_calendar.add_calendar_days(saturday, 0)
    assert calendar.due == date(2026, 2, 23)
    assert [s.date for s in calendar.skipped] == dates(saturday, date(2026, 2, 22))
    assert plain_calendar.add_calendar_days(saturday, 0, roll_forward=False).due == saturday
    assert plain_calendar.add_calendar_days(date(2026, 3, 9), 0).due == date(2026, 3, 9)


@pytest.mark.parametrize("method", ["add_working_days", "add_calendar_days"])
def test_negative_days_are_refused(plain_calendar, method):
    with pytest.raises(ValueError, match="must not be negative"):
        getattr(plain_calendar, method)(date(2026, 3, 9), -1)


@pytest.mark.parametrize("n", [1.5, True, "3"])
def test_non_integer_days_are_refused(plain_calendar, n):
    with pytest.raises(TypeError):
        plain_calendar.add_working_days(date(2026, 3, 9), n)


def test_runaway_periods_are_refused(plain_calendar):
    with pytest.raises(ValueError, match="too large"):
        plain_calendar.add_working_days(date(2026, 3, 9), MAX_WORKING_DAYS + 1)
    with pytest.raises(ValueError, match="too long"):
        plain_calendar.working_days_between(date(1900, 1, 1), date(2099, 1, 1))


def test_a_calendar_without_working_days_does_not_loop_forever():
    start = date(2030, 1, 1)
    closed = {start + timedelta(days=i): ("day_off", "Đóng cửa") for i in range(1, 800)}
    calendar = WorkingCalendar(closed)
    with pytest.raises(ValueError, match="no working day"):
        calendar.add_working_days(start, 1)
    with pytest.raises(ValueError, match="no working day"):
        calendar.add_calendar_days(start, 3)


def test_next_working_day_is_strictly_after(plain_calendar):
    assert plain_calendar.next_working_day(date(2026, 2, 11)) == date(2026, 2, 12)
    assert plain_calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert plain_calendar.next_working_day(date(2026, 8, 21)) == date(2026, 8, 22)


# --- Overrides ------------------------------------------------------------------------


def test_override_day_off_on_a_weekday():
    calendar = WorkingCalendar({date(2026, 6, 10): ("day_off", "Nghỉ theo quyết định")})
    assert calendar.day(date(2026, 6, 10)) == DayInfo(
        date(2026, 6, 10), False, "Nghỉ theo quyết định"
    )
    result = calendar.add_working_days(date(2026, 6, 9), 1)
    assert result.due == date(2026, 6, 11)
    assert result.skipped == (SkippedDay(date(2026, 6, 10), "Nghỉ theo quyết định"),)


def test_override_working_day_on_a_sunday():
    calendar = WorkingCalendar({date(2026, 6, 14): ("working_day", "Ngày làm bù cho 19/6")})
    assert calendar.day(date(2026, 6, 14)) == DayInfo(
        date(2026, 6, 14), True, "Ngày làm bù cho 19/6"
    )
    assert calendar.add_working_days(date(2026, 6, 12), 1).due == date(2026, 6, 14)
    assert calendar.working_days_between(date(2026, 6, 12), date(2026, 6, 15)) == 2


def test_overrides_win_over_the_holidays_package():
    calendar = WorkingCalendar(
        {
            date(2026, 8, 22): ("day_off", "Hủy làm bù"),
            date(2026, 9, 1): ("working_day", "Làm việc bình thường"),
        }
    )
    assert not calendar.is_working_day(date(2026, 8, 22))
    assert calendar.is_working_day(date(2026, 9, 1))
    # Without the overrides the package decides the opposite.
    assert WorkingCalendar().is_working_day(date(2026, 8, 22))
    assert not WorkingCalendar().is_working_day(date(2026, 9, 1))


def test_override_can_add_a_day_the_package_does_not_know():
    # E.g. a Tết day added by the Prime Minister for 2027.
    extra = date(2027, 2, 11)
    assert WorkingCalendar().is_working_day(extra)
    calendar = WorkingCalendar({extra: ("day_off", "Nghỉ thêm dịp Tết")})
    assert not calendar.is_working_day(extra)


def test_unknown_override_kind_is_refused():
    with pytest.raises(ValueError, match="unknown override kind"):
        WorkingCalendar({date(2026, 6, 10): ("holiday", "x")})


def test_special_days_of_2026(plain_calendar):
    days = {info.date: info for info in plain_calendar.special_days(2026)}
    assert days[date(2026, 8, 22)].working
    assert not days[date(2026, 4, 26)].working  # Hùng Kings on a Sunday still listed
    assert date(2026, 3, 7) not in days  # an ordinary Saturday
    assert all(d.year == 2026 for d in days)
    with_weekends = plain_calendar.special_days(2026, include_weekends=True)
    assert date(2026, 3, 7) in {info.date for info in with_weekends}
    assert len(with_weekends) > 104


# --- working_days_between and properties ----------------------------------------------


def test_working_days_between_convention(plain_calendar):
    assert plain_calendar.working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert plain_calendar.working_days_between(date(2026, 3, 10), date(2026, 3, 9)) == 0
    # Start excluded, end included.
    assert plain_calendar.working_days_between(date(2026, 3, 9), date(2026, 3, 10)) == 1
    assert plain_calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert plain_calendar.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == (
        brute_working_days(plain_calendar, date(2025, 12, 31), date(2026, 12, 31))
    )


def test_inverse_of_add_working_days_for_every_start_in_2026(plain_calendar):
    for start in dates(date(2026, 1, 1), date(2026, 12, 31)):
        for n in (0, 1, 5, 22):
            due = plain_calendar.add_working_days(start, n).due
            assert plain_calendar.working_days_between(start, due) == n, (start, n)


def test_random_deadlines_2025_to_2027():
    rng = random.Random(20260216)
    calendar = WorkingCalendar(
        {
            date(2026, 6, 10): ("day_off", "Nghỉ đột xuất"),
            date(2026, 6, 14): ("working_day", "Làm bù"),
            date(2027, 2, 11): ("day_off", "Nghỉ thêm dịp Tết"),
        }
    )
    first, last = date(2025, 1, 1), date(2027, 12, 31)
    for _ in range(400):
        start = first + timedelta(days=rng.randrange((last - first).days + 1))
        n = rng.randrange(0, 90)
        result = calendar.add_working_days(start, n)
        due = result.due
        if n:
            assert calendar.is_working_day(due), (start, n)
        assert brute_working_days(calendar, start, due) == n, (start, n)
        assert calendar.working_days_between(start, due) == n, (start, n)
        # Exactly the non-working days strictly between start and due are skipped.
        between = dates(start + timedelta(days=1), due)
        assert [s.date for s in result.skipped] == [
            d for d in between if not calendar.is_working_day(d)
        ]
        assert all(s.reason for s in result.skipped)

        periods = calendar.add_calendar_days(start, n)
        assert calendar.is_working_day(periods.due)
        nominal = start + timedelta(days=n)
        assert periods.due >= nominal
        assert [s.date for s in periods.skipped] == dates(nominal, periods.due)[:-1]
        assert all(not calendar.is_working_day(s.date) for s in periods.skipped)

        b = start + timedelta(days=rng.randrange(0, 200))
        assert calendar.working_days_between(start, b) == brute_working_days(calendar, start, b)
