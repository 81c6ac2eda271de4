"""A channel plugged in by its dotted path, as a deployment would add one."""

from __future__ import annotations

from danvan.notifications.channels import Channel, DeliveryError, Message, Recipient

sent: list[Message] = []
refusing = False  # tests switch it on to see a permanent failure


class PigeonChannel(Channel):
    name = "pigeon"

    def address_of(self, recipient: Recipient) -> str:
        return recipient.phone

    def send(self, message: Message) -> None:
        if refusing:
            raise DeliveryError("pigeon refused", permanent=True)
        sent.append(message)


class NotAChannel:
    name = "not-a-channel"
