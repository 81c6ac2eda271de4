"""Fixtures for meetings with the people: Ba Đình's staff and two of its villages, a
monitor, an officer of the sibling commune, and helpers to make meetings in 2025."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from danvan.accounts.roles import Role
from danvan.dialogues import services
from danvan.dialogues.models import Meeting, MeetingKind
from danvan.units.models import AdministrativeUnit
from danvan.units.services import add_village

TODAY = date(2025, 12, 31)
DAY = date(2025, 6, 10)  # a Tuesday


@dataclass
class Commune:
    unit: AdministrativeUnit
    officer: Any
    handler: Any
    leader: Any
    monitor: Any
    outsider: Any  # officer of the sibling commune Ngọc Hà
    east: AdministrativeUnit
    west: AdministrativeUnit


@pytest.fixture
def commune(tree: Any, make_user: Callable[..., Any]) -> Commune:
    agency = tree.agency(tree.ba_dinh)
    return Commune(
        unit=tree.ba_dinh,
        officer=make_user(Role.RECEPTION_OFFICER, agency),
        handler=make_user(Role.CASE_HANDLER, agency),
        leader=make_user(Role.LEADER, agency),
        monitor=make_user(Role.MONITOR, tree.agency(tree.hanoi)),
        outsider=make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha)),
        east=add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông"),
        west=add_village(actor=None, commune=tree.ba_dinh, name="Thôn Tây"),
    )


def dialogue(c: Commune, day: date = DAY, *, actor: Any = None) -> Meeting:
    return services.schedule_meeting(
        actor=actor or c.officer,
        commune=c.unit,
        kind=MeetingKind.CHAIR_DIALOGUE,
        title="Đối thoại giữa Chủ tịch UBND phường với Nhân dân",
        scheduled_at=services.at(day),
        place="Hội trường UBND phường",
        noticed_on=day.replace(day=1),
    )


def held_dialogue(c: Commune, day: date = DAY) -> Meeting:
    meeting = dialogue(c, day)
    return services.record_held(
        actor=c.officer, meeting=meeting, held_on=day, attendance=120, today=TODAY
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


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The assertions read the English msgids, whatever the Vietnamese catalogue says.
    with translation.override("en"):
        yield


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    """Signed-in clients that chose English (see ``_english``)."""
    from tests.conftest import verified_client

    def build(user: Any) -> Client:
        client = verified_client(user)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return build
