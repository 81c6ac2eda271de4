"""Reporting periods (kỳ báo cáo) of the inspectorate reports.

Thông tư 02/2021/TT-TTCP and 01/2024/TT-TTCP close the data of a period on the 14th and
open the next one on the 15th, so that reports can reach the level above by the 20th:

- quarter I runs from 15/12 of the previous year to 14/3; quarters II-IV from the 15th of
  the last month of the previous quarter to the 14th of the quarter's last month;
- the six-month report runs from 15/12 of the previous year to 14/6, the nine-month
  report to 14/9 and the year report to 14/12.

Monthly reports are not set by the circulars; we apply the same rule (15th of the
previous month to the 14th of the month) so that three monthly reports add up to the
quarter. Every period is therefore "the months before the 14th of its last month", and
one formula covers all kinds. Pure: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIRST_DAY = 15  # the data period opens on the 15th of a month
LAST_DAY = 14  # and closes on the 14th
FIRST_YEAR = 2000
LAST_YEAR = 2100


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", gettext_lazy("Monthly")
    QUARTERLY = "quarterly", gettext_lazy("Quarterly")
    SIX_MONTHLY = "six_monthly", gettext_lazy("Six-monthly")
    NINE_MONTHLY = "nine_monthly", gettext_lazy("Nine-monthly")
    YEARLY = "yearly", gettext_lazy("Yearly")


# kind: (periods in a year, months covered, last month of period number n)
_SHAPES: dict[str, tuple[int, int]] = {
    PeriodKind.MONTHLY: (12, 1),
    PeriodKind.QUARTERLY: (4, 3),
    PeriodKind.SIX_MONTHLY: (1, 6),
    PeriodKind.NINE_MONTHLY: (1, 9),
    PeriodKind.YEARLY: (1, 12),
}
_ROMAN = ("I", "II", "III", "IV")


def periods_in_year(kind: str) -> int:
    return _SHAPES[kind][0]


@dataclass(frozen=True)
class ReportingPeriod:
    kind: str
    year: int
    number: int  # month 1-12, quarter 1-4, otherwise 1
    start: date
    end: date

    @property
    def title_vi(self) -> str:
        """The period as official documents name it: "quý III năm 2026". Documents are
        Vietnamese by law whatever the interface language, so this is not translated."""
        if self.kind == PeriodKind.MONTHLY:
            return f"tháng {self.number} năm {self.year}"
        if self.kind == PeriodKind.QUARTERLY:
            return f"quý {_ROMAN[self.number - 1]} năm {self.year}"
        if self.kind == PeriodKind.SIX_MONTHLY:
            return f"6 tháng đầu năm {self.year}"
        if self.kind == PeriodKind.NINE_MONTHLY:
            return f"9 tháng năm {self.year}"
        return f"năm {self.year}"

    @property
    def label(self) -> str:
        """The period in the interface language."""
        if self.kind == PeriodKind.MONTHLY:
            return _("Month %(n)d of %(year)d") % {"n": self.number, "year": self.year}
        if self.kind == PeriodKind.QUARTERLY:
            return _("Quarter %(n)s of %(year)d") % {
                "n": _ROMAN[self.number - 1],
                "year": self.year,
            }
        if self.kind == PeriodKind.SIX_MONTHLY:
            return _("First six months of %(year)d") % {"year": self.year}
        if self.kind == PeriodKind.NINE_MONTHLY:
            return _("Nine months of %(year)d") % {"year": self.year}
        return _("Year %(year)d") % {"year": self.year}

    @property
    def data_range_vi(self) -> str:
        """ "Số liệu tính từ ngày 15/6/2026 đến ngày 14/9/2026", printed under the form
        title."""
        return f"Số liệu tính từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "year": self.year,
            "number": self.number,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "title": self.title_vi,
        }


def reporting_period(*, kind: str, year: int, number: int = 1) -> ReportingPeriod:
    """The data period of report ``number`` of ``kind`` in ``year``.

    Raises ``ValidationError`` for an unknown kind, a year out of range or a number that
    the kind does not have (month 13, quarter 5, a second six-month report).
    """
    if kind not in _SHAPES:
        raise ValidationError({"period_kind": _("Choose a reporting period.")})
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("The year must be between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    count, months = _SHAPES[kind]
    if not 1 <= number <= count:
        raise ValidationError(
            {
                "number": _("This kind of report has periods 1 to %(count)d in a year.")
                % {"count": count}
            }
        )
    last_month = number * months if count > 1 else months
    first_month = last_month - months  # the month whose 15th opens the period
    first_year = year
    if first_month <= 0:
        first_month += 12
        first_year -= 1
    return ReportingPeriod(
        kind=kind,
        year=year,
        number=number,
        start=date(first_year, first_month, FIRST_DAY),
        end=date(year, last_month, LAST_DAY),
    )


def latest_ended_period(*, kind: str, today: date) -> ReportingPeriod:
    """The most recent period of ``kind`` whose data closed before ``today``: the one
    an officer usually reports on."""
    count, _months = _SHAPES[kind]
    for year in (today.year, today.year - 1):
        for number in range(count, 0, -1):
            period = reporting_period(kind=kind, year=year, number=number)
            if period.end < today:
                return period
    # Unreachable: the year report of the previous year always ended before today.
    raise AssertionError(today)  # pragma: no cover
