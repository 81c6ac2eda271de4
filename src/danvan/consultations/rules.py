"""Who may run consultations and read them.

The staff of the consulting People's Committee (reception officers, case handlers,
leaders; a province's leaders through the subtree) run them: draft, comments entered
from meetings, moderation, grouping, explanation. Monitors and any other staff whose
scope covers the authority's unit read them. Citizens comment on the portal, which
needs no permission (services check the phase and the limits instead).
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.roles import Role
from danvan.accounts.rules import can_read_unit, holds_role_on
from danvan.units.models import AdministrativeUnit, Agency

MANAGER_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER})
# Notified when comments await grouping and explanation.
LEADER_ROLES = frozenset({Role.LEADER})


def authority_unit(obj: Any) -> AdministrativeUnit | None:
    """The unit of the consulting authority for a consultation, a part of it, an agency
    or a unit (when creating a consultation)."""
    if isinstance(obj, AdministrativeUnit):
        return obj
    if isinstance(obj, Agency):
        return obj.unit
    consultation = getattr(obj, "consultation", obj)
    agency = getattr(consultation, "agency", None)
    return agency.unit if isinstance(agency, Agency) else None


@rules.predicate
def can_manage(user: Any, obj: Any) -> bool:
    return holds_role_on(user, authority_unit(obj), MANAGER_ROLES)


@rules.predicate
def can_view(user: Any, obj: Any) -> bool:
    return bool(can_read_unit(user, authority_unit(obj)))


rules.add_perm("consultations.manage_consultation", can_manage)
rules.add_perm("consultations.view_consultation", can_view)
# documents.store_attachment asks the owning app who may attach files to its records.
rules.add_perm("consultations.attach_to_consultation", can_manage)
