"""Fixtures for hotspots: the people who watch Hà Nội and Ninh Bình (and those who may
not), topics, and a helper that receives a paper at an agency on a given day."""

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
from danvan.cases.models import CaseFamily
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionDraft
from danvan.topics.models import Topic
from danvan.units.models import Agency, AgencyKind


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


@dataclass
class People:
    monitor: Any  # inspectorate of Hà Nội, read-only over the province
    leader: Any  # chair of Hà Nội, over the province
    officer: Any  # reception officer of Ba Đình
    commune_leader: Any  # chair of Ba Đình, over the commune only
    inspector: Any  # case handler at Hà Nội's inspectorate (not over the province)
    other_monitor: Any  # inspectorate of Ninh Bình
    other_leader: Any  # chair of Ninh Bình
    national: Any  # monitor at the national inspectorate
    admin: Any


@pytest.fixture
def people(tree: Any, make_user: Callable[..., Any]) -> People:
    from danvan.units.services import ensure_nation

    nation_inspectorate, _ = Agency.objects.get_or_create(
        code="thanh-tra-chinh-phu",
        defaults={
            "unit": ensure_nation(),
            "kind": AgencyKind.INSPECTORATE,
            "name": "Thanh tra Chính phủ",
            "name_folded": "thanh tra chinh phu",
        },
    )
    return People(
        monitor=make_user(Role.MONITOR, tree.agency(tree.hanoi, AgencyKind.INSPECTORATE)),
        leader=make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True),
        officer=make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh)),
        commune_leader=make_user(Role.LEADER, tree.agency(tree.ba_dinh)),
        inspector=make_user(Role.CASE_HANDLER, tree.agency(tree.hanoi, AgencyKind.INSPECTORATE)),
        other_monitor=make_user(Role.MONITOR, tree.agency(tree.ninhbinh, AgencyKind.INSPECTORATE)),
        other_leader=make_user(Role.LEADER, tree.agency(tree.ninhbinh), covers_subtree=True),
        national=make_user(Role.MONITOR, nation_inspectorate),
        admin=make_user(Role.SYSTEM_ADMIN),
    )


@pytest.fixture
def topics(db: None) -> dict[str, Topic]:
    return {
        code: Topic.objects.create(code=code, name=name, order=order)
        for code, name, order in (
            ("dat-dai", "Đất đai, bồi thường", 1),
            ("moi-truong", "Môi trường", 2),
            ("chinh-sach", "Chính sách xã hội", 3),
        )
    }


def paper(
    agency: Agency,
    on: date,
    *,
    topic: Topic | None = None,
    kind: str = "complaint",
    is_repeat: bool = False,
    petitioner_name: str = "Nguyễn Văn Dân",
    subject: str = "Đơn về việc bồi thường đất",
) -> Petition:
    """One paper received by the system at ``agency`` on ``on``, with its own family."""
    [petition] = petitions.receive_petitions(
        actor=None,
        agency=agency,
        drafts=[
            PetitionDraft(
                kind=kind,
                subject=subject,
                content="Nội dung đơn thử nghiệm về việc bồi thường khi thu hồi đất.",
                petitioner_name=petitioner_name,
                is_repeat=is_repeat,
            )
        ],
        channel="post",
        received_on=on,
    )
    # Intake marks a paper received long ago as overdue at once (against the real
    # today); the tests say which papers are overdue themselves (see ``overdue``).
    Petition.objects.filter(pk=petition.pk).update(topic=topic, is_overdue=False)
    # Likewise the family's flags are worked out against the real today (a paper of
    # months ago is "prolonged" already); the tests set them with ``flag``.
    CaseFamily.objects.filter(pk=petition.family_id).update(
        is_open=True, is_mass=False, is_prolonged=False, is_level_skipping=False
    )
    petition.topic = topic
    petition.is_overdue = False
    return petition


def join(petition: Petition, family: CaseFamily) -> None:
    """Put a paper in another family (what confirming a link does)."""
    Petition.objects.filter(pk=petition.pk).update(family=family)
    petition.family = family


def flag(petition: Petition, **flags: bool) -> CaseFamily:
    """Set the cached flags of a paper's family (normally kept by the cases app)."""
    assert petition.family_id is not None
    CaseFamily.objects.filter(pk=petition.family_id).update(**flags)
    return CaseFamily.objects.get(pk=petition.family_id)


def overdue(petition: Petition) -> None:
    Petition.objects.filter(pk=petition.pk).update(is_overdue=True)
