"""Fixtures for case families: staff at a commune, the province and the provincial
inspectorate of Hà Nội, staff elsewhere, and helpers that receive and decide
petitions through the services."""

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
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionDraft
from danvan.units.models import Agency


@dataclass
class Staff:
    officer: Any  # reception officer of Ba Đình
    handler: Any  # case handler of Ba Đình
    leader: Any  # chair of Ba Đình (the commune only)
    province_officer: Any  # reception officer of the Hà Nội People's Committee
    province_leader: Any  # chair of Hà Nội, reaches every commune of the city
    inspector: Any  # case handler at the Hà Nội inspectorate
    monitor: Any  # read-only over Hà Nội
    ngoc_ha_officer: Any  # reception officer of the sibling commune Ngọc Hà
    bac_ly_officer: Any  # reception officer of Bắc Lý, in Ninh Bình


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The assertions read the English msgids, whatever the Vietnamese catalogue says.
    with translation.override("en"):
        yield


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    """Signed-in clients that passed the second factor and chose English."""
    from tests.conftest import verified_client

    def build(user: Any) -> Client:
        client = verified_client(user)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return build


@pytest.fixture
def staff(tree: Any, make_user: Callable[..., Any]) -> Staff:
    commune = tree.agency(tree.ba_dinh)
    province = tree.agency(tree.hanoi)
    inspectorate = tree.agency(tree.hanoi, "thanh_tra")
    return Staff(
        officer=make_user(Role.RECEPTION_OFFICER, commune, full_name="Trần Thị Bình"),
        handler=make_user(Role.CASE_HANDLER, commune, full_name="Lê Văn Cường"),
        leader=make_user(Role.LEADER, commune, covers_subtree=False, full_name="Phạm Thị Dung"),
        province_officer=make_user(Role.RECEPTION_OFFICER, province, full_name="Hồ Văn Tỉnh"),
        province_leader=make_user(Role.LEADER, province, full_name="Đặng Văn Hải"),
        inspector=make_user(Role.CASE_HANDLER, inspectorate, full_name="Ngô Văn Khoa"),
        monitor=make_user(Role.MONITOR, inspectorate, full_name="Vũ Thị Giang"),
        ngoc_ha_officer=make_user(
            Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha), full_name="Mai Văn Hà"
        ),
        bac_ly_officer=make_user(
            Role.RECEPTION_OFFICER, tree.agency(tree.bac_ly), full_name="Lý Thị Nam"
        ),
    )


def receive(
    agency: Agency,
    *,
    kind: str = "complaint",
    on: str = "2026-11-02",
    subject: str = "Đơn thử",
    content: str = "Nội dung đơn thử nghiệm số 1",
    petitioner_name: str = "Nguyễn Văn A",
    channel: str = "post",
    **extra: Any,
) -> Petition:
    """One petition received by the system (actor None) at ``agency``."""
    [petition] = petitions.receive_petitions(
        actor=None,
        agency=agency,
        drafts=[
            PetitionDraft(
                kind=kind,
                subject=subject,
                content=content,
                petitioner_name=petitioner_name,
                **extra,
            )
        ],
        channel=channel,
        received_on=date.fromisoformat(on),
    )
    return petition


def decide(petition: Petition, *, on: str, handler: Any) -> Petition:
    """Take ``petition`` through classification, acceptance, verification (and the
    dialogue for a complaint) to a decision on ``on``, as the system."""
    day = date.fromisoformat(on)
    p = petitions.classify(actor=None, petition=petition, expected_version=1, effective_on=day)
    p = petitions.accept(actor=None, petition=p, expected_version=p.version, effective_on=day)
    p = petitions.assign(
        actor=None, petition=p, handler=handler, expected_version=p.version, effective_on=day
    )
    p = petitions.start_verification(
        actor=None, petition=p, expected_version=p.version, effective_on=day
    )
    if p.kind == "complaint":
        p = petitions.record_dialogue(
            actor=None,
            petition=p,
            expected_version=p.version,
            minutes="Hai bên trao đổi, người khiếu nại giữ ý kiến.",
            participants=["Phạm Thị Dung"],
            effective_on=day,
        )
    return petitions.decide(
        actor=None,
        petition=p,
        expected_version=p.version,
        outcome="answered" if p.kind != "complaint" else "wrong",
        summary="Đã trả lời người có đơn.",
        effective_on=day,
    )


def refreshed(petition: Petition) -> Petition:
    return Petition.objects.select_related("family").get(pk=petition.pk)
