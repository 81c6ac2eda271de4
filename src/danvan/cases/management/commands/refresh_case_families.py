"""``danvan refresh-case-families``: recompute the figures and flags of case families
(the nightly job does the changed ones; ``--all`` after upgrading a database)."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.cases.services import refresh_all


class Command(BaseCommand):
    help = "Tính lại số đơn, số lần tái diễn và các cờ (đông người, kéo dài, vượt cấp) của vụ việc."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--all", action="store_true", help="Tính lại mọi vụ việc.")
        parser.add_argument("--today", help="Ngày tính (YYYY-MM-DD), mặc định hôm nay.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"Ngày không hợp lệ: {options['today']!r} (dạng YYYY-MM-DD).", returncode=2
                ) from None
        count = refresh_all(today, full=options["all"])
        self.stdout.write(f"Đã tính lại {count} vụ việc.")
