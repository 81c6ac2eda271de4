"""Who may export which list, and who sees personal data in an export.

Whether one petition's petitioner appears in a row is the API's rule
(``api.view_petitioner``: a write role on the petition's unit, never a denunciation);
the registry applies it row by row.
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.accounts.rules import is_staff_member
from danvan.accounts.selectors import agencies_where, scopes_of
from danvan.petitions.workflow import INTAKE_ROLES


@rules.predicate
def owns_export(user: Any, job: Any) -> bool:
    return job is not None and getattr(user, "pk", None) == job.user_id


@rules.predicate
def runs_reception_somewhere(user: Any) -> bool:
    # The sessions page lists the sessions of the agencies where the user receives citizens.
    return agencies_where(user, INTAKE_ROLES).exists()


@rules.predicate
def writes_somewhere(user: Any) -> bool:
    """Only roles that work on cases get petitioner columns at all; monitors, who only
    read, get exports without them (no empty columns to wonder about)."""
    return any(scope.can_write for scope in scopes_of(user))


rules.add_perm("exports.export_work_queue", is_staff_member)
rules.add_perm("exports.export_reception_sessions", runs_reception_somewhere)
rules.add_perm("exports.export_own_cases", rules.is_authenticated)
rules.add_perm("exports.include_personal_data", writes_somewhere)
rules.add_perm("exports.manage_job", owns_export)
