import rules

from danvan.accounts.rules import can_manage_unit, can_read_unit, is_system_admin

rules.add_perm("units.view_unit", can_read_unit)
rules.add_perm("units.manage_villages", can_manage_unit)
rules.add_perm("units.manage_agencies", can_manage_unit)
rules.add_perm("units.sync_official_units", is_system_admin)
