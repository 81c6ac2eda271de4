"""``danvan deadline``: statutory deadlines from the command line, as JSON.

    danvan deadline compute --rule complaint.first --start 2026-03-02 --complex --remote
    danvan deadline add --days 10 --unit working --start 2026-02-11
    danvan deadline rules

Each prints one JSON value on stdout. Bad input prints one line on stderr and exits
with code 2, like the usage errors argparse reports.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.jsonio import print_json
from danvan.deadlines.compute import DeadlineError
from danvan.deadlines.params import Inputs, parse_count, parse_date, parse_rule_id, parse_unit
from danvan.deadlines.selectors import explain_add, explain_deadline, rule_versions

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Quy định thời hạn (statutory deadlines): compute a deadline, add days, list rules."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        compute = sub.add_parser("compute", help="Tính hạn theo một quy định (JSON).")
        compute.add_argument("--rule", required=True, help="Mã quy định, ví dụ complaint.first.")
        compute.add_argument(
            "--start", required=True, help="Ngày bắt đầu tính (YYYY-MM-DD), ví dụ ngày thụ lý."
        )
        complexity = compute.add_mutually_exclusive_group()
        complexity.add_argument("--complex", action="store_true", help="Vụ việc phức tạp.")
        complexity.add_argument(
            "--very-complex", action="store_true", help="Vụ việc đặc biệt phức tạp."
        )
        compute.add_argument(
            "--remote", action="store_true", help="Vùng sâu, vùng xa, đi lại khó khăn."
        )
        compute.add_argument(
            "--several-locations",
            action="store_true",
            help="Phải kiểm tra, xác minh tại nhiều địa điểm.",
        )
        compute.add_argument("--extensions", default="0", help="Số lần gia hạn (mặc định 0).")

        add = sub.add_parser("add", help="Cộng số ngày làm việc hoặc ngày lịch (JSON).")
        add.add_argument("--days", required=True, help="Số ngày.")
        add.add_argument("--unit", required=True, help="working (ngày làm việc) hoặc calendar.")
        add.add_argument("--start", required=True, help="Ngày bắt đầu tính (YYYY-MM-DD).")

        sub.add_parser("rules", help="Liệt kê mọi phiên bản quy định thời hạn (JSON).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            payload = getattr(self, f"_{options['action']}")(options)
        except DeadlineError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT) from None
        print_json(self.stdout, payload, indent=2)

    def _compute(self, options: dict[str, Any]) -> dict[str, Any]:
        inputs = Inputs()
        rule_id = inputs.take(lambda: parse_rule_id(options["rule"], name="--rule"), "")
        start = inputs.take(lambda: parse_date(options["start"], name="--start"), date.min)
        extensions = inputs.take(
            lambda: parse_count(options["extensions"], name="--extensions", default=0), 0
        )
        inputs.check()
        return explain_deadline(
            rule_id,
            start,
            complex=options["complex"],
            very_complex=options["very_complex"],
            remote=options["remote"],
            several_locations=options["several_locations"],
            extensions=extensions,
        ).as_json()

    def _add(self, options: dict[str, Any]) -> dict[str, Any]:
        inputs = Inputs()
        days = inputs.take(lambda: parse_count(options["days"], name="--days"), 0)
        unit = inputs.take(lambda: parse_unit(options["unit"], name="--unit"), "")
        start = inputs.take(lambda: parse_date(options["start"], name="--start"), date.min)
        inputs.check()
        return explain_add(start, days, unit).as_json()

    def _rules(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        return [rule.as_json() for rule in rule_versions()]
