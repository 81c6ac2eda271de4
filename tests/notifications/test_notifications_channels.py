"""The channel interface: e-mail errors, the Zalo stub, the registry and its check."""

from __future__ import annotations

import logging
import smtplib

import pytest
from django.core import mail

from danvan.notifications import channels
from danvan.notifications.channels import (
    ZALO_ZNS_URL,
    DeliveryError,
    EmailChannel,
    Message,
    Recipient,
    SmsChannel,
    ZaloChannel,
    ZaloRequest,
    enabled_channels,
    mask_email,
    mask_phone,
)
from danvan.notifications.checks import check_channels
from danvan.notifications.models import CitizenEvent, CitizenNotice, Delivery, DeliveryStatus
from tests.notifications.conftest import EMAIL, PHONE_E164, receive_with_contact

MESSAGE = Message(
    recipient=Recipient(phone=PHONE_E164, email=EMAIL),
    subject="Mã tra cứu ABCDE-FGHJK: Đã tiếp nhận",
    text="UBND phường Ba Đình đã nhận đơn. Mã tra cứu: ABCDE-FGHJK.",
    reference="delivery-9",
    params={"code": "ABCDE-FGHJK", "event": "received"},
)


def test_masks_keep_enough_to_tell_addresses_apart():
    assert mask_phone("+84912345123") == "09xx xxx 123"
    assert mask_email("nguyenvana@example.vn") == "n***@example.vn"
    assert mask_phone("") == mask_email("") == ""


# ---------------------------------------------------------------------------------------
# E-mail


def test_email_is_sent_through_the_django_mailer():
    EmailChannel().send(MESSAGE)
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == ([EMAIL], MESSAGE.subject, MESSAGE.text)


def failing(exc: BaseException):
    def send_mail(**kwargs):
        raise exc

    return send_mail


@pytest.mark.parametrize(
    ("exc", "permanent"),
    [
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
        (smtplib.SMTPRecipientsRefused({EMAIL: (451, b"try later")}), False),
        (smtplib.SMTPRecipientsRefused({EMAIL: (550, b"no such user " + EMAIL.encode())}), True),
        (ValueError(f"invalid address {EMAIL}"), True),
    ],
)
def test_email_errors_are_classified_and_never_quote_the_address(exc, permanent):
    with pytest.raises(DeliveryError) as caught:
        EmailChannel(send_mail=failing(exc)).send(MESSAGE)
    assert caught.value.permanent is permanent
    assert EMAIL not in caught.value.reason
    assert "nguyenvana" not in str(caught.value)


def test_email_without_an_address_cannot_be_sent():
    assert not EmailChannel().can_reach(Recipient(phone=PHONE_E164))
    with pytest.raises(DeliveryError) as caught:
        EmailChannel().send(Message(recipient=Recipient(), subject="s", text="t"))
    assert caught.value.permanent


# ---------------------------------------------------------------------------------------
# Zalo (stub)


def test_zalo_switched_off_reaches_no_one_and_refuses_to_send():
    zalo = ZaloChannel()
    assert not zalo.can_reach(MESSAGE.recipient)
    with pytest.raises(DeliveryError) as caught:
        zalo.send(MESSAGE)
    assert caught.value.permanent
    assert caught.value.reason == "Zalo not configured"


def test_zalo_switched_off_is_not_offered_even_when_listed(
    tree, staff, settings, django_capture_on_commit_callbacks
):
    settings.DANVAN_NOTIFICATION_CHANNELS = ["email", "sms", "zalo"]
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    notice = CitizenNotice.objects.get(petition=p, event=CitizenEvent.RECEIVED)
    assert set(notice.deliveries.values_list("channel", flat=True)) == {"email", "sms"}


def test_zalo_enabled_without_a_token_is_not_configured(settings):
    settings.DANVAN_ZALO_ENABLED = True
    settings.DANVAN_ZALO_OA_TOKEN = ""
    with pytest.raises(DeliveryError, match="not configured") as caught:
        ZaloChannel(transport=lambda request: None).send(MESSAGE)
    assert caught.value.permanent


