"""SMS backends, chosen by ``DANVAN_SMS_BACKEND``.

``http``: a generic HTTP gateway: POST of ``to``, ``text``, ``sender`` and ``reference``
as JSON or as a form to ``DANVAN_SMS_GATEWAY_URL``, with the token in a header. Gateways
that want another shape (or report errors inside a 200 answer) need a backend of their
own: a class with ``is_configured()`` and ``send_sms(to=, text=, ref=)``, named by its
dotted path in ``DANVAN_SMS_BACKEND``.

``console`` writes messages to the log (development only: the log gets the text and a
masked number). ``locmem`` keeps them in :data:`outbox` (tests).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

import phonenumbers
from django.conf import settings
from django.utils.module_loading import import_string

from danvan.notifications.channels import DeliveryError, mask_phone

logger = logging.getLogger("danvan.notifications")


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str
    sender: str
    reference: str


# Messages "sent" by the locmem backend, oldest first; tests empty it between tests.
outbox: list[SmsMessage] = []


class SmsBackend(Protocol):
    def is_configured(self) -> bool: ...

    def send_sms(self, *, to: str, text: str, ref: str) -> None: ...


def format_number(e164: str, style: str) -> str:
    """+84912345678 in the form a gateway expects: ``e164`` (+84912345678),
    ``international`` (84912345678) or ``national`` (0912345678)."""
    if style == "international":
        return e164.removeprefix("+")
    if style == "national":
        number = phonenumbers.parse(e164, "VN")
        return "0" + str(number.national_number)
    return e164


class LocmemSmsBackend:
    def is_configured(self) -> bool:
        return True

    def send_sms(self, *, to: str, text: str, ref: str) -> None:
        outbox.append(SmsMessage(to, text, settings.DANVAN_SMS_SENDER, ref))


class ConsoleSmsBackend:
    def is_configured(self) -> bool:
        return True

    def send_sms(self, *, to: str, text: str, ref: str) -> None:
        logger.info("SMS %s to %s: %s", ref, mask_phone(to), text)


# Answers worth trying again: timeout, too early, too many requests, server errors.
RETRY_STATUSES = frozenset({408, 425, 429})


class HttpSmsBackend:
    def __init__(self) -> None:
        self.url: str = settings.DANVAN_SMS_GATEWAY_URL
        self.token: str = settings.DANVAN_SMS_GATEWAY_TOKEN
        self.auth_header: str = settings.DANVAN_SMS_GATEWAY_AUTH_HEADER
        self.body_format: str = settings.DANVAN_SMS_GATEWAY_FORMAT
        self.number_style: str = settings.DANVAN_SMS_NUMBER_FORMAT
        self.timeout = float(settings.DANVAN_SMS_GATEWAY_TIMEOUT)

    def is_configured(self) -> bool:
        return bool(self.url)

    def _request(self, to: str, text: str, ref: str) -> urllib.request.Request:
        fields = {
            "to": format_number(to, self.number_style),
            "text": text,
            "sender": settings.DANVAN_SMS_SENDER,
            "reference": ref,
        }
        if self.body_format == "form":
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            body = json.dumps(fields, ensure_ascii=False).encode()
            content_type = "application/json; charset=utf-8"
        headers = {"Content-Type": content_type, "Accept": "application/json"}
        if self.token:
            # The standard header carries a bearer token; a custom one carries it bare.
            bearer = self.auth_header.lower() == "authorization"
            headers[self.auth_header] = f"Bearer {self.token}" if bearer else self.token
        # The scheme is limited to http(s) when the setting is read.
        return urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310

    def send_sms(self, *, to: str, text: str, ref: str) -> None:
        if not self.url:
            raise DeliveryError("SMS gateway not configured", permanent=True)
        request = self._request(to, text, ref)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                answer.read(4096)
        except urllib.error.HTTPError as exc:
            status = exc.code
            exc.close()
            temporary = status in RETRY_STATUSES or status >= 500
            raise DeliveryError(f"SMS gateway: HTTP {status}", permanent=not temporary) from None
        except (urllib.error.URLError, OSError) as exc:  # refused, unreachable, timed out
            reason = getattr(exc, "reason", exc)
            raise DeliveryError(f"SMS gateway unreachable: {type(reason).__name__}") from None


BACKENDS: dict[str, type[Any]] = {
    "http": HttpSmsBackend,
    "console": ConsoleSmsBackend,
    "locmem": LocmemSmsBackend,
}


def get_backend() -> SmsBackend:
    name = settings.DANVAN_SMS_BACKEND
    cls = BACKENDS.get(name) or import_string(name)
    backend: SmsBackend = cls()
    return backend
