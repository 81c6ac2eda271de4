"""The roles of the platform and what each one may do, as data.

A role is granted on an agency. Roles that cover the subtree reach every unit below
the agency's unit (a provincial monitor sees all communes of the province).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    RECEPTION_OFFICER = "reception_officer", _("Reception officer")
    CASE_HANDLER = "case_handler", _("Case handler")
    LEADER = "leader", _("Leader")
    BOARD_MEMBER = "board_member", _("Board member")
    MONITOR = "monitor", _("Monitor (read-only)")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


@dataclass(frozen=True)
class RolePolicy:
    staff: bool  # needs an agency and two-factor sign-in
    subtree_by_default: bool  # reaches the units below the agency's unit
    can_write: bool  # may change data in its scope (monitors only read)
    manages_units: bool  # may add villages and agencies in its scope


ROLE_POLICIES: dict[str, RolePolicy] = {
    Role.CITIZEN: RolePolicy(
        staff=False, subtree_by_default=False, can_write=False, manages_units=False
    ),
    Role.RECEPTION_OFFICER: RolePolicy(
        staff=True, subtree_by_default=False, can_write=True, manages_units=False
    ),
    Role.CASE_HANDLER: RolePolicy(
        staff=True, subtree_by_default=False, can_write=True, manages_units=False
    ),
    Role.LEADER: RolePolicy(
        staff=True, subtree_by_default=True, can_write=True, manages_units=True
    ),
    Role.BOARD_MEMBER: RolePolicy(
        staff=True, subtree_by_default=False, can_write=True, manages_units=False
    ),
    Role.MONITOR: RolePolicy(
        staff=True, subtree_by_default=True, can_write=False, manages_units=False
    ),
    Role.SYSTEM_ADMIN: RolePolicy(
        staff=True, subtree_by_default=True, can_write=True, manages_units=True
    ),
}
STAFF_ROLES = frozenset(role for role, policy in ROLE_POLICIES.items() if policy.staff)
