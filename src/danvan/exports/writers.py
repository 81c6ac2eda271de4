"""Writing rows to CSV or XLSX files row by row, so memory does not grow with the list.

Both writers neutralise spreadsheet formulas: a cell a user typed that starts with
``= + - @`` must never run as a formula in the reader's spreadsheet program.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# OWASP's list: the four formula signs, and tab and carriage return, which some programs
# drop before reading the rest as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "%d/%m/%Y"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class RowWriter(Protocol):
    def header(self, names: Sequence[str]) -> None: ...

    def row(self, cells: Sequence[Any]) -> None: ...

    def close(self) -> None: ...


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).strftime(f"{DATE_FORMAT} %H:%M")
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    # An apostrophe makes spreadsheet programs read the cell as text.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvWriter:
    def __init__(self, path: Path) -> None:
        # UTF-8 with a byte-order mark, so Excel reads the Vietnamese letters correctly.
        self._file: IO[str] = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file)

    def header(self, names: Sequence[str]) -> None:
        self._csv.writerow([csv_value(name) for name in names])

    def row(self, cells: Sequence[Any]) -> None:
        self._csv.writerow([csv_value(cell) for cell in cells])

    def close(self) -> None:
        self._file.close()


_SHEET_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]")


class XlsxWriter:
    """An openpyxl write-only workbook: rows go to a temporary file as they come."""

    def __init__(self, path: Path, *, title: str) -> None:
        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(_SHEET_TITLE_UNSAFE.sub("-", title)[:31] or "1")
        self._bold = Font(bold=True)

    def _cell(self, value: Any, *, bold: bool = False) -> Cell:
        if isinstance(value, datetime):
            value = _local(value).replace(tzinfo=None)
        elif value is not None and not isinstance(value, date | int | float):
            # Characters XML cannot hold (control codes pasted from old software).
            value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell = WriteOnlyCell(self._sheet, value=value)
        if isinstance(value, str):
            # openpyxl treats text starting with "=" as a formula: store every text as
            # text (an inline string), whatever it starts with.
            cell.data_type = "s"
        elif isinstance(value, datetime):
            cell.number_format = f"{XLSX_DATE_FORMAT} HH:MM"
        elif isinstance(value, date):
            cell.number_format = XLSX_DATE_FORMAT
        if bold:
            cell.font = self._bold
        return cell

    def header(self, names: Sequence[str]) -> None:
        for index in range(len(names)):
            self._sheet.column_dimensions[get_column_letter(index + 1)].width = 18
        self._sheet.append([self._cell(name, bold=True) for name in names])

    def row(self, cells: Sequence[Any]) -> None:
        self._sheet.append([self._cell(cell) for cell in cells])

    def close(self) -> None:
        self._book.save(self._path)


def open_writer(fmt: str, path: Path, *, title: str) -> RowWriter:
    if fmt == "csv":
        return CsvWriter(path)
    if fmt == "xlsx":
        return XlsxWriter(path, title=title)
    raise ValueError(f"unknown export format {fmt!r}")
