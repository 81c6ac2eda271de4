"""The generator of labelled petition pairs: deterministic, balanced, well-formed."""

from __future__ import annotations

import json
from pathlib import Path

from danvan.dedup.pairs import generate_pairs, main

COMMITTED = Path(__file__).resolve().parents[2] / "src/danvan/dedup/data/pairs.jsonl"


def test_same_seed_same_pairs_other_seed_other_pairs() -> None:
    first = generate_pairs(count=200, seed=3)
    assert first == generate_pairs(count=200, seed=3)
    assert first != generate_pairs(count=200, seed=4)


def test_count_balance_and_shape() -> None:
    pairs = generate_pairs(count=301, seed=5)
    assert len(pairs) == 301
    positives = sum(pair["label"] for pair in pairs)
    assert abs(positives - 151) <= 1
    for pair in pairs:
        assert set(pair) == {"a", "b", "label"}
        assert isinstance(pair["label"], bool)
        assert pair["a"].strip()
        assert pair["b"].strip()


def test_negatives_differ_from_their_first_text() -> None:
    pairs = generate_pairs(count=400, seed=9)
    assert all(pair["a"] != pair["b"] for pair in pairs if not pair["label"])


def test_script_writes_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "pairs.jsonl"
    messages: list[str] = []
    assert main(["--count", "20", "--seed", "7", "--out", str(out)], echo=messages.append) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert rows == generate_pairs(count=20, seed=7)
    assert messages


def test_committed_set_is_the_documented_command_output() -> None:
    lines = COMMITTED.read_text("utf-8").splitlines()
    assert len(lines) == 2400
    assert [json.loads(line) for line in lines] == generate_pairs(count=2400, seed=7)
    assert COMMITTED.stat().st_size < 1_000_000
