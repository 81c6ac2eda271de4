"""Fail if the Vietnamese catalogue is stale or incomplete.

Regenerates the catalogue from the sources with ``makemessages`` (needs GNU gettext),
compares its messages with the committed file, restores the committed file, and checks
that every message has a Vietnamese translation that keeps the same placeholders.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "danvan"
CATALOGUE = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def messages(po: polib.POFile) -> set[str]:
    return {entry.msgid for entry in po if not entry.obsolete}


def main() -> int:
    committed = polib.pofile(str(CATALOGUE))
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "django.po"
        shutil.copy2(CATALOGUE, backup)
        try:
            subprocess.run(  # noqa: S603 - fixed argument list, our own command
                [
                    str(Path(sys.executable).parent / "danvan"),
                    "makemessages",
                    "-l",
                    "vi",
                    "--no-obsolete",
                    "--no-location",
                ],
                cwd=PACKAGE,
                check=True,
                capture_output=True,
                env={**os.environ, "DEBUG": "1"},
            )
            fresh = polib.pofile(str(CATALOGUE))
        finally:
            shutil.copy2(backup, CATALOGUE)
    problems: list[str] = []
    for msgid in sorted(messages(fresh) - messages(committed)):
        problems.append(f"not in the catalogue (run makemessages and translate): {msgid!r}")
    for msgid in sorted(messages(committed) - messages(fresh)):
        problems.append(f"no longer used in the sources: {msgid!r}")
    for entry in committed:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy translation: {entry.msgid!r}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(translations):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        wanted = sorted(set(PLACEHOLDER.findall(entry.msgid)))
        for text in translations:
            if sorted(set(PLACEHOLDER.findall(text))) != wanted:
                problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
    for problem in problems:
        print(problem)
    print(f"Vietnamese catalogue: {len(messages(committed))} messages, {len(problems)} problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
