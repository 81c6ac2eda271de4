"""Fixtures for people's boards: the staff of Ba Đình, a media folder of the test's own,
a People's Inspection Board and a supervision board, and small image files."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings

from danvan.accounts.roles import Role
from danvan.boards import services
from danvan.boards.models import Board, BoardKind, BoardMember

TERM_START = date(2026, 1, 5)
TERM_END = date(2030, 12, 31)
PROJECT = "Bê tông hóa đường liên thôn Đông – Đoài"
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
]


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def _image(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 30)).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def png() -> bytes:
    return _image("PNG")


@pytest.fixture
def pdf() -> bytes:
    return _image("PDF")


@dataclass
class Staff:
    officer: Any
    handler: Any
    leader: Any
    board_member: Any


@pytest.fixture
def staff(tree: Any, make_user: Callable[..., Any]) -> Staff:
    agency = tree.agency(tree.ba_dinh)
    return Staff(
        officer=make_user(Role.RECEPTION_OFFICER, agency),
        handler=make_user(Role.CASE_HANDLER, agency),
        leader=make_user(Role.LEADER, agency),
        board_member=make_user(Role.BOARD_MEMBER, agency, full_name="Nguyễn Văn An"),
    )


def make_inspection(tree: Any, actor: Any = None, **kwargs: Any) -> Board:
    values: dict[str, Any] = {
        "commune": tree.ba_dinh,
        "kind": BoardKind.PEOPLES_INSPECTION,
        "name": "Ban thanh tra nhân dân phường Ba Đình",
        "term_starts_on": TERM_START,
        "term_ends_on": TERM_END,
    }
    values.update(kwargs)
    return services.create_board(actor=actor, **values)


def make_supervision(tree: Any, actor: Any = None, **kwargs: Any) -> Board:
    values: dict[str, Any] = {
        "commune": tree.ba_dinh,
        "kind": BoardKind.INVESTMENT_SUPERVISION,
        "name": "Ban giám sát đầu tư của cộng đồng",
        "project_name": PROJECT,
        "term_starts_on": TERM_START,
    }
    values.update(kwargs)
    return services.create_board(actor=actor, **values)


def fill(board: Board, n: int = 5, *, joined_on: date = TERM_START) -> list[BoardMember]:
    return [
        services.add_member(actor=None, board=board, full_name=name, joined_on=joined_on)
        for name in NAMES[:n]
    ]


@pytest.fixture
def inspection(tree: Any) -> Board:
    return make_inspection(tree)


@pytest.fixture
def supervision(tree: Any) -> Board:
    return make_supervision(tree)


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
