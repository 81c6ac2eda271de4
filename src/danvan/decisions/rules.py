from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.roles import Role
from danvan.accounts.rules import can_read_unit, holds_role_on
from danvan.units.models import AdministrativeUnit, UnitLevel

# The commune's own staff run the village votes: villages have no agencies of their own.
MANAGER_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER})
# Recognising or refusing a result is the commune chair's written act (Art. 22).
ANSWER_ROLES = frozenset({Role.LEADER})


def _commune_of(obj: Any) -> AdministrativeUnit | None:
    """The commune a decision, household or unit belongs to."""
    unit = getattr(obj, "village", obj)
    if not isinstance(unit, AdministrativeUnit):
        return None
    if unit.level == UnitLevel.VILLAGE:
        return unit.parent
    return unit


@rules.predicate
def can_manage_decisions(user: Any, obj: Any) -> bool:
    return holds_role_on(user, _commune_of(obj), MANAGER_ROLES)


@rules.predicate
def can_answer_results(user: Any, obj: Any) -> bool:
    return holds_role_on(user, _commune_of(obj), ANSWER_ROLES)


@rules.predicate
def can_view_decisions(user: Any, obj: Any) -> bool:
    return bool(can_read_unit(user, _commune_of(obj)))


@rules.predicate
def is_household_representative(user: Any, household: Any) -> bool:
    return (
        household is not None
        and getattr(user, "pk", None) is not None
        and household.representative_id == user.pk
    )


rules.add_perm("decisions.manage_decisions", can_manage_decisions)
rules.add_perm("decisions.answer_results", can_answer_results)
rules.add_perm("decisions.view_decisions", can_view_decisions)
rules.add_perm("decisions.cast_online_vote", is_household_representative)
