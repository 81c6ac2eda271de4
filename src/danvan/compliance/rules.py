"""Whoever may read a unit may read its monitor: the figures hold no personal data."""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.rules import can_read_unit


@rules.predicate
def can_view_monitor(user: Any, unit: Any) -> bool:
    return bool(can_read_unit(user, unit))


rules.add_perm("compliance.view_monitor", can_view_monitor)
