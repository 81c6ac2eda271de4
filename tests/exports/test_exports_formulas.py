"""A cell that starts like a formula never runs as one in the reader's spreadsheet."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from danvan.exports.writers import csv_value
from danvan.petitions.models import Petition
from tests.exports.conftest import file_bytes, read_table, receive_one

SUBJECTS = [
    '=HYPERLINK("http://example.invalid","bấm vào đây")',
    "+84 gọi lại",
    "-1+2",
    "@SUM(A1:A2)",
]


@pytest.fixture
def tricky(tree, staff):
    return [
        receive_one(staff, tree.agency(tree.ba_dinh), on=f"2026-03-0{i + 2}", subject=subject)
        for i, subject in enumerate(SUBJECTS)
    ]


def test_csv_cells_that_look_like_formulas_get_an_apostrophe(tricky, staff, client_for, export):
    table = read_table(
        file_bytes(export(client_for(staff.officer), "petitions.queue", "csv")), "csv"
    )
    subjects = sorted(row[5] for row in table[1:])
    assert subjects == sorted("'" + s for s in SUBJECTS)


def test_xlsx_cells_that_look_like_formulas_are_text(tricky, staff, client_for, export):
    data = file_bytes(export(client_for(staff.officer), "petitions.queue", "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[5] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == sorted(SUBJECTS)
    assert {cell.data_type for cell in cells} == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert xml.count('t="inlineStr"') >= len(SUBJECTS)
    # Dates stay dates, shown the Vietnamese way.
    received = sheet.cell(row=2, column=2)
    assert received.is_date
    assert received.number_format == "DD/MM/YYYY"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("Bình thường", "Bình thường"),
        ("1=1", "1=1"),
        (-5, "-5"),  # a number is a number
        (date(2026, 3, 2), "02/03/2026"),
        (None, ""),
    ],
)
def test_csv_value(value, expected):
    assert csv_value(value) == expected


def test_characters_xml_cannot_hold_are_dropped_from_xlsx(tree, staff, client_for, export):
    petition = receive_one(staff, tree.agency(tree.ba_dinh), subject="Đơn thử")
    # Written past intake, as an import from older software might.
    Petition.objects.filter(pk=petition.pk).update(subject="Đơn\x0b có ký tự lạ")
    data = file_bytes(export(client_for(staff.officer), "petitions.queue", "xlsx"))
    assert read_table(data, "xlsx")[1][5] == "Đơn có ký tự lạ"
