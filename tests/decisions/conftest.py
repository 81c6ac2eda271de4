"""Fixtures for household decisions: a village of Ba Đình with its households, the
commune's officer and a decision window in March 2026 (no public holiday)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.accounts.validators import display_phone
from danvan.decisions import services
from danvan.decisions.models import CommunityDecision, DecisionForm, Household, Subject
from danvan.units.models import AdministrativeUnit, AgencyKind
from danvan.units.services import add_village

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOTICED_ON = date(2026, 3, 6)  # Friday
OPENS_AT = datetime(2026, 3, 9, 8, 0, tzinfo=HCM)  # Monday
CLOSES_AT = datetime(2026, 3, 13, 17, 0, tzinfo=HCM)  # Friday
DURING = datetime(2026, 3, 10, 9, 0, tzinfo=HCM)
AFTER_CLOSE = datetime(2026, 3, 13, 18, 0, tzinfo=HCM)  # the same Friday evening
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


def open_now(
    v: Village,
    *,
    subject: str = Subject.OTHER,
    form: str = DecisionForm.ONLINE,
    title: str = "Chọn ngày hội thôn",
) -> CommunityDecision:
    """A decision open for votes at the real current time (for the pages)."""
    now = timezone.now()
    decision = services.create_decision(
        actor=v.officer,
        village=v.unit,
        subject=subject,
        title=title,
        form=form,
        noticed_on=timezone.localdate(now) - timedelta(days=3),
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        counting_board=BOARD,
    )
    return services.open_decision(actor=v.officer, decision=decision)


def national(user: Any) -> str:
    """The user's phone as people type it (0912 345 678)."""
    return str(display_phone(user.phone))


@pytest.fixture
def leader(tree: Any, make_user: Callable[..., Any]) -> Any:
    return make_user(Role.LEADER, tree.agency(tree.ba_dinh), full_name="Phạm Thị Dung")


@pytest.fixture
def monitor(tree: Any, make_user: Callable[..., Any]) -> Any:
    """A provincial inspector: reads every commune of Hà Nội, writes nothing."""
    return make_user(Role.MONITOR, tree.agency(tree.hanoi, AgencyKind.INSPECTORATE))


@pytest.fixture
def outsider(tree: Any, make_user: Callable[..., Any]) -> Any:
    """The reception officer of the sibling commune Ngọc Hà."""
    return make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha))


@pytest.fixture
def en_client(client_for: Callable[[Any], Client]) -> Callable[..., Client]:
    """A client (signed in as ``user``, or anonymous) that chose English, so the
    assertions read the msgids whatever the Vietnamese catalogue says."""

    def build(user: Any = None) -> Client:
        client = client_for(user) if user is not None else Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return build
