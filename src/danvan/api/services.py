"""The API's one write: the audit entry for each read of a petitioner's details."""

from __future__ import annotations

from typing import Any

import rules
from django.db import transaction

from danvan.api.rules import PETITIONER_FIELDS
from danvan.audit.services import record_read
from danvan.petitions.models import Petition


@transaction.atomic
def reveal_petitioner(*, actor: Any, petition: Petition) -> bool:
    """Whether ``actor`` may see who sent ``petition`` through the API; when they may and
    there is something to see, the read is recorded before the answer leaves."""
    # The rule itself, not user.has_perm: Django grants superusers (system administrators)
    # every permission, and a denouncer must stay hidden from them too.
    if not rules.has_perm("api.view_petitioner", actor, petition):
        return False
    shown = [name for name in PETITIONER_FIELDS if getattr(petition, name)]
    if shown:
        record_read(
            actor=actor,
            action="api.read_petitioner",
            target=petition,
            fields=shown,
            unit_id=petition.unit_id,
        )
    return True
