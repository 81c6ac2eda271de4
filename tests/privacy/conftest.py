"""Fixtures for the personal-data tests: staff of Ba Đình (shared with the petition
tests) and a helper that receives a petition with a full set of personal details."""

from __future__ import annotations

from datetime import date
from typing import Any

from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionDraft
from danvan.units.models import Agency
from tests.petitions.conftest import Staff, staff  # noqa: F401 - shared fixture

PERSON = {
    "petitioner_name": "Đặng Thị Quỳnhhoa",
    "petitioner_address": "Số 9 ngõ Hòe Nhai, phường Ba Đình",
    "petitioner_phone": "0913 246 813",
    "petitioner_email": "quynhhoa.dang@example.vn",
    "petitioner_citizen_id": "001190012345",
}


def receive(
    agency: Agency,
    *,
    kind: str = "complaint",
    on: str = "2026-03-02",
    subject: str = "Đơn về lối đi chung",
    content: str = "Gia đình ông Tư xây tường lấn lối đi chung của xóm.",
    user: Any = None,
    **person: Any,
) -> Petition:
    """One petition received on paper by the system, with the person's details."""
    [petition] = petitions.receive_petitions(
        actor=None,
        agency=agency,
        drafts=[
            PetitionDraft(
                kind=kind,
                subject=subject,
                content=content,
                petitioner_user=user,
                **{**PERSON, **person},
            )
        ],
        channel="post",
        received_on=date.fromisoformat(on),
    )
    return petition
