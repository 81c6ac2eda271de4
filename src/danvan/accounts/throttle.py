"""Login throttling key: the same account however its phone number is typed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from danvan.accounts.validators import normalize_phone


def username_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """Normalise the login name so that "0912 345 678" and "+84912345678" share one
    failure count (otherwise reformatting the number gives unlimited guesses)."""
    raw = str((credentials or {}).get("username") or "")
    if not raw and request is not None:
        raw = str(request.POST.get("username", ""))
    text = raw.strip()
    if "@" in text:
        return text.lower()
    try:
        return normalize_phone(text)
    except ValidationError:
        return text.lower()
