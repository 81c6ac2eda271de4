"""Fixtures for consultations: the staff of Ba Đình, two villages, a consultation on
a seed text and one on a structured draft, in English and with a media folder of the
test's own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings

from danvan.accounts.roles import Role
from danvan.consultations import services
from danvan.consultations.models import Consultation
from danvan.consultations.selectors import minimum_end
from danvan.units.services import add_village

DATA = Path(__file__).resolve().parents[2] / "src" / "danvan" / "consultations" / "data"
TODAY = date.today()

STRUCTURED = """QUY CHẾ THỰC HIỆN DÂN CHỦ Ở CƠ SỞ
(Dự thảo lần 2)
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc thực hiện dân chủ ở cơ sở trên địa bàn phường.
Điều 2. Nguyên tắc
1. Bảo đảm công khai, minh bạch.
2. Tôn trọng ý kiến của Nhân dân:
a) Ý kiến được tổng hợp đầy đủ;
b) Ý kiến không được tiếp thu phải giải trình.
Chương II
NHỮNG NỘI DUNG CÔNG KHAI
Mục 1. Công khai thông tin
Điều 3. Hình thức công khai
Niêm yết tại trụ sở Ủy ban nhân dân và nhà văn hóa thôn trong thời gian ít nhất 30 ngày.
Điều 4. Thời hạn
1. Chậm nhất 05 ngày làm việc.
"""


def seed_text(n: int) -> str:
    return (DATA / f"seed-{n}.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


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
def public_client() -> Client:
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@dataclass
class Staff:
    officer: Any
    handler: Any
    leader: Any
    monitor: Any
    other_officer: Any  # of Ngọc Hà, the sibling commune
    province_leader: Any


@pytest.fixture
def staff(tree: Any, make_user: Callable[..., Any]) -> Staff:
    agency = tree.agency(tree.ba_dinh)
    return Staff(
        officer=make_user(Role.RECEPTION_OFFICER, agency),
        handler=make_user(Role.CASE_HANDLER, agency),
        leader=make_user(Role.LEADER, agency, full_name="Trần Văn Chủ"),
        monitor=make_user(Role.MONITOR, tree.agency(tree.hanoi)),
        other_officer=make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha)),
        province_leader=make_user(Role.LEADER, tree.agency(tree.hanoi)),
    )


@dataclass
class Villages:
    dong: Any
    doai: Any


@pytest.fixture
def villages(tree: Any) -> Villages:
    return Villages(
        dong=add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông"),
        doai=add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đoài"),
    )


def make_consultation(tree: Any, actor: Any = None, **kwargs: Any) -> Consultation:
    opens_on = kwargs.pop("opens_on", TODAY)
    values: dict[str, Any] = {
        "agency": tree.agency(tree.ba_dinh),
        "subject": "democracy_rules",
        "title": "Lấy ý kiến dự thảo Quy chế dân chủ phường Ba Đình",
        "draft_title": "Quy chế thực hiện dân chủ ở cơ sở",
        "opens_on": opens_on,
        "closes_on": kwargs.pop("closes_on", minimum_end(opens_on)),
        "channels": ["portal", "meeting"],
    }
    values.update(kwargs)
    return services.create_consultation(actor=actor, **values)


@pytest.fixture
def draft(tree: Any) -> Consultation:
    """In preparation, with the structured draft."""
    consultation = make_consultation(tree)
    services.import_draft(actor=None, consultation=consultation, text=STRUCTURED)
    return consultation


@pytest.fixture
def open_consultation(draft: Consultation) -> Consultation:
    return services.open_consultation(actor=None, consultation=draft)


def past_consultation(tree: Any, *, days_ago: int = 40) -> Consultation:
    """Opened ``days_ago`` days ago (written as the system, which may backdate)."""
    opens_on = TODAY - timedelta(days=days_ago)
    consultation = make_consultation(tree, opens_on=opens_on)
    services.import_draft(actor=None, consultation=consultation, text=STRUCTURED)
    services.open_consultation(actor=None, consultation=consultation, today=opens_on)
    return consultation
