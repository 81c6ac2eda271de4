"""A question any person can answer and a script cannot guess, with no outside service.

The question is a small sum written in words ("bảy cộng ba"); its answer travels in a
signed token with the time it was issued, so no server state is needed and a token
cannot be reused after it expires or altered to carry another answer.
"""

from __future__ import annotations

import secrets

from django.core import signing
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
    token = signing.dumps({"sum": a + b, "nonce": secrets.token_hex(4)}, salt=SALT)
    return question, token


def check_answer(token: str, answer: str) -> bool:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    text = (answer or "").strip().lower()
    if text.isdigit():
        return int(text) == data.get("sum")
    return text in WORDS_VI and WORDS_VI.index(text) == data.get("sum")
