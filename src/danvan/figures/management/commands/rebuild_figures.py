"""``danvan rebuild-figures [--check]``: recount the dashboards' figures from the
petition table and repair the stored counts, or only compare them."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.figures.services import RebuildReport, rebuild_figures


class Command(BaseCommand):
    help = (
        "Tính lại số liệu thống kê đơn thư từ bảng đơn (rebuild the figures); "
        "--check chỉ so sánh, không ghi."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Chỉ so sánh với số đếm lại, không ghi."
        )
        parser.add_argument(
            "--rows-only",
            action="store_true",
            help="Chỉ tính lại các dòng tổng hợp từ dữ liệu từng đơn (nhanh hơn).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=10_000, help="Số đơn mỗi giao dịch (10000)."
        )
        parser.add_argument(
            "--show", type=int, default=20, help="Số khác biệt đầu tiên được in ra (20)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1 or options["show"] < 0:
            raise CommandError("--batch-size phải lớn hơn 0 và --show không âm.", returncode=2)
        verbose = options["verbosity"] > 1

        def progress(report: RebuildReport) -> None:
            if verbose:
                self.stdout.write(
                    f"… {report.petitions} đơn, {report.difference_count} khác biệt", ending="\r"
                )

        report = rebuild_figures(
            actor=None,
            check=options["check"],
            batch_size=options["batch_size"],
            limit=options["show"],
            rows_only=options["rows_only"],
            progress=progress,
        )
        if options["check"]:
            if report.ok:
                self.stdout.write(
                    f"OK: {report.petitions} đơn, số liệu khớp với số đếm lại."
                    if not options["rows_only"]
                    else "OK: các dòng tổng hợp khớp với dữ liệu từng đơn."
                )
                return
            for line in report.differences:
                self.stderr.write(f"KHÁC {line}")
            raise CommandError(
                f"Số liệu không khớp: {report.difference_count} khác biệt "
                f"(chạy danvan rebuild-figures để sửa)."
            )
        self.stdout.write(
            f"Xong: {report.petitions} đơn; đã ghi {report.facts_written} dữ liệu đơn "
            f"và {report.rows_written} dòng tổng hợp."
        )
