from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from danvan.accounts.selectors import has_staff_role


def staff_flag(request: HttpRequest) -> dict[str, Any]:
    """Whether the signed-in user works for an agency; evaluated only if a page asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"is_staff_member": lambda: has_staff_role(user) or user.is_superuser}
