from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionDraft
from danvan.units.models import Agency


@dataclass
class Staff:
    officer: User  # reception officer of Ba Đình
    handler: User  # case handler of Ba Đình
    leader: User  # chair of Ba Đình
    monitor: User  # provincial inspectorate of Hà Nội, read-only over the province
    inspector: User  # case handler at the provincial inspectorate
    inspector_head: User  # head of the provincial inspectorate


@pytest.fixture
def staff(tree, make_user) -> Staff:
    commune = tree.agency(tree.ba_dinh)
    inspectorate = tree.agency(tree.hanoi, "thanh_tra")
    return Staff(
        officer=make_user(Role.RECEPTION_OFFICER, commune, full_name="Trần Thị Bình"),
        handler=make_user(Role.CASE_HANDLER, commune, full_name="Lê Văn Cường"),
        leader=make_user(Role.LEADER, commune, covers_subtree=False, full_name="Phạm Thị Dung"),
        monitor=make_user(Role.MONITOR, inspectorate, full_name="Vũ Thị Giang"),
        inspector=make_user(Role.CASE_HANDLER, inspectorate, full_name="Ngô Văn Khoa"),
        inspector_head=make_user(
            Role.LEADER, inspectorate, covers_subtree=False, full_name="Đỗ Thị Lan"
        ),
    )


def receive_one(
    staff: Staff | None,
    agency: Agency,
    *,
    kind: str = "complaint",
    on: str = "2026-03-02",
    channel: str = "post",
    subject: str = "Đơn thử",
    content: str = "Nội dung đơn thử nghiệm",
    petitioner_name: str = "Nguyễn Văn A",
    **extra: object,
) -> Petition:
    """One petition received by the reception officer (or the system when staff is None)."""
    [petition] = petitions.receive_petitions(
        actor=staff.officer if staff is not None else None,
        agency=agency,
        drafts=[
            PetitionDraft(
                kind=kind,
                subject=subject,
                content=content,
                petitioner_name=petitioner_name,
                **extra,  # type: ignore[arg-type]
            )
        ],
        channel=channel,
        received_on=date.fromisoformat(on),
    )
    return petition
