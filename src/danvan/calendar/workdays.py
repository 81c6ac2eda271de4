"""Working-day arithmetic for legal deadlines, without the database.

Counting follows the Civil Code 2015, Art. 147–148: the day of the event is not
counted; a period in working days ends on the n-th working day after it; a period in
calendar days ends n days after it, and if that last day is a weekend or holiday the
period ends at the end of the next working day.

Which days are worked comes from, in order of precedence:

1. overrides decided by administrators (an extra day off, a make-up working day);
2. make-up working days known to the ``holidays`` package (``weekend_workdays``);
3. public holidays of the ``holidays`` package (country VN);
4. the weekend, Saturday and Sunday.

Reasons are Vietnamese on purpose: they are shown to citizens next to deadlines and
quote holiday names as the package and official notices write them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

import holidays

DAY_OFF = "day_off"
WORKING_DAY = "working_day"

# Deadlines are weeks or months long; anything bigger is a mistake, not a period.
MAX_WORKING_DAYS = 10_000
MAX_CALENDAR_DAYS = 15_000
MAX_SPAN_DAYS = 40_000
# No real calendar has a year of consecutive days off; stop rather than loop forever.
MAX_CONSECUTIVE_DAYS_OFF = 366

REASON_SATURDAY = "Thứ Bảy"
REASON_SUNDAY = "Chủ nhật"
REASON_MAKE_UP = "Ngày làm bù"
REASON_DAY_OFF = "Ngày nghỉ"

_ONE_DAY = timedelta(days=1)
_WEEKEND = {5: REASON_SATURDAY, 6: REASON_SUNDAY}


@dataclass(frozen=True)
class DayInfo:
    """Whether ``date`` is worked and why. ``reason`` is empty for an ordinary weekday."""

    date: date
    working: bool
    reason: str


@dataclass(frozen=True)
class SkippedDay:
    date: date
    reason: str


@dataclass(frozen=True)
class DeadlineResult:
    """A computed deadline and the days off it passed over, for showing the working."""

    start: date
    due: date
    days: int
    unit: Literal["working", "calendar"]
    skipped: tuple[SkippedDay, ...]


@dataclass(frozen=True)
class _PackageYear:
    holidays: Mapping[date, str]
    make_up_days: frozenset[date]


@functools.lru_cache(maxsize=256)
def _package_year(year: int) -> _PackageYear:
    """Holidays and make-up days of one year, shared by every calendar instance."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    # The package accumulates make-up days of every year it knows; keep this year's.
    make_up = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    return _PackageYear(
        holidays=MappingProxyType({d: str(name) for d, name in calendar.items()}),
        make_up_days=make_up,
    )


