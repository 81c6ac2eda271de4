"""JSON in and out of the command line: one object printed as UTF-8, JSONL files written."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def print_json(stream: Any, payload: Any, *, indent: int | None = None) -> None:
    """Write ``payload`` as JSON on ``stream`` (a command's stdout), in UTF-8 whatever the
    terminal's locale says, so Vietnamese text never fails to encode."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(stream, "reconfigure", None)
    if encoding and encoding != "utf8" and callable(reconfigure):
        reconfigure(encoding="utf-8")
    stream.write(json.dumps(payload, ensure_ascii=False, indent=indent))


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: Path) -> None:
    """One JSON object per line, UTF-8, Unix line ends; the folder is created."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
