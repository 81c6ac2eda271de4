"""Who may read, draft and issue periodic reports.

Officers who record reception and handle petitions (reception officers, case handlers,
leaders) draft reports and edit their narrative; only leaders issue them, since an issued
report is signed in the head's name. Anyone who may read the unit, monitors included,
may read its reports and download the issued files.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.roles import Role
from danvan.accounts.rules import can_read_unit, holds_role_on

DRAFTING_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER})
ISSUING_ROLES = frozenset({Role.LEADER})


@rules.predicate
def can_draft_for(user: Any, agency: Any) -> bool:
    """Start a report of ``agency``."""
    return agency is not None and holds_role_on(user, agency.unit, DRAFTING_ROLES)


@rules.predicate
def can_view_report(user: Any, report: Any) -> bool:
    return report is not None and bool(can_read_unit(user, report.unit))


@rules.predicate
def can_edit_report(user: Any, report: Any) -> bool:
    return report is not None and holds_role_on(user, report.unit, DRAFTING_ROLES)


@rules.predicate
def can_issue_report(user: Any, report: Any) -> bool:
    return report is not None and holds_role_on(user, report.unit, ISSUING_ROLES)


rules.add_perm("reports.draft_periodic_report", can_draft_for)
rules.add_perm("reports.view_periodic_report", can_view_report)
rules.add_perm("reports.change_periodic_report", can_edit_report)
rules.add_perm("reports.issue_periodic_report", can_issue_report)
# The files of a report are stored only when it is issued (documents.rules asks this).
rules.add_perm("reports.attach_to_issuedreport", can_issue_report)
