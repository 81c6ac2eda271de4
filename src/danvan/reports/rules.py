import rules

from danvan.accounts.rules import can_read_unit

# A dashboard shows the figures of a unit and everything below it: whoever may read the
# unit may see them (monitors included; they only read).
rules.add_perm("reports.view_dashboard", can_read_unit)
