"""The demo data of people's boards: a realistic year, written once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from danvan.boards import selectors
from danvan.boards.demo import seed_demo
from danvan.boards.models import Board, BoardKind, BoardPlan, Recommendation, SupervisionVisit
from danvan.documents.selectors import attachments_of
from danvan.units.services import add_village
from tests.boards.conftest import Staff

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def test_seed_demo_creates_a_year_and_is_idempotent(tree: Any, staff: Staff) -> None:
    add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
    add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đoài")
    people = {
        "officer": staff.officer,
        "handler": staff.handler,
        "leader": staff.leader,
        "board_member": staff.board_member,
    }
    created = seed_demo(commune=tree.ba_dinh, staff=people, today=TODAY)
    assert created > 30
    inspection = Board.objects.get(commune=tree.ba_dinh, kind=BoardKind.PEOPLES_INSPECTION)
    supervision = Board.objects.get(commune=tree.ba_dinh, kind=BoardKind.INVESTMENT_SUPERVISION)
    assert "Đông – Đoài" in supervision.project_name
    assert supervision.village is not None
    assert selectors.serving_members(inspection, on=TODAY).count() == 6
    assert selectors.serving_members(supervision, on=TODAY).count() == 5
    assert selectors.is_constituted(inspection, on=TODAY)
    assert BoardPlan.objects.filter(board=inspection).count() == 4
    visits = SupervisionVisit.objects.filter(board__commune=tree.ba_dinh)
    assert 6 <= visits.count() <= 8
    assert all(TODAY - timedelta(days=366) <= v.visited_on <= TODAY for v in visits)
    assert sum(attachments_of(v).count() for v in visits) >= 2
    states = [
        selectors.recommendation_state(r, TODAY)
        for r in Recommendation.objects.filter(board__commune=tree.ba_dinh)
    ]
    assert len(states) == 8
    assert states.count(selectors.ANSWERED_LATE) == 1
    assert states.count(selectors.PENDING) == 1
    assert states.count(selectors.OVERDUE) == 1
    assert states.count(selectors.ANSWERED_ON_TIME) == 5
    counts = selectors.compliance_counts(
        under=tree.hanoi, start=TODAY - timedelta(days=365), end=TODAY, today=TODAY
    )
    assert counts[tree.ba_dinh.pk]["inspection_board"] == 1
    assert counts[tree.ba_dinh.pk]["recommendations"] == 8

    assert seed_demo(commune=tree.ba_dinh, staff=people, today=TODAY) == 0
    assert Board.objects.count() == 2
    assert Recommendation.objects.count() == 8


def test_seed_demo_works_without_villages_on_another_day(tree: Any, staff: Staff) -> None:
    people = {
        "officer": staff.officer,
        "handler": staff.handler,
        "leader": staff.leader,
        "board_member": staff.board_member,
    }
    # Any day of the year, including around the turn of a year.
    assert seed_demo(commune=tree.ba_dinh, staff=people, today=date(2027, 1, 2)) > 30
    assert Board.objects.get(kind=BoardKind.INVESTMENT_SUPERVISION).village is None
