"""Who may manage the deadline rule table. Reading it needs no permission (the
rules are public law); changing it is done by migrations today, and a future
service must require ``deadlines.manage_rules``."""

from __future__ import annotations

import rules

from danvan.accounts.rules import is_system_admin

rules.add_perm("deadlines.manage_rules", is_system_admin)
