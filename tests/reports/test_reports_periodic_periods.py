"""Reporting periods (15th to 14th) and the form catalogue: pure, no database."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from danvan.figures.selectors import FIGURE_NAMES
from danvan.reports.forms_catalog import (
    FORMS,
    Column,
    Figures,
    Percent,
    Unsupported,
    check_catalogue,
    form_by_key,
    form_in_force,
    get_form,
)
from danvan.reports.periodic_documents import header_cells, number_row
from danvan.reports.periodic_narrative import (
    clean_narrative,
    number_vi,
    placeholders_left,
)
from danvan.reports.periodic_periods import (
    PeriodKind,
    latest_ended_period,
    periods_in_year,
    reporting_period,
)
from danvan.reports.periodic_selectors import check_reception_sources


def span(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    period = reporting_period(kind=kind, year=year, number=number)
    return period.start, period.end


class TestReportingPeriod:
    @pytest.mark.parametrize(
        ("number", "start", "end"),
        [
            (1, date(2025, 12, 15), date(2026, 3, 14)),
            (2, date(2026, 3, 15), date(2026, 6, 14)),
            (3, date(2026, 6, 15), date(2026, 9, 14)),
            (4, date(2026, 9, 15), date(2026, 12, 14)),
        ],
    )
    def test_quarters(self, number: int, start: date, end: date) -> None:
        assert span(PeriodKind.QUARTERLY, 2026, number) == (start, end)

    def test_six_nine_months_and_year_start_on_15_december_of_the_year_before(self) -> None:
        assert span(PeriodKind.SIX_MONTHLY, 2026) == (date(2025, 12, 15), date(2026, 6, 14))
        assert span(PeriodKind.NINE_MONTHLY, 2026) == (date(2025, 12, 15), date(2026, 9, 14))
        assert span(PeriodKind.YEARLY, 2026) == (date(2025, 12, 15), date(2026, 12, 14))

    def test_january_starts_in_the_previous_year(self) -> None:
        assert span(PeriodKind.MONTHLY, 2026, 1) == (date(2025, 12, 15), date(2026, 1, 14))
        assert span(PeriodKind.MONTHLY, 2026, 12) == (date(2026, 11, 15), date(2026, 12, 14))

    @pytest.mark.parametrize("year", [2023, 2024, 2025, 2026, 2028])
    def test_periods_tile_the_year_without_gap_or_overlap(self, year: int) -> None:
        for kind in (PeriodKind.MONTHLY, PeriodKind.QUARTERLY):
            periods = [
                reporting_period(kind=kind, year=year, number=n)
                for n in range(1, periods_in_year(kind) + 1)
            ]
            for before, after in itertools.pairwise(periods):
                assert after.start == before.end + timedelta(days=1)
            assert periods[0].start == date(year - 1, 12, 15)
            assert periods[-1].end == date(year, 12, 14)

    def test_leap_years(self) -> None:
        # February's 29th falls inside the March period and quarter I of a leap year.
        march_2024 = reporting_period(kind=PeriodKind.MONTHLY, year=2024, number=3)
        march_2026 = reporting_period(kind=PeriodKind.MONTHLY, year=2026, number=3)
        assert (march_2024.end - march_2024.start).days + 1 == 29
        assert (march_2026.end - march_2026.start).days + 1 == 28
        q1_2024 = span(PeriodKind.QUARTERLY, 2024, 1)
        q1_2025 = span(PeriodKind.QUARTERLY, 2025, 1)
        assert (q1_2024[1] - q1_2024[0]).days + 1 == 91
        assert (q1_2025[1] - q1_2025[0]).days + 1 == 90
        # The year report of a leap year has 366 days.
        year_2024 = span(PeriodKind.YEARLY, 2024)
        assert (year_2024[1] - year_2024[0]).days + 1 == 366

    def test_three_months_make_the_quarter(self) -> None:
        quarter = reporting_period(kind=PeriodKind.QUARTERLY, year=2026, number=2)
        months = [reporting_period(kind=PeriodKind.MONTHLY, year=2026, number=n) for n in (4, 5, 6)]
        assert (months[0].start, months[-1].end) == (quarter.start, quarter.end)

    @pytest.mark.parametrize(
        ("kind", "year", "number", "field"),
        [
            (PeriodKind.MONTHLY, 2026, 13, "number"),
            (PeriodKind.MONTHLY, 2026, 0, "number"),
            (PeriodKind.QUARTERLY, 2026, 5, "number"),
            (PeriodKind.SIX_MONTHLY, 2026, 2, "number"),
            (PeriodKind.YEARLY, 1999, 1, "year"),
            (PeriodKind.YEARLY, 2101, 1, "year"),
            ("weekly", 2026, 1, "period_kind"),
        ],
    )
    def test_bad_input(self, kind: str, year: int, number: int, field: str) -> None:
        with pytest.raises(ValidationError) as error:
            reporting_period(kind=kind, year=year, number=number)
        assert field in error.value.message_dict

    def test_titles_as_documents_write_them(self) -> None:
        assert (
            reporting_period(kind="quarterly", year=2026, number=3).title_vi == "quý III năm 2026"
        )
        assert reporting_period(kind="monthly", year=2026, number=2).title_vi == "tháng 2 năm 2026"
        assert reporting_period(kind="six_monthly", year=2026).title_vi == "6 tháng đầu năm 2026"
        assert reporting_period(kind="nine_monthly", year=2026).title_vi == "9 tháng năm 2026"
        assert reporting_period(kind="yearly", year=2026).title_vi == "năm 2026"
        assert reporting_period(kind="quarterly", year=2026, number=1).data_range_vi == (
            "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026"
        )

    @pytest.mark.parametrize(
        ("today", "kind", "expected"),
        [
            (date(2026, 9, 15), PeriodKind.QUARTERLY, (2026, 3)),
            (date(2026, 9, 14), PeriodKind.QUARTERLY, (2026, 2)),
            (date(2026, 1, 10), PeriodKind.QUARTERLY, (2025, 4)),
            (date(2026, 1, 10), PeriodKind.MONTHLY, (2025, 12)),
            (date(2026, 1, 15), PeriodKind.MONTHLY, (2026, 1)),
            (date(2026, 12, 14), PeriodKind.YEARLY, (2025, 1)),
            (date(2026, 12, 15), PeriodKind.YEARLY, (2026, 1)),
        ],
    )
    def test_latest_ended_period(self, today: date, kind: str, expected: tuple[int, int]) -> None:
        period = latest_ended_period(kind=kind, today=today)
        assert (period.year, period.number) == expected
        assert period.end < today


class TestCatalogue:
    def test_forms_are_found_by_key_and_by_date(self) -> None:
        reception = get_form("01/TCD", "2021")
        assert reception is not None
        assert form_by_key(reception.key) is reception
        assert form_in_force("01/TCD", on=date(2026, 3, 14)) is reception
        assert form_in_force("01/TCD", on=date(2020, 1, 1)) is None
        assert get_form("01/TCD", "1999") is None

    def test_column_numbers_run_from_one_in_order(self) -> None:
        for form in FORMS:
            numbers = [column["number"] for column in form.layout()["columns"]]
            assert numbers == list(range(1, len(form.columns) + 1))

    def test_every_figure_column_names_a_known_figure(self) -> None:
        for form in FORMS:
            for column in form.columns:
                if isinstance(column.source, Figures):
                    assert set(column.source.names) <= set(FIGURE_NAMES)

    def test_the_catalogue_checks_pass(self) -> None:
        check_catalogue()
        check_reception_sources()

    def test_the_catalogue_check_catches_an_unknown_figure(self, monkeypatch) -> None:
        from danvan.reports import forms_catalog

        broken = replace(
            forms_catalog.RESULTS_V1,
            version="broken",
            headers=(Column("x", "X", Figures(("no_such_figure",))),),
        )
        monkeypatch.setattr(forms_catalog, "FORMS", (*forms_catalog.FORMS, broken))
        monkeypatch.setattr(forms_catalog, "_BY_KEY", {f.key: f for f in forms_catalog.FORMS})
        with pytest.raises(ValueError, match="unknown figure"):
            check_catalogue()

    def test_the_summary_form_carries_the_headline_figures(self) -> None:
        form = get_form("TH-KQXL", "1")
        assert form is not None
        named = {n for c in form.columns if isinstance(c.source, Figures) for n in c.source.names}
        assert named >= {
            "received", "complaint", "denunciation", "petition", "feedback",
            "within_competence", "forwarded", "accepted", "resolved", "resolved_on_time",
            "overdue_now",
        }  # fmt: skip
        [rate] = [c for c in form.columns if isinstance(c.source, Percent)]
        assert (rate.source.numerator, rate.source.denominator) == ("resolved_on_time", "resolved")

    def test_unsupported_columns_say_why(self) -> None:
        reception = get_form("01/TCD", "2021")
        assert reception is not None
        unsupported = [c for c in reception.columns if isinstance(c.source, Unsupported)]
        assert unsupported, "the reception form counts no cases (vụ việc) yet"
        assert all("vụ việc" in c.source.reason for c in unsupported)
        assert all(c.title != "Vụ việc" or not c.supported for c in reception.columns)
        democracy = get_form("TH-DCCS", "1")
        assert democracy is not None
        # Every column of the democracy summary now reads a register.
        assert all(c.supported for c in democracy.columns)

    def test_header_cells_cover_the_grid_exactly_once(self) -> None:
        for form in FORMS:
            layout = form.layout()
            rows = header_cells(layout)
            width = 2 + len(layout["columns"])
            grid = [[0] * width for _ in rows]
            for row in rows:
                for cell in row:
                    for r in range(cell.row, cell.row + cell.rowspan):
                        for c in range(cell.col, cell.col + cell.colspan):
                            grid[r][c] += 1
            assert all(count == 1 for line in grid for count in line), form.key
            assert number_row(layout)[:3] == ["A", "B", "1"]

    def test_reception_form_layout(self) -> None:
        layout = get_form("01/TCD", "2021").layout()  # type: ignore[union-attr]
        assert len(layout["columns"]) == 29
        top = [cell.title for cell in header_cells(layout)[0]]
        assert top == [
            "STT",
            "Đơn vị",
            "Tổng số",
            "Tiếp thường xuyên",
            "Tiếp định kỳ và đột xuất của Thủ trưởng",
        ]


class TestNarrativeHelpers:
    def test_vietnamese_number_format(self) -> None:
        assert number_vi(1234567) == "1.234.567"
        assert number_vi(87.5) == "87,5"
        assert number_vi(0) == "0"
        assert number_vi(None) == ""

    def test_clean_narrative_keeps_paragraphs_and_composes_text(self) -> None:
        decomposed = "Tiê\u0301p công dân"
        assert clean_narrative(f"  {decomposed}  \n\n\n  Dòng   hai \r\n") == (
            "Tiếp công dân\nDòng hai"
        )

    def test_placeholders(self) -> None:
        assert placeholders_left("Kết quả [Nêu ưu điểm…] tốt") == ["[Nêu ưu điểm…]"]
        assert placeholders_left("Khoản [1] của Điều 5") == []
