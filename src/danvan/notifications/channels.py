"""Channels that carry a message to a person: e-mail, SMS, Zalo (a stub for now).

A channel says whether it can reach a recipient and sends one message, raising
:class:`DeliveryError` when it cannot; the error says whether trying again later may
help (temporary) or not (permanent). Channels know nothing about petitions or retries:
``danvan.notifications.services`` decides what to send, when, and how often to retry.

The channels in use come from ``DANVAN_NOTIFICATION_CHANNELS``: built-in names
(``email``, ``sms``, ``zalo``) or the dotted path of a :class:`Channel` subclass.
See docs/notifications.md.
"""

from __future__ import annotations

import logging
import smtplib
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger("danvan.notifications")

# Errors are stored and logged; they must stay short and never carry an address.
ERROR_LENGTH = 200


class DeliveryError(Exception):
    """A message could not be sent. ``permanent`` means retrying cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason[:ERROR_LENGTH])
        self.reason = reason[:ERROR_LENGTH]
        self.permanent = permanent


@dataclass(frozen=True)
class Recipient:
    """How a person can be reached. ``phone`` is E.164 (+84…), as stored everywhere."""

    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Message:
    recipient: Recipient
    subject: str
    text: str
    # Our own id for the message (e.g. "delivery-12"), for gateways that accept one.
    reference: str = ""
    # Named values for channels that send templates instead of free text (Zalo ZNS).
    params: Mapping[str, str] = field(default_factory=dict)


class Channel(ABC):
    """One way to reach people. Subclasses set ``name`` and implement two methods."""

    name: ClassVar[str]

    @abstractmethod
    def address_of(self, recipient: Recipient) -> str:
        """The address this channel would use for ``recipient``, or "" if it has none
        (or the channel is switched off)."""

    @abstractmethod
    def send(self, message: Message) -> None:
        """Send, or raise :class:`DeliveryError`."""

    def can_reach(self, recipient: Recipient) -> bool:
        return bool(self.address_of(recipient))

    def masked_address(self, recipient: Recipient) -> str:
        """A hint that lets staff tell addresses apart without storing them."""
        return mask_phone(self.address_of(recipient))


def mask_phone(phone: str) -> str:
    """+84912345123 → "09xx xxx 123"."""
    if not phone:
        return ""
    national = "0" + phone[3:] if phone.startswith("+84") else phone
    return f"{national[:2]}xx xxx {national[-3:]}"


def mask_email(address: str) -> str:
    """nguyenvana@example.vn → "n***@example.vn"."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else ""


def _short(exc: BaseException) -> str:
    """The kind of error without its message: messages of mail libraries may quote the
    recipient's address."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__


# ---------------------------------------------------------------------------------------
# E-mail


class EmailChannel(Channel):
    """E-mail through Django's mailer (SMTP in production)."""

    name = "email"

    def __init__(self, send_mail: Callable[..., Any] | None = None) -> None:
        self._send_mail = send_mail or mail.send_mail

    def address_of(self, recipient: Recipient) -> str:
        return recipient.email

    def masked_address(self, recipient: Recipient) -> str:
        return mask_email(recipient.email)

    def send(self, message: Message) -> None:
        address = message.recipient.email
        if not address:
            raise DeliveryError("no e-mail address", permanent=True)
        try:
            self._send_mail(
                subject=message.subject,
                message=message.text,
                from_email=None,
                recipient_list=[address],
            )
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            # 5xx: the server will never take this address; 4xx may pass later.
            permanent = bool(codes) and all(code >= 500 for code in codes)
            raise DeliveryError(
                f"recipient refused ({', '.join(map(str, codes))})", permanent=permanent
            ) from None
        except OSError as exc:  # smtplib.SMTPException is an OSError: server down, timeout
            raise DeliveryError(f"SMTP: {_short(exc)}") from None
        except ValueError as exc:  # a malformed address or header
            raise DeliveryError(f"e-mail refused: {_short(exc)}", permanent=True) from None


# ---------------------------------------------------------------------------------------
# SMS


class SmsChannel(Channel):
    """SMS through the backend chosen by ``DANVAN_SMS_BACKEND`` (danvan.notifications.sms):
    ``http`` (a gateway), ``console`` (the log, for development), ``locmem`` (tests)."""

    name = "sms"

    def __init__(self, backend: Any = None) -> None:
        from danvan.notifications.sms import get_backend

        self.backend = backend or get_backend()

    def address_of(self, recipient: Recipient) -> str:
        if not self.backend.is_configured():
            return ""
        return recipient.phone

    def send(self, message: Message) -> None:
        if not message.recipient.phone:
            raise DeliveryError("no phone number", permanent=True)
        self.backend.send_sms(to=message.recipient.phone, text=message.text, ref=message.reference)


