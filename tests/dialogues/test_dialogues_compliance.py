"""compliance_counts, as the compliance monitor calls it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from danvan.accounts.roles import Role
from danvan.dialogues import services
from danvan.dialogues.models import MeetingKind
from danvan.dialogues.selectors import COMPLIANCE_KEYS, compliance_counts
from danvan.units.models import AdministrativeUnit
from danvan.units.services import add_village

START, END = date(2025, 1, 1), date(2025, 12, 31)
TODAY = date(2025, 12, 31)


def _meeting(
    actor: Any,
    commune: AdministrativeUnit,
    held_on: date | None,
    village: AdministrativeUnit | None = None,
) -> Any:
    day = held_on or date(2025, 11, 20)
    meeting = services.schedule_meeting(
        actor=actor,
        commune=commune,
        kind=MeetingKind.YEAR_END_VILLAGE if village else MeetingKind.CHAIR_DIALOGUE,
        village=village,
        title="Hội nghị",
        scheduled_at=services.at(day),
        place="Nhà văn hóa",
        noticed_on=date(day.year, day.month, 1) if day.day > 6 else date(day.year - 1, 12, 1),
    )
    if held_on is None:
        return meeting
    return services.record_held(
        actor=actor, meeting=meeting, held_on=held_on, attendance=30, today=date(2026, 12, 31)
    )


def _commit(actor: Any, meeting: Any, due_on: date, done_on: date | None = None) -> None:
    c = services.add_commitment(
        actor=actor, meeting=meeting, content="Việc", owner="Trưởng thôn", due_on=due_on
    )
    if done_on:
        services.complete_commitment(actor=actor, commitment=c, done_on=done_on, today=done_on)


@pytest.fixture
def data(tree: Any, make_user: Callable[..., Any]) -> dict[str, Any]:
    a = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    b = make_user(Role.LEADER, tree.agency(tree.bac_ly))
    east = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
    west = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Tây")
    north = add_village(actor=None, commune=tree.bac_ly, name="Thôn Bắc")
    # Ba Đình (Hà Nội): a dialogue on the first day, year-end meetings on the last day,
    # two of them in the same village; one meeting the day before the period.
    dialogue = _meeting(a, tree.ba_dinh, START)
    _meeting(a, tree.ba_dinh, END, east)
    _meeting(a, tree.ba_dinh, END, east)
    _meeting(a, tree.ba_dinh, END, west)
    before = _meeting(a, tree.ba_dinh, date(2024, 12, 31), west)
    _meeting(a, tree.ba_dinh, None)  # still planned: counts nothing
    _commit(a, dialogue, date(2025, 3, 1), date(2025, 3, 1))  # done on time
    _commit(a, dialogue, date(2025, 3, 1), date(2025, 3, 2))  # done late
    _commit(a, dialogue, date(2025, 12, 30))  # overdue on 31/12
    _commit(a, dialogue, TODAY)  # due today: still open
    _commit(a, before, date(2025, 2, 1))  # made before the period: not counted
    # Bắc Lý (Ninh Bình): one year-end meeting and one open commitment.
    north_meeting = _meeting(b, tree.bac_ly, date(2025, 12, 15), north)
    _commit(b, north_meeting, date(2026, 1, 15))
    return {"a": a}


def test_counts_per_commune_across_provinces(tree: Any, data: dict[str, Any]) -> None:
    counts = compliance_counts(under=tree.nation, start=START, end=END, today=TODAY)
    assert set(counts) == {tree.ba_dinh.pk, tree.bac_ly.pk}
    assert counts[tree.ba_dinh.pk] == {
        "chair_dialogues": 1,
        "year_end_meetings": 3,
        "villages_met": 2,
        "commitments": 4,
        "commitments_done": 1,
        "commitments_done_late": 1,
        "commitments_overdue": 1,
        "commitments_open": 1,
    }
    assert counts[tree.bac_ly.pk] == dict.fromkeys(COMPLIANCE_KEYS, 0) | {
        "year_end_meetings": 1,
        "villages_met": 1,
        "commitments": 1,
        "commitments_open": 1,
    }
    assert all(isinstance(v, int) for c in counts.values() for v in c.values())
    # A province sees only its own communes; a commune only itself.
    assert set(compliance_counts(under=tree.hanoi, start=START, end=END, today=TODAY)) == {
        tree.ba_dinh.pk
    }
    assert set(compliance_counts(under=tree.bac_ly, start=START, end=END, today=TODAY)) == {
        tree.bac_ly.pk
    }
    assert compliance_counts(under=tree.ngoc_ha, start=START, end=END, today=TODAY) == {}


def test_period_and_today_bounds(tree: Any, data: dict[str, Any]) -> None:
    # Without the first and last day the dialogue and the December meetings drop out,
    # but the commune still appears (it has meetings) with zeros.
    inner = compliance_counts(
        under=tree.hanoi, start=date(2025, 1, 2), end=date(2025, 12, 30), today=TODAY
    )
    assert inner[tree.ba_dinh.pk] == dict.fromkeys(COMPLIANCE_KEYS, 0)
    # Judged a day earlier, the commitment due 30/12 is not yet overdue.
    earlier = compliance_counts(under=tree.hanoi, start=START, end=END, today=date(2025, 12, 30))
    assert earlier[tree.ba_dinh.pk]["commitments_overdue"] == 0
    assert earlier[tree.ba_dinh.pk]["commitments_open"] == 2
    # The previous period holds the meeting of 31/12/2024 and its commitment.
    last_year = compliance_counts(
        under=tree.nation, start=date(2024, 1, 1), end=date(2024, 12, 31), today=TODAY
    )
    assert last_year[tree.ba_dinh.pk]["year_end_meetings"] == 1
    assert last_year[tree.ba_dinh.pk]["commitments_overdue"] == 1


def test_a_fixed_number_of_queries(
    tree: Any, data: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(3):
        compliance_counts(under=tree.nation, start=START, end=END, today=TODAY)
