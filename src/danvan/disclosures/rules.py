"""Who may record and read disclosures.

The commune's reception officers, case handlers and leaders record them (leaders above
the commune reach it through their subtree); anyone who may read the unit reads them.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.roles import Role
from danvan.accounts.rules import can_read_unit, holds_role_on
from danvan.units.models import AdministrativeUnit

RECORD_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER})


def _unit_of(obj: Any) -> AdministrativeUnit | None:
    # Permissions take either the unit (to record a new one) or a disclosure.
    if isinstance(obj, AdministrativeUnit):
        return obj
    unit = getattr(obj, "unit", None)
    return unit if isinstance(unit, AdministrativeUnit) else None


@rules.predicate
def can_record(user: Any, obj: Any) -> bool:
    return holds_role_on(user, _unit_of(obj), RECORD_ROLES)


@rules.predicate
def can_read(user: Any, obj: Any) -> bool:
    return bool(can_read_unit(user, _unit_of(obj)))


rules.add_perm("disclosures.record_disclosure", can_record)
rules.add_perm("disclosures.view_disclosure", can_read)
# documents.store_attachment asks the owning app who may attach files to its records.
rules.add_perm("disclosures.attach_to_disclosure", can_record)
