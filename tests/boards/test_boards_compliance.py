"""compliance_counts: grouping by commune across provinces, period and today bounds, and
a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from danvan.boards import services
from danvan.boards.models import Board, Recommendation
from danvan.boards.selectors import compliance_counts
from tests.boards.conftest import fill, make_inspection, make_supervision

pytestmark = pytest.mark.django_db

START, END = date(2026, 4, 1), date(2026, 6, 30)
NOW = date(2026, 11, 20)
KEYS = {
    "inspection_board",
    "supervision_boards",
    "visits",
    "recommendations",
    "answered_on_time",
    "answered_late",
    "overdue",
    "pending",
}


def _visit(board: Board, on: date) -> None:
    services.record_visit(actor=None, board=board, visited_on=on, subject="Nhà văn hóa", today=NOW)


def _rec(board: Board, sent_on: date, answered_on: date | None = None) -> Recommendation:
    recommendation = services.send_recommendation(
        actor=None, board=board, content="Đề nghị", sent_on=sent_on, today=NOW
    )
    if answered_on is not None:
        services.answer_recommendation(
            actor=None,
            recommendation=recommendation,
            answer="Đã xử lý",
            answered_on=answered_on,
            today=NOW,
        )
    return recommendation


@pytest.fixture
def data(tree: Any) -> Any:
    # Ba Đình (Hà Nội): five members until one leaves on 15/06.
    ba_dinh = make_inspection(tree)
    members = fill(ba_dinh, 5)
    services.remove_member(actor=None, member=members[0], left_on=date(2026, 6, 15))
    make_supervision(tree)
    gone = make_supervision(tree, project_name="Kênh mương nội đồng")
    services.dissolve_board(actor=None, board=gone, dissolved_on=date(2026, 5, 1))
    make_supervision(tree, project_name="Trường mầm non", term_starts_on=date(2026, 8, 1))
    for day in (date(2026, 3, 31), START, END, date(2026, 7, 1)):
        _visit(ba_dinh, day)
    _rec(ba_dinh, START, date(2026, 4, 16))  # day 15: on time
    _rec(ba_dinh, START, date(2026, 4, 17))  # day 16: late
    _rec(ba_dinh, date(2026, 5, 1))  # never answered
    _rec(ba_dinh, END, date(2026, 7, 20))  # answered late, after the period
    _rec(ba_dinh, date(2026, 3, 31), date(2026, 4, 2))  # before the period
    _rec(ba_dinh, date(2026, 7, 1))  # after the period
    # Ngọc Hà (Hà Nội): only four members.
    ngoc_ha = make_inspection(tree, commune=tree.ngoc_ha)
    fill(ngoc_ha, 4)
    _visit(ngoc_ha, date(2026, 5, 5))
    _rec(ngoc_ha, date(2026, 6, 28))
    # Bắc Lý (Ninh Bình): a full board and nothing else.
    bac_ly = make_inspection(tree, commune=tree.bac_ly)
    fill(bac_ly, 6)
    return tree


def test_no_board_data_gives_nothing(tree: Any) -> None:
    assert compliance_counts(under=tree.nation, start=START, end=END, today=NOW) == {}


def test_counts_per_commune_for_the_nation(data: Any, django_assert_max_num_queries: Any) -> None:
    tree = data
    with django_assert_max_num_queries(5):
        counts = compliance_counts(under=tree.nation, start=START, end=END, today=NOW)
    assert set(counts) == {tree.ba_dinh.pk, tree.ngoc_ha.pk, tree.bac_ly.pk}
    assert all(set(row) == KEYS for row in counts.values())
    assert counts[tree.ba_dinh.pk] == {
        "inspection_board": 0,  # four members left on 30/06
        "supervision_boards": 1,  # one dissolved, one not yet started on 30/06
        "visits": 2,
        "recommendations": 4,
        "answered_on_time": 1,
        "answered_late": 2,
        "overdue": 1,
        "pending": 0,
    }
    assert counts[tree.ngoc_ha.pk] == {
        "inspection_board": 0,
        "supervision_boards": 0,
        "visits": 1,
        "recommendations": 1,
        "answered_on_time": 0,
        "answered_late": 0,
        "overdue": 1,
        "pending": 0,
    }
    assert counts[tree.bac_ly.pk] == dict.fromkeys(KEYS, 0) | {"inspection_board": 1}


def test_grouping_follows_the_unit_asked(data: Any) -> None:
    tree = data
    assert set(compliance_counts(under=tree.hanoi, start=START, end=END, today=NOW)) == {
        tree.ba_dinh.pk,
        tree.ngoc_ha.pk,
    }
    assert set(compliance_counts(under=tree.ninhbinh, start=START, end=END, today=NOW)) == {
        tree.bac_ly.pk
    }
    only = compliance_counts(under=tree.ba_dinh, start=START, end=END, today=NOW)
    assert set(only) == {tree.ba_dinh.pk}
    assert only[tree.ba_dinh.pk]["visits"] == 2


def test_today_inside_the_period(data: Any) -> None:
    tree = data
    today = date(2026, 6, 1)
    counts = compliance_counts(under=tree.hanoi, start=START, end=END, today=today)
    row = counts[tree.ba_dinh.pk]
    # On 01/06 the board still had five members.
    assert row["inspection_board"] == 1
    assert row["supervision_boards"] == 1
    # Recommendations are those sent in the period whatever today is; the answer of
    # 20/07 is not yet given, and the one sent on 30/06 is not yet due.
    assert row["recommendations"] == 4
    assert row["answered_on_time"] == 1
    assert row["answered_late"] == 1
    assert row["overdue"] == 1
    assert row["pending"] == 1


def test_today_just_after_the_period(data: Any) -> None:
    tree = data
    row = compliance_counts(under=tree.nation, start=START, end=END, today=date(2026, 7, 15))[
        tree.ba_dinh.pk
    ]
    # The one sent on 30/06 is due on 15/07: still pending that day.
    assert (row["answered_late"], row["pending"], row["overdue"]) == (1, 1, 1)
    row = compliance_counts(under=tree.nation, start=START, end=END, today=date(2026, 7, 16))[
        tree.ba_dinh.pk
    ]
    assert (row["answered_late"], row["pending"], row["overdue"]) == (1, 0, 2)


def test_an_earlier_period_sees_the_board_as_it_was(data: Any) -> None:
    tree = data
    counts = compliance_counts(
        under=tree.nation, start=date(2026, 1, 1), end=date(2026, 3, 31), today=NOW
    )
    row = counts[tree.ba_dinh.pk]
    assert row["inspection_board"] == 1
    assert row["supervision_boards"] == 2  # the dissolved one still worked in March
    assert row["visits"] == 1
    assert (row["recommendations"], row["answered_on_time"]) == (1, 1)
