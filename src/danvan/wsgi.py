"""WSGI entry point (gunicorn, granian): ``danvan.wsgi:application``."""

import os
import sys

from danvan.core.env import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
except ConfigurationError as exc:
    sys.stderr.write(f"Lỗi cấu hình (configuration error): {exc}\n")
    raise SystemExit(2) from None
