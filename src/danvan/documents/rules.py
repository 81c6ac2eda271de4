"""Who may attach files and issue document numbers.

Attachments belong to records of other modules, so the owning module decides who may
attach files to its records: it registers ``<app_label>.attach_to_<model_name>`` (for
example ``petitions.attach_to_petition``). Without such a rule, a record that knows its
administrative unit (a unit, an agency, or anything with a ``unit`` attribute) accepts
files from staff who may write in that unit; any other record only from the system.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db import models

from danvan.accounts.rules import can_write_unit
from danvan.units.models import AdministrativeUnit, Agency


def attach_perm_name(owner: models.Model) -> str:
    return f"{owner._meta.app_label}.attach_to_{owner._meta.model_name}"


def unit_of_owner(owner: Any) -> AdministrativeUnit | None:
    if isinstance(owner, AdministrativeUnit):
        return owner
    unit = getattr(owner, "unit", None)
    return unit if isinstance(unit, AdministrativeUnit) else None


@rules.predicate
def can_attach_to(user: Any, owner: models.Model | None) -> bool:
    if owner is None:
        return False
    perm = attach_perm_name(owner)
    if rules.perm_exists(perm):
        return bool(rules.has_perm(perm, user, owner))
    return bool(can_write_unit(user, unit_of_owner(owner)))


@rules.predicate
def can_issue_numbers_for(user: Any, agency: Agency | None) -> bool:
    """Staff who may write in the agency's unit (the văn thư, case handlers, leaders)."""
    return agency is not None and bool(can_write_unit(user, agency.unit))


rules.add_perm("documents.store_attachment", can_attach_to)
rules.add_perm("documents.issue_number", can_issue_numbers_for)
