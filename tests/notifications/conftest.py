"""Fixtures for notification tests: the petition staff (re-exported from the petition
tests), an empty SMS outbox, a mail server that is down, and helpers that walk a
petition through the steps a citizen is told about."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from danvan.notifications import sms
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.units.models import Agency
from tests.petitions.conftest import Staff, receive_one, staff  # noqa: F401  (fixture)

D = date.fromisoformat
PHONE = "0912 345 123"
PHONE_E164 = "+84912345123"
EMAIL = "nguyenvana@example.vn"


@pytest.fixture(autouse=True)
def _empty_sms_outbox() -> Iterator[None]:
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


LOCMEM_MAILER = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def smtp(settings: Any) -> Callable[[bool], None]:
    """``smtp(False)``: the real SMTP backend, pointed at a port where no server runs;
    ``smtp(True)``: the server is back (the test mailbox)."""
    port = closed_port()

    def switch(up: bool) -> None:
        settings.MAILERS = (
            LOCMEM_MAILER
            if up
            else {
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
                }
            }
        )

    return switch


def receive_with_contact(people: Staff, agency: Agency, **extra: Any) -> Petition:
    """A petition whose petitioner gave a phone number and an e-mail address."""
    extra.setdefault("petitioner_phone", PHONE)
    extra.setdefault("petitioner_email", EMAIL)
    return receive_one(people, agency, **extra)


def classified(people: Staff, petition: Petition) -> Petition:
    return petitions.classify(
        actor=people.officer,
        petition=petition,
        expected_version=petition.version,
        effective_on=D("2026-03-03"),
    )


def accepted(people: Staff, petition: Petition) -> Petition:
    p = classified(people, petition)
    return petitions.accept(
        actor=people.leader, petition=p, expected_version=p.version, effective_on=D("2026-03-04")
    )
