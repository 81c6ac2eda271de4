"""Who may manage boards, record their work and answer their recommendations.

The commune's People's Committee staff keep the boards of the commune and its villages
(a province leader reaches them through the subtree); members of the boards, who hold
the BOARD_MEMBER role on the commune's agency, record plans, visits and
recommendations; the body addressed answers; anyone who may read the commune reads.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.roles import Role
from danvan.accounts.rules import can_read_unit, holds_role_on
from danvan.units.models import AdministrativeUnit, UnitLevel

MANAGER_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER})
ACTIVITY_ROLES = MANAGER_ROLES | {Role.BOARD_MEMBER}
# The answer is the addressed body's act: its leader or the officer handling the matter.
ANSWER_ROLES = frozenset({Role.LEADER, Role.CASE_HANDLER})


def commune_of(obj: Any) -> AdministrativeUnit | None:
    """The commune a unit, board or board record belongs to."""
    if isinstance(obj, AdministrativeUnit):
        if obj.level == UnitLevel.VILLAGE:
            return obj.parent
        return obj
    board = getattr(obj, "board", obj)
    commune = getattr(board, "commune", None)
    return commune if isinstance(commune, AdministrativeUnit) else None


@rules.predicate
def can_manage_boards(user: Any, obj: Any) -> bool:
    return holds_role_on(user, commune_of(obj), MANAGER_ROLES)


@rules.predicate
def can_record_activity(user: Any, obj: Any) -> bool:
    return holds_role_on(user, commune_of(obj), ACTIVITY_ROLES)


@rules.predicate
def can_answer(user: Any, recommendation: Any) -> bool:
    # Judged on the unit of the body addressed (the commune's People's Committee unless
    # the board wrote to a body above), so a province department answers its own.
    agency = getattr(recommendation, "addressed_to", None)
    unit = getattr(agency, "unit", None)
    return holds_role_on(user, unit if isinstance(unit, AdministrativeUnit) else None, ANSWER_ROLES)


@rules.predicate
def can_view_boards(user: Any, obj: Any) -> bool:
    return bool(can_read_unit(user, commune_of(obj)))


rules.add_perm("boards.manage_boards", can_manage_boards)
rules.add_perm("boards.record_activity", can_record_activity)
rules.add_perm("boards.answer_recommendation", can_answer)
rules.add_perm("boards.view_boards", can_view_boards)
# documents.store_attachment asks the owning app who may attach files to its records.
rules.add_perm("boards.attach_to_supervisionvisit", can_record_activity)
