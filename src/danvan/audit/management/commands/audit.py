"""``danvan audit verify``: check that no audit entry was edited, inserted or deleted."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra nhật ký (audit log): verify the hash chain."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Kiểm tra chuỗi băm của nhật ký.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"OK: {report.checked} mục nhật ký, chuỗi băm nguyên vẹn.")
            return
        for problem in report.problems:
            self.stderr.write(f"LỖI {problem}")
        raise CommandError(
            f"Nhật ký bị can thiệp: {len(report.problems)} lỗi trong {report.checked} mục."
        )
