"""``danvan watch-deadlines``: the daily deadline watch (run it from a timer each morning,
or with ``--enqueue`` to hand it to the background worker)."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.petitions.tasks import watch_deadlines, watch_deadlines_task


class Command(BaseCommand):
    help = "Đánh dấu hồ sơ sắp đến hạn, quá hạn và thông báo cho người có trách nhiệm."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Giao cho tiến trình nền.")
        parser.add_argument("--today", help="Ngày tính (YYYY-MM-DD), mặc định hôm nay.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            queued = watch_deadlines_task.enqueue()
            self.stdout.write(f"Đã giao việc {queued.id}.")
            return
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"Ngày không hợp lệ: {options['today']!r} (dạng YYYY-MM-DD).", returncode=2
                ) from None
        result = watch_deadlines(today=today)
        self.stdout.write(
            f"Mới quá hạn: {result.newly_overdue}; hết quá hạn: {result.no_longer_overdue}; "
            f"sắp đến hạn: {result.near_due}; đã thông báo: {result.notified_users} người."
        )
