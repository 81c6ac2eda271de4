"""``danvan topics``: evaluate the topic classifier and the agency rules.

    danvan topics eval [--file src/danvan/topics/data/eval.jsonl]

Prints one JSON object on stdout: examples, accuracy, macro F1, per-topic precision,
recall, F1 and support, the confusion matrix, accuracy per source of the examples and
the agency rules' accuracy (from the gold topic and from the suggested one). Malformed
lines are reported on stderr with their line numbers and skipped; a missing file or a
file without any valid line exits with code 2. The topics are the active ones in the
database, as on the petition page.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danvan.core.jsonio import print_json
from danvan.topics import classifier
from danvan.topics.evaluation import EVAL_FILE, evaluate, read_rows

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Chủ đề đơn (petition topics): evaluate the classifier on a labelled set."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate_parser = sub.add_parser(
            "eval", help="Đánh giá bộ phân loại chủ đề và quy tắc thẩm quyền (JSON)."
        )
        evaluate_parser.add_argument(
            "--file",
            default=str(EVAL_FILE),
            help="Tệp JSONL: {text, topic, kind, agency} mỗi dòng (mặc định: tập đánh giá "
            "kèm theo mã nguồn).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        payload = self._eval(Path(options["file"]))
        print_json(self.stdout, payload)

    def _eval(self, path: Path) -> dict[str, Any]:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}", returncode=BAD_INPUT)
        try:
            rows, errors = read_rows(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc}", returncode=BAD_INPUT) from None
        for number, reason in errors:
            self.stderr.write(f"dòng {number}: {reason}")
        if not rows:
            raise CommandError(f"Không có dòng hợp lệ nào trong {path}", returncode=BAD_INPUT)
        predictions = classifier.predict([row.text for row in rows])
        if all(p.code is None for p in predictions) and classifier.current_model() is None:
            raise CommandError("Không có chủ đề nào đang dùng để phân loại.", returncode=BAD_INPUT)
        low = sum(1 for p in predictions if p.code is not None and not p.confident)
        return {
            "file": str(path),
            **evaluate(rows, [p.code for p in predictions], low),
            "skipped_lines": len(errors),
        }
