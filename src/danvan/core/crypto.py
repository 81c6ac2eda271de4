"""Encryption of personal data at rest, with keys from ``DANVAN_FIELD_KEY``.

The first key encrypts; every listed key decrypts, so keys can be rotated by putting
the new key first and running ``danvan rotate-field-key``, which re-encrypts every value
and recomputes the keyed digests that searchable secrets keep beside them.
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


def _digest(key: str, value: str) -> str:
    secret = hashlib.sha256(b"danvan-lookup:" + base64.urlsafe_b64decode(key.encode())).digest()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()


def lookup_digest(value: str) -> str:
    """Keyed digest of ``value`` for equality search, under the current (first) key."""
    field_cipher()  # refuses malformed keys with a clear message
    return _digest(settings.DANVAN_FIELD_KEYS[0], value)


def lookup_digests(value: str) -> list[str]:
    """Digests of ``value`` under every listed key, to search while a rotation is
    under way (rows not yet re-keyed still carry a digest under an older key)."""
    field_cipher()
    return [_digest(key, value) for key in settings.DANVAN_FIELD_KEYS]


def validate_keys(keys: list[str]) -> None:
    """Raise ConfigurationError unless every key is a valid Fernet key."""
    _fernet(tuple(keys))


def generate_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedTextField(models.TextField):
    """Text stored encrypted; reads give the clear text. Not searchable: a field that
    must be searched keeps a digest column, named by ``digest_field``, which the
    services fill with :func:`lookup_digest` and ``rotate-field-key`` recomputes."""

    def __init__(self, *args: Any, digest_field: str = "", **kwargs: Any) -> None:
        self.digest_field = digest_field
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.digest_field:
            kwargs["digest_field"] = self.digest_field
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
