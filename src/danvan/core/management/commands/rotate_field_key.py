"""``danvan rotate-field-key``: re-encrypt personal data with the first DANVAN_FIELD_KEY."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from danvan.core.crypto import EncryptedTextField, lookup_digest


class Command(BaseCommand):
    help = (
        "Mã hóa lại mọi dữ liệu cá nhân bằng khóa đầu tiên trong DANVAN_FIELD_KEY "
        "(đặt khóa mới lên đầu, giữ khóa cũ phía sau cho đến khi chạy xong)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            names = [f.attname for f in fields]
            with transaction.atomic():
                # Reading decrypts with any listed key; writing encrypts with the first.
                for row in model._default_manager.values_list("pk", *names).iterator():
                    pk, values = row[0], row[1:]
                    changes = {n: v for n, v in zip(names, values, strict=True) if v}
                    for field in fields:
                        if field.digest_field and changes.get(field.attname):
                            changes[field.digest_field] = lookup_digest(changes[field.attname])
                    if changes:
                        model._default_manager.filter(pk=pk).update(**changes)
                        total += 1
            self.stdout.write(f"{model._meta.label}: {', '.join(names)}")
        self.stdout.write(f"Đã mã hóa lại {total} bản ghi.")
