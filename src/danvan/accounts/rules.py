"""Permission predicates about roles and units, shared by every app's rules.py."""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.roles import ROLE_POLICIES, Role
from danvan.accounts.selectors import scopes_of
from danvan.units.models import AdministrativeUnit


@rules.predicate
def is_system_admin(user: Any) -> bool:
    return any(scope.role == Role.SYSTEM_ADMIN for scope in scopes_of(user))


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return bool(scopes_of(user))


@rules.predicate
def can_read_unit(user: Any, unit: AdministrativeUnit | None) -> bool:
    """Any staff role whose scope covers the unit may read its data."""
    if unit is None:
        return False
    return any(scope.covers(unit) for scope in scopes_of(user))


@rules.predicate
def can_write_unit(user: Any, unit: AdministrativeUnit | None) -> bool:
    """A role that may write (not a monitor) and whose scope covers the unit."""
    if unit is None:
        return False
    return any(scope.can_write and scope.covers(unit) for scope in scopes_of(user))


@rules.predicate
def can_manage_unit(user: Any, unit: AdministrativeUnit | None) -> bool:
    """Leaders and administrators may change the unit tree in their scope."""
    if unit is None:
        return False
    return any(
        ROLE_POLICIES[scope.role].manages_units and scope.covers(unit) for scope in scopes_of(user)
    )


rules.add_perm("accounts.manage_users", is_system_admin)
rules.add_perm("accounts.grant_roles", is_system_admin)


def holds_role_on(user: Any, unit: AdministrativeUnit | None, roles: frozenset[str]) -> bool:
    """True if one of ``roles`` (or system administration) reaches ``unit``."""
    if unit is None:
        return False
    return any(
        (scope.role in roles or scope.role == Role.SYSTEM_ADMIN) and scope.covers(unit)
        for scope in scopes_of(user)
    )
