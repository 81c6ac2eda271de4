from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.roles import ROLE_POLICIES
from danvan.accounts.rules import holds_role_on, is_system_admin
from danvan.petitions.models import PetitionKind

# Roles that work on cases (not monitors, who only read).
WRITE_ROLES = frozenset(
    role for role, policy in ROLE_POLICIES.items() if policy.staff and policy.can_write
)
# Who sent a petition; the citizen ID number is never part of any API answer.
PETITIONER_FIELDS = (
    "petitioner_name",
    "petitioner_address",
    "petitioner_phone",
    "petitioner_email",
)


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return other is not None and getattr(user, "pk", None) == other.pk


@rules.predicate
def may_see_petitioner(user: Any, petition: Any) -> bool:
    """Who sent a petition is shown in the API only to those who work on its unit, and
    never for a denunciation: the denouncer's identity stays out of every API answer."""
    if petition is None or petition.kind == PetitionKind.DENUNCIATION:
        return False
    return holds_role_on(user, petition.unit, WRITE_ROLES)


rules.add_perm("api.issue_token", is_self | is_system_admin)
rules.add_perm("api.view_petitioner", may_see_petitioner)
