"""System check: every entry of DANVAN_NOTIFICATION_CHANNELS names a channel."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def check_channels(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from danvan.notifications.channels import configured_channel_classes

    try:
        configured_channel_classes()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="notifications.E001")]
    return []
