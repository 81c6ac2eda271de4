"""Fixtures for grassroots mediation: Ba Đình's staff, two villages, a monitor, an
officer of the sibling commune, and a team with members formed in 2024."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from danvan.accounts.roles import Role
from danvan.mediation import services
from danvan.mediation.models import MediationMember, MediationTeam
from danvan.units.models import AdministrativeUnit
from danvan.units.services import add_village

TODAY = date(2025, 12, 31)
FORMED = date(2024, 3, 1)


@dataclass
class Setup:
    unit: AdministrativeUnit
    officer: Any
    handler: Any
    leader: Any
    monitor: Any
    outsider: Any
    east: AdministrativeUnit
    west: AdministrativeUnit
    team: MediationTeam
    members: list[MediationMember]


@pytest.fixture
def med(tree: Any, make_user: Callable[..., Any]) -> Setup:
    agency = tree.agency(tree.ba_dinh)
    officer = make_user(Role.RECEPTION_OFFICER, agency)
    east = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
    team = services.form_team(
        actor=officer, village=east, name="Tổ hòa giải Thôn Đông", formed_on=FORMED, today=TODAY
    )
    members = [
        services.add_member(
            actor=officer,
            team=team,
            full_name=name,
            joined_on=FORMED,
            is_leader=i == 0,
            today=TODAY,
        )
        for i, name in enumerate(["Nguyễn Văn Thành", "Trần Thị Nga", "Lê Văn Bình"])
    ]
    return Setup(
        unit=tree.ba_dinh,
        officer=officer,
        handler=make_user(Role.CASE_HANDLER, agency),
        leader=make_user(Role.LEADER, agency),
        monitor=make_user(Role.MONITOR, tree.agency(tree.hanoi)),
        outsider=make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha)),
        east=east,
        west=add_village(actor=None, commune=tree.ba_dinh, name="Thôn Tây"),
        team=team,
        members=members,
    )


@pytest.fixture
def english_client_for(client_for: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A signed-in client reading the English pages, so messages are stable whatever
    the Vietnamese catalogue holds."""
    from django.conf import settings

    def build(user: Any) -> Any:
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return build


PARTIES = ["Phạm Văn Giang", "Phạm Thị Hạnh"]


def open_case(s: Setup, received_on: date = date(2025, 3, 1), kind: str = "land_boundary") -> Any:
    return services.open_case(
        actor=s.officer,
        team=s.team,
        received_on=received_on,
        kind=kind,
        summary="Tranh chấp ranh giới đất vườn",
        parties=PARTIES,
        mediators=s.members[:2],
        today=TODAY,
    )
