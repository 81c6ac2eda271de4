"""A question any person can answer and a script cannot guess, with no outside service.

The question is a small sum written in words ("bảy cộng ba"). The signed token carries
the time it was issued, a nonce and a keyed hash of the nonce with the answer, never the
answer itself: no server state is needed, a token expires, cannot be altered, and a
script that reads it learns nothing it could not get by guessing.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

WORDS_VI = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
MAX_AGE_SECONDS = 2 * 3600
SALT = "danvan.portal.challenge"


def new_challenge() -> tuple[str, str]:
    """(question, signed token)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    question = _("How much is %(a)s plus %(b)s? (write the number)") % {
        "a": WORDS_VI[a].capitalize(),
        "b": WORDS_VI[b],
    }
    return question, token_for(a + b)


def _answer_mac(nonce: str, total: int) -> str:
    return salted_hmac(SALT, f"{nonce}:{total}", algorithm="sha256").hexdigest()


def token_for(total: int) -> str:
    """A fresh signed token for a question whose answer is ``total``."""
    nonce = secrets.token_hex(8)
    return signing.dumps({"nonce": nonce, "mac": _answer_mac(nonce, total)}, salt=SALT)


def check_answer(token: str, answer: str) -> bool:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    nonce, mac = str(data.get("nonce", "")), str(data.get("mac", ""))
    text = (answer or "").strip().lower()
    if text.isascii() and text.isdigit() and len(text) <= 3:
        total = int(text)
    elif text in WORDS_VI:
        total = WORDS_VI.index(text)
    else:
        return False
    return bool(nonce) and constant_time_compare(mac, _answer_mac(nonce, total))
