"""Fixtures for the export tests: private media in a temporary folder, and helpers that
ask for an export through the page's form and read the file back."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client

from tests.petitions.conftest import Staff, receive_one, staff  # noqa: F401 - shared fixture

CITIZEN_ID = "001099012345"
PERSON_NAME = "Hoàng Văn Bảo"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def file_bytes(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def read_table(data: bytes, fmt: str) -> list[list[Any]]:
    """The file's rows, header first; empty cells are ''."""
    if fmt == "csv":
        assert data.startswith(codecs.BOM_UTF8)
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def export(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> Callable[..., Any]:
    """POST the export form of a list as ``client`` and give back the response (the
    file, or the redirect to the job page); background work runs (immediate backend)."""

    def post(client: Client, list_code: str, fmt: str = "csv", **filters: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/staff/exports/", {"list": list_code, "format": fmt, **filters})

    return post


@pytest.fixture
def export_rows(export: Callable[..., Any]) -> Callable[..., list[list[Any]]]:
    """Export and read back: the rows without the header."""

    def rows(client: Client, list_code: str, fmt: str = "csv", **filters: str) -> list[list[Any]]:
        response = export(client, list_code, fmt, **filters)
        assert response.status_code == 200, response.status_code
        return read_table(file_bytes(response), fmt)[1:]

    return rows
