"""Fixtures for the disclosures tests: a media folder of the test's own, small files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def _image(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 30)).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def png() -> bytes:
    return _image("PNG")


@pytest.fixture
def pdf() -> bytes:
    return _image("PDF")
