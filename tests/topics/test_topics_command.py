"""``danvan topics eval``: JSON on stdout, bad lines on stderr, exit code 2."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from danvan.topics.evaluation import EVAL_FILE, Row, evaluate, parse_line

# The accuracy documented in docs/topics.md is 0.90 on this file; the floor leaves room
# for a scikit-learn upgrade to move a few borderline letters.
ACCURACY_FLOOR = 0.85
AGENCY_FLOOR = 0.95

pytestmark = pytest.mark.usefixtures("topics")

LAND = "Gia đình tôi bị thu hồi đất ruộng, tiền bồi thường và hỗ trợ tái định cư quá thấp."
ROAD = "Đường liên thôn nhiều ổ gà, cống thoát nước bị vỡ, đề nghị sửa chữa."


def run(*args: str) -> tuple[dict[str, Any], str]:
    out, err = StringIO(), StringIO()
    call_command("topics", "eval", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def write(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_committed_set_meets_the_documented_floor() -> None:
    payload, err = run()
    assert err == ""
    assert payload["examples"] >= 700
    assert payload["skipped_lines"] == 0
    assert payload["accuracy"] >= ACCURACY_FLOOR
    assert payload["macro_f1"] >= ACCURACY_FLOOR
    topics = payload["per_topic"]
    assert {
        "land",
        "environment",
        "social_policy",
        "officials_conduct",
        "public_services",
        "infrastructure",
        "other",
    } <= set(topics)
    assert all(
        set(scores) == {"precision", "recall", "f1", "support"} for scores in topics.values()
    )
    labels, matrix = payload["confusion"]["labels"], payload["confusion"]["matrix"]
    assert len(matrix) == len(labels)
    assert all(len(row) == len(labels) for row in matrix)
    assert sum(map(sum, matrix)) == payload["examples"]
    correct = sum(matrix[i][i] for i in range(len(labels)))
    assert correct / payload["examples"] == pytest.approx(payload["accuracy"], abs=1e-4)
    assert {"generated", "handwritten"} <= set(payload["by_source"])
    agency = payload["agency"]
    assert agency["examples"] == payload["examples"]
    assert agency["accuracy_given_gold_topic"] >= AGENCY_FLOOR
    assert agency["accuracy_given_predicted_topic"] >= AGENCY_FLOOR
    assert set(agency["expected"]) == {
        "commune:ubnd",
        "province:ubnd",
        "province:so",
        "province:thanh_tra",
    }


def test_default_file_is_the_committed_one() -> None:
    payload, _err = run()
    assert Path(payload["file"]) == EVAL_FILE


def test_malformed_lines_are_reported_with_numbers_and_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path / "eval.jsonl",
        [
            {"text": LAND, "topic": "land", "kind": "complaint", "agency": "commune:ubnd"},
            "{not json",
            {"text": LAND},
            {"text": 5, "topic": "land"},
            {"text": "   ", "topic": "land"},
            {"text": LAND, "topic": ""},
            {"text": LAND, "topic": "land", "kind": "praise"},
            {"text": LAND, "topic": "land", "kind": "petition", "agency": "district:ubnd"},
            {"text": LAND, "topic": "land", "agency": "commune:ubnd"},
            "[1, 2]",
            "",
            {"text": ROAD, "topic": "infrastructure"},
        ],
    )
    payload, err = run("--file", str(path))
    assert payload["examples"] == 2
    assert payload["skipped_lines"] == 9
    assert payload["agency"]["examples"] == 1
    reported = [line.split(":")[0] for line in err.strip().splitlines()]
    assert [int(label.split()[-1]) for label in reported] == [2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_missing_file_exits_with_code_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        run("--file", str(tmp_path / "none.jsonl"))
    assert error.value.returncode == 2


def test_file_without_valid_lines_exits_with_code_2(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.jsonl", ["{oops", {"topic": "land"}, ""])
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("topics", "eval", "--file", str(path), stdout=StringIO(), stderr=err)
    assert error.value.returncode == 2
    numbers = [int(line.split(":")[0].split()[-1]) for line in err.getvalue().splitlines()]
    assert numbers == [1, 2]


def test_undecodable_file_exits_with_code_2(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"text": "\xe9t\xe9", "topic": "land"}\n')
    with pytest.raises(CommandError) as error:
        run("--file", str(path))
    assert error.value.returncode == 2


def test_scores_on_known_predictions() -> None:
    rows = [
        Row("a", "land", "complaint", "commune:ubnd"),
        Row("b", "land", "petition", "commune:ubnd"),
        Row("c", "environment"),
        Row("d", "environment"),
    ]
    payload: dict[str, Any] = evaluate(rows, ["land", "environment", "environment", None], 1)
    assert payload["accuracy"] == 0.5
    assert payload["low_confidence"] == 1
    assert payload["per_topic"]["land"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "support": 2,
    }
    assert payload["per_topic"]["environment"] == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "support": 2,
    }
    assert payload["macro_f1"] == round((0.6667 + 0.5) / 2, 4)
    assert payload["confusion"] == {
        "labels": ["environment", "land", "(none)"],
        "matrix": [[1, 0, 1], [1, 1, 0], [0, 0, 0]],
    }
    assert payload["agency"]["examples"] == 2
    assert payload["agency"]["accuracy_given_gold_topic"] == 1.0


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{", "JSON"),
        ('"text"', "đối tượng"),
        ('{"text": "x"}', "thiếu khóa topic"),
        ('{"text": "x", "topic": "land", "agency": "commune:ubnd"}', "kind"),
    ],
)
def test_parse_line_reasons(line: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_line(line)
