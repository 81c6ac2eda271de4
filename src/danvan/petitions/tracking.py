"""Public tracking codes: unguessable, short, and easy to read aloud or type.

Nine random symbols from an alphabet without look-alikes (no 0/O, 1/I/L, U/V) and one
check symbol, shown as ``XXXXX-XXXXX``. The check symbol catches a mistyped symbol and
most swaps of two neighbours before any database lookup.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols (prime, for the check)
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
RANDOM_LENGTH = 9


def _check_symbol(body: str) -> str:
    # Weighted sum modulo a prime: a changed symbol or a swap of neighbours changes it.
    total = sum((i + 1) * _INDEX[ch] for i, ch in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_tracking_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    code = body + _check_symbol(body)
    return f"{code[:5]}-{code[5:]}"


def normalize_tracking_code(raw: str) -> str | None:
    """The canonical form of a typed code, or None if it cannot be one of ours."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if len(text) != RANDOM_LENGTH + 1 or any(ch not in _INDEX for ch in text):
        return None
    if _check_symbol(text[:-1]) != text[-1]:
        return None
    return f"{text[:5]}-{text[5:]}"
