"""Compile the .po catalogues to .mo with polib, so no system gettext is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Biên dịch bản dịch giao diện (.po → .mo)."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                try:
                    catalogue = polib.pofile(str(po_path))
                except OSError as exc:
                    raise CommandError(f"Không đọc được {po_path.name}: {exc}") from None
                catalogue.save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Đã biên dịch {compiled} tệp bản dịch.")
