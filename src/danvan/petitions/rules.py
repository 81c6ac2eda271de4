from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.rules import can_read_unit, holds_role_on, is_system_admin
from danvan.petitions.workflow import INTAKE_ROLES


@rules.predicate
def can_view_petition(user: Any, petition: Any) -> bool:
    return petition is not None and bool(can_read_unit(user, petition.unit))


@rules.predicate
def can_receive_at(user: Any, agency: Any) -> bool:
    """Record incoming petitions for ``agency``."""
    return agency is not None and holds_role_on(user, agency.unit, INTAKE_ROLES)


rules.add_perm("petitions.view_petition", can_view_petition)
rules.add_perm("petitions.manage_categories", is_system_admin)
rules.add_perm("petitions.receive_petition", can_receive_at)


@rules.predicate
def can_attach_to_petition(user: Any, petition: Any) -> bool:
    """Files go on a case only from those who receive and handle it: writing in the unit
    is not enough (a board member or a monitor has no business adding to a case file)."""
    return petition is not None and holds_role_on(user, petition.unit, INTAKE_ROLES)


rules.add_perm("petitions.attach_to_petition", can_attach_to_petition)
