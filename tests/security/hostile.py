"""Hostile input for the fuzz tests: strings, raw bytes and files that a careless or
malicious client sends, and the checks every answer to them must pass.

Imported explicitly by ``test_hostile_input``; not a conftest.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote_from_bytes

from django import forms
from django.test import Client

import danvan

# --- text --------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG_ONERROR = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
SQL_OR = "' OR 1=1 --"
SQL_DROP = '"; DROP TABLE petitions_petition; --'
# A Vietnamese sentence as phones and old software send it: letters and marks apart.
VIETNAMESE_NFC = "Đường làng bị ngập sâu, đề nghị Ủy ban khắc phục"
VIETNAMESE_NFD = unicodedata.normalize("NFD", VIETNAMESE_NFC)
assert VIETNAMESE_NFD != VIETNAMESE_NFC

TEXT_PAYLOADS: dict[str, str] = {
    "script": f"Ngõ 5 {SCRIPT}",
    "img-onerror": f"Ngõ 5 {IMG_ONERROR}",
    "javascript-url": JS_URL,
    "sql-or": f"Nguyễn Văn A{SQL_OR}",
    "sql-drop": f"Trần Thị B{SQL_DROP}",
    "nul": "Đèn\x00hỏng",
    "long": "Đường " * 20_000,  # 120,000 characters
    "nfd": VIETNAMESE_NFD,
    "bidi-override": "Đèn hỏng \u202egnôhk\u202c",
    "control": "Đèn\x07\x1bhỏng",
    "emoji": "Đèn hỏng 💡🔥",
    "template": "{{ settings.SECRET_KEY }} {% debug %}",
    "formula": '=HYPERLINK("http://example.invalid","bấm")',
    "whitespace": " \t\r\n ",
}

NUMBER_PAYLOADS = ["-1", "0", "1e309", "99999999999999999999999", "NaN", "Infinity", "１２", "1,5"]
DATE_PAYLOADS = ["31/02/2026", "00/00/0000", "2026-13-45", "29/02/2025", "01/01/10000", "🕐"]

# Bytes that are not UTF-8: a lone continuation, an overlong form, a surrogate, a cut
# sequence. CSV imports read them as Windows-1258 (old Vietnamese software), which has a
# character for each of these bytes...
MALFORMED_UTF8 = b"\x80 \xc0\xaf \xed\xa0\x80 \xe1\xbb"
# ... but not for these: neither UTF-8 nor Windows-1258.
UNDECODABLE = b"\x81\x8d\x8e\x8f\x90\x9d"

# --- what an answer may not contain ------------------------------------------------------

_UNESCAPED = [
    re.compile(r"<script>alert\(1\)", re.IGNORECASE),
    re.compile(r"<img src=x onerror", re.IGNORECASE),
    re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
]


def unescaped_markup(html: str) -> list[str]:
    """The injected markup that a page shows as markup rather than as text."""
    return [p.pattern for p in _UNESCAPED if p.search(html)]


def assert_safe_answer(response: Any, *, context: str = "") -> str:
    """No server error, no traceback, no injected markup; returns the page's text."""
    where = f"{context} {response.wsgi_request.method} {response.wsgi_request.path}"
    assert response.status_code < 500, f"{where}: {response.status_code}"
    body = response.content.decode("utf-8", errors="replace")
    assert "Traceback" not in body, where
    assert not unescaped_markup(body), f"{where}: {unescaped_markup(body)}"
    return body


ERROR_MARKERS = ("error-summary", "errorlist", "message-error", "field-error")


def assert_refused_with_message(response: Any, *, context: str = "") -> str:
    body = assert_safe_answer(response, context=context)
    assert response.status_code in (200, 400, 413, 422), (context, response.status_code)
    assert any(marker in body for marker in ERROR_MARKERS), f"{context}: no error shown"
    return body


# --- raw bodies ------------------------------------------------------------------------


def post_raw_urlencoded(client: Client, url: str, fields: Mapping[str | bytes, bytes | str]) -> Any:
    """POST a urlencoded body whose names and values may be any bytes, UTF-8 or not."""
    parts = []
    for name, value in fields.items():
        raw = value if isinstance(value, bytes) else value.encode()
        raw_name = name if isinstance(name, bytes) else name.encode()
        parts.append(f"{quote_from_bytes(raw_name)}={quote_from_bytes(raw)}")
    return client.generic(
        "POST",
        url,
        "&".join(parts).encode("ascii"),
        content_type="application/x-www-form-urlencoded",
    )


def post_raw_multipart(client: Client, url: str, fields: Mapping[str, bytes | str]) -> Any:
    """POST multipart/form-data whose field values may be any bytes."""
    boundary = "----danvanHostileBoundary"
    body = io.BytesIO()
    for name, value in fields.items():
        raw = value if isinstance(value, bytes) else value.encode()
        body.write(f"--{boundary}\r\n".encode())
        body.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        body.write(raw + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return client.generic(
        "POST", url, body.getvalue(), content_type=f"multipart/form-data; boundary={boundary}"
    )


# --- files -------------------------------------------------------------------------------

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE_HEADER = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def zip_bomb(*, uncompressed_mb: int = 300) -> bytes:
    """A small archive (about 300 KB) whose one part expands to ``uncompressed_mb`` MB."""
    buffer = io.BytesIO()
    chunk = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(uncompressed_mb):
                part.write(chunk)
    return buffer.getvalue()


def zip_of_many_parts(count: int = 10_050) -> bytes:
    """A small archive with more parts than any document has."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for n in range(count):
            archive.writestr(f"word/p{n}.xml", b"")
    return buffer.getvalue()


def disguised_files() -> dict[str, tuple[str, bytes]]:
    """label -> (file name, content): files whose content is not what the name says."""
    return {
        "html-as-pdf": ("don.pdf", HTML_PAGE),
        "exe-as-jpg": ("anh.jpg", EXE_HEADER),
        "html-as-docx": ("du-thao.docx", HTML_PAGE),
        "exe-as-docx": ("du-thao.docx", EXE_HEADER),
        "truncated-zip-as-xlsx": ("bang.xlsx", b"PK\x03\x04\x14\x00\x00\x00garbage"),
        "empty-pdf": ("trong.pdf", b""),
    }


# --- forms -------------------------------------------------------------------------------


def form_classes() -> list[type[forms.Form]]:
    """Every form class defined in a ``forms`` module of the project's apps."""
    found: list[type[forms.Form]] = []
    for info in pkgutil.iter_modules(danvan.__path__):
        try:
            module = importlib.import_module(f"danvan.{info.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and not issubclass(value, forms.BaseFormSet)
            ):
                found.append(value)
    return found


def required_keywords(form_class: type[forms.Form]) -> list[str]:
    """Keyword-only parameters of the form's constructor without a usable default (none,
    or None where the view always passes one)."""
    names = []
    for klass in form_class.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for parameter in inspect.signature(init).parameters.values():
            if parameter.kind is parameter.KEYWORD_ONLY and parameter.default in (
                parameter.empty,
                None,
            ):
                names.append(parameter.name)
    return sorted(set(names))
