"""``danvan load-units``: load or update the official list of provinces and communes."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from danvan.units.services import ensure_standard_agencies, sync_official_units


class Command(BaseCommand):
    help = (
        "Nạp danh mục 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu từ gói vietnam-provinces. "
        "Chạy lại nhiều lần không thay đổi gì nếu danh mục không đổi."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-agencies",
            action="store_true",
            help="Không tạo các cơ quan mặc định (UBND, Thanh tra tỉnh…).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = sync_official_units(actor=None)
        self.stdout.write(
            f"Đơn vị hành chính: tạo mới {len(result.created)}, cập nhật {len(result.updated)}, "
            f"ngừng hiệu lực {len(result.deactivated)}, không đổi {result.unchanged}."
        )
        if not options["no_agencies"]:
            created = ensure_standard_agencies(actor=None)
            self.stdout.write(f"Cơ quan mặc định: tạo mới {created}.")
