from __future__ import annotations

from dataclasses import dataclass

import pytest

from danvan.accounts.models import User
from danvan.accounts.roles import Role


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
