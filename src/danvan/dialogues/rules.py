"""Who may record and read meetings with the people.

The commune's reception officers, case handlers and leaders keep the records of the
commune and its villages (villages have no agencies of their own); leaders above the
commune reach it through their subtree. Anyone who may read the commune reads them.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import QuerySet

from danvan.accounts.roles import Role
from danvan.accounts.rules import can_read_unit, holds_role_on
from danvan.accounts.selectors import communes_where
from danvan.units.models import AdministrativeUnit, UnitLevel

MANAGER_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER})


def commune_of(obj: Any) -> AdministrativeUnit | None:
    """The commune a meeting, question, commitment or unit belongs to."""
    if not isinstance(obj, AdministrativeUnit):
        # A question or commitment belongs to a meeting; a meeting to its commune.
        obj = getattr(getattr(obj, "meeting", obj), "commune", None)
    if not isinstance(obj, AdministrativeUnit):
        return None
    return obj.parent if obj.level == UnitLevel.VILLAGE else obj


@rules.predicate
def can_manage_meetings(user: Any, obj: Any) -> bool:
    return holds_role_on(user, commune_of(obj), MANAGER_ROLES)


@rules.predicate
def can_view_meetings(user: Any, obj: Any) -> bool:
    return bool(can_read_unit(user, commune_of(obj)))


def communes_managed_by(user: Any) -> QuerySet[AdministrativeUnit]:
    """Communes in force where ``user`` may record meetings, as one query."""
    return communes_where(user, MANAGER_ROLES)


rules.add_perm("dialogues.manage_meetings", can_manage_meetings)
rules.add_perm("dialogues.view_meetings", can_view_meetings)
