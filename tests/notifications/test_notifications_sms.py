"""SMS: the in-memory outbox, and the HTTP gateway adapter against a local server."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from danvan.notifications import sms
from danvan.notifications.channels import DeliveryError, Message, Recipient, SmsChannel
from danvan.notifications.models import Delivery, DeliveryStatus
from danvan.notifications.tasks import retry_due_deliveries
from tests.notifications.conftest import PHONE_E164, closed_port, receive_with_contact

MESSAGE = Message(
    recipient=Recipient(phone=PHONE_E164),
    subject="Mã tra cứu ABCDE-FGHJK",
    text="UBND phường Ba Đình đã nhận đơn. Mã tra cứu: ABCDE-FGHJK.",
    reference="delivery-7",
)


@dataclass
class Gateway:
    """A local SMS gateway: records what it receives and answers ``status``."""

    url: str
    status: int = 200
    delay: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    state: Gateway

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(
                {"path": self.path, "headers": dict(self.headers), "body": body.decode()}
            )
            if state.delay:
                state.release.wait(state.delay)
            try:
                self.send_response(state.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as the timeout test intends

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = Gateway(url=f"http://127.0.0.1:{server.server_address[1]}/api/sms")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.DANVAN_SMS_BACKEND = "http"
    settings.DANVAN_SMS_GATEWAY_URL = state.url
    settings.DANVAN_SMS_GATEWAY_TOKEN = "token-bi-mat"
    settings.DANVAN_SMS_SENDER = "UBND-BADINH"
    settings.DANVAN_SMS_GATEWAY_TIMEOUT = 2
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_locmem_outbox_in_tests():
    SmsChannel().send(MESSAGE)
    assert sms.outbox == [sms.SmsMessage(PHONE_E164, MESSAGE.text, "", "delivery-7")]


def test_console_backend_logs_a_masked_number(settings, caplog):
    settings.DANVAN_SMS_BACKEND = "console"
    with caplog.at_level("INFO", logger="danvan.notifications"):
        SmsChannel().send(MESSAGE)
    assert "09xx xxx 123" in caplog.text
    assert "345123" not in caplog.text
    assert sms.outbox == []


def test_gateway_receives_json_with_a_bearer_token(gateway):
    SmsChannel().send(MESSAGE)
    [request] = gateway.received
    assert request["path"] == "/api/sms"
    assert request["headers"]["Authorization"] == "Bearer token-bi-mat"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert json.loads(request["body"]) == {
        "to": PHONE_E164,
        "text": MESSAGE.text,
        "sender": "UBND-BADINH",
        "reference": "delivery-7",
    }


def test_gateway_receives_a_form_with_a_custom_header_and_national_numbers(gateway, settings):
    settings.DANVAN_SMS_GATEWAY_FORMAT = "form"
    settings.DANVAN_SMS_GATEWAY_AUTH_HEADER = "X-Api-Key"
    settings.DANVAN_SMS_NUMBER_FORMAT = "national"
    SmsChannel().send(MESSAGE)
    [request] = gateway.received
    assert request["headers"]["X-Api-Key"] == "token-bi-mat"
    assert "Authorization" not in request["headers"]
    fields = dict(urllib.parse.parse_qsl(request["body"]))
    assert (fields["to"], fields["text"]) == ("0912345123", MESSAGE.text)


@pytest.mark.parametrize(
    ("status", "permanent"), [(500, False), (503, False), (429, False), (400, True), (401, True)]
)
def test_gateway_errors_are_temporary_or_permanent(gateway, status, permanent):
    gateway.status = status
    with pytest.raises(DeliveryError) as caught:
        SmsChannel().send(MESSAGE)
    assert caught.value.permanent is permanent
    assert caught.value.reason == f"SMS gateway: HTTP {status}"


def test_a_gateway_that_does_not_answer_in_time_is_a_temporary_failure(gateway, settings):
    settings.DANVAN_SMS_GATEWAY_TIMEOUT = 0.3
    gateway.delay = 5
    with pytest.raises(DeliveryError) as caught:
        SmsChannel().send(MESSAGE)
    assert not caught.value.permanent
    assert "unreachable" in caught.value.reason
    assert PHONE_E164 not in caught.value.reason


def test_an_unreachable_gateway_is_a_temporary_failure(settings):
    settings.DANVAN_SMS_BACKEND = "http"
    settings.DANVAN_SMS_GATEWAY_URL = f"http://127.0.0.1:{closed_port()}/sms"
    with pytest.raises(DeliveryError) as caught:
        SmsChannel().send(MESSAGE)
    assert not caught.value.permanent


def test_without_a_gateway_address_sms_reaches_no_one(settings):
    settings.DANVAN_SMS_BACKEND = "http"
    settings.DANVAN_SMS_GATEWAY_URL = ""
    assert not SmsChannel().can_reach(MESSAGE.recipient)


def test_from_a_step_to_the_gateway_with_a_retry(
    tree, staff, gateway, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    settings.DANVAN_NOTIFICATION_CHANNELS = ["sms"]
    gateway.status = 502
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    delivery = Delivery.objects.get(notice__petition=p)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    gateway.status = 200
    assert retry_due_deliveries(now=timezone.now() + timedelta(minutes=10)).sent == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(gateway.received) == 2
    assert p.tracking_code in json.loads(gateway.received[-1]["body"])["text"]


def test_a_rejected_number_fails_at_once(
    tree, staff, gateway, settings, django_capture_on_commit_callbacks
):
    settings.DANVAN_NOTIFICATION_CHANNELS = ["sms"]
    gateway.status = 400
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    delivery = Delivery.objects.get(notice__petition=p)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.last_error == "SMS gateway: HTTP 400"
