from __future__ import annotations

import rules

from danvan.accounts.rules import is_system_admin

# Reading figures is governed by the unit they are about (units.view_unit); rebuilding
# them rewrites every count, so only a system administrator may (or the system itself).
rules.add_perm("figures.rebuild_figures", is_system_admin)
