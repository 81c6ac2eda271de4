"""The monitor's judgement of each duty from the counts the modules report, without the
database: periods, the board and dialogue duties, the score and the ranking."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from danvan.compliance import selectors
from danvan.compliance.selectors import DUE, LATE, MET, NONE, CommuneRow, Duty, MonitorPeriod

YEAR = MonitorPeriod(2026)
Q2 = MonitorPeriod(2026, 2)
MID_YEAR = date(2026, 6, 15)
NEXT_YEAR = date(2027, 1, 5)


def test_periods_cover_the_calendar_year_and_its_quarters() -> None:
    assert (YEAR.start, YEAR.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert (Q2.start, Q2.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert MonitorPeriod(2028, 1).end == date(2028, 3, 31)
    assert MonitorPeriod(2026, 4).end == date(2026, 12, 31)
    assert Q2.judged_until(MID_YEAR) == MID_YEAR
    assert Q2.judged_until(NEXT_YEAR) == date(2026, 6, 30)


def test_a_yearly_duty_is_over_only_after_the_last_day_of_the_year() -> None:
    assert not YEAR.year_over(date(2026, 12, 31))
    assert YEAR.year_over(date(2027, 1, 1))
    # A quarter before the last cannot fail a yearly duty: the year goes on after it.
    assert not Q2.year_over(NEXT_YEAR)
    assert MonitorPeriod(2026, 4).year_over(NEXT_YEAR)


def _boards(**counts: int) -> dict[str, Duty]:
    return {d.key: d for d in selectors._board_duties(counts or None)}


def test_inspection_board_in_office_or_not() -> None:
    assert _boards()["inspection_board"].state == LATE
    assert _boards(inspection_board=0, visits=3)["inspection_board"].state == LATE
    assert _boards(inspection_board=1)["inspection_board"].state == MET


@pytest.mark.parametrize(
    ("counts", "state"),
    [
        ({}, NONE),
        ({"recommendations": 3, "answered_on_time": 3}, MET),
        ({"recommendations": 3, "answered_on_time": 2, "pending": 1}, DUE),
        ({"recommendations": 3, "answered_on_time": 2, "overdue": 1}, LATE),
        ({"recommendations": 3, "answered_on_time": 2, "answered_late": 1}, LATE),
        ({"recommendations": 2, "pending": 1, "overdue": 1}, LATE),
    ],
)
def test_recommendations_answered_within_15_days(counts: dict[str, int], state: str) -> None:
    duty = _boards(**counts)["recommendations"]
    assert duty.state == state
    assert duty.required == counts.get("recommendations", 0)
    assert duty.done == counts.get("answered_on_time", 0)


def _dialogues(
    year: dict[str, int] | None,
    period: dict[str, int] | None = None,
    *,
    villages: int = 5,
    today: date = MID_YEAR,
) -> dict[str, Duty]:
    duties = selectors._dialogue_duties(year, period, villages, YEAR, today)
    return {d.key: d for d in duties}


def test_the_chair_dialogue_is_due_until_the_year_ends_then_late() -> None:
    assert _dialogues(None)["chair_dialogue"].state == DUE
    assert _dialogues(None, today=NEXT_YEAR)["chair_dialogue"].state == LATE
    held = _dialogues({"chair_dialogues": 2})["chair_dialogue"]
    assert (held.state, held.done, held.required) == (MET, 1, 1)


def test_every_village_must_hold_its_year_end_meeting() -> None:
    four = {"villages_met": 4}
    assert _dialogues(four)["village_meetings"].state == DUE
    late = _dialogues(four, today=NEXT_YEAR)["village_meetings"]
    assert (late.state, late.done, late.required) == (LATE, 4, 5)
    assert _dialogues({"villages_met": 5}, today=NEXT_YEAR)["village_meetings"].state == MET
    assert _dialogues(None, villages=0)["village_meetings"].state == NONE


@pytest.mark.parametrize(
    ("counts", "state"),
    [
        (None, NONE),
        ({"commitments": 4, "commitments_done": 4}, MET),
        ({"commitments": 4, "commitments_done": 3, "commitments_open": 1}, DUE),
        ({"commitments": 4, "commitments_done": 3, "commitments_overdue": 1}, LATE),
        ({"commitments": 4, "commitments_done": 4, "commitments_done_late": 1}, LATE),
    ],
)
def test_commitments_kept(counts: dict[str, int] | None, state: str) -> None:
    assert _dialogues(None, counts)["commitments"].state == state


def test_reception_shortfall_is_late_in_a_past_month_and_due_in_this_one() -> None:
    judge = selectors._reception_duty
    assert judge(None, YEAR, MID_YEAR).state == LATE
    assert judge(None, YEAR, MID_YEAR).facts == {"no_schedule": 1}
    full = {"held": 24, "required": 24, "short_past": 0, "short_now": 0}
    assert judge(full, YEAR, MID_YEAR).state == MET
    assert judge({**full, "held": 23, "short_now": 1}, YEAR, MID_YEAR).state == DUE
    assert judge({**full, "held": 23, "short_past": 1}, YEAR, MID_YEAR).state == LATE
    # A period that has not begun has nothing to judge yet.
    assert judge(None, MonitorPeriod(2027), MID_YEAR).state == NONE


def test_disclosure_duty_counts_missing_standing_subjects_as_late() -> None:
    base = {"total": 3, "met": 3, "due": 0, "late": 0, "missing": 0, "awaited": 0}
    assert selectors._disclosure_duty(base).state == MET
    assert selectors._disclosure_duty({**base, "due": 1}).state == DUE
    assert selectors._disclosure_duty({**base, "awaited": 1}).state == DUE
    assert selectors._disclosure_duty({**base, "late": 1}).state == LATE
    missing = selectors._disclosure_duty({**base, "missing": 2})
    assert (missing.state, missing.done, missing.required) == (LATE, 3, 5)


def _row(name: str, *states: str) -> CommuneRow:
    unit: Any = SimpleNamespace(name=name, name_collation=name, path=f"VN/01/{name}/")
    return CommuneRow(unit, [Duty(f"d{i}", s) for i, s in enumerate(states)])


def test_score_leaves_out_duties_still_due_and_those_with_nothing_to_judge() -> None:
    assert _row("a", MET, MET, LATE, DUE, NONE).score == 67
    assert _row("b", DUE, NONE).score is None
    assert _row("c", MET).score == 100


def test_ranking_puts_the_higher_score_first_then_fewer_late_duties() -> None:
    rows = [
        _row("c", MET, LATE, LATE),
        _row("a", MET, MET, LATE),
        _row("b", MET, MET, MET, LATE),
        _row("d", MET, DUE),
        _row("e", MET, MET, MET, MET, MET, MET, LATE, LATE),  # 75%, two late
        _row("f", NONE, DUE),  # nothing judged yet
        _row("g", MET, MET, MET, LATE, NONE),  # 75%, one late
    ]
    assert [r.unit.name for r in selectors.rank(rows)] == ["d", "b", "g", "e", "a", "c", "f"]
