"""Who may watch a province's hotspots and who may set its alert threshold.

The page ranks every commune of the province, so it is open only to roles that reach
the whole province from above: monitors, leaders and system administrators whose scope
covers the province with its subtree. Commune staff, and provincial staff whose role
stops at their own agency, are refused. Only leaders and administrators (not monitors,
who only read) set the threshold.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.roles import Role
from danvan.accounts.selectors import scopes_of
from danvan.units.models import AdministrativeUnit

WATCH_ROLES = frozenset({Role.MONITOR, Role.LEADER, Role.SYSTEM_ADMIN})
THRESHOLD_ROLES = frozenset({Role.LEADER, Role.SYSTEM_ADMIN})


def _reaches(user: Any, province: AdministrativeUnit | None, roles: frozenset[str]) -> bool:
    if province is None:
        return False
    return any(
        scope.role in roles and scope.subtree and province.path.startswith(scope.path)
        for scope in scopes_of(user)
    )


@rules.predicate
def can_watch_province(user: Any, province: AdministrativeUnit | None) -> bool:
    return _reaches(user, province, WATCH_ROLES)


@rules.predicate
def can_set_threshold(user: Any, province: AdministrativeUnit | None) -> bool:
    return _reaches(user, province, THRESHOLD_ROLES)


rules.add_perm("hotspots.view_province", can_watch_province)
rules.add_perm("hotspots.set_threshold", can_set_threshold)
