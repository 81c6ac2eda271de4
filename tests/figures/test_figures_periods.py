"""A period splits into stored months and half-months plus a few single days, covering
every day once; and each petition counts in exactly its month and its half."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from danvan.figures.counting import (
    Fact,
    buckets_of,
    counts_of,
    half_end,
    half_start,
    month_end,
    split_period,
)
from danvan.figures.models import COUNT_COLUMNS, Grain

D = date.fromisoformat


def days_of(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def coverage(split) -> dict[date, int]:
    """How many times each day is counted: +1 per row or day range, -1 per minus."""
    days: Counter = Counter()
    for month in split.months:
        days.update(days_of(month, month_end(month)))
    for half in split.halves:
        days.update(days_of(half, half_end(half)))
    for first, last in split.days:
        days.update(days_of(first, last))
    for first, last in split.minus:
        days.subtract(days_of(first, last))
    return {day: n for day, n in days.items() if n}  # a day counted 1 - 1 is not counted


@given(
    st.dates(min_value=D("2023-01-01"), max_value=D("2028-12-31")),
    st.integers(min_value=-3, max_value=800),
    st.one_of(st.none(), st.dates(min_value=D("2022-01-01"), max_value=D("2029-12-31"))),
)
def test_every_day_of_the_period_is_counted_once(start, length, today):
    end = start + timedelta(days=length)
    split = split_period(start, end, today=today)
    assert coverage(split) == dict.fromkeys(days_of(start, end) if length >= 0 else [], 1)
    # Whole rows wherever they fit; a partial half-month costs at most half of its days
    # (up to today), one way or the other.
    assert len(split.days) + len(split.minus) <= 4
    if today is None:
        read = sum((b - a).days + 1 for a, b in [*split.days, *split.minus])
        assert read <= 2 * 8
    assert all(m.day == 1 for m in split.months)
    assert all(h.day in (1, 15) for h in split.halves)
    assert not any(h.replace(day=1) in split.months for h in split.halves)
    for first, last in split.minus:  # only days of a half-month that is counted whole
        assert half_start(first) in split.halves
        assert half_start(last) == half_start(first)


def test_a_period_ending_today_takes_the_current_half_month_whole():
    split = split_period(D("2026-01-01"), D("2026-11-25"), today=D("2026-11-25"))
    assert split.months == [D(f"2026-{m:02d}-01") for m in range(1, 11)]
    assert split.halves == [D("2026-11-01"), D("2026-11-15")]
    assert split.days == []
    assert split.minus == [(D("2026-11-26"), D("2026-11-30"))]  # no petition there yet
    # Three days of a half-month are read as days, not as the half less thirteen days.
    assert split_period(D("2026-11-15"), D("2026-11-17")).days == [
        (D("2026-11-15"), D("2026-11-17"))
    ]


def test_statutory_periods_and_months_need_no_single_days():
    year = split_period(D("2025-12-15"), D("2026-12-14"))
    assert year.halves == [D("2025-12-15"), D("2026-12-01")]
    assert year.months == [D(f"2026-{m:02d}-01") for m in range(1, 12)]
    assert year.days == []
    quarter = split_period(D("2026-03-15"), D("2026-06-14"))
    assert quarter.halves == [D("2026-03-15"), D("2026-06-01")]
    assert quarter.months == [D("2026-04-01"), D("2026-05-01")]
    assert split_period(D("2024-02-01"), D("2024-02-29")).months == [D("2024-02-01")]
    odd = split_period(D("2026-02-10"), D("2026-04-20"))  # fewer days inside than outside
    assert odd.days == [(D("2026-02-10"), D("2026-02-14")), (D("2026-04-15"), D("2026-04-20"))]
    assert odd.halves == [D("2026-02-15"), D("2026-04-01")]
    assert odd.months == [D("2026-03-01")]
    assert split_period(D("2026-05-02"), D("2026-05-01")).empty


def fact(**changes) -> Fact:
    base = Fact("VN/01/00004/", D("2026-03-15"), "complaint", "post", *[False] * 7)
    return base._replace(**changes)


def test_a_petition_counts_in_its_month_and_its_half():
    assert buckets_of(D("2026-03-14")) == ((Grain.MONTH, D("2026-03-01")), ("h", D("2026-03-01")))
    assert buckets_of(D("2026-03-15")) == ((Grain.MONTH, D("2026-03-01")), ("h", D("2026-03-15")))
    assert buckets_of(D("2026-02-28"))[1] == ("h", D("2026-02-15"))


def test_what_a_fact_counts_for():
    counts = dict(zip(COUNT_COLUMNS, counts_of(fact()), strict=True))
    assert {c for c, n in counts.items() if n} == {
        "received",
        "cases",
        "complaint",
        "channel_post",
    }
    forwarded = dict(
        zip(
            COUNT_COLUMNS,
            counts_of(fact(forwarded=True, within_competence=True, channel="transfer")),
            strict=True,
        )
    )
    assert {c for c, n in forwarded.items() if n} == {
        "received",
        "forwarded",
        "complaint",
        "within_competence",
        "channel_transfer",
    }
    everything = fact(
        kind="denunciation",
        accepted=True,
        resolved=True,
        resolved_on_time=True,
        overdue_now=True,
        repeated=True,
    )
    counted = {c for c, n in zip(COUNT_COLUMNS, counts_of(everything), strict=True) if n}
    assert counted == {
        "received",
        "cases",
        "denunciation",
        "accepted",
        "resolved",
        "resolved_on_time",
        "overdue_now",
        "repeated",
        "channel_post",
    }
