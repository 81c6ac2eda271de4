"""``danvan dedup eval``: one JSON object on stdout, bad lines on stderr, exit code 2."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

COMMITTED = Path(__file__).resolve().parents[2] / "src/danvan/dedup/data/pairs.jsonl"

SAME_A = "Tôi tên là Lê Văn An, thôn Phú Mỹ. Năm 2020, nhà tôi bị thu hồi 300 m2 đất thửa 45."
SAME_B = "Toi ten la Le Van An, thon Phu My. Nam 2020, nha toi bi thu hoi 300 m2 dat thua 45."
OTHER = "Tôi là Trần Thị Mai, thôn Kim Sơn. Năm 2023, nhà tôi bị thu hồi 900 m2 đất thửa 812."


def run(*args: str) -> tuple[dict[str, Any], str]:
    out, err = StringIO(), StringIO()
    call_command("dedup", "eval", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def write(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_small_file_gives_every_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pairs.jsonl",
        [
            {"a": SAME_A, "b": SAME_B, "label": True},
            {"a": SAME_A, "b": OTHER, "label": False},
            {"a": SAME_A, "b": OTHER, "label": True},
        ],
    )
    payload, err = run("--pairs", str(path), "--threshold", "0.5")
    assert err == ""
    assert payload == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "pairs": 3,
        "threshold": 0.5,
        "true_positives": 1,
        "false_positives": 0,
        "false_negatives": 1,
        "true_negatives": 1,
    }


def test_malformed_lines_are_reported_with_numbers_and_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pairs.jsonl",
        [
            {"a": SAME_A, "b": SAME_B, "label": True},
            "{not json",
            {"a": SAME_A, "label": True},
            {"a": SAME_A, "b": 5, "label": True},
            {"a": SAME_A, "b": SAME_B, "label": "yes"},
            {"a": "   ", "b": SAME_B, "label": False},
            "[1, 2]",
            "",
            {"a": SAME_A, "b": OTHER, "label": False},
        ],
    )
    payload, err = run("--pairs", str(path))
    assert payload["pairs"] == 2
    assert payload["true_positives"] == 1
    assert payload["true_negatives"] == 1
    reported = [line.split(":")[0] for line in err.strip().splitlines()]
    # Only the numbers are checked: the wording follows the CLI language.
    assert [int(label.split()[-1]) for label in reported] == [2, 3, 4, 5, 6, 7]


def test_missing_file_exits_with_code_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        run("--pairs", str(tmp_path / "missing.jsonl"))
    assert caught.value.returncode == 2


def test_file_without_valid_pair_exits_with_code_2(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.jsonl", ["nope", '{"a": "x"}'])
    with pytest.raises(CommandError) as caught:
        run("--pairs", str(path))
    assert caught.value.returncode == 2


@pytest.mark.parametrize("value", ["abc", "1.5", "-0.1", "nan"])
def test_bad_threshold_exits_with_code_2(tmp_path: Path, value: str) -> None:
    path = write(tmp_path / "pairs.jsonl", [{"a": SAME_A, "b": SAME_B, "label": True}])
    with pytest.raises(CommandError) as caught:
        run("--pairs", str(path), "--threshold", value)
    assert caught.value.returncode == 2


def test_committed_pairs_meet_the_acceptance_bar() -> None:
    payload, err = run("--pairs", str(COMMITTED))
    assert err == ""
    assert payload["pairs"] == 2400
    assert payload["recall"] >= 0.95
    assert payload["precision"] >= 0.90
