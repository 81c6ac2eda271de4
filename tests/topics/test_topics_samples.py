"""The labelled data: reproducible, balanced, small, and an eval split that shares no
wording with the training split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from danvan.topics import samples
from danvan.topics.agency import BODIES
from danvan.topics.evaluation import KINDS

DATA = Path(samples.__file__).resolve().parent / "data"
# The seeds the committed files were written with (docs/topics.md).
SEEDS = {"train": 3, "eval": 11}


def read(name: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()]


@pytest.mark.parametrize("split", ["train", "eval"])
def test_committed_files_are_what_the_generator_writes(split: str) -> None:
    assert read(f"{split}.jsonl") == samples.generate(split=split, seed=SEEDS[split])


@pytest.mark.parametrize("split", ["train", "eval"])
def test_files_are_small_and_well_formed(split: str) -> None:
    path = DATA / f"{split}.jsonl"
    assert path.stat().st_size < 1_000_000
    for row in read(f"{split}.jsonl"):
        assert row["text"].strip()
        assert row["topic"] in samples.TOPICS
        assert row["kind"] in KINDS
        assert row["agency"] in BODIES


def test_eval_has_700_examples_over_seven_topics() -> None:
    rows = read("eval.jsonl")
    counts = samples.summary(rows)
    assert len(rows) >= 700
    assert set(counts) == set(samples.TOPICS)
    assert min(counts.values()) >= 100
    sources = {row["source"] for row in rows}
    assert {"generated", "handwritten"} <= sources
    assert any(source.startswith("seed-") for source in sources)


def test_splits_share_no_text_and_no_sentence() -> None:
    train = {row["text"] for row in read("train.jsonl")}
    assert not train & {row["text"] for row in read("eval.jsonl")}
    train_lines = {w for s in samples.TRAIN_SCENARIOS for line in s.lines for w in line}
    eval_lines = {w for s in samples.EVAL_SCENARIOS for line in s.lines for w in line}
    assert not train_lines & eval_lines
    for part in ("GREETINGS", "INTROS", "CLOSINGS"):
        table = getattr(samples, part)
        assert not set(table["train"]) & set(table["eval"])


def test_generation_is_deterministic_and_seeded() -> None:
    first = samples.generate(split="eval", seed=5, per_topic=3)
    assert first == samples.generate(split="eval", seed=5, per_topic=3)
    assert first != samples.generate(split="eval", seed=6, per_topic=3)
    generated = [row for row in first if row["source"] == "generated"]
    assert len(generated) == 3 * len(samples.TOPICS)


def test_eval_perturbations_appear() -> None:
    texts = [r["text"] for r in read("eval.jsonl") if r["source"] == "generated"]
    plain = [t for t in texts if t.isascii()]
    assert len(plain) > len(texts) // 5  # typed without diacritics


def test_unknown_split_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown split"):
        samples.generate(split="dev", seed=1)


def test_command_line_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    said: list[str] = []
    assert (
        samples.main(["--split", "train", "--per-topic", "2", "--out", str(out)], echo=said.append)
        == 0
    )
    assert len(out.read_text("utf-8").splitlines()) == 2 * len(samples.TOPICS)
    assert said
    assert str(out) in said[0]
    with pytest.raises(SystemExit):
        samples.main(["--split", "train", "--per-topic", "0", "--out", str(out)])
