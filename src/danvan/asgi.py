"""ASGI entry point: ``danvan.asgi:application``."""

import os
import sys

from danvan.core.env import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
try:
    from django.core.asgi import get_asgi_application

    application = get_asgi_application()
except ConfigurationError as exc:
    sys.stderr.write(f"Lỗi cấu hình (configuration error): {exc}\n")
    raise SystemExit(2) from None
