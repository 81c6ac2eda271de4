"""Whether the menu shows the hotspot page (only to those who watch a whole province)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def hotspot_flag(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def sees() -> bool:
        from danvan.hotspots.selectors import watchable_provinces

        return bool(watchable_provinces(user))

    return {"sees_hotspots": sees}