@pytest.fixture
def zalo_on(settings):
    settings.DANVAN_ZALO_ENABLED = True
    settings.DANVAN_ZALO_OA_TOKEN = "oa-access-token"
    settings.DANVAN_ZALO_TEMPLATE_ID = "301234"


def test_zalo_enabled_builds_the_zns_request_and_hands_it_to_the_transport(zalo_on):
    requests: list[ZaloRequest] = []
    zalo = ZaloChannel(transport=requests.append)
    assert zalo.can_reach(MESSAGE.recipient)
    assert zalo.masked_address(MESSAGE.recipient) == "09xx xxx 123"
    zalo.send(MESSAGE)
    assert requests == [
        ZaloRequest(
            url=ZALO_ZNS_URL,
            headers={"access_token": "oa-access-token", "Content-Type": "application/json"},
            payload={
                "phone": "84912345123",
                "template_id": "301234",
                "template_data": {
                    "code": "ABCDE-FGHJK",
                    "event": "received",
                    "message": MESSAGE.text,
                },
                "tracking_id": "delivery-9",
            },
        )
    ]


def test_zalo_default_transport_is_unfinished_and_never_calls_the_network(zalo_on, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the Zalo stub must not call the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    with pytest.raises(DeliveryError) as caught:
        ZaloChannel().send(MESSAGE)
    assert caught.value.permanent
    assert caught.value.reason == "Zalo transport not implemented"


def test_zalo_enabled_in_the_flow_fails_at_once_until_finished(
    tree, staff, settings, zalo_on, django_capture_on_commit_callbacks
):
    settings.DANVAN_NOTIFICATION_CHANNELS = ["zalo"]
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    delivery = Delivery.objects.get(notice__petition=p)
    assert (delivery.channel, delivery.status) == ("zalo", DeliveryStatus.FAILED)
    assert delivery.last_error == "Zalo transport not implemented"


def test_replacing_the_zalo_transport_in_one_place(
    tree, staff, settings, zalo_on, monkeypatch, django_capture_on_commit_callbacks
):
    requests: list[ZaloRequest] = []
    monkeypatch.setattr(channels, "send_zalo_request", requests.append)
    settings.DANVAN_NOTIFICATION_CHANNELS = ["zalo"]
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    delivery = Delivery.objects.get(notice__petition=p)
    assert delivery.status == DeliveryStatus.SENT
    [request] = requests
    assert request.payload["template_data"]["code"] == p.tracking_code
    assert request.payload["tracking_id"] == f"delivery-{delivery.pk}"


# ---------------------------------------------------------------------------------------
# Registry


def test_default_channels_are_email_and_sms():
    assert [type(c) for c in enabled_channels()] == [EmailChannel, SmsChannel]


def test_a_channel_can_be_plugged_in_by_its_dotted_path(settings):
    settings.DANVAN_NOTIFICATION_CHANNELS = [
        "email",
        "tests.notifications.fake_channels.PigeonChannel",
    ]
    assert [c.name for c in enabled_channels()] == ["email", "pigeon"]
    assert check_channels() == []


@pytest.mark.parametrize(
    "entry",
    [
        "fax",
        "tests.notifications.fake_channels.Missing",
        "tests.notifications.fake_channels.NotAChannel",
    ],
)
def test_a_wrong_entry_fails_the_system_check_and_is_skipped_at_run_time(settings, caplog, entry):
    settings.DANVAN_NOTIFICATION_CHANNELS = ["email", entry]
    [error] = check_channels()
    assert error.id == "notifications.E001"
    assert "DANVAN_NOTIFICATION_CHANNELS" in error.msg
    with caplog.at_level(logging.ERROR, logger="danvan.notifications"):
        assert [c.name for c in enabled_channels()] == ["email"]
    assert "cannot be used" in caplog.text
