from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.rules import can_read_unit, holds_role_on
from danvan.petitions.workflow import INTAKE_ROLES


@rules.predicate
def can_run_reception(user: Any, agency: Any) -> bool:
    return agency is not None and holds_role_on(user, agency.unit, INTAKE_ROLES)


@rules.predicate
def can_view_reception(user: Any, agency: Any) -> bool:
    return agency is not None and bool(can_read_unit(user, agency.unit))


rules.add_perm("reception.run_reception", can_run_reception)
rules.add_perm("reception.view_reception", can_view_reception)
