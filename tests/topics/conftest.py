"""Fixtures for topics: the default topics, the staff of Ba Đình and of its neighbour
Ngọc Hà, a provincial monitor, petitions, and English pages."""

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
from danvan.topics import classifier
from danvan.topics.models import Topic
from danvan.topics.services import ensure_default_topics


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


@pytest.fixture
def topics(db: None) -> dict[str, Topic]:
    """The seven default topics by code (the migration made them; a flush by another
    test may have removed them)."""
    ensure_default_topics()
    return {t.code: t for t in Topic.objects.all()}


@pytest.fixture
def mounted_urls(settings: Any) -> None:
    """The project's URLs with the topics URLs mounted (the lead adds the include)."""
    settings.ROOT_URLCONF = "tests.topics.urls_topics"


@dataclass
class Staff:
    officer: Any  # reception officer of Ba Đình
    handler: Any  # case handler of Ba Đình
    leader: Any  # chair of Ba Đình
    monitor: Any  # provincial inspectorate of Hà Nội, read-only over the province
    neighbour: Any  # case handler of Ngọc Hà, another commune


@pytest.fixture
def staff(tree: Any, make_user: Callable[..., Any]) -> Staff:
    commune = tree.agency(tree.ba_dinh)
    return Staff(
        officer=make_user(Role.RECEPTION_OFFICER, commune, full_name="Trần Thị Bình"),
        handler=make_user(Role.CASE_HANDLER, commune, full_name="Lê Văn Cường"),
        leader=make_user(Role.LEADER, commune, covers_subtree=False, full_name="Phạm Thị Dung"),
        monitor=make_user(Role.MONITOR, tree.agency(tree.hanoi, "thanh_tra")),
        neighbour=make_user(Role.CASE_HANDLER, tree.agency(tree.ngoc_ha)),
    )


LAND_TEXT = (
    "Năm 2024, gia đình tôi bị thu hồi 500 m2 đất nông nghiệp để làm đường liên xã. "
    "Giá bồi thường đất quá thấp, chưa có phương án hỗ trợ tái định cư. Đề nghị xem xét "
    "lại việc bồi thường, giải phóng mặt bằng."
)


def receive(
    agency: Any,
    *,
    kind: str = "feedback",
    subject: str = "Bồi thường đất",
    content: str = LAND_TEXT,
    petitioner_name: str = "Nguyễn Văn Ất",
) -> Petition:
    [petition] = petitions.receive_petitions(
        actor=None,
        agency=agency,
        drafts=[
            PetitionDraft(
                kind=kind, subject=subject, content=content, petitioner_name=petitioner_name
            )
        ],
        channel="post",
        received_on=date(2026, 3, 2),
    )
    return petition


@pytest.fixture
def fresh_model() -> Iterator[None]:
    """Tests that change topics start and end with an empty model cache."""
    classifier.clear_cache()
    yield
    classifier.clear_cache()
