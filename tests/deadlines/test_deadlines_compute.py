"""``compute_deadline`` and ``add_days`` on the real 2026 calendar, without the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from danvan.deadlines.compute import (
    DeadlineError,
    RuleSpec,
    TooManyExtensions,
    add_days,
    compute_deadline,
)

TET_BREAK_2026 = [date(2026, 2, d) for d in range(14, 23)]


def skipped_dates(explained):
    return [day.date for day in explained.skipped]


def test_ten_working_days_across_tet_2026(official):
    explained = add_days(date(2026, 2, 11), 10, "working", calendar=official)
    assert explained.due == date(2026, 3, 4)
    assert explained.rule is None
    assert explained.citation is None
    assert explained.variant is None
    assert skipped_dates(explained)[:9] == TET_BREAK_2026
    reasons = {day.date: day.reason for day in explained.skipped}
    assert reasons[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert reasons[date(2026, 2, 14)] == "Thứ Bảy"
    assert all(reasons.values())


def test_calendar_days_ending_in_tet_roll_forward(official, spec):
    # Received on Thursday 12 Feb 2026: 10 days end on Sunday 22 Feb, the last day of the
    # Tết break, so acceptance is due on Monday 23 Feb (Civil Code Art. 148).
    explained = compute_deadline(
        spec("complaint.accept", "2012-07-01"), date(2026, 2, 12), calendar=official
    )
    assert explained.due == date(2026, 2, 23)
    assert explained.unit == "calendar"
    assert skipped_dates(explained) == [date(2026, 2, 22)]
    assert explained.version == date(2012, 7, 1)
    assert explained.citation == "Luật Khiếu nại 2011, Điều 27"


def test_working_day_version_of_acceptance_counts_past_tet(official, spec):
    explained = compute_deadline(
        spec("complaint.accept", "2026-07-01"), date(2026, 2, 12), calendar=official
    )
    # Fri 13 Feb, then 23–27 Feb and 2 Mar: the seventh working day.
    assert explained.due == date(2026, 3, 2)
    assert explained.unit == "working"


def test_remote_complex_first_instance_complaint_has_sixty_days(official, spec):
    rule = spec("complaint.first")
    start = date(2026, 3, 2)
    remote_complex = compute_deadline(rule, start, complex=True, remote=True, calendar=official)
    assert remote_complex.variant == "remote_complex"
    assert remote_complex.days == 60
    assert remote_complex.due == date(2026, 5, 4)  # 1 May is a holiday, 2–3 May a weekend
    assert remote_complex.skipped[0].reason == "Ngày Quốc tế Lao động"
    assert compute_deadline(rule, start, remote=True, calendar=official).days == 45
    assert compute_deadline(rule, start, complex=True, calendar=official).variant == "complex"
    base = compute_deadline(rule, start, calendar=official)
    assert (base.variant, base.days, base.due) == (None, 30, date(2026, 4, 1))


def test_remote_only_variant_applies_to_a_complex_second_filing(official, spec):
    explained = compute_deadline(
        spec("complaint.second_filing"),
        date(2026, 3, 2),
        complex=True,
        remote=True,
        calendar=official,
    )
    assert (explained.variant, explained.days) == ("remote", 45)


def test_denunciation_with_two_extensions(official, spec):
    rule = spec("denunciation.resolve")
    start = date(2026, 3, 2)
    explained = compute_deadline(rule, start, extensions=2, calendar=official)
    assert explained.days == 90
    assert explained.extensions == 2
    assert explained.due == date(2026, 6, 1)  # 31 May is a Sunday
    assert compute_deadline(rule, start, very_complex=True, calendar=official).extensions == 2
    assert compute_deadline(rule, start, complex=True, calendar=official).days == 60
    assert compute_deadline(rule, start, calendar=official).days == 30


def test_third_extension_of_a_denunciation_is_refused(official, spec):
    with pytest.raises(TooManyExtensions, match="at most 2 extensions; 3 requested"):
        compute_deadline(
            spec("denunciation.resolve"), date(2026, 3, 2), extensions=3, calendar=official
        )


def test_extension_of_a_rule_without_extensions_is_refused(official, spec):
    with pytest.raises(TooManyExtensions, match="allows no extension"):
        compute_deadline(spec("complaint.first"), date(2026, 3, 2), extensions=1, calendar=official)


def test_several_locations_lengthen_initial_processing(official, spec):
    rule = spec("denunciation.accept")
    explained = compute_deadline(rule, date(2026, 2, 11), several_locations=True, calendar=official)
    assert (explained.variant, explained.days, explained.unit) == (
        "several_locations",
        10,
        "working",
    )
    assert explained.due == date(2026, 3, 4)
    assert compute_deadline(rule, date(2026, 2, 11), calendar=official).due == date(2026, 2, 27)


def test_notice_before_a_monday_meeting_moves_back_off_the_weekend(official, spec):
    explained = compute_deadline(spec("vote.notice"), date(2026, 3, 9), calendar=official)
    assert explained.direction == "before"
    assert explained.due == date(2026, 3, 6)
    assert [(d.date, d.reason) for d in explained.skipped] == [(date(2026, 3, 7), "Thứ Bảy")]


def test_notice_that_lands_on_a_working_day_stays(official, spec):
    explained = compute_deadline(spec("vote.notice"), date(2026, 3, 12), calendar=official)
    assert explained.due == date(2026, 3, 10)
    assert explained.skipped == ()


def test_notice_before_the_day_after_tet_goes_back_before_the_break(official, spec):
    # Five days before Friday 27 Feb is Sunday 22 Feb, inside the Tết break.
    explained = compute_deadline(
        spec("annual_meeting.notice"), date(2026, 2, 27), calendar=official
    )
    assert explained.due == date(2026, 2, 13)
    assert skipped_dates(explained) == list(reversed(TET_BREAK_2026))


def test_notice_in_working_days_counts_back_over_days_off(official, spec):
    rule = replace(spec("vote.notice"), unit="working")
    explained = compute_deadline(rule, date(2026, 2, 24), calendar=official)
    # Tuesday 24 Feb: one working day back is Monday 23, two is Friday 13 before Tết.
    assert explained.due == date(2026, 2, 13)


def test_minimum_posting_period_does_not_roll_forward(official, spec):
    explained = compute_deadline(spec("disclosure.posting"), date(2026, 1, 23), calendar=official)
    assert explained.due == date(2026, 2, 22)  # a Sunday in the Tết break
    assert explained.skipped == ()


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda cal: add_days(date(2026, 2, 11), -1, "working", calendar=cal), "invalid_number"),
        (lambda cal: add_days(date(2026, 2, 11), 3, "weekly", calendar=cal), "invalid_unit"),
        (lambda cal: add_days(date(2026, 2, 11), 10**6, "calendar", calendar=cal), "out_of_range"),
        (lambda cal: add_days(date(9999, 12, 1), 100, "calendar", calendar=cal), "out_of_range"),
    ],
)
def test_bad_arithmetic_input_is_a_deadline_error(official, call, code):
    with pytest.raises(DeadlineError) as caught:
        call(official)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_negative_extensions_are_refused(official, spec):
    with pytest.raises(DeadlineError, match="must not be negative"):
        compute_deadline(
            spec("denunciation.resolve"), date(2026, 3, 2), extensions=-1, calendar=official
        )


def test_a_broken_rule_version_fails_loudly(official):
    broken = RuleSpec(
        rule_id="x.y", effective_from=date(2020, 1, 1), days=0, unit="hours", variants={"urgent": 3}
    )
    with pytest.raises(DeadlineError) as caught:
        compute_deadline(broken, date(2026, 3, 2), calendar=official)
    assert caught.value.code == "invalid_rule"
    assert "days" in caught.value.message
    assert "variants.urgent" in caught.value.message


def test_json_shape(official, spec):
    payload = compute_deadline(
        spec("complaint.accept", "2012-07-01"), date(2026, 2, 12), calendar=official
    ).as_json()
    assert list(payload) == [
        "rule",
        "version",
        "citation",
        "start",
        "due",
        "days",
        "unit",
        "direction",
        "variant",
        "extensions",
        "skipped",
    ]
    assert payload["version"] == "2012-07-01"
    assert payload["skipped"] == [{"date": "2026-02-22", "reason": "Chủ nhật"}]
