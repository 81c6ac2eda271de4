"""Reading settings from the environment with messages an operator can act on.

Settings errors are raised as :class:`ConfigurationError`; the ``danvan`` command,
``manage.py`` and the WSGI/ASGI entry points print them without a traceback.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigurationError(ImproperlyConfigured):
    """A setting from the environment is missing or malformed."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(
        f"Biến môi trường {name}={raw!r} không hợp lệ: dùng 1/0, true/false, yes/no "
        f"(invalid boolean for {name})."
    )


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(
            f"Biến môi trường {name}={raw!r} phải là số nguyên (must be an integer)."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_DB_SCHEMES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
}


def parse_database_url(url: str) -> dict[str, Any]:
    """Turn ``DATABASE_URL`` into a Django ``DATABASES`` entry or explain what is wrong."""
    import dj_database_url

    example = "sqlite:///var/danvan.sqlite3 hoặc postgres://user:pass@127.0.0.1:5432/danvan"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if "://" not in url or scheme not in SUPPORTED_DB_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL không hợp lệ: {url!r}. Chỉ hỗ trợ SQLite và PostgreSQL, ví dụ: "
            f"{example} (malformed or unsupported DATABASE_URL)."
        )
    if scheme != "sqlite":
        if not parts.hostname and not parts.path.strip("/"):
            raise ConfigurationError(
                f"DATABASE_URL thiếu máy chủ hoặc tên cơ sở dữ liệu: {url!r}. Ví dụ: {example}."
            )
        try:
            _ = parts.port
        except ValueError:
            raise ConfigurationError(
                f"DATABASE_URL có cổng (port) không hợp lệ: {url!r}. Ví dụ: {example}."
            ) from None
        if not parts.path.strip("/"):
            raise ConfigurationError(f"DATABASE_URL thiếu tên cơ sở dữ liệu: {url!r}.")
    elif not parts.path.strip("/") and ":memory:" not in url:
        raise ConfigurationError(f"DATABASE_URL thiếu đường dẫn tệp SQLite: {url!r}.")
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:  # the library raises several types; all mean a bad URL
        raise ConfigurationError(f"DATABASE_URL không hợp lệ: {url!r} ({exc}).") from None
    return config
