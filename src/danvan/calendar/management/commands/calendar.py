"""``danvan calendar show --year 2026``: the year's holidays, days off and make-up
working days as JSON, to check the calendar that deadlines are computed on."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.calendar.selectors import year_days
from danvan.calendar.services import FIRST_YEAR, LAST_YEAR

WEEKDAY_NAMES = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


class Command(BaseCommand):
    help = "Lịch làm việc (working calendar): show holidays and make-up working days."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="In ngày nghỉ và ngày làm bù của một năm (JSON).")
        show.add_argument("--year", required=True, help="Năm, ví dụ 2026.")
        show.add_argument(
            "--include-weekends",
            action="store_true",
            help="Liệt kê cả mọi Thứ Bảy, Chủ nhật.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = str(options["year"]).strip()
        if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
            raise CommandError(
                _('Invalid year "%(year)s": enter a year between %(first)d and %(last)d.')
                % {"year": raw, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        year = int(raw)
        days = year_days(year, include_weekends=options["include_weekends"])
        payload = {
            "year": year,
            "days": [
                {
                    "date": info.date.isoformat(),
                    "weekday": WEEKDAY_NAMES[info.date.weekday()],
                    "working": info.working,
                    "reason": info.reason,
                }
                for info in days
            ],
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
