"""Fixtures for the deadline tests: rule specs from the seed data (no database), the
official calendar, a runner for ``danvan deadline`` and a migrated home for the real
console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from danvan.calendar.workdays import WorkingCalendar
from danvan.deadlines.compute import RuleSpec
from danvan.deadlines.legal_rules import RULES

DANVAN = str(Path(sys.executable).parent / "danvan")


def seeded_spec(rule_id: str, version: str | None = None) -> RuleSpec:
    """The seed row of ``rule_id`` (its latest version unless ``version`` is given)."""
    rows = [row for row in RULES if row["rule_id"] == rule_id]
    if version is not None:
        rows = [row for row in rows if row["effective_from"] == version]
    return RuleSpec.from_mapping(max(rows, key=lambda row: row["effective_from"]))


@pytest.fixture
def spec() -> Callable[..., RuleSpec]:
    return seeded_spec


@pytest.fixture
def official() -> WorkingCalendar:
    """The official calendar (weekends and the ``holidays`` package), no overrides."""
    return WorkingCalendar()


@pytest.fixture
def deadline_cli(db: None) -> Callable[..., Any]:
    """Run ``danvan deadline …`` in-process and return its parsed JSON output."""

    def run(*args: str) -> Any:
        out = StringIO()
        call_command("deadline", *args, stdout=out)
        return json.loads(out.getvalue())

    return run


def script_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DANVAN_TESTING")}
    return {**env, "DEBUG": "1", "DANVAN_HOME": str(home)}


@pytest.fixture(scope="module")
def migrated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway DANVAN_HOME whose SQLite database has every migration applied."""
    home = tmp_path_factory.mktemp("danvan-home")
    subprocess.run(  # noqa: S603
        [DANVAN, "migrate", "-v0"],
        env=script_env(home),
        capture_output=True,
        timeout=180,
        check=True,
    )
    return home


@pytest.fixture
def danvan_script(migrated_home: Path) -> Callable[..., subprocess.CompletedProcess[bytes]]:
    """Run the real ``danvan deadline …`` console script against ``migrated_home``."""

    def run(*args: str, **extra_env: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(  # noqa: S603
            [DANVAN, "deadline", *args],
            env={**script_env(migrated_home), **extra_env},
            capture_output=True,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the English source messages; the Vietnamese ones are checked by
    the catalogue check (placeholders kept) and by the page tests."""
    from django.utils import translation

    with translation.override("en"):
        yield
