"""Fixtures for household decisions: a village of Ba Đình with its households, the
commune's officer and a decision window in March 2026 (no public holiday)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from danvan.accounts.roles import Role
from danvan.decisions import services
from danvan.decisions.models import CommunityDecision, DecisionForm, Household, Subject
from danvan.units.models import AdministrativeUnit
from danvan.units.services import add_village

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOTICED_ON = date(2026, 3, 6)  # Friday
OPENS_AT = datetime(2026, 3, 9, 8, 0, tzinfo=HCM)  # Monday
CLOSES_AT = datetime(2026, 3, 13, 17, 0, tzinfo=HCM)  # Friday
DURING = datetime(2026, 3, 10, 9, 0, tzinfo=HCM)
BOARD = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


@dataclass
class Village:
    unit: AdministrativeUnit
    officer: Any
    households: list[Household]


@pytest.fixture
def village(tree: Any, make_user: Callable[..., Any]) -> Callable[[int], Village]:
    def build(n: int) -> Village:
        officer = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh))
        unit = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
        households = [
            services.register_household(
                actor=officer, village=unit, code=f"H{i:03d}", head_name=f"Chủ hộ {i}"
            )
            for i in range(1, n + 1)
        ]
        return Village(unit, officer, households)

    return build


def make_decision(
    v: Village,
    *,
    subject: str = Subject.INFRASTRUCTURE,
    form: str = DecisionForm.BALLOT,
    open_it: bool = True,
) -> CommunityDecision:
    decision = services.create_decision(
        actor=v.officer,
        village=v.unit,
        subject=subject,
        title="Đóng góp làm đường bê tông",
        form=form,
        noticed_on=NOTICED_ON,
        opens_at=OPENS_AT,
        closes_at=CLOSES_AT,
        counting_board=BOARD,
    )
    if open_it:
        decision = services.open_decision(actor=v.officer, decision=decision)
    return decision
