"""Shared by the browser tests: finding the system's Chromium (screenshots go to the
``artifacts`` fixture of tests/conftest.py).

Where Chromium is missing a browser test is skipped, unless DANVAN_REQUIRE_BROWSER=1 (as
in continuous integration), where a missing browser is a failure."""

from __future__ import annotations

import os
import shutil

import pytest


def chromium_path() -> str | None:
    for candidate in (os.environ.get("DANVAN_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def require_browser() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("DANVAN_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (DANVAN_REQUIRE_BROWSER=1) but was not found.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    return path
