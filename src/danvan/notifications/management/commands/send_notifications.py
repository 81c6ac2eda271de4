"""``danvan send-notifications``: send the citizens' messages that are due (new ones whose
task did not run, and retries). Run it from cron or a timer every few minutes."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from danvan.notifications.tasks import retry_due_deliveries


class Command(BaseCommand):
    help = "Gửi các thông báo cho người dân đã đến lượt gửi (kể cả gửi lại khi lỗi)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=1000, help="Số lần gửi tối đa mỗi lượt (mặc định 1000)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = retry_due_deliveries(limit=options["limit"])
        self.stdout.write(
            f"Đã gửi: {report.sent}; chờ gửi lại: {report.retrying}; thất bại: {report.failed}."
        )
