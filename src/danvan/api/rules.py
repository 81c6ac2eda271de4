from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.rules import is_system_admin


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return other is not None and getattr(user, "pk", None) == other.pk


rules.add_perm("api.issue_token", is_self | is_system_admin)
