"""Who may set a petition's topic and who manages the topic list."""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.rules import holds_role_on, is_system_admin
from danvan.petitions.workflow import INTAKE_ROLES


@rules.predicate
def can_set_topic(user: Any, petition: Any) -> bool:
    """Those who receive and handle petitions at the petition's unit (not monitors)."""
    return petition is not None and holds_role_on(user, petition.unit, INTAKE_ROLES)


rules.add_perm("topics.set_topic", can_set_topic)
rules.add_perm("topics.manage_topics", is_system_admin)
