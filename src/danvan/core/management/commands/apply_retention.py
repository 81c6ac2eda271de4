"""``danvan apply-retention [--dry-run]``: anonymise personal data past its period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.core.retention import RULES, apply_retention


class Command(BaseCommand):
    help = (
        "Ẩn danh dữ liệu cá nhân đã hết thời hạn lưu giữ (xem docs/personal-data.md); "
        "--dry-run chỉ đếm, không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ đếm số bản ghi sẽ được ẩn danh."
        )
        parser.add_argument("--batch-size", type=int, default=None, help="Số bản ghi mỗi lượt.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        counts = apply_retention(dry_run=dry_run, batch_size=options["batch_size"])
        verb = "Sẽ ẩn danh" if dry_run else "Đã ẩn danh"
        for rule in RULES:
            if rule.code not in counts:
                self.stdout.write(f"{rule.code}: không áp dụng (thời hạn = 0)")
                continue
            self.stdout.write(
                f"{rule.code}: {verb} {counts[rule.code]} ({rule.days} ngày, {rule.record})"
            )
        self.stdout.write(f"{verb} tổng cộng {sum(counts.values())} bản ghi.")