def _weekday_count_through(d: date) -> int:
    """Number of Mondays–Fridays from 0001-01-01 (a Monday) through ``d``."""
    ordinal = d.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def _check_count(n: int, limit: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"the number of days must be an integer, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"the number of days must not be negative (got {n})")
    if n > limit:
        raise ValueError(f"the number of days is too large (got {n}, at most {limit})")


class WorkingCalendar:
    """Vietnamese public-sector working days: Monday–Friday except holidays.

    ``overrides`` maps a date to ``(kind, reason)`` where kind is ``"day_off"`` or
    ``"working_day"``; they win over everything the ``holidays`` package says, so
    the calendar can express decisions the package does not know yet.
    """

    def __init__(self, overrides: Mapping[date, tuple[str, str]] | None = None) -> None:
        self._overrides: dict[date, tuple[str, str]] = {}
        for day, (kind, reason) in (overrides or {}).items():
            if kind not in (DAY_OFF, WORKING_DAY):
                raise ValueError(f"unknown override kind {kind!r} for {day.isoformat()}")
            self._overrides[day] = (kind, reason)
        # Per year: every date whose status or reason differs from a plain weekday.
        self._special: dict[int, dict[date, DayInfo]] = {}

    def _special_days(self, year: int) -> dict[date, DayInfo]:
        special = self._special.get(year)
        if special is None:
            special = self._build_year(year)
            self._special[year] = special
        return special

    def _build_year(self, year: int) -> dict[date, DayInfo]:
        package = _package_year(year)
        special: dict[date, DayInfo] = {}
        first = date(year, 1, 1)
        for offset in range((date(year, 12, 31) - first).days + 1):
            day = first + timedelta(days=offset)
            if day.weekday() in _WEEKEND:
                special[day] = DayInfo(day, False, _WEEKEND[day.weekday()])
        for day, name in package.holidays.items():
            special[day] = DayInfo(day, False, name)
        for day in package.make_up_days:
            special[day] = DayInfo(day, True, REASON_MAKE_UP)
        for day, (kind, reason) in self._overrides.items():
            if day.year != year:
                continue
            if kind == WORKING_DAY:
                special[day] = DayInfo(day, True, reason or REASON_MAKE_UP)
            else:
                special[day] = DayInfo(day, False, reason or REASON_DAY_OFF)
        return special

    def day(self, d: date) -> DayInfo:
        info = self._special_days(d.year).get(d)
        return info if info is not None else DayInfo(d, True, "")

    def is_working_day(self, d: date) -> bool:
        return self.day(d).working

    def special_days(self, year: int, *, include_weekends: bool = False) -> list[DayInfo]:
        """Holidays, days off and make-up working days of ``year``, in date order.

        Ordinary Saturdays and Sundays are left out unless ``include_weekends``.
        """
        days = sorted(self._special_days(year).values(), key=lambda info: info.date)
        if include_weekends:
            return days
        return [
            info
            for info in days
            if info.working or info.reason != _WEEKEND.get(info.date.weekday())
        ]

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        try:
            return self._roll_forward(d + _ONE_DAY, [])
        except OverflowError:
            raise ValueError(f"no working day after {d}") from None

    def _roll_forward(self, d: date, skipped: list[SkippedDay]) -> date:
        """``d`` if it is worked, else the next working day; records the days passed."""
        for _ in range(MAX_CONSECUTIVE_DAYS_OFF):
            info = self.day(d)
            if info.working:
                return d
            skipped.append(SkippedDay(d, info.reason))
            d += _ONE_DAY
        raise ValueError(f"no working day within {MAX_CONSECUTIVE_DAYS_OFF} days of {d}")

    def add_working_days(self, start: date, n: int) -> DeadlineResult:
        """The n-th working day after ``start`` (``start`` itself is not counted)."""
        _check_count(n, MAX_WORKING_DAYS)
        skipped: list[SkippedDay] = []
        due = start
        try:
            for _ in range(n):
                due = self._roll_forward(due + _ONE_DAY, skipped)
        except OverflowError:
            raise ValueError(f"{n} working days after {start} is past the last date") from None
        return DeadlineResult(start, due, n, "working", tuple(skipped))

    def add_calendar_days(
        self, start: date, n: int, *, roll_forward: bool = True
    ) -> DeadlineResult:
        """``start`` + n days; with ``roll_forward`` a last day off moves to the next
        working day (Civil Code Art. 148(5)), and the days moved over are ``skipped``."""
        _check_count(n, MAX_CALENDAR_DAYS)
        skipped: list[SkippedDay] = []
        try:
            due = start + timedelta(days=n)
            if roll_forward:
                due = self._roll_forward(due, skipped)
        except OverflowError:
            raise ValueError(f"{n} days after {start} is past the last date") from None
        return DeadlineResult(start, due, n, "calendar", tuple(skipped))

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days d with ``a < d <= b``; 0 when ``b <= a``.

        ``a`` is excluded like the day of the event, so this is the inverse of
        :meth:`add_working_days`: ``working_days_between(s, add_working_days(s, n).due)``
        is ``n``.
        """
        if b <= a:
            return 0
        if (b - a).days > MAX_SPAN_DAYS:
            raise ValueError(f"the span from {a} to {b} is too long (at most {MAX_SPAN_DAYS} days)")
        count = _weekday_count_through(b) - _weekday_count_through(a)
        for year in range(a.year, b.year + 1):
            for day, info in self._special_days(year).items():
                if not a < day <= b:
                    continue
                plain_weekday = day.weekday() not in _WEEKEND
                if plain_weekday and not info.working:
                    count -= 1
                elif not plain_weekday and info.working:
                    count += 1
        return count
