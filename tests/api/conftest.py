"""Fixtures for the API tests: keys, clients with a key, and a few petitions and
reception sessions on the shared unit tree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from rest_framework.test import APIClient

from danvan.accounts.models import User
from danvan.api.tokens import issue_token
from danvan.petitions.models import Petition
from danvan.reception.models import ReceptionSession, SessionKind
from danvan.reception.services import VisitInput, open_session, record_visit
from tests.petitions.conftest import Staff, receive_one, staff  # noqa: F401 - shared fixture

CITIZEN_ID = "001099012345"


@pytest.fixture
def key_for(db: None) -> Callable[[User], str]:
    """A fresh API key for a user."""

    def issue(user: User) -> str:
        return issue_token(actor=None, user=user, name="test")[1]

    return issue


@pytest.fixture
def api(key_for: Callable[[User], str]) -> Callable[[User | None], APIClient]:
    """A client sending ``Authorization: Bearer <key>`` for the user (none if None)."""

    def make(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key_for(user)}")
        return client

    return make


@dataclass
class Cases:
    complaint: Petition  # Ba Đình, with every personal field and a citizen ID
    denunciation: Petition  # Ba Đình, with the denouncer's name and phone
    feedback: Petition  # Ba Đình, received later, through the portal
    sibling: Petition  # Ngọc Hà, the commune next door
    other_province: Petition  # Bắc Lý, Ninh Bình
    session: ReceptionSession  # Ba Đình, two visits (1 and 6 people)
    sibling_session: ReceptionSession  # Ngọc Hà


@pytest.fixture
def cases(tree, staff: Staff) -> Cases:  # noqa: F811 - the fixture above
    ba_dinh = tree.agency(tree.ba_dinh)
    personal = {
        "petitioner_address": "12 Phố Đội Cấn",
        "petitioner_phone": "0912345678",
        "petitioner_email": "a@example.vn",
        "petitioner_citizen_id": CITIZEN_ID,
    }
    complaint = receive_one(staff, ba_dinh, petitioner_name="Nguyễn Văn An", **personal)
    denunciation = receive_one(
        staff,
        ba_dinh,
        kind="denunciation",
        petitioner_name="Trần Văn Tố",
        petitioner_phone="0987654321",
        petitioner_citizen_id="001088000111",
    )
    feedback = receive_one(
        staff,
        ba_dinh,
        kind="feedback",
        on="2026-04-10",
        channel="portal",
        petitioner_name="",
        is_anonymous=True,
    )
    sibling = receive_one(None, tree.agency(tree.ngoc_ha), petitioner_name="Lê Thị Bên")
    other = receive_one(None, tree.agency(tree.bac_ly), kind="petition")
    session = open_session(
        actor=staff.officer, agency=ba_dinh, kind=SessionKind.REGULAR, held_on=date(2026, 3, 2)
    )
    for people, representatives in ((1, []), (6, ["Đại diện A", "Đại diện B"])):
        record_visit(
            actor=staff.officer,
            session=session,
            visit=VisitInput(
                full_name="Công dân",
                content="Hỏi về thủ tục",
                handling="explained",
                people_count=people,
                representatives=representatives,
                identity_document="001077000222",
            ),
        )
    sibling_session = open_session(
        actor=None,
        agency=tree.agency(tree.ngoc_ha),
        kind=SessionKind.REGULAR,
        held_on=date(2026, 3, 3),
    )
    return Cases(complaint, denunciation, feedback, sibling, other, session, sibling_session)
