"""Scores of the topic classifier and of the agency rules on a labelled JSONL file.

Pure functions over plain data; ``danvan topics eval`` reads the file, asks the
classifier and prints what :func:`evaluate` returns.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from danvan.topics.agency import BODIES, competent_rule

EVAL_FILE = Path(__file__).resolve().parent / "data" / "eval.jsonl"
KINDS = ("complaint", "denunciation", "petition", "feedback")
NONE = "(none)"  # the label of "no suggestion" in the confusion matrix


@dataclass(frozen=True)
class Row:
    text: str
    topic: str
    kind: str | None = None
    agency: str | None = None
    source: str = ""


def parse_line(line: str) -> Row:
    """One labelled example from one JSONL line; ValueError with a Vietnamese reason."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"không phải JSON hợp lệ ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ValueError("phải là một đối tượng JSON")
    missing = [key for key in ("text", "topic") if key not in data]
    if missing:
        raise ValueError("thiếu khóa " + ", ".join(missing))
    text, topic = data["text"], data["topic"]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text phải là chuỗi không rỗng")
    if not isinstance(topic, str) or not topic.strip():
        raise ValueError("topic phải là mã chủ đề (chuỗi không rỗng)")
    kind, agency = data.get("kind"), data.get("agency")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind phải là một trong {', '.join(KINDS)}")
    if agency is not None and agency not in BODIES:
        raise ValueError(f"agency phải là một trong {', '.join(BODIES)}")
    if agency is not None and kind is None:
        raise ValueError("có agency thì phải có kind")
    source = data.get("source", "")
    return Row(text, topic.strip(), kind, agency, source if isinstance(source, str) else "")


def read_rows(path: Path) -> tuple[list[Row], list[tuple[int, str]]]:
    """The valid rows of a file and the (line number, reason) of the malformed ones."""
    rows: list[Row] = []
    errors: list[tuple[int, str]] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(parse_line(line))
        except ValueError as exc:
            errors.append((number, str(exc)))
    return rows, errors


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def evaluate(
    rows: Sequence[Row], predicted: Sequence[str | None], low: int = 0
) -> dict[str, object]:
    """Accuracy, macro F1, per-topic scores, confusion and agency accuracy.

    ``predicted`` holds, per row, the topic suggested after the low-confidence rule
    (None: no suggestion). Macro F1 averages the topics present in the gold labels.
    """
    gold = [row.topic for row in rows]
    guess = [p if p is not None else NONE for p in predicted]
    pairs = Counter(zip(gold, guess, strict=True))
    gold_topics = sorted(set(gold))
    labels = gold_topics + sorted(set(guess) - set(gold_topics))
    per_topic: dict[str, dict[str, float]] = {}
    for topic in labels:
        tp = pairs[(topic, topic)]
        support = sum(n for (g, _p), n in pairs.items() if g == topic)
        said = sum(n for (_g, p), n in pairs.items() if p == topic)
        precision, recall = _ratio(tp, said), _ratio(tp, support)
        f1 = _ratio(2 * precision * recall, precision + recall)
        per_topic[topic] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    correct = sum(pairs[(t, t)] for t in gold_topics)
    macro = sum(per_topic[t]["f1"] for t in gold_topics) / len(gold_topics) if gold_topics else 0
    by_source: dict[str, dict[str, float]] = {}
    for source in sorted({row.source or "unspecified" for row in rows}):
        mine = [i for i, row in enumerate(rows) if (row.source or "unspecified") == source]
        hits = sum(gold[i] == guess[i] for i in mine)
        by_source[source] = {"examples": len(mine), "accuracy": _ratio(hits, len(mine))}
    return {
        "examples": len(rows),
        "accuracy": _ratio(correct, len(rows)),
        "macro_f1": round(macro, 4),
        "low_confidence": low,
        "per_topic": per_topic,
        "confusion": {
            "labels": labels,
            # Rows are the gold topics, columns the suggested ones, in ``labels`` order.
            "matrix": [[pairs[(g, p)] for p in labels] for g in labels],
        },
        "by_source": by_source,
        "agency": agency_accuracy(rows, predicted),
    }


def agency_accuracy(rows: Sequence[Row], predicted: Sequence[str | None]) -> dict[str, object]:
    """How often the rules name the expected agency, from the gold and the guessed topic."""
    labelled = [(row, p) for row, p in zip(rows, predicted, strict=True) if row.agency]
    from_gold = from_guess = 0
    for row, guess in labelled:
        kind = row.kind or ""
        from_gold += competent_rule(topic=row.topic, kind=kind, text=row.text).body == row.agency
        from_guess += competent_rule(topic=guess, kind=kind, text=row.text).body == row.agency
    return {
        "examples": len(labelled),
        "accuracy_given_gold_topic": _ratio(from_gold, len(labelled)),
        "accuracy_given_predicted_topic": _ratio(from_guess, len(labelled)),
        "expected": dict(sorted(Counter(row.agency for row, _p in labelled).items())),
    }
