"""Print fresh secrets for a production environment file."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand

from danvan.core.crypto import generate_key


class Command(BaseCommand):
    help = "Tạo SECRET_KEY và DANVAN_FIELD_KEY mới (in ra dạng biến môi trường)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"SECRET_KEY={secrets.token_urlsafe(50)}")
        self.stdout.write(f"DANVAN_FIELD_KEY={generate_key()}")
