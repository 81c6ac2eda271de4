"""The shared date check and line normalisation used by the services."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from danvan.core.dates import dmy, reject_future
from danvan.core.text import normalize_lines

TODAY = date(2026, 11, 25)


def test_dmy() -> None:
    assert dmy(date(2026, 3, 9)) == "09/03/2026"


def test_reject_future_on_its_field_with_the_date() -> None:
    reject_future(TODAY, "held_on", TODAY)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        reject_future(TODAY + timedelta(days=1), "held_on", TODAY)
    assert error.value.message_dict == {"held_on": ["The date 26/11/2026 is in the future."]}


def test_tolerance_allows_the_next_day_only() -> None:
    one_day = timedelta(days=1)
    reject_future(TODAY + one_day, "sent_on", TODAY, tolerance=one_day)
    with pytest.raises(ValidationError):
        reject_future(TODAY + 2 * one_day, "sent_on", TODAY, tolerance=one_day)


def test_normalize_lines_keeps_breaks_and_composes_each_line() -> None:
    decomposed = unicodedata.normalize("NFD", "Biên bản họp")
    assert normalize_lines(f"  {decomposed}\n\nDòng hai  \n") == "Biên bản họp\n\nDòng hai"
    assert normalize_lines(None) == ""
