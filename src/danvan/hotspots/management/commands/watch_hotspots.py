"""``danvan watch-hotspots``: the daily hotspot check (run it after the deadline watch,
which refreshes the overdue flags the score reads)."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.hotspots.services import check_alerts


class Command(BaseCommand):
    help = "Tính điểm nóng của từng tỉnh, phát và gỡ cảnh báo, thông báo cho tỉnh."

    def add_arguments(self, parser: ArgumentParser) -> None:
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
        report = check_alerts(today=today)
        self.stdout.write(
            f"Đã xét {report.provinces} tỉnh; cảnh báo mới: {report.raised}; "
            f"đã gỡ: {report.cleared}; đã thông báo: {report.notified} người."
        )
