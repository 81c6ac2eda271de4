"""Who may change the working calendar: it moves every legal deadline, so only
system administrators."""

from __future__ import annotations

import rules

from danvan.accounts.rules import is_system_admin

rules.add_perm("calendar.manage_overrides", is_system_admin)
