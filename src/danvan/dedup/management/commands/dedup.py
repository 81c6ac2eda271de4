"""``danvan dedup``: evaluate the duplicate-petition matcher on labelled pairs.

    danvan dedup eval --pairs src/danvan/dedup/data/pairs.jsonl [--threshold 0.46]

Prints one JSON object on stdout (precision, recall, F1 and the confusion counts).
Malformed lines are reported on stderr with their line numbers and skipped. A missing
file or a file without any valid pair exits with code 2.
"""

from __future__ import annotations

import json
import math
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.jsonio import print_json
from danvan.dedup.matcher import DEFAULT_THRESHOLD, similarity

BAD_INPUT = 2


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 <= number <= 1.0:
        raise CommandError(
            f"--threshold phải là số từ 0 đến 1, không phải {value!r}", returncode=BAD_INPUT
        )
    return number


def parse_line(line: str) -> tuple[str, str, bool]:
    """One pair from one JSONL line; ValueError with a Vietnamese reason otherwise."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"không phải JSON hợp lệ ({exc.msg})") from None
    if not isinstance(row, dict):
        raise ValueError("phải là một đối tượng JSON")
    missing = [key for key in ("a", "b", "label") if key not in row]
    if missing:
        raise ValueError("thiếu khóa " + ", ".join(missing))
    a, b, label = row["a"], row["b"], row["label"]
    if not isinstance(a, str) or not isinstance(b, str):
        raise ValueError("a và b phải là chuỗi")
    if not isinstance(label, bool):
        raise ValueError("label phải là true hoặc false")
    if not a.strip() or not b.strip():
        raise ValueError("văn bản rỗng")
    return a, b, label


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


class Command(BaseCommand):
    help = "Phát hiện đơn trùng (duplicate petitions): evaluate the matcher on labelled pairs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate = sub.add_parser("eval", help="Đánh giá bộ so khớp trên tập cặp có nhãn (JSON).")
        evaluate.add_argument("--pairs", required=True, help="Tệp JSONL: {a, b, label} mỗi dòng.")
        evaluate.add_argument(
            "--threshold",
            default=str(DEFAULT_THRESHOLD),
            help=f"Ngưỡng tương đồng từ 0 đến 1 (mặc định {DEFAULT_THRESHOLD}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        payload = self._eval(options)
        print_json(self.stdout, payload)

    def _read(self, path: Path) -> list[tuple[str, str, bool]]:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}", returncode=BAD_INPUT)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc}", returncode=BAD_INPUT) from None
        pairs = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                pairs.append(parse_line(line))
            except ValueError as exc:
                self.stderr.write(f"dòng {number}: {exc}")
        if not pairs:
            raise CommandError(f"Không có cặp hợp lệ nào trong {path}", returncode=BAD_INPUT)
        return pairs

    def _eval(self, options: dict[str, Any]) -> dict[str, Any]:
        threshold = _threshold(options["threshold"])
        pairs = self._read(Path(options["pairs"]))
        counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
        for a, b, label in pairs:
            # The same rule as is_duplicate(), computed once per pair.
            predicted = similarity(a, b) >= threshold
            key = ("t" if predicted == label else "f") + ("p" if predicted else "n")
            counts[key] += 1
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        precision = _ratio(tp, tp + fp)
        recall = _ratio(tp, tp + fn)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "pairs": len(pairs),
            "threshold": threshold,
            "true_positives": tp,
            "false_positives": fp,
            "false_negatives": fn,
            "true_negatives": counts["tn"],
        }