# ---------------------------------------------------------------------------------------
# Zalo (stub)

# Zalo Notification Service (ZNS): template messages to a phone number, sent on behalf
# of an Official Account. Check it against Zalo's current documentation when finishing.
ZALO_ZNS_URL = "https://business.openapi.zalo.me/message/template"


@dataclass(frozen=True)
class ZaloRequest:
    """What the Zalo channel would send: an HTTPS POST with a JSON body."""

    url: str
    headers: dict[str, str]
    payload: dict[str, Any]


def send_zalo_request(request: ZaloRequest) -> None:
    """The transport for Zalo messages: THE PLACE TO FINISH THE INTEGRATION.

    This version never calls the network. To finish: POST ``request.payload`` as JSON to
    ``request.url`` with ``request.headers`` (``urllib.request`` with a timeout, as the SMS
    gateway does), then read Zalo's JSON answer: ``error == 0`` means sent; an expired
    access token, a rate limit or a server error is temporary (``DeliveryError(...)``);
    a phone number without Zalo, a rejected template or bad data is permanent
    (``DeliveryError(..., permanent=True)``). The OA access token expires and must be
    refreshed with the refresh token (not handled here). See docs/notifications.md.
    """
    raise DeliveryError("Zalo transport not implemented", permanent=True)


class ZaloChannel(Channel):
    """Zalo Official Account messages (ZNS): a documented stub behind
    ``DANVAN_ZALO_ENABLED`` (off by default). Switched off, it reaches no one."""

    name = "zalo"

    def __init__(self, transport: Callable[[ZaloRequest], None] | None = None) -> None:
        self._transport = transport

    @staticmethod
    def enabled() -> bool:
        return bool(getattr(settings, "DANVAN_ZALO_ENABLED", False))

    def address_of(self, recipient: Recipient) -> str:
        return recipient.phone if self.enabled() else ""

    def build_request(self, message: Message) -> ZaloRequest:
        token = getattr(settings, "DANVAN_ZALO_OA_TOKEN", "")
        template = getattr(settings, "DANVAN_ZALO_TEMPLATE_ID", "")
        if not (self.enabled() and token and template):
            raise DeliveryError("Zalo not configured", permanent=True)
        phone = message.recipient.phone
        if not phone:
            raise DeliveryError("no phone number", permanent=True)
        return ZaloRequest(
            url=ZALO_ZNS_URL,
            headers={"access_token": token, "Content-Type": "application/json"},
            payload={
                "phone": phone.removeprefix("+"),  # ZNS wants 84…, without the plus
                "template_id": template,
                "template_data": {**message.params, "message": message.text},
                "tracking_id": message.reference,
            },
        )

    def send(self, message: Message) -> None:
        request = self.build_request(message)
        # Looked up at call time, so the transport can be replaced in one place.
        (self._transport or send_zalo_request)(request)


# ---------------------------------------------------------------------------------------
# Registry

BUILTIN: dict[str, type[Channel]] = {
    EmailChannel.name: EmailChannel,
    SmsChannel.name: SmsChannel,
    ZaloChannel.name: ZaloChannel,
}


@cache
def _channel_class(entry: str) -> type[Channel]:
    if entry in BUILTIN:
        return BUILTIN[entry]
    if "." not in entry:
        raise ImproperlyConfigured(
            f"DANVAN_NOTIFICATION_CHANNELS: unknown channel {entry!r} "
            f"(built-in: {', '.join(BUILTIN)}; or the dotted path of a Channel class)."
        )
    try:
        cls = import_string(entry)
    except ImportError as exc:
        raise ImproperlyConfigured(f"DANVAN_NOTIFICATION_CHANNELS: {exc}") from None
    if not (isinstance(cls, type) and issubclass(cls, Channel)):
        raise ImproperlyConfigured(
            f"DANVAN_NOTIFICATION_CHANNELS: {entry!r} is not a Channel subclass."
        )
    return cls


def configured_channel_classes() -> list[type[Channel]]:
    """Raises ImproperlyConfigured for an entry that is not a channel (system check)."""
    return [_channel_class(entry) for entry in settings.DANVAN_NOTIFICATION_CHANNELS]


def enabled_channels() -> list[Channel]:
    """The channels in use, in the configured order. A broken entry is logged and
    skipped: a configuration mistake must not stop the work that sends messages."""
    channels: list[Channel] = []
    for entry in settings.DANVAN_NOTIFICATION_CHANNELS:
        try:
            channels.append(_channel_class(entry)())
        except Exception:
            logger.exception("notification channel %r cannot be used", entry)
    return channels


def channel_named(name: str) -> Channel | None:
    return next((c for c in enabled_channels() if c.name == name), None)
