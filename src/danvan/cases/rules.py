"""Who may link petitions and read case families.

Linking is part of intake and handling: reception officers, case handlers and leaders
whose role reaches the petition's unit (monitors only read). A family is readable by
anyone who may view at least one of its papers; the papers they may not view are
counted on its page, never listed.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.rules import holds_role_on
from danvan.petitions.workflow import INTAKE_ROLES


@rules.predicate
def can_link_petition(user: Any, petition: Any) -> bool:
    return petition is not None and holds_role_on(user, petition.unit, INTAKE_ROLES)


@rules.predicate
def can_view_family(user: Any, family: Any) -> bool:
    from danvan.cases.selectors import visible_petitions

    if family is None:
        return False
    return visible_petitions(user).filter(family=family).exists()


@rules.predicate
def can_remove_link(user: Any, link: Any) -> bool:
    """A write role on either end, and both ends in view."""
    if link is None:
        return False
    ends = (link.petition, link.other)
    return any(can_link_petition(user, p) for p in ends) and all(
        user.has_perm("petitions.view_petition", p) for p in ends
    )


rules.add_perm("cases.link_petition", can_link_petition)
rules.add_perm("cases.remove_link", can_remove_link)
rules.add_perm("cases.view_family", can_view_family)
