"""Encryption of personal data at rest, with keys from ``DANVAN_FIELD_KEY``.

The first key encrypts; every listed key decrypts, so keys can be rotated by putting
the new key first and re-encrypting (``danvan rotate-field-key``). Encrypted values
cannot be searched, so each searchable secret also keeps a keyed digest.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

from danvan.core.env import ConfigurationError

PREFIX = "enc1:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError):
        raise ConfigurationError(
            "DANVAN_FIELD_KEY không hợp lệ: mỗi khóa phải là 32 byte mã hóa base64 url-safe "
            "(tạo bằng `danvan generate-secrets`)."
        ) from None


def field_cipher() -> MultiFernet:
    return _fernet(tuple(settings.DANVAN_FIELD_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + field_cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("value is not encrypted")
    try:
        return field_cipher().decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ConfigurationError(
            "Không giải mã được dữ liệu: khóa DANVAN_FIELD_KEY đã dùng để mã hóa không còn "
            "trong danh sách khóa."
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt a stored value with the current first key."""
    return PREFIX + field_cipher().rotate(token[len(PREFIX) :].encode()).decode()


def lookup_digest(value: str) -> str:
    """Keyed digest for equality search of an encrypted value."""
    key = hashlib.sha256(
        b"danvan-lookup:" + base64.urlsafe_b64decode(settings.DANVAN_FIELD_KEYS[-1].encode())
    ).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def generate_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedTextField(models.TextField):
    """Text stored encrypted; reads give the clear text. Not searchable."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
