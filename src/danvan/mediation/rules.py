"""Who may record and read grassroots mediation.

The commune's reception officers, case handlers and leaders keep the records of the
mediation teams of its villages; leaders above reach them through their subtree. The
parties' names are personal data: only staff who may read the commune see them.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import QuerySet

from danvan.accounts.roles import Role
from danvan.accounts.rules import can_read_unit, holds_role_on
from danvan.accounts.selectors import communes_where
from danvan.mediation.models import MediationMember, MediationSession
from danvan.units.models import AdministrativeUnit, UnitLevel

MANAGER_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER})


def commune_of(obj: Any) -> AdministrativeUnit | None:
    """The commune a team, member, case, session or unit belongs to."""
    if isinstance(obj, MediationSession):
        obj = obj.case
    elif isinstance(obj, MediationMember):
        obj = obj.team
    unit = obj if isinstance(obj, AdministrativeUnit) else getattr(obj, "commune", None)
    if not isinstance(unit, AdministrativeUnit):
        return None
    return unit.parent if unit.level == UnitLevel.VILLAGE else unit


@rules.predicate
def can_manage_mediation(user: Any, obj: Any) -> bool:
    return holds_role_on(user, commune_of(obj), MANAGER_ROLES)


@rules.predicate
def can_view_mediation(user: Any, obj: Any) -> bool:
    return bool(can_read_unit(user, commune_of(obj)))


def communes_managed_by(user: Any) -> QuerySet[AdministrativeUnit]:
    """Communes in force where ``user`` may record mediation, as one query."""
    return communes_where(user, MANAGER_ROLES)


rules.add_perm("mediation.manage_mediation", can_manage_mediation)
rules.add_perm("mediation.view_mediation", can_view_mediation)
