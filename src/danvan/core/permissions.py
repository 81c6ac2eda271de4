"""The permission check every service function starts with."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied


def require_perm(actor: Any, perm: str, obj: Any = None, *, message: str) -> None:
    """Raise PermissionDenied(message) unless ``actor`` holds ``perm`` on ``obj``.

    ``actor=None`` is the system itself (an operator's command or a background job),
    which is trusted; web requests always pass the signed-in user, never None.
    """
    if actor is None:
        return
    if not rules.has_perm(perm, actor, obj):
        raise PermissionDenied(message)
